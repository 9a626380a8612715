"""The kept outcome of `hetero validate` (hetero/cache.py) never prints what a fresh run would not.

After every kind of change (edits, renames, deletions, additions, pages,
images, links, mkdocs.yml, the clock crossing a moment a check looks at, other
code) the command prints exactly what it prints with no cache at all, with the
same exit code; with nothing changed it prints it without validating, and
without importing the models or any library that validation needs.
"""

from __future__ import annotations

import functools
import gc
import inspect
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import NOW, NOW_TEXT, PROJECT, clean_env, write
from hypothesis import given, settings
from hypothesis import strategies as st

from hetero import cache, checks, clock
from hetero import validate as validate_module
from hetero.cache import CACHE_DIR, OUTCOME_FILE
from hetero.catalog import Catalog
from hetero.cli import main
from hetero.loader import load
from hetero.models import WIB
from hetero.validate import now_window

EVENT = "events/2026/2026-01-31-ulang-tahun-ke-6.md"
STORY = "content/stories/bandeng-presto-ibu-ratna.md"

Output = tuple[int, str, str]
# The fixture below pins the version; one test needs the real one.
run_version = cache.run_version


@pytest.fixture(autouse=True)
def cache_allowed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """CI turns the cache off (hetero.cache.enabled); these tests need it on."""
    for name in ("CI", "HETERO_NO_CACHE", "HETERO_NOW", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(name, raising=False)
    # Each test edits files and runs at once; a person's edit is seconds old.
    monkeypatch.setattr(cache, "CHANGE_SLACK_NS", 0)
    # The code does not change during a test, even while someone edits the checkout.
    version = run_version()
    monkeypatch.setattr(cache, "run_version", lambda: version)
    yield
    # cmd_validate turns the collector off for the rest of its process.
    gc.enable()


class Runs:
    """`hetero validate` in this process, with and without the cache, counting fresh validations."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
        self.root = root
        self.monkeypatch = monkeypatch
        self.capsys = capsys
        self.fresh = 0
        original = validate_module.validate_and_keep

        def counted(*args: object) -> object:
            self.fresh += 1
            return original(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(validate_module, "validate_and_keep", counted)

    def run(self, *args: str) -> Output:
        code = main(["--root", str(self.root), "validate", *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def cold(self, *args: str) -> Output:
        with self.monkeypatch.context() as patch:
            patch.setenv("HETERO_NO_CACHE", "1")
            return self.run(*args)

    def assert_warm_is_cold(self, *args: str, kept: bool = True) -> Output:
        """After a change: one run validates afresh, the next (if `kept`) not; both print as a cold run."""
        cold = self.cold(*args)
        before = self.fresh
        assert self.run(*args) == cold
        assert self.fresh == before + 1
        assert self.run(*args) == cold
        assert self.fresh == before + (1 if kept else 2)
        return cold


@pytest.fixture
def runs(repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> Runs:
    return Runs(repo, monkeypatch, capsys)


def replace_text(root: Path, relpath: str, old: str, new: str) -> None:
    path = root / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8", newline="")


def record(root: Path) -> Path:
    return root / CACHE_DIR / OUTCOME_FILE


# --- Every kind of change --------------------------------------------------------------


def test_edits_renames_deletions_and_additions(runs: Runs) -> None:
    repo = runs.root
    first = runs.assert_warm_is_cold("--now", NOW_TEXT)
    assert first[0] == 0
    assert record(repo).is_file()

    # An edit that breaks the file: exit 1, and the same lines.
    replace_text(repo, EVENT, "start: 2026-01-31 18:30", "start: besok sore")
    assert runs.assert_warm_is_cold("--now", NOW_TEXT)[0] == 1
    replace_text(repo, EVENT, "start: besok sore", "start: 2026-01-31 18:30")
    assert runs.assert_warm_is_cold("--now", NOW_TEXT) == first

    # Same size, same modification time: only the bytes tell.
    path = repo / EVENT
    before = path.stat()
    replace_text(repo, EVENT, "attendance: 210", "attendance: 219")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    runs.assert_warm_is_cold("--now", NOW_TEXT)

    # Renamed, then moved into the wrong year's folder (an error), then back.
    renamed = repo / "events/2026/2026-01-31-ulang-tahun-hetero-space.md"
    path.rename(renamed)
    runs.assert_warm_is_cold("--now", NOW_TEXT)
    wrong = repo / "events/2025/2026-01-31-ulang-tahun-hetero-space.md"
    renamed.rename(wrong)
    assert runs.assert_warm_is_cold("--now", NOW_TEXT)[0] == 1
    wrong.rename(path)

    # Deleted, and written back.
    text = path.read_bytes()
    path.unlink()
    runs.assert_warm_is_cold("--now", NOW_TEXT)
    path.write_bytes(text)
    assert runs.assert_warm_is_cold("--now", NOW_TEXT) == first

    # A new file in a new folder, an empty folder, a hidden file: all part of what is hashed.
    write(repo, "events/2027/2027-02-01-kelas-baru.md", "---\ntitle: Kelas Baru\n---\n")
    assert runs.assert_warm_is_cold("--now", NOW_TEXT)[0] == 1
    shutil.rmtree(repo / "events/2027")
    (repo / "events/2027").mkdir()
    runs.assert_warm_is_cold("--now", NOW_TEXT)
    (repo / "events/2026/.catatan").write_text("bukan acara", encoding="utf-8")
    runs.assert_warm_is_cold("--now", NOW_TEXT)


def test_pages_images_and_site_configuration(runs: Runs) -> None:
    repo = runs.root
    runs.assert_warm_is_cold("--now", NOW_TEXT)
    # A hand-written page with HTML the sanitiser removes.
    with (repo / "content/tentang.md").open("a", encoding="utf-8") as page:
        page.write('\n<script>alert("x")</script>\n')
    assert runs.assert_warm_is_cold("--now", NOW_TEXT)[0] == 1
    # An SVG image that carries script, then one that does not.
    svg = repo / "content/images/logo.svg"
    svg.write_text('<svg><script>alert("x")</script></svg>', encoding="utf-8")
    cold = runs.assert_warm_is_cold("--now", NOW_TEXT)
    svg.write_text("<svg><rect/></svg>", encoding="utf-8")
    assert runs.assert_warm_is_cold("--now", NOW_TEXT) != cold
    # An image a story names, deleted.
    (repo / "content/images/cerita/bandeng-presto-ibu-ratna.jpg").unlink()
    runs.assert_warm_is_cold("--now", NOW_TEXT)
    # The repository's own mkdocs.yml instead of the project's, then edited.
    config = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    (repo / "mkdocs.yml").write_text(config, encoding="utf-8")
    runs.assert_warm_is_cold("--now", NOW_TEXT)
    (repo / "mkdocs.yml").write_text(config.replace("  - admonition\n", ""), encoding="utf-8")
    runs.assert_warm_is_cold("--now", NOW_TEXT)


def test_an_extension_that_may_read_files_keeps_nothing(runs: Runs) -> None:
    config = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    extended = config.replace("  - tables\n", "  - tables\n  - pymdownx.snippets\n")
    assert extended != config
    (runs.root / "mkdocs.yml").write_text(extended, encoding="utf-8")
    runs.assert_warm_is_cold("--now", NOW_TEXT, kept=False)


def test_a_link_in_the_content_keeps_nothing(runs: Runs) -> None:
    (runs.root / "content/images/tautan.jpg").symlink_to(runs.root / STORY)
    assert runs.assert_warm_is_cold("--now", NOW_TEXT, kept=False)[0] == 1


def test_an_edit_during_the_run_is_not_kept(runs: Runs, monkeypatch: pytest.MonkeyPatch) -> None:
    """The run reads a half-saved file, and the editor then writes the old bytes back."""
    original = validate_module.validate
    path = runs.root / EVENT
    text = path.read_bytes()

    def read_while_saving(*args: object, **kwargs: object) -> object:
        path.write_bytes(b"")
        try:
            return original(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            path.write_bytes(text)

    monkeypatch.setattr(validate_module, "validate", read_while_saving)
    assert runs.run("--now", NOW_TEXT)[0] == 1
    monkeypatch.setattr(validate_module, "validate", original)
    # The same bytes as when that run began, but not its outcome.
    assert runs.assert_warm_is_cold("--now", NOW_TEXT)[0] == 0


def test_an_edit_just_before_the_run_is_not_kept(runs: Runs, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "CHANGE_SLACK_NS", 60 * 10**9)
    replace_text(runs.root, EVENT, "attendance: 210", "attendance: 211")
    runs.assert_warm_is_cold("--now", NOW_TEXT, kept=False)


# --- The clock -------------------------------------------------------------------------


class FrozenClock:
    """The wall clock both `hetero.clock` and the cache read, set by the test."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.moment = NOW
        frozen = self

        class Frozen(datetime):
            @classmethod
            def now(cls, tz: object = None) -> datetime:  # type: ignore[override]
                return frozen.moment.astimezone(tz)  # type: ignore[arg-type]

        monkeypatch.setattr(clock, "datetime", Frozen)
        monkeypatch.setattr(cache, "_wall_clock", lambda: cache.micros(self.moment))


def test_the_wall_clock_crossing_an_event_end(runs: Runs, monkeypatch: pytest.MonkeyPatch) -> None:
    # An upcoming event with no way to register, and no attendance once it is over.
    end = datetime(2026, 11, 24, 14, 0, tzinfo=WIB)
    write(
        runs.root,
        "events/2026/2026-11-24-kelas-siang.md",
        """\
        ---
        title: Kelas Siang
        format: online
        online:
          platform: Zoom
        start: 2026-11-24 13:00
        end: 2026-11-24 14:00
        ---

        Kelas daring.
        """,
    )
    frozen = FrozenClock(monkeypatch)
    frozen.moment = end - timedelta(minutes=1)
    assert now_window(load(runs.root)[0], frozen.moment)[1] == end
    upcoming = runs.assert_warm_is_cold()
    assert "belum punya cara mendaftar" in upcoming[1]
    # Still before the end: the same outcome, kept.
    frozen.moment = end - timedelta(microseconds=1)
    fresh = runs.fresh
    assert runs.run() == upcoming
    assert runs.fresh == fresh
    # At the end: validated afresh.
    frozen.moment = end
    over = runs.assert_warm_is_cold()
    assert over != upcoming
    assert "jumlah peserta belum dicatat" in over[1]
    # And back before it.
    frozen.moment = end - timedelta(seconds=1)
    assert runs.assert_warm_is_cold() == upcoming


def test_the_wall_clock_crossing_midnight(runs: Runs, monkeypatch: pytest.MonkeyPatch) -> None:
    # A consent dated tomorrow is a warning until that day begins.
    replace_text(runs.root, STORY, "consent_date: 2026-11-17", "consent_date: 2026-11-25")
    midnight = datetime(2026, 11, 25, tzinfo=WIB)
    frozen = FrozenClock(monkeypatch)
    frozen.moment = midnight - timedelta(microseconds=1)
    before = runs.assert_warm_is_cold()
    assert "belum terjadi" in before[1]
    frozen.moment = midnight
    after = runs.assert_warm_is_cold()
    assert "belum terjadi" not in after[1]


def test_a_now_option_is_matched_by_its_text(runs: Runs, monkeypatch: pytest.MonkeyPatch) -> None:
    at_now = runs.assert_warm_is_cold("--now", NOW_TEXT)
    # The same moment written otherwise, and a moment years later: each validated afresh.
    runs.assert_warm_is_cold("--now", "2026-11-24T05:00Z")
    later = runs.assert_warm_is_cold("--now", "2030-01-01T00:00+07:00")
    assert later != at_now
    # HETERO_NOW is read as --now is.
    monkeypatch.setenv("HETERO_NOW", NOW_TEXT)
    assert runs.assert_warm_is_cold() == at_now
    # A --now that cannot be read is a usage error, whatever was kept.
    code, out, err = runs.run("--now", "besok")
    assert (code, out) == (2, "")
    assert "besok" in err


@functools.cache
def sample_catalog() -> Catalog:
    return load(PROJECT)[0]


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_the_checks_agree_all_over_the_window(data: st.DataObject) -> None:
    """Whatever the clock says, the checks find the same from the window's start to just before its end."""
    catalog = sample_catalog()
    content = PROJECT / "content"
    year = 365 * 24 * 3600
    if data.draw(st.booleans()):
        # Near an event's end, where the freshness and placeholder checks change their minds.
        base = data.draw(st.sampled_from(sorted(event.data.end for event in catalog.events)))
        now = base + timedelta(seconds=data.draw(st.integers(-2 * 24 * 3600, 2 * 24 * 3600)))
    else:
        now = NOW + timedelta(seconds=data.draw(st.integers(-3 * year, 3 * year)))
    start, end = now_window(catalog, now)
    found = checks.check(catalog, content, now)
    for moment in (start, None if end is None else end - timedelta(microseconds=1)):
        if moment is not None:
            assert checks.check(catalog, content, moment) == found


def test_every_check_that_reads_the_clock_is_in_the_window() -> None:
    """A new check taking `now` must be added to hetero.validate.now_window, and here."""
    taking_now = {
        name
        for name, function in inspect.getmembers(checks, inspect.isfunction)
        if function.__module__ == checks.__name__ and "now" in inspect.signature(function).parameters
    }
    assert taking_now == {
        "check",
        "check_events",
        "_event_problems",
        "check_freshness",
        "check_showcase",
        "check_stories",
        "_check_consent",
    }
    # Nothing else validate runs sees the clock.
    for name in ("load", "check_markup", "check_files", "check_site_file"):
        assert "now" not in inspect.signature(getattr(validate_module, name)).parameters


# --- Other code, a damaged or missing record, CI ------------------------------------------


def test_other_code_validates_afresh(runs: Runs, monkeypatch: pytest.MonkeyPatch) -> None:
    runs.assert_warm_is_cold("--now", NOW_TEXT)
    monkeypatch.setattr(cache, "run_version", lambda: "0" * 32)
    runs.assert_warm_is_cold("--now", NOW_TEXT)


def test_the_code_version_follows_the_sources_and_the_libraries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "hetero"
    shutil.copytree(PROJECT / "hetero", package, ignore=shutil.ignore_patterns("__pycache__"))
    libraries = tmp_path / "site-packages"
    (libraries / "pydantic-2.0.dist-info").mkdir(parents=True)
    monkeypatch.setattr(cache, "_PACKAGE", package)
    monkeypatch.setattr(cache.site, "getsitepackages", lambda: [str(libraries)])
    first = run_version()
    assert run_version() == first
    # A module the loader never imports still counts: the checks run too.
    checks_file = package / "checks.py"
    checks_file.write_text(checks_file.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    second = run_version()
    assert second != first
    (libraries / "pydantic-2.0.dist-info").rename(libraries / "pydantic-2.1.dist-info")
    assert run_version() != second


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not json",
        b"[]",
        b'{"version": null}',
        "truncated",
        "wrong-row",
        "wrong-severity",
    ],
)
def test_a_damaged_record_is_ignored_and_rewritten(runs: Runs, damage: bytes | str) -> None:
    repo = runs.root
    replace_text(repo, EVENT, "start: 2026-01-31 18:30", "start: besok sore")
    cold = runs.assert_warm_is_cold("--now", NOW_TEXT)
    data = record(repo).read_bytes()
    kept = json.loads(data)
    if damage == "truncated":
        damage = data[: len(data) // 2]
    elif damage == "wrong-row":
        damage = json.dumps({**kept, "diagnostics": [["a.md", "1", 1, "error", "x"]]}).encode()
    elif damage == "wrong-severity":
        damage = json.dumps({**kept, "diagnostics": [["a.md", 1, 1, "note", "x"]]}).encode()
    assert isinstance(damage, bytes)
    record(repo).write_bytes(damage)
    assert runs.assert_warm_is_cold("--now", NOW_TEXT) == cold


def test_the_cache_folder_deleted(runs: Runs) -> None:
    runs.assert_warm_is_cold("--now", NOW_TEXT)
    shutil.rmtree(runs.root / ".cache")
    runs.assert_warm_is_cold("--now", NOW_TEXT)
    shutil.rmtree(runs.root / ".cache")
    (runs.root / ".cache").write_text("a file where the folder goes", encoding="utf-8")
    runs.assert_warm_is_cold("--now", NOW_TEXT, kept=False)


@pytest.mark.parametrize("variable", ["CI", "HETERO_NO_CACHE"])
def test_ci_and_the_variable_neither_read_nor_write_it(
    runs: Runs, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    runs.run("--now", NOW_TEXT)
    # A record that says all is well, over content that is not.
    replace_text(runs.root, EVENT, "start: 2026-01-31 18:30", "start: besok sore")
    kept = record(runs.root).read_bytes()
    monkeypatch.setenv(variable, "true")
    fresh = runs.fresh
    assert runs.run("--now", NOW_TEXT)[0] == 1
    assert runs.fresh == fresh + 1
    assert record(runs.root).read_bytes() == kept


def test_github_actions_output_is_the_same(
    runs: Runs, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    replace_text(runs.root, EVENT, "start: 2026-01-31 18:30", "start: besok sore")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    cold = runs.cold("--now", NOW_TEXT)
    written = summary.read_text(encoding="utf-8")
    summary.unlink()
    runs.run("--now", NOW_TEXT)
    summary.unlink()
    assert runs.run("--now", NOW_TEXT) == cold
    assert "::error file=" in cold[1]
    assert summary.read_text(encoding="utf-8") == written


# --- A kept outcome imports nothing heavy ------------------------------------------------


def test_a_kept_outcome_needs_no_models_nor_libraries(repo: Path) -> None:
    code = (
        "import sys\n"
        "from hetero import cache\n"
        "from hetero.cli import main\n"
        # The files were copied a moment ago; a person's edits are older.
        "cache.CHANGE_SLACK_NS = 0\n"
        f"status = main(['--root', {str(repo)!r}, 'validate', '--now', {NOW_TEXT!r}])\n"
        "heavy = {'pydantic', 'yaml', 'babel', 'markdown', 'nh3', 'hetero.models', 'hetero.validate'}\n"
        "print(sorted(m for m in sys.modules if m in heavy or m.split('.')[0] in heavy), file=sys.stderr)\n"
        "sys.exit(status)\n"
    )

    def run() -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-c", code]
        return subprocess.run(command, capture_output=True, text=True, env=clean_env(), cwd=repo, timeout=60)

    first, second = run(), run()
    assert "pydantic" in first.stderr
    assert second.stderr.strip() == "[]"
    assert (second.returncode, second.stdout) == (first.returncode, first.stdout)
    assert first.stdout.strip() == "Konten valid: tidak ada kesalahan."
