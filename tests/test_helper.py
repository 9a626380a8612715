"""The helper process that shares long runs of work with the caller (hetero/helper.py).

What it makes is checked where it is used (tests/test_read_ahead.py,
tests/test_share_cards.py); these tests check how it behaves as a process:
the cores it counts, Ctrl+C, and what happens to work no longer wanted.
"""

from __future__ import annotations

import os
import signal
import time
from contextlib import ExitStack
from pathlib import Path

import pytest

from hetero import helper

# Set by the caller's test; a process forked from it would see it set, a fresh one does not.
_SEEN_BY_THE_CALLER: list[str] = []


def _made_where(batch: list[tuple[str, int]]) -> list[tuple[int, bool, bool]]:
    """For each item: the process that made it, whether Ctrl+C is ignored there, and whether that
    process started fresh. Slow on purpose."""
    made = []
    for folder, number in batch:
        (Path(folder) / str(number)).touch()
        time.sleep(0.05)
        made.append((os.getpid(), signal.getsignal(signal.SIGINT) == signal.SIG_IGN, not _SEEN_BY_THE_CALLER))
    return made


def test_cores_are_those_this_process_may_run_on_not_the_machines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {3}, raising=False)
    assert helper.usable_cpus() == 1
    # Where the system cannot tell (macOS), the machine's count; where it cannot tell that either, one.
    monkeypatch.delattr(os, "sched_getaffinity")
    assert helper.usable_cpus() == 8
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert helper.usable_cpus() == 1


def test_one_fresh_helper_shares_the_work_and_leaves_ctrl_c_to_the_caller(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(f"{__name__}._SEEN_BY_THE_CALLER", ["set"])
    items = [(str(tmp_path), number) for number in range(60)]
    with ExitStack() as running:
        made = list(helper.shared(_made_where, items, 1, running))
    helpers_part = [(pid, ignored, fresh) for pid, ignored, fresh in made if pid != os.getpid()]
    assert helpers_part, "the helper made nothing"
    # One process beside the caller: the machine has two cores.
    assert len({pid for pid, _, _ in helpers_part}) == 1
    # Ctrl+C reaches every process of the group: the helper ignores it, and the caller stops it.
    assert all(ignored for _, ignored, _ in helpers_part)
    # A fresh process, not a fork: forking a process that runs threads (a test server) is unsafe.
    assert all(fresh for _, _, fresh in helpers_part)


def test_what_the_helper_had_not_started_is_never_made_once_the_caller_stops(tmp_path: Path) -> None:
    items = [(str(tmp_path), number) for number in range(100)]
    with ExitStack() as running:
        made = helper.shared(_made_where, items, 1, running)
        # Enough of the start (1.5 s) for the helper to have taken some of the end meanwhile.
        for _ in range(30):
            next(made)
    helpers_part = {int(path.name) for path in tmp_path.iterdir()} - set(range(30))
    assert helpers_part, "the helper made nothing"
    assert len(helpers_part) < 70
