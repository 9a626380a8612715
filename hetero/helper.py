"""Work split with one helper process: it takes batches from the end, the caller from the start.

Drawing share images and reading thousands of content files are each a
long run of independent pieces on one core while the other waits. A second
process shares them: it works through the batches from the last one back,
while the caller, whenever it needs a batch the helper has not started, does
that batch itself. Neither waits for the other longer than one batch, and
the results come out in order, as if one process had made them all.

Every worker process of the build (this helper, the audit's, the rendering's)
starts the same way: fresh, and leaving Ctrl+C to the process that started it.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def usable_cpus() -> int:
    """The CPUs this process may run on, which a container can limit below the machine's count."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


# Worker processes start fresh: forking a process that runs threads (a test
# server, say) is unsafe.
SPAWN = multiprocessing.get_context("spawn")


def leave_ctrl_c_to_the_caller() -> None:
    """A worker's first step: Ctrl+C reaches the whole process group, and the caller stops its workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def process_pool(workers: int) -> ProcessPoolExecutor:
    """`workers` fresh processes that leave Ctrl+C to the caller."""
    return ProcessPoolExecutor(workers, mp_context=SPAWN, initializer=leave_ctrl_c_to_the_caller)


def shared(
    function: Callable[[list[T]], list[R]], items: Sequence[T], batch: int, running: ExitStack
) -> Iterator[R]:
    """`function` applied to `items` a batch at a time, shared with a helper process; results in order.

    The helper starts at once; `running` stops it when it closes, with
    whatever it had not started left undone. `function` must be importable by
    name: the helper is a fresh process (`process_pool`).
    """
    pool = process_pool(1)
    running.callback(pool.shutdown, cancel_futures=True)
    batches = [list(items[start : start + batch]) for start in range(0, len(items), batch)]
    futures = {index: pool.submit(function, batches[index]) for index in reversed(range(len(batches)))}

    def results() -> Iterator[R]:
        for index, part in enumerate(batches):
            future = futures[index]
            yield from function(part) if future.cancel() else future.result()

    return results()
