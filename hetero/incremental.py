"""What `hetero serve` keeps between regenerations: each event's own results, while its file is unchanged.

Most of a regeneration at thousands of events is work for one event at a
time (its page, its listing summary, its calendar entry, its feed item),
which depends only on that event's file, the rest of the content (programs,
branches, partners, content/), the clock, the site address and the page
templates. The preview keeps those results in an `EventMemo`; any edit
outside the events' folder, or another clock, starts a new one
(hetero/serve.py), so a result is reused only when everything it was made
from is the same.

`hetero build` never sets a memo, so the built bytes cannot depend on what
an earlier build left. Within one generation (`generating`), each event's
`per_event` result is still made only once: an event's listing summary, say,
serves its own page and the list it is on.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

if TYPE_CHECKING:
    from hetero.catalog import EventRecord

P = ParamSpec("P")
R = TypeVar("R")


class EventMemo:
    """Results by (function, event id, file), each with the file's modification stamp it was made at."""

    def __init__(self) -> None:
        self.stamps: dict[str, int] = {}
        self._results: dict[tuple[str, str, str], tuple[int, object]] = {}
        self._groups: dict[tuple, tuple[tuple[tuple[str, int | None], ...], object]] = {}
        self._constants: dict[str, object] = {}

    def result(self, name: str, event: EventRecord, make: Callable[[], R]) -> R:
        found, value = self.lookup(name, event)
        if found:
            return value  # type: ignore[return-value]
        made = make()
        self.keep(name, event, made)
        return made

    def lookup(self, name: str, event: EventRecord) -> tuple[bool, object]:
        """(True, the result kept for `event`) while its file is unchanged, else (False, None)."""
        stamp = self.stamps.get(event.source.path)
        kept = self._results.get((name, event.id, event.source.path))
        if stamp is not None and kept is not None and kept[0] == stamp:
            return True, kept[1]
        return False, None

    def keep(self, name: str, event: EventRecord, value: object) -> None:
        stamp = self.stamps.get(event.source.path)
        # A file the preview has not seen yet (saved during this regeneration): no stamp to trust.
        if stamp is not None:
            self._results[(name, event.id, event.source.path)] = (stamp, value)

    def group_result(self, key: tuple, events: Sequence[EventRecord], make: Callable[[], R]) -> R:
        stamps = tuple((event.id, self.stamps.get(event.source.path)) for event in events)
        if any(stamp is None for _, stamp in stamps):
            return make()
        kept = self._groups.get(key)
        if kept is not None and kept[0] == stamps:
            return kept[1]  # type: ignore[return-value]
        value = make()
        self._groups[key] = (stamps, value)
        return value

    def constant(self, name: str, make: Callable[[], R]) -> R:
        if name not in self._constants:
            self._constants[name] = make()
        return self._constants[name]  # type: ignore[return-value]

    def forget(self, paths: set[str]) -> None:
        """Drop what was made from `paths` (deleted or renamed files), so memory follows the content."""
        for key in [key for key in self._results if key[2] in paths]:
            del self._results[key]


_memo: ContextVar[EventMemo | None] = ContextVar("hetero_event_memo", default=None)


@contextmanager
def remembering(memo: EventMemo) -> Iterator[None]:
    """Let `per_event` functions keep their results in `memo` inside the `with` block."""
    token = _memo.set(memo)
    try:
        yield
    finally:
        _memo.reset(token)


# Results of the generation under way, by (function, event id), when no memo is set.
_generation: ContextVar[dict[tuple[str, str], object] | None] = ContextVar("hetero_generation", default=None)


@contextmanager
def generating() -> Iterator[None]:
    """Make each `per_event` result at most once per event inside the `with` block (one generation)."""
    token = _generation.set({})
    try:
        yield
    finally:
        _generation.reset(token)


def per_event(function: Callable[Concatenate[EventRecord, P], R]) -> Callable[Concatenate[EventRecord, P], R]:
    """Keep `function(event, ...)`'s result in the preview's memo, or for the generation under way.

    Only for functions whose result depends on nothing but the event, the
    content outside the events' folder, the clock, the site address and the
    page templates: the other arguments are not part of the key. The result
    is shared, so callers must not change it.
    """
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def wrapper(event: EventRecord, *args: P.args, **kwargs: P.kwargs) -> R:
        memo = _memo.get()
        if memo is not None:
            return memo.result(name, event, lambda: function(event, *args, **kwargs))
        made = _generation.get()
        if made is None:
            return function(event, *args, **kwargs)
        key = (name, event.id)
        if key not in made:
            made[key] = function(event, *args, **kwargs)
        return made[key]  # type: ignore[return-value]

    return wrapper


def per_event_batch(
    name: str,
    events: Sequence[EventRecord],
    start: Callable[[list[EventRecord]], Callable[[], list[R]]],
) -> Callable[[], list[R]]:
    """Each event's result, made together with the others': a function that waits for them, in order.

    `start(some)` begins making the results for `some` of `events` and
    returns a function that waits for them, so the caller can do other work
    meanwhile. Under the preview's memo, `some` are the events it keeps no
    result for (under `name`, as for `per_event`); the rest are reused.
    """
    memo = _memo.get()
    if memo is None:
        return start(list(events))
    found = [memo.lookup(name, event) for event in events]
    collect = start([event for event, (kept, _) in zip(events, found, strict=True) if not kept])

    def results() -> list[R]:
        made = iter(collect())
        values = []
        for event, (kept, value) in zip(events, found, strict=True):
            if not kept:
                value = next(made)
                memo.keep(name, event, value)
            values.append(value)
        return values  # type: ignore[return-value]

    return results


def per_events(key: tuple, events: Sequence[EventRecord], make: Callable[[], R]) -> R:
    """`make()`, or its result kept in the preview's memo from a call with the same `key` and events.

    For a result made from several events (a page of a list): `key` must hold
    everything else it depends on that the content of events can change (a
    count, a page number), as the rest is fixed while a memo lives (see
    `per_event`). The result is shared, so callers must not change it.
    """
    memo = _memo.get()
    return make() if memo is None else memo.group_result(key, events, make)


def per_content(function: Callable[P, R]) -> Callable[P, R]:
    """Keep `function`'s result for as long as the preview's memo lives.

    Only for functions that read no event: their result can change only with
    the content outside the events' folder, the site address or files
    `hetero serve` watches, and any change there starts a new memo. The
    result is shared, so callers must not change it.
    """
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        memo = _memo.get()
        if memo is None:
            return function(*args, **kwargs)
        return memo.constant(name, lambda: function(*args, **kwargs))

    return wrapper
