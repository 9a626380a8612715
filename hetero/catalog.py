"""The loaded content: typed records, where each came from, and queries on them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Generic, TypeVar

from pydantic import BaseModel

from hetero.models import Branch, Event, Partner, Program, Showcase, Story, draft
from hetero.yamlread import Path, Position

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Source:
    """Where a record was written, so checks can point at the right line."""

    path: str
    values: Mapping[Path, Position] = field(default_factory=dict, repr=False)
    keys: Mapping[Path, Position] = field(default_factory=dict, repr=False)
    # partners.yml holds many records; each one's paths start with its id.
    prefix: Path = ()

    def at(self, *loc: str | int) -> Position:
        """The position of a value, or of the nearest enclosing value written."""
        full = (*self.prefix, *loc)
        for end in range(len(full), -1, -1):
            position = self.values.get(full[:end])
            if position is not None:
                return position
        return (1, 1)

    def key_at(self, *loc: str | int) -> Position:
        """The position of a field's name, falling back to its value."""
        return self.keys.get((*self.prefix, *loc)) or self.at(*loc)


@dataclass(frozen=True)
class Record(Generic[M]):
    """One piece of content: its id, its validated data and its source."""

    id: str
    data: M
    source: Source
    body: str = ""
    # The file line where `body` starts, so a check of the body can point into it.
    body_line: int = 1


BranchRecord = Record[Branch]
PartnerRecord = Record[Partner]
ProgramRecord = Record[Program]
EventRecord = Record[Event]
StoryRecord = Record[Story]
ShowcaseRecord = Record[Showcase]


@dataclass(frozen=True)
class Catalog:
    branches: Mapping[str, BranchRecord]
    partners: Mapping[str, PartnerRecord]
    programs: Mapping[str, ProgramRecord]
    # Sorted by start time, then id, so every listing is stable.
    events: tuple[EventRecord, ...]
    # Success stories (content/stories) and members' businesses (content/showcase), by id.
    stories: Mapping[str, StoryRecord] = field(default_factory=dict)
    showcase: Mapping[str, ShowcaseRecord] = field(default_factory=dict)
    # What could be read of files whose required fields are broken (see
    # models.draft): only the checks of references read them, never a page.
    drafts: tuple[Record, ...] = ()

    def drafts_of(self, model: type[BaseModel]) -> list[Record]:
        if not self.drafts:
            return []  # without making the draft model, which takes as long as the checks
        kind = draft(model)
        return [record for record in self.drafts if isinstance(record.data, kind)]

    def upcoming(self, now: datetime) -> list[EventRecord]:
        """Events that have not ended yet, soonest first."""
        return [e for e in self.events if e.data.end > now]

    def past(self, now: datetime) -> list[EventRecord]:
        """Events that have ended, most recent first."""
        return [e for e in reversed(self.events) if e.data.end <= now]

    def events_of_program(self, program_id: str) -> list[EventRecord]:
        return list(self._events_by_program.get(program_id, ()))

    def events_at_branch(self, branch_id: str) -> list[EventRecord]:
        return list(self._events_by_branch.get(branch_id, ()))

    # Each program's and branch's pages, list entries and calendars ask; scanning
    # every event each time took a twentieth of a build at thousands of events.
    @cached_property
    def _events_by_program(self) -> dict[str | None, list[EventRecord]]:
        return _grouped(self.events, lambda event: event.data.program)

    @cached_property
    def _events_by_branch(self) -> dict[str | None, list[EventRecord]]:
        return _grouped(self.events, lambda event: event.data.branch)


def _grouped(
    events: Iterable[EventRecord], key: Callable[[EventRecord], str | None]
) -> dict[str | None, list[EventRecord]]:
    """`events` by `key`, each group in the order of `events`."""
    groups: dict[str | None, list[EventRecord]] = {}
    for event in events:
        groups.setdefault(key(event), []).append(event)
    return groups
