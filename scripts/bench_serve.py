"""Benchmark section `serve`: from saving one event file to `hetero serve` showing it.

For each size, synthetic content (scripts/synthetic.py) is previewed twice,
one after the other on the same machine: with the package as it was before
the incremental preview (`--serve-before`, a git revision exported with
`git archive`, the whole site rebuilt by `mkdocs serve` after every save) and
with the current one. Each run starts `hetero serve --now ...`, waits for the
home page, then several times rewrites one upcoming event's title and polls
the event's page and `/acara/` until both show it; the time counted is from
the file's write to the second of the two pages served with the new title.
On a shared, noisy machine compare the two columns of a row (the ratio), not
rows of different runs.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import date
from io import BytesIO
from pathlib import Path

# The last commit before the incremental preview: `hetero serve` then ran `mkdocs serve`.
BEFORE_REVISION = "e4b1d21"
TARGET_EVENTS = 5000
TARGET_SECONDS = 2.0
AIM_SECONDS = 1.0
POLL_SECONDS = 0.05
START_TIMEOUT = 900.0
EDIT_TIMEOUT = 300.0
_TITLE = re.compile(r"^title: .*$", re.MULTILINE)


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=EDIT_TIMEOUT) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return ""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _until(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(POLL_SECONDS)
    return False


def export_package(repo: Path, revision: str, target: Path) -> Path:
    """The `hetero` package at `revision`, in `target`; the folder to run `python -m hetero` from."""
    archive = subprocess.run(
        ["git", "archive", revision, "hetero"], cwd=repo, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def upcoming_event(root: Path, now_day: str) -> Path:
    """The first event file dated after `now_day`: one the upcoming list shows."""
    files = sorted(root.glob("events/*/*.md"))
    return next(path for path in files if path.name[:10] > now_day)


def measure_edits(package: Path, root: Path, now_iso: str, edits: int) -> tuple[float, list[float]]:
    """Start `hetero serve` from `package` on `root`; the start-up time and each edit's time to preview."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    event = upcoming_event(root, now_iso[:10])
    page = f"{base}acara/{event.stem}/"
    started = time.perf_counter()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hetero",
            "--root",
            str(root),
            "serve",
            "--now",
            now_iso,
            "--dev-addr",
            f"127.0.0.1:{port}",
        ],
        cwd=package,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(package), "NO_MKDOCS_2_WARNING": "1"},
        start_new_session=True,
    )
    try:
        if not _until(lambda: "Hetero Space" in _get(page), START_TIMEOUT):
            raise RuntimeError(f"hetero serve from {package} did not start on {root}")
        startup = time.perf_counter() - started
        times = []
        for number in range(1, edits + 1):
            title = f"Judul Uji Pratinjau {number} {os.getpid()}"
            text = _TITLE.sub(f'title: "{title}"', event.read_text(encoding="utf-8"), count=1)
            written = time.perf_counter()
            event.write_text(text, encoding="utf-8")
            shown = _until(
                lambda title=title: title in _get(page) and title in _get(base + "acara/"), EDIT_TIMEOUT
            )
            if not shown:
                raise RuntimeError(f"edit {number} was not previewed within {EDIT_TIMEOUT:.0f} s")
            times.append(time.perf_counter() - written)
            # Apart, so that one save is not caught by the previous rebuild's scan.
            time.sleep(1.0)
        return startup, times
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def section(
    sizes: list[int],
    repeat: int,
    *,
    repo: Path,
    before: str,
    synthetic_site: Callable[[Path, int], None],
    now_iso: str,
    machine: Callable[[], list[str]],
) -> tuple[str, bool]:
    """Markdown for docs/benchmarks.md and whether the 5,000-event target is met."""
    load_start = os.getloadavg()
    rows = []
    after_at_target: list[float] = []
    with tempfile.TemporaryDirectory(prefix="hetero-serve-bench-") as folder:
        old_package = export_package(repo, before, Path(folder) / "before")
        for size in sizes:
            results, loads = {}, {}
            for label, package in (("before", old_package), ("after", repo)):
                root = Path(folder) / f"{label}-{size}"
                synthetic_site(root, size)
                print(f"[serve] {size} events, {label}", flush=True)
                loads[label] = os.getloadavg()[0]
                results[label] = measure_edits(package, root, now_iso, repeat)
            (start_before, before_times), (start_after, after_times) = results["before"], results["after"]
            if size == TARGET_EVENTS:
                after_at_target = after_times
            ratio = statistics.median(before_times) / statistics.median(after_times)
            rows.append(
                f"| {size:,} | {_spread(before_times)} | {_spread(after_times)} | {ratio:.1f}× | "
                f"{start_before:.1f} | {start_after:.1f} | {loads['before']:.1f} / {loads['after']:.1f} |"
            )
    load_end = os.getloadavg()
    if after_at_target:
        median = statistics.median(after_at_target)
        verdict = "PASS" if median <= TARGET_SECONDS else "MISS"
        aim = "within" if median <= AIM_SECONDS else "over"
        target = (
            f"Target: at {TARGET_EVENTS:,} events an edit previewed in at most {TARGET_SECONDS:.0f} s "
            f"(median; aim {AIM_SECONDS:.0f} s): **{verdict}**, {median:.2f} s ({aim} the aim)."
        )
    else:
        target = (
            f"Target ({TARGET_EVENTS:,} events, at most {TARGET_SECONDS:.0f} s): not measured in this run."
        )
    cpus = len(os.sched_getaffinity(0))
    lines = [
        "## Live preview: from saving an event to seeing it",
        "",
        f"Measured {date.today().isoformat()} with `scripts/bench.py --section serve --sizes "
        f"{','.join(map(str, sizes))} --repeat {repeat}`.",
        "",
        target,
        "",
        "| events | before: save → preview s, median (min–max) | after: save → preview s, median (min–max) "
        "| before / after | before: start-up s | after: start-up s | load before / after |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        f"- *save → preview*: `hetero serve --now {now_iso}` on `scripts/synthetic.py` content (seed 1); "
        f"{repeat} times, one upcoming event's `title:` is rewritten, and the event's page and `/acara/` "
        f"are fetched every {POLL_SECONDS * 1000:.0f} ms until both show the new title. The time runs from "
        "the write to the second page showing it, so it includes noticing the save.",
        f"- *before*: the package at `{before}` (`git archive`), whose `hetero serve` regenerated "
        "every page and had `mkdocs serve` rebuild the whole site after each save. *after*: the "
        "current package (one process: MkDocs kept loaded, only changed pages rendered, unchanged "
        "events' results reused). Both ran in this run, one after the other, on fresh copies of the "
        "same content.",
        "- *start-up*: from starting the command to the event page served (the whole site built once).",
        "- *load*: the 1-minute load average as each of the two runs started.",
        "",
        "Machine:",
        "",
        *machine(),
        f"- `nproc`: {cpus}",
        f"- Load average (1, 5, 15 min) when the run started: {', '.join(f'{v:.2f}' for v in load_start)}; "
        f"when it ended: {', '.join(f'{v:.2f}' for v in load_end)} (the machine is shared: other work "
        "makes both columns slower, compare their ratio)",
    ]
    ok = not after_at_target or statistics.median(after_at_target) <= TARGET_SECONDS
    return "\n".join(lines), ok
