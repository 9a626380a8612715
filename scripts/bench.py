"""Benchmarks for the Hetero Space content tooling; results go to docs/benchmarks.md.

    .venv/bin/python scripts/bench.py                      # every section, sizes 300,1000,5000
    .venv/bin/python scripts/bench.py --sizes 300,1000 --section validate
    .venv/bin/python scripts/bench.py --profile 5000       # cProfile of one validate run

Each section is a function that measures something and returns Markdown.
The docs file keeps each section between `<!-- bench:NAME:start -->` and
`<!-- bench:NAME:end -->`; a run rewrites only the sections it measured and
leaves the rest of the file as it was. To add a section (for example
`build`), write a function like `section_validate` and add it to SECTIONS.

Content comes from scripts/synthetic.py, written into a temporary folder.
Every measurement runs in a fresh Python process, so that one run's memory
and caches do not flatter the next.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import metadata
from pathlib import Path

import synthetic
import yaml

from hetero.cache import CACHE_DIR, CHANGE_SLACK_NS
from hetero.helper import usable_cpus

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "benchmarks.md"
DEFAULT_SIZES = [300, 1000, 5000]
TARGET_EVENTS = 5000
TARGET_SECONDS = 2.0
AIM_SECONDS = 1.0
WARM_TARGET_SECONDS = 0.4

DOC_HEADER = """# Benchmarks

How fast the content tooling is on content of realistic shape and growing
size. The sections below are written by `scripts/bench.py`; run it again to
refresh them (`.venv/bin/python scripts/bench.py --help`). Text outside the
`<!-- bench:... -->` markers is kept, so notes can be added around them.
"""


# --- Measuring in a child process -----------------------------------------------


def child_main(kind: str, root: Path) -> None:
    """Run one load or validate in this (fresh) process and print the numbers as JSON."""
    sys.path.insert(0, str(REPO))
    from hetero.loader import load
    from hetero.validate import validate

    now = datetime.fromisoformat(synthetic.NOW_ISO)
    if kind == "cards":
        cards_child(root, now)
        return
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    if kind == "load":
        catalog, diagnostics = load(root)
    else:
        catalog, diagnostics = validate(root, now)
    seconds = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    errors = [str(d) for d in diagnostics if d.severity == "error"]
    print(
        json.dumps(
            {
                "seconds": seconds,
                # ru_maxrss is in KiB on Linux: the peak resident set size.
                "rss_import_kib": rss_before,
                "rss_peak_kib": rss_after,
                "events": len(catalog.events),
                "errors": len(errors),
                "warnings": len(diagnostics) - len(errors),
                "first_errors": errors[:5],
            }
        )
    )


def cards_child(root: Path, now: datetime) -> None:
    """Draw every event's share image (hetero/social.py) once the content is loaded, and print the numbers."""
    from hetero.loader import load
    from hetero.social import event_cards

    catalog, _ = load(root)
    started = time.perf_counter()
    cards = event_cards(catalog, now)
    seconds = time.perf_counter() - started
    sizes = sorted(len(data) for data in cards.values())
    print(
        json.dumps(
            {
                "seconds": seconds,
                "events": len(catalog.events),
                "cards": len(cards),
                "bytes": sum(sizes),
                "median_bytes": statistics.median(sizes) if sizes else 0,
                "max_bytes": max(sizes, default=0),
            }
        )
    )


def measure(kind: str, root: Path) -> dict:
    """One measurement in a fresh interpreter: `load` or `validate`."""
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", kind, str(root)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{kind} run failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure_cli(root: Path, cache: str = "none") -> float:
    """Wall time of the whole `hetero validate` command: interpreter, imports, output.

    `cache`: "none" runs without the cache (HETERO_NO_CACHE), "cold" deletes
    it first (the run reads every file and writes the cache), "warm" finds it
    as the previous run left it, "edited" after adding a blank line at the end
    of one event file (that file is read again, the checks run in full).
    """
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for name in ("GITHUB_ACTIONS", "CI", "HETERO_NO_CACHE", "HETERO_NOW"):
        env.pop(name, None)
    if cache == "none":
        env["HETERO_NO_CACHE"] = "1"
    elif cache == "cold":
        shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
    elif cache == "edited":
        with open(min((root / "events").rglob("*.md")), "a", encoding="utf-8") as event:
            event.write("\n")
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "hetero", "--root", str(root), "validate", "--now", synthetic.NOW_ISO],
        capture_output=True,
        text=True,
        cwd=root,
        env=env,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"`hetero validate` exited {result.returncode}:\n{result.stdout[-2000:]}")
    return seconds


def count_files(root: Path) -> int:
    return sum(1 for path in root.rglob("*") if path.is_file())


def _timings(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} / {min(values):.3f}"


# --- The machine ---------------------------------------------------------------------


def _proc_field(path: str, name: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                key, _, value = line.partition(":")
                if key.strip() == name:
                    return value.strip()
    except OSError:
        return None
    return None


def machine_and_load(load_average: float) -> list[str]:
    """The closing lines of a section: the machine, and its load as the run started and as it ends."""
    return [
        "Machine:",
        "",
        *machine(),
        f"- Load average (1 min) when the run started: {load_average:.2f}, when it ended: "
        f"{os.getloadavg()[0]:.2f}",
    ]


def machine() -> list[str]:
    """Lines describing where the numbers were measured."""
    memory = _proc_field("/proc/meminfo", "MemTotal")
    memory_text = f"{int(memory.split()[0]) / 1024**2:.1f} GiB" if memory else "unknown"
    try:
        import yaml

        libyaml = "yes" if getattr(yaml, "__with_libyaml__", False) else "no (pure-Python parser)"
    except ImportError:
        libyaml = "unknown"

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    return [
        f"- Platform: `{platform.platform()}`",
        f"- CPU: {_proc_field('/proc/cpuinfo', 'model name') or platform.processor() or 'unknown'}, "
        f"{os.cpu_count()} logical CPUs",
        f"- Memory: {memory_text}",
        f"- Python: {platform.python_version()} ({platform.python_implementation()})",
        f"- pydantic {version('pydantic')}, PyYAML {version('PyYAML')} (libyaml: {libyaml})",
    ]


# --- Sections ------------------------------------------------------------------------


def section_validate(sizes: list[int], repeat: int) -> tuple[str, bool]:
    """Time `load` and `validate` on synthetic content; Markdown and whether all went well."""
    rows = []
    ok = True
    at_target: float | None = None
    warm_at_target: float | None = None
    load_average = os.getloadavg()[0]
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix=f"hetero-bench-{size}-") as folder:
            root = Path(folder)
            started = time.perf_counter()
            synthetic.generate(root, size)
            generated = time.perf_counter() - started
            files = count_files(root)
            print(f"[validate] {size} events, {files} files (generated in {generated:.1f} s)", flush=True)
            loads = [measure("load", root) for _ in range(repeat)]
            validates = [measure("validate", root) for _ in range(repeat)]
            cli = [measure_cli(root) for _ in range(repeat)]
            # Side by side, so that the machine's load changes the three alike.
            cold, warm, edited = [], [], []
            for _ in range(repeat):
                cold.append(measure_cli(root, "cold"))
                warm.append(measure_cli(root, "warm"))
                edited.append(measure_cli(root, "edited"))
                # A run keeps no outcome while a file changed seconds before it (hetero/cache.py).
                time.sleep(CHANGE_SLACK_NS / 1e9)
        check = validates[0]
        if check["errors"] or check["events"] != size:
            ok = False
            print(
                f"FAIL: synthetic content with {size} events has {check['errors']} errors "
                f"({check['events']} events loaded):",
                *check["first_errors"],
                sep="\n  ",
                file=sys.stderr,
            )
        load_s = [m["seconds"] for m in loads]
        validate_s = [m["seconds"] for m in validates]
        peak = max(m["rss_peak_kib"] for m in validates) / 1024
        baseline = min(m["rss_import_kib"] for m in validates) / 1024
        if size == TARGET_EVENTS:
            at_target = statistics.median(validate_s)
            warm_at_target = statistics.median(warm)
        ratio = statistics.median(w / c for w, c in zip(warm, cold, strict=True))
        print(
            f"  load {_timings(load_s)} s, validate {_timings(validate_s)} s, "
            f"hetero validate {_timings(cli)} s, cold {_timings(cold)} s, warm {_timings(warm)} s, "
            f"one file edited {_timings(edited)} s, "
            f"peak {peak:.0f} MiB, "
            f"{check['errors']} errors, {check['warnings']} warnings",
            flush=True,
        )
        rows.append(
            f"| {size:,} | {files:,} | {_timings(load_s)} | {_timings(validate_s)} | {_timings(cli)} "
            f"| {_timings(cold)} | {_timings(warm)} | {ratio:.2f} | {_timings(edited)} "
            f"| {peak:.0f} (+{peak - baseline:.0f}) | {check['errors']} | {check['warnings']} |"
        )

    if at_target is None:
        verdict = f"not measured (run with a size of {TARGET_EVENTS})"
    elif at_target < AIM_SECONDS:
        verdict = f"**PASS** — {at_target:.2f} s, within the 1 s aim too"
    elif at_target < TARGET_SECONDS:
        verdict = f"**PASS** — {at_target:.2f} s (over the 1 s aim)"
    else:
        verdict = f"**MISS** — {at_target:.2f} s"

    if warm_at_target is None:
        warm_verdict = f"not measured (run with a size of {TARGET_EVENTS})"
    else:
        passed = warm_at_target <= WARM_TARGET_SECONDS
        warm_verdict = f"**{'PASS' if passed else 'MISS'}** — {warm_at_target:.2f} s"
    lines = [
        "## Content validation",
        "",
        f"Measured {date.today().isoformat()} with `scripts/bench.py --section validate "
        f"--sizes {','.join(map(str, sizes))}`.",
        "",
        f"Target: {TARGET_EVENTS:,} events validated in under {TARGET_SECONDS:g} s "
        f"(aim {AIM_SECONDS:g} s): {verdict}.",
        "",
        f"Target: a warm `hetero validate` (the whole command, nothing changed) at {TARGET_EVENTS:,} events "
        f"in at most {WARM_TARGET_SECONDS:g} s: {warm_verdict}.",
        "",
        "| events | files | load s | validate s | `hetero validate` s | cold s | warm s | warm / cold "
        "| one file edited s | peak RSS MiB | errors | warnings |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        f"Times are median / minimum of {repeat} run(s), each in a fresh Python process.",
        "",
        "- *load*: `hetero.loader.load(root)` — read and parse every file, build the models.",
        f"- *validate*: `hetero.validate.validate(root, now)` with now = `{synthetic.NOW_ISO}` — "
        "load plus every cross-file check and the clock warnings. The target is measured on this.",
        "- *`hetero validate`*: wall time of the whole command (`python -m hetero validate --now ...`), "
        "including interpreter start-up, imports and printing, without the loader's cache "
        "(`HETERO_NO_CACHE=1`).",
        "- *cold* / *warm*: the same command with the cache (`.cache/hetero/`, hetero/cache.py): *cold* "
        "after deleting it (every file is read, and the cache written), *warm* right after, nothing "
        "changed (every file is still read and hashed, and the last run's outcome printed: nothing "
        "parsed, no check run, neither the models nor YAML nor Markdown imported). Each warm run "
        "follows its cold one, and *warm / cold* is the median of the ratios of those pairs, which the "
        "machine's load disturbs less than the times.",
        "- *one file edited*: the same command after a blank line was added to one event file: that "
        "file is read again, every other one comes from the cache, and the checks across files run "
        "in full.",
        "- *peak RSS*: `resource.getrusage(RUSAGE_SELF).ru_maxrss` at the end of the validate process, "
        "i.e. the process's peak resident memory including the interpreter and imports; the figure in "
        "brackets is the growth over the level right after imports.",
        "- Content: `scripts/synthetic.py` (seed 1) — 3 open branches with 7 spaces each, 11 partners, "
        "30 programs, events spread over 2017-01-01 .. 2026-12-31 (about 55 % offline, 25 % hybrid, "
        "20 % online; most offline events book a room, about a third have sessions, most have "
        "registration, past ones have attendance). The files are freshly written, so they are in the "
        "OS page cache: these are warm-cache numbers.",
        "- Warnings on the smaller sizes are programs without an upcoming event (few events fall "
        "after the fixed now); they are expected.",
        "",
        "Machine:",
        "",
        *machine(),
        f"- Load average (1 min) when the run started: {load_average:.2f} "
        "(other work on the machine makes the numbers noisier)",
    ]
    return "\n".join(lines), ok


# --- Building the site ----------------------------------------------------------------

# What a build needs besides the synthetic content: templates, config, assets.
SITE_SOURCES = [
    "overrides",
    "mkdocs.yml",
    "content/assets",
    "content/images",
    "content/tentang.md",
    "content/api.md",
]


_TIMED_CHILD = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
result = subprocess.run(sys.argv[2:], cwd=sys.argv[1], capture_output=True, text=True)
seconds = time.perf_counter() - started
used = resource.getrusage(resource.RUSAGE_CHILDREN)
found = {
    "seconds": seconds, "cpu": used.ru_utime + used.ru_stime, "peak_mib": used.ru_maxrss / 1024,
    "code": result.returncode, "err": result.stderr[-2000:],
}
print(json.dumps(found))
"""


def timed(cwd: Path, *command: str) -> dict:
    """Wall time, processor time (all its processes) and peak memory of one command, from a fresh process.

    What the commands before wrote is on the disk first: the kernel writes
    files out (and discards freed blocks) up to half a minute after they
    were made, which would otherwise land on whichever command runs then.
    """
    os.sync()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    output = subprocess.run(
        [sys.executable, "-c", _TIMED_CHILD, str(cwd), *command], capture_output=True, text=True, env=env
    )
    found = json.loads(output.stdout)
    if found["code"] != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{found['err']}")
    return found


def synthetic_site(root: Path, size: int) -> None:
    """`size` synthetic events in `root`, beside the repository's mkdocs.yml, templates and assets."""
    synthetic.generate(root, size)
    for name in SITE_SOURCES:
        source, target = REPO / name, root / name
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        elif source.exists():
            shutil.copy(source, target)


def plain_site(root: Path, pages: int, *, navigation: bool = True) -> None:
    """The baseline: as many trivial pages, built by Material with the site's theme and navigation.

    Everything of ours is left out (templates, styles, scripts, generated
    pages); the navigation is kept, with a trivial page behind each entry,
    because Material renders it into every page and it is part of what any
    site of this shape costs. `navigation=False` leaves it out too.
    """
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"].pop("custom_dir", None)
    for key in ("extra_css", "extra_javascript", "docs_dir"):
        config.pop(key, None)
    docs = root / "docs"
    (docs / "p").mkdir(parents=True)
    if navigation:
        config["not_in_nav"] = "/p/**"
        for entry in config.get("nav", []):
            for target in entry.values():
                (docs / target).parent.mkdir(parents=True, exist_ok=True)
                (docs / target).write_text(f"# {Path(target).stem}\n\nTeks.\n")
    else:
        config["nav"] = []
        config["not_in_nav"] = "/**"
        (docs / "index.md").write_text("# Beranda\n\nTeks.\n")
    for number in range(pages):
        (docs / "p" / f"{number}.md").write_text(f"---\ntitle: Halaman {number}\n---\n\nTeks {number}.\n")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True))


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# A folder in memory, where the file system's own cost drops out (see `section_build`).
MEMORY = Path("/dev/shm")
MKDOCS_BUILD = (sys.executable, "-m", "mkdocs", "build", "-q")


def memory_folder() -> Path | None:
    """MEMORY when this machine has it and it may be written to."""
    return MEMORY if MEMORY.is_dir() and os.access(MEMORY, os.W_OK) else None


def round_ratio(ours: list[dict], others: list[dict]) -> float:
    """The median of each round's own ratio of `ours` to `others`.

    Each round runs the builds one after the other, so a slow minute of this
    shared machine slows all of them, and cancels out of the round's ratio.
    """
    return statistics.median(b["seconds"] / p["seconds"] for b, p in zip(ours, others, strict=True))


@dataclass
class BuildRow:
    """One size's times, each round's, with the output's sizes and peak memory, built on `place`."""

    size: int
    place: str
    builds: list[dict] = field(default_factory=list)
    plains: list[dict] = field(default_factory=list)
    bares: list[dict] = field(default_factory=list)
    mkdocs_only: list[dict] = field(default_factory=list)
    fresh_builds: list[dict] = field(default_factory=list)
    fresh_plains: list[dict] = field(default_factory=list)
    per_page: float = 0.0
    search: int = 0
    total: int = 0
    plain_total: int = 0

    def line(self) -> str:
        def median(runs: list[dict]) -> float:
            return statistics.median(run["seconds"] for run in runs)

        return (
            f"| {self.size:,} | {self.place} | {median(self.builds):.1f} | {median(self.plains):.1f} | "
            f"{round_ratio(self.builds, self.plains):.2f}× | {median(self.fresh_builds):.1f} | "
            f"{median(self.fresh_plains):.1f} | {round_ratio(self.fresh_builds, self.fresh_plains):.2f}× | "
            f"{median(self.mkdocs_only):.1f} | {median(self.bares):.1f} | "
            f"{round_ratio(self.builds, self.bares):.2f}× | {self.total / 2**20:.1f} | "
            f"{self.plain_total / 2**20:.1f} | {self.per_page / 1024:.1f} | {self.search / 1024:.0f} | "
            f"{max(b['peak_mib'] for b in self.builds):.0f} |"
        )


def build_row(size: int, repeat: int, place: str, parent: Path | None = None) -> BuildRow:
    """`hetero build` and the plain builds of `size` events, `repeat` rounds, in folders under `parent`."""
    row = BuildRow(size, place)
    # Every build validates from nothing, as in CI: no validation cache from the run before.
    hetero = ["env", "HETERO_NO_CACHE=1", sys.executable, "-m", "hetero", "build", "--now", synthetic.NOW_ISO]
    with tempfile.TemporaryDirectory(prefix=f"hetero-build-{size}-", dir=parent) as folder:
        root, plain, bare = Path(folder) / "site-src", Path(folder) / "plain", Path(folder) / "bare"
        synthetic_site(root, size)
        plain_site(plain, size)
        plain_site(bare, size, navigation=False)
        print(f"[build] {size} events, {place}", flush=True)
        timed(bare, *MKDOCS_BUILD)  # an output to build over
        for _ in range(repeat):
            for output in (root / "site", plain / "site"):
                shutil.rmtree(output, ignore_errors=True)
            row.fresh_builds.append(timed(root, *hetero))
            row.fresh_plains.append(timed(plain, *MKDOCS_BUILD))
            row.builds.append(timed(root, *hetero))
            row.mkdocs_only.append(timed(root, *MKDOCS_BUILD, "-d", "mk-only"))
            row.plains.append(timed(plain, *MKDOCS_BUILD))
            row.bares.append(timed(bare, *MKDOCS_BUILD))
        site = root / "site"
        row.per_page = statistics.median(p.stat().st_size for p in (site / "acara").glob("*/index.html"))
        row.search = folder_bytes(site / "pagefind")
        row.total = folder_bytes(site)
        row.plain_total = folder_bytes(plain / "site")
    return row


def section_build(sizes: list[int], repeat: int) -> tuple[str, bool]:
    """`hetero build` next to a plain Material build of as many trivial pages, in the same run.

    Twice a round: from nothing, as CI and a deploy build, and again over
    the previous output, as `make site` run a second time does. The largest
    size is built a second time with every folder in memory: this machine's
    disk makes creating 10,000 files and folders cost from 0.5 to 5 s, with
    what ran before (docs/benchmarks.md, session 10), so on disk the ratio
    moves with the disk as much as with the code.
    """
    load_average = os.getloadavg()[0]
    rows = [build_row(size, repeat, "disk") for size in sizes]
    largest, on_disk = max(sizes), rows[sizes.index(max(sizes))]
    in_memory = None
    memory = memory_folder()
    if memory is not None:
        in_memory = build_row(largest, repeat, "memory", memory)
        rows.append(in_memory)
    per_page = {row.size: row.per_page for row in rows}
    spread = max(per_page.values()) / min(per_page.values())

    def verdict(row: BuildRow) -> str:
        over, fresh = round_ratio(row.builds, row.plains), round_ratio(row.fresh_builds, row.fresh_plains)
        return (
            f"built again over the previous output {'PASS' if over <= 1.5 else 'MISS'} ({over:.2f}×), "
            f"from nothing {'PASS' if fresh <= 1.5 else 'MISS'} ({fresh:.2f}×)"
        )

    lines = [
        f"Measured on {date.today().isoformat()}, median of {repeat} run(s); content from "
        "`scripts/synthetic.py` (seed 1), the repository's `mkdocs.yml`, templates and assets.",
        "",
        "| events | folders on | `hetero build` s | plain Material s | ratio | fresh: `hetero build` s "
        "| fresh: plain s | fresh ratio | `mkdocs build` alone s | plain, no navigation s | ratio "
        "| output MiB | plain output MiB | bytes per event page (KiB, median) | search bundle KiB "
        "| peak RSS MiB |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *(row.line() for row in rows),
        "",
        "- *plain Material*: `mkdocs build` of as many trivial pages (a title and one sentence) with the "
        "site's theme settings, plugins and navigation (a trivial page behind each entry) but none of "
        "our templates, styles, scripts or generated pages; measured in the same run, one after the other.",
        "- *plain, no navigation*: the same without the navigation (one page in it), the cheapest "
        "Material site of as many pages.",
        "- *`hetero build`*, *plain Material*: each builds over its own previous output, as `make site` "
        "run a second time does: MkDocs empties the folder first, `hetero build` builds beside it and "
        "links the files that come out unchanged from it (hetero/outdir.py, `write_file`).",
        "- *fresh*: both output folders removed first, as in CI and a deploy: every file of the site is "
        "written (`build/docs`, the generated Markdown, is kept from the round before).",
        "- *folders on*: *disk* is the temporary folder's file system; *memory* puts the sources and "
        f"every output in {MEMORY} (tmpfs), where creating and removing files costs little, so the "
        "ratio there is the programs' own work.",
        "- *ratio*: each round builds the sites one after the other; the median of the rounds' own "
        "ratios, so that a slow minute of the machine, which slows every build of its round, cancels out.",
        "- *`mkdocs build` alone*: MkDocs' own command on the generated `build/docs`, one process, no "
        "search index, audit or policy; `hetero build` renders on every core (hetero/render.py), so it "
        "can take less than this.",
        "- *peak RSS*: the largest process of the build (`RUSAGE_CHILDREN`).",
        "",
        f"Targets at {largest:,} events:",
        "",
        f"- build at most 1.5× the plain build (issue #14), on disk: {verdict(on_disk)}"
        + (f"; in memory: {verdict(in_memory)}" if in_memory else ""),
        f"- output linear in events (bytes per event page constant): spread {spread:.2f}× between sizes "
        f"({'PASS' if spread <= 1.15 else 'MISS'})",
        # Pagefind's bundle is read in chunks: what a phone downloads is in the search section.
        f"- search bundle (all of it, on the server): {on_disk.search / 1e6:.1f} MB",
        f"- full build within what a GitHub Actions deploy tolerates (a job may run 6 h; we aim for "
        f"under 5 min): {statistics.median(b['seconds'] for b in on_disk.builds):.0f} s",
        "",
        *machine_and_load(load_average),
    ]
    return "\n".join(lines), True


# What `hetero build` does that a plain Material build does not, each left out in turn by
# scripts/without_steps.py: (name in the table, steps left out).
STEP_VARIANTS = (
    ("`hetero build`", ""),
    ("without the search index", "search"),
    ("without the audit and policy", "audit"),
    ("without share images", "cards"),
    ("without all three", "search,audit,cards"),
)


def section_steps(sizes: list[int], repeat: int) -> tuple[str, bool]:
    """What the build's own steps cost: `hetero build` with each step plain Material lacks left out.

    At the largest size, in memory (as the build section's *memory* row),
    every build from nothing, one after the other in each round; processor
    time too, which tells how far the cores could take each build.
    """
    size, cores = max(sizes), usable_cpus()
    load_average = os.getloadavg()[0]
    without_steps = str(REPO / "scripts" / "without_steps.py")
    now = ("build", "--now", synthetic.NOW_ISO)
    runs: dict[str, list[dict]] = {name: [] for name, _ in STEP_VARIANTS}
    plains: list[dict] = []
    parent = memory_folder()
    with tempfile.TemporaryDirectory(prefix=f"hetero-steps-{size}-", dir=parent) as folder:
        root, plain = Path(folder) / "site-src", Path(folder) / "plain"
        synthetic_site(root, size)
        plain_site(plain, size)
        print(f"[steps] {size} events", flush=True)
        for _ in range(repeat):
            for name, steps in STEP_VARIANTS:
                shutil.rmtree(root / "site", ignore_errors=True)
                command = ["env", "HETERO_NO_CACHE=1", f"HETERO_BENCH_WITHOUT={steps}"]
                runs[name].append(timed(root, *command, sys.executable, without_steps, *now))
            shutil.rmtree(plain / "site", ignore_errors=True)
            plains.append(timed(plain, *MKDOCS_BUILD))

    def median(found: list[dict], key: str) -> float:
        return statistics.median(run[key] for run in found)

    def row(name: str, found: list[dict], against_plain: str) -> str:
        rounds = ", ".join(f"{run['seconds']:.1f}" for run in found)
        return (
            f"| {name} | {median(found, 'seconds'):.1f} | {median(found, 'cpu'):.1f} | "
            f"{median(found, 'cpu') / cores:.1f} | {against_plain} | {rounds} |"
        )

    rows = [row(name, found, f"{round_ratio(found, plains):.2f}×") for name, found in runs.items()]
    rows.append(row("plain Material", plains, "1.00×"))
    lines = [
        f"Measured on {date.today().isoformat()}, {size:,} events, median of {repeat} round(s); every "
        f"build from nothing, with its sources and output in {parent or 'the temporary folder'}.",
        "",
        f"| build | s | processor s | processor s / {cores} cores | ratio to plain | each round, s |",
        "|---|---:|---:|---:|---:|---|",
        *rows,
        "",
        "- *without ...*: `hetero build` through scripts/without_steps.py, which replaces the step's "
        "functions: no Pagefind run and no bundle; no audit and no Content-Security-Policy; empty share "
        "images. Such a site is not fit to publish; only its time is of interest.",
        "- *processor s*: user and system time of the build and every process it waited for "
        "(`RUSAGE_CHILDREN`); divided by the cores, the least time they could take for it.",
        "- *ratio*: the median of each round's own ratio to the plain build of that round.",
        "",
        *machine_and_load(load_average),
    ]
    return "\n".join(lines), True


def section_engines(sizes: list[int], repeat: int) -> tuple[str, bool]:
    """`hetero build` with each engine on the same content, one after the other."""
    rows = []
    load_average = os.getloadavg()[0]
    hetero = [sys.executable, "-m", "hetero", "build", "--now", synthetic.NOW_ISO]
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix=f"hetero-engines-{size}-") as folder:
            root = Path(folder)
            synthetic_site(root, size)
            print(f"[engines] {size} events", flush=True)
            mkdocs, cold, cached = [], [], []
            for _ in range(repeat):
                mkdocs.append(timed(root, *hetero, "--engine", "mkdocs", "--out", "site-mkdocs"))
                # Zensical keeps a cache of rendered pages in build/.cache: a first
                # build (as in CI, from a fresh clone) starts without one.
                shutil.rmtree(root / "build" / ".cache", ignore_errors=True)
                cold.append(timed(root, *hetero, "--engine", "zensical", "--out", "site-zensical"))
                cached.append(timed(root, *hetero, "--engine", "zensical", "--out", "site-zensical"))
            sizes_mib = [folder_bytes(root / name) / 2**20 for name in ("site-mkdocs", "site-zensical")]
        mkdocs_s, cold_s, cached_s = (
            statistics.median(r["seconds"] for r in runs) for runs in (mkdocs, cold, cached)
        )
        peaks = [max(r["peak_mib"] for r in runs) for runs in (mkdocs, cold)]
        rows.append(
            f"| {size:,} | {mkdocs_s:.1f} | {cold_s:.1f} | {cached_s:.1f} | {cold_s / mkdocs_s:.2f}× | "
            f"{sizes_mib[0]:.1f} | {sizes_mib[1]:.1f} | {peaks[0]:.0f} | {peaks[1]:.0f} |"
        )
    lines = [
        f"Measured on {date.today().isoformat()}, median of {repeat} run(s), with "
        f"`scripts/bench.py --section engines --sizes {','.join(map(str, sizes))}`: the whole "
        "`hetero build` (validate, generate, engine, HTML audit) on `scripts/synthetic.py` content "
        f"(seed 1), MkDocs {metadata.version('mkdocs')} with Material {metadata.version('mkdocs-material')} "
        f"against Zensical {metadata.version('zensical')}.",
        "",
        "| events | MkDocs s | Zensical s | Zensical, cache kept s | Zensical / MkDocs | MkDocs output MiB "
        "| Zensical output MiB | MkDocs peak RSS MiB | Zensical peak RSS MiB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        "- *Zensical s*: without its cache (`build/.cache` removed first), as CI and a deploy from a fresh "
        "clone build; *cache kept*: the same build again, nothing changed.",
        "- *peak RSS*: the largest process of the build (`RUSAGE_CHILDREN`).",
        "",
        *machine_and_load(load_average),
    ]
    return "\n".join(lines), True


def section_cards(sizes: list[int], repeat: int) -> tuple[str, bool]:
    """The share images `hetero build` draws: how many, how long, how many bytes."""
    rows = []
    load_average = os.getloadavg()[0]
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix=f"hetero-cards-{size}-") as folder:
            root = Path(folder)
            synthetic.generate(root, size)
            print(f"[cards] {size} events", flush=True)
            runs = [measure("cards", root) for _ in range(repeat)]
        first = runs[0]
        seconds = [r["seconds"] for r in runs]
        per_card = statistics.median(seconds) / first["cards"] * 1000 if first["cards"] else 0
        rows.append(
            f"| {size:,} | {first['cards']:,} | {_timings(seconds)} | {per_card:.0f} | "
            f"{first['bytes'] / 2**20:.2f} | {first['median_bytes'] / 1024:.1f} | "
            f"{first['max_bytes'] / 1024:.1f} |"
        )
    lines = [
        f"Measured on {date.today().isoformat()} with `scripts/bench.py --section cards --sizes "
        f"{','.join(map(str, sizes))}`: `hetero.social.event_cards` on `scripts/synthetic.py` content "
        f"(seed 1) at now = `{synthetic.NOW_ISO}`, after loading, in a fresh process per run. Each event "
        "that gets its own calendar file (upcoming, or ended within 90 days) gets a 1200×630 PNG. From 24 "
        "images a second process draws beside the caller (`hetero/social.py` `drawing_cards`): the time "
        "is the wall time of both; in a build the pages are generated meanwhile.",
        "",
        "| events | images | draw s (median / min) | ms per image | total MiB | median KiB | largest KiB |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        *machine_and_load(load_average),
    ]
    return "\n".join(lines), True


_INDEX_CHILD = """
import sys, time
from datetime import datetime
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from hetero.search import index_site
started = time.perf_counter()
index_site(Path(sys.argv[2]), datetime.fromisoformat(sys.argv[3]))
print(time.perf_counter() - started)
"""


def _search_site(size: int, folder: Path, repeat: int) -> tuple[Path, float]:
    """Synthetic content built into `folder`/site-src/site; the median time of indexing it alone."""
    root = folder / "site-src"
    synthetic_site(root, size)
    timed(root, sys.executable, "-m", "hetero", "build", "--now", synthetic.NOW_ISO)
    site = root / "site"
    seconds = [
        float(
            subprocess.run(
                [sys.executable, "-c", _INDEX_CHILD, str(REPO), str(site), synthetic.NOW_ISO],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        for _ in range(repeat)
    ]
    return site, statistics.median(seconds)


def section_search(sizes: list[int], repeat: int) -> tuple[str, bool]:
    """Visitor search (scripts/bench_search.py): index size, first-query bytes and time in Chromium."""
    import bench_search

    return bench_search.section(sizes, repeat, _search_site, machine)


def section_serve(sizes: list[int], repeat: int) -> tuple[str, bool]:
    """The live preview (scripts/bench_serve.py): save → preview time, before and after, side by side."""
    import bench_serve

    return bench_serve.section(
        sizes,
        repeat,
        repo=REPO,
        before=os.environ.get("HETERO_SERVE_BEFORE", bench_serve.BEFORE_REVISION),
        synthetic_site=synthetic_site,
        now_iso=synthetic.NOW_ISO,
        machine=machine,
    )


SECTIONS: dict[str, Callable[[list[int], int], tuple[str, bool]]] = {
    "validate": section_validate,
    "build": section_build,
    "steps": section_steps,
    "engines": section_engines,
    "search": section_search,
    "cards": section_cards,
    "serve": section_serve,
}


# --- The docs file ------------------------------------------------------------------


def update_doc(path: Path, name: str, body: str) -> None:
    """Replace the section between this name's markers, or append it."""
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    block = f"{start}\n{body.strip()}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else DOC_HEADER
    if start in text and end in text and text.index(start) < text.index(end):
        before = text[: text.index(start)]
        after = text[text.index(end) + len(end) :]
        text = before + block + after
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# --- Profiling ----------------------------------------------------------------------


def profile(size: int) -> None:
    """Print where one validate run over `size` synthetic events spends its time."""
    with tempfile.TemporaryDirectory(prefix=f"hetero-profile-{size}-") as folder:
        synthetic.generate(Path(folder), size)
        code = (
            "import cProfile, pstats, sys\n"
            f"sys.path.insert(0, {str(REPO)!r})\n"
            "from datetime import datetime\n"
            "from pathlib import Path\n"
            "from hetero.validate import validate\n"
            f"now = datetime.fromisoformat({synthetic.NOW_ISO!r})\n"
            "profiler = cProfile.Profile()\n"
            f"profiler.runcall(validate, Path({folder!r}), now)\n"
            "stats = pstats.Stats(profiler)\n"
            "stats.sort_stats('tottime').print_stats(25)\n"
            "stats.sort_stats('cumulative').print_stats(40)\n"
        )
        subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


# --- Command line -------------------------------------------------------------------


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"sizes must be whole numbers separated by commas: {text}") from None
    if not sizes or min(sizes) <= 0:
        raise argparse.ArgumentTypeError("give at least one size above zero")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the content tooling; write docs/benchmarks.md.")
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=DEFAULT_SIZES,
        help="numbers of events, comma-separated (default: 300,1000,5000)",
    )
    parser.add_argument(
        "--section", choices=[*SECTIONS, "all"], default="all", help="which section to measure"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (default: 3)")
    parser.add_argument("--doc", type=Path, default=DOC, help="Markdown file to update")
    parser.add_argument("--no-write", action="store_true", help="print the results only")
    parser.add_argument("--profile", type=int, metavar="EVENTS", help="cProfile one validate run and exit")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "ROOT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        child_main(args.child[0], Path(args.child[1]))
        return 0
    if args.profile:
        profile(args.profile)
        return 0

    names = list(SECTIONS) if args.section == "all" else [args.section]
    all_ok = True
    for name in names:
        body, ok = SECTIONS[name](args.sizes, max(1, args.repeat))
        all_ok = all_ok and ok
        if args.no_write:
            print(body)
        else:
            update_doc(args.doc, name, body)
            print(f"[{name}] written to {args.doc}")
    return 0 if all_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
