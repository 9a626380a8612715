"""What `hetero serve` keeps between regenerations: each event's own results, while its file is unchanged.

Most of a regeneration at thousands of events is work for one event at a
time (its page, its listing summary, its calendar entry, its feed item),
which depends only on that event's file, the rest of the content (programs,
branches, partners, content/), the clock, the site address and the page
templates. The preview keeps those results in an `EventMemo`; any edit
outside the events' folder, or another clock, starts a new one
(hetero/serve.py), so a result is reused only when everything it was made
from is the same.

The loader's result for each file (its records and problems) is kept the
same way, by the file's modification stamp: a save then reads only the files
that changed (hetero/loader.py).

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

# What tells a file's versions apart without reading it: modification time (ns),
# size and inode (hetero/serve.py `_snapshot`). A tool that keeps the time
# (`cp -p`, `rsync -t`) still changes the size or, writing a new file, the inode.
Stamp = tuple[int, int, int]


class EventMemo:
    """Results by (function, event id, file) or (kind, file), with the file's stamp they were made at."""

    def __init__(self) -> None:
        # Of every watched file below the content root, by path as the loader writes it.
        self.stamps: dict[str, Stamp] = {}
        self._results: dict[tuple[str, str, str], tuple[Stamp, object]] = {}
        self._files: dict[tuple[str, str], tuple[Stamp, object]] = {}
        self._groups: dict[tuple, tuple[tuple[tuple[str, Stamp | None], ...], object]] = {}
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

    def file_lookup(self, name: str, path: str) -> tuple[bool, object]:
        """(True, what was kept for the file at `path` under `name`), or (False, None) once it changed."""
        stamp = self.stamps.get(path)
        kept = self._files.get((name, path))
        if stamp is not None and kept is not None and kept[0] == stamp:
            return True, kept[1]
        return False, None

    def file_keep(self, name: str, path: str, value: object) -> None:
        stamp = self.stamps.get(path)
        if stamp is not None:
            self._files[(name, path)] = (stamp, value)

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
        for file_key in [file_key for file_key in self._files if file_key[1] in paths]:
            del self._files[file_key]


_memo: ContextVar[EventMemo | None] = ContextVar("hetero_event_memo", default=None)


@contextmanager
def remembering(memo: EventMemo) -> Iterator[None]:
    """Let `per_event` functions keep their results in `memo` inside the `with` block."""
    token = _memo.set(memo)
    try:
        yield
    finally:
        _memo.reset(token)


def kept_for_file(name: str, path: str) -> tuple[bool, object]:
    """(True, what `keep_for_file` kept for the file at `path` under `name`) while the preview's
    memo lives and the file is unchanged; else (False, None), always so outside the preview."""
    memo = _memo.get()
    return (False, None) if memo is None else memo.file_lookup(name, path)


def keep_for_file(name: str, path: str, value: object) -> None:
    """Keep `value`, made from the file at `path` alone, in the preview's memo (if any)."""
    memo = _memo.get()
    if memo is not None:
        memo.file_keep(name, path, value)


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
