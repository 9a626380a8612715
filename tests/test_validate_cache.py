"""The loader's cache (hetero/cache.py) can never make a result wrong, nor can the checks' shortcuts.

After every change to the files (edits of any size, an edit that keeps size
and modification time, renames, deletions, additions, a file replaced by one
with the same bytes elsewhere, broken files) a run with the cache must give
exactly what a run without it gives: the same diagnostics and the same
catalog, positions included. So must a run over a corrupt, foreign or deleted
cache, which is then written again.
"""

from __future__ import annotations

import ast
import os
import pickle
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from conftest import NOW, run_hetero, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hetero import cache as cache_module
from hetero import loader
from hetero.build import STAGING_DIR, stage
from hetero.cache import CACHE_DIR, KEY_MODULES, tool_version
from hetero.checks import _PLACEHOLDER_LEADS, PLACEHOLDERS, _may_hold_placeholder
from hetero.loader import load
from hetero.registration import _merged_registration, effective_registration
from hetero.safetext import _BREAKS, _UNSAFE, clean_text
from hetero.validate import validate

EVENT = "events/2026/2026-01-31-ulang-tahun-ke-6.md"
PROGRAM = "programs/foto-produk-umkm.yml"
PARTNERS = "content/partners.yml"


@pytest.fixture(autouse=True)
def cache_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """CI turns the cache off (hetero.cache.enabled); these tests need it on."""
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("HETERO_NO_CACHE", raising=False)


def _positions(catalog: object) -> list[tuple[str, dict, dict]]:
    records = [
        *catalog.events,  # type: ignore[attr-defined]
        *catalog.drafts,  # type: ignore[attr-defined]
        *(
            r
            for kind in ("branches", "partners", "programs", "stories", "showcase")
            for r in getattr(catalog, kind).values()
        ),
    ]
    return [(r.source.path, dict(r.source.values), dict(r.source.keys)) for r in records]


def assert_same_as_cold(root: Path, now: datetime = NOW) -> None:
    """A cached run, then a warm one, each equal to a run without the cache."""
    cold_catalog, cold = validate(root, now)
    cold_load = load(root)
    for _ in range(2):
        catalog, found = validate(root, now, cache=True)
        assert found == cold
        assert catalog == cold_catalog
        assert _positions(catalog) == _positions(cold_catalog)
        # The loader's own order of diagnostics, before validate sorts them.
        assert load(root, cache=True) == cold_load


def cache_files(root: Path) -> list[Path]:
    return sorted((root / CACHE_DIR).rglob("*.pickle"))


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any file the loader has to read afresh fail the test."""

    def refuse(rel: str, *args: object) -> None:
        raise AssertionError(f"{rel} was read again although it did not change")

    monkeypatch.setattr(loader, "_file_records", refuse)


def replace_text(root: Path, relpath: str, old: str, new: str) -> None:
    path = root / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8", newline="")


# --- The cache is used ----------------------------------------------------------------


def test_a_warm_run_parses_nothing(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cold = validate(repo, NOW)
    assert validate(repo, NOW, cache=True) == cold
    assert cache_files(repo)
    no_parsing(monkeypatch)
    assert validate(repo, NOW, cache=True) == cold


def test_only_the_edited_file_is_read_again(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    validate(repo, NOW, cache=True)
    replace_text(repo, EVENT, "attendance: 210", "attendance: 211")
    read_again: list[str] = []
    original = loader._file_records

    def spy(rel: str, *args: object) -> object:
        read_again.append(rel)
        return original(rel, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "_file_records", spy)
    validate(repo, NOW, cache=True)
    assert read_again == [EVENT]


def test_without_the_cache_nothing_is_written(repo: Path) -> None:
    validate(repo, NOW)
    assert not (repo / ".cache").exists()


@pytest.mark.parametrize("variable", ["CI", "HETERO_NO_CACHE"])
def test_ci_and_the_variable_turn_it_off(repo: Path, monkeypatch: pytest.MonkeyPatch, variable: str) -> None:
    monkeypatch.setenv(variable, "true")
    validate(repo, NOW, cache=True)
    assert not (repo / ".cache").exists()


# --- Every kind of change between runs -------------------------------------------------


def test_edits_renames_deletions_and_additions(repo: Path) -> None:
    assert_same_as_cold(repo)

    # An edit that changes the size.
    replace_text(repo, EVENT, "title: Enam Tahun Hetero Space", "title: Tujuh Tahun Hetero Space Semarang")
    assert_same_as_cold(repo)

    # Same size, same modification time (two writes within one tick of the clock,
    # or an editor that restores it): only the bytes tell.
    path = repo / EVENT
    before = path.stat()
    replace_text(repo, EVENT, "attendance: 210", "attendance: 219")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert_same_as_cold(repo)
    catalog, _ = validate(repo, NOW, cache=True)
    assert {e.id: e.data.attendance for e in catalog.events}[Path(EVENT).stem] == 219

    # Renamed: a new id from the same bytes.
    renamed = "events/2026/2026-01-31-ulang-tahun-hetero-space.md"
    (repo / EVENT).rename(repo / renamed)
    assert_same_as_cold(repo)

    # Moved into the wrong year's folder, bytes unchanged: an error now.
    wrong = "events/2025/2026-01-31-ulang-tahun-hetero-space.md"
    (repo / renamed).rename(repo / wrong)
    assert_same_as_cold(repo)
    (repo / wrong).rename(repo / renamed)

    # Deleted, then written back.
    text = (repo / PROGRAM).read_bytes()
    (repo / PROGRAM).unlink()
    assert_same_as_cold(repo)
    (repo / PROGRAM).write_bytes(text)
    assert_same_as_cold(repo)

    # A file replaced by one with the same bytes under another name and spelling.
    other = "programs/foto-produk-umkm-lama.yaml"
    (repo / PROGRAM).rename(repo / other)
    assert_same_as_cold(repo)

    # Two files with the same bytes at once: a duplicate id across spellings.
    (repo / PROGRAM).write_bytes(text)
    (repo / other).rename(repo / "programs/foto-produk-umkm.yaml")
    assert_same_as_cold(repo)
    (repo / "programs/foto-produk-umkm.yaml").unlink()

    # A new file, and a new folder.
    write(
        repo,
        "events/2027/2027-02-01-kelas-baru.md",
        """\
        ---
        title: Kelas Baru
        format: online
        online:
          platform: Zoom
        start: 2027-02-01 09:00
        end: 2027-02-01 11:00
        ---

        Kelas daring.
        """,
    )
    assert_same_as_cold(repo)
    shutil.rmtree(repo / "events/2027")
    assert_same_as_cold(repo)


def test_broken_files_and_drafts(repo: Path) -> None:
    validate(repo, NOW, cache=True)
    # A required field broken: the file is read as a draft, whose class is made at run time.
    replace_text(repo, EVENT, "start: 2026-01-31 18:30", "start: besok sore")
    # YAML that does not parse.
    replace_text(repo, PROGRAM, "title:", "title: [")
    # A partner id that cannot be an id, and a broken field in partners.yml.
    replace_text(repo, PARTNERS, "impala-space:", "Impala Space:")
    replace_text(repo, PARTNERS, "kind: bank", "kind: bankir")
    # Not UTF-8, empty, NUL, a file name that is no event's.
    (repo / "events/2026/2026-02-01-latin.md").write_bytes("---\ntitle: Caf\u00e9\n---\n".encode("latin-1"))
    (repo / "events/2026/2026-02-02-kosong.md").write_bytes(b"")
    (repo / "events/2026/2026-02-03-nul.md").write_bytes(b"---\ntitle: a\x00\n---\n")
    (repo / "events/2026/Acara Baru.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (repo / "events/2026/2026-02-30-tanggal.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (repo / "events/2026/.tersembunyi.md").write_text("not read", encoding="utf-8")
    assert_same_as_cold(repo)
    catalog, found = validate(repo, NOW, cache=True)
    assert any(record.source.path == EVENT for record in catalog.drafts)
    assert any(d.path == PROGRAM and d.severity == "error" for d in found)

    # Fixed again: back to the bytes of the first run.
    replace_text(repo, EVENT, "start: besok sore", "start: 2026-01-31 18:30")
    assert_same_as_cold(repo)


# --- A cache that cannot be trusted ------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not a pickle at all",
        pickle.dumps({"shard": "events/2026", "entries": []}),
        pickle.dumps({"shard": "events/2026", "entries": {("events", EVENT): ("x", "y")}}),
        pickle.dumps(["a", "list"]),
    ],
    ids=["empty", "garbage", "wrong-entries", "wrong-entry", "wrong-type"],
)
def test_a_corrupt_cache_is_ignored_and_rewritten(
    repo: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    cold = validate(repo, NOW)
    validate(repo, NOW, cache=True)
    for path in cache_files(repo):
        path.write_bytes(damage)
    assert validate(repo, NOW, cache=True) == cold
    no_parsing(monkeypatch)
    assert validate(repo, NOW, cache=True) == cold


def test_a_truncated_cache_file(repo: Path) -> None:
    cold = validate(repo, NOW)
    validate(repo, NOW, cache=True)
    for path in cache_files(repo):
        path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    assert validate(repo, NOW, cache=True) == cold


class _Sneaky:
    def __reduce__(self) -> tuple:
        return (os.system, ("touch pwned",))


def test_a_cache_file_cannot_run_code(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pickles can call anything; a planted cache file is refused, not run."""
    cold = validate(repo, NOW)
    validate(repo, NOW, cache=True)
    for path in cache_files(repo):
        path.write_bytes(pickle.dumps({"shard": "events/2026", "entries": _Sneaky()}))
    monkeypatch.chdir(repo)
    assert validate(repo, NOW, cache=True) == cold
    assert not (repo / "pwned").exists()


def test_the_cache_folder_deleted(repo: Path) -> None:
    cold = validate(repo, NOW)
    validate(repo, NOW, cache=True)
    shutil.rmtree(repo / ".cache")
    assert validate(repo, NOW, cache=True) == cold
    assert cache_files(repo)


def test_a_cache_that_cannot_be_written(repo: Path) -> None:
    (repo / ".cache").write_text("a file where the folder goes", encoding="utf-8")
    cold = validate(repo, NOW)
    assert validate(repo, NOW, cache=True) == cold
    assert validate(repo, NOW, cache=True) == cold


def test_other_code_never_reads_this_cache(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    validate(repo, NOW, cache=True)
    first = {path.parent.name for path in cache_files(repo)}
    assert first == {tool_version()}
    # Another version of the code (any source file of hetero/ edited): a cold start,
    # and the old version's cache is removed.
    monkeypatch.setattr(cache_module, "tool_version", lambda: "0" * 32)
    read_again: list[str] = []
    original = loader._file_records
    monkeypatch.setattr(loader, "_file_records", lambda rel, *a: read_again.append(rel) or original(rel, *a))
    validate(repo, NOW, cache=True)
    assert read_again
    assert {path.parent.name for path in cache_files(repo)} == {"0" * 32}


def test_the_key_covers_every_module_the_loader_runs() -> None:
    """An edit to any module the loader imports must start a new cache."""
    code = "import sys, hetero.loader; print(sorted(m for m in sys.modules if m.split('.')[0] == 'hetero'))"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ast.literal_eval(found.stdout) == sorted(KEY_MODULES)


def test_the_command_gives_the_same_output(repo: Path) -> None:
    replace_text(repo, EVENT, "start: 2026-01-31 18:30", "start: besok sore")
    first = run_hetero(repo, "validate", "--now", "2026-11-24T12:00+07:00", env={"CI": ""})
    assert cache_files(repo)
    second = run_hetero(repo, "validate", "--now", "2026-11-24T12:00+07:00", env={"CI": ""})
    assert (second.returncode, second.stdout, second.stderr) == (first.returncode, first.stdout, first.stderr)
    assert first.returncode == 1


def _stamps(root: Path) -> dict[str, tuple[int, int, int]]:
    """What the preview knows each file by (hetero/serve.py `_snapshot`)."""
    found = {}
    for path in root.rglob("*"):
        if path.is_file():
            status = path.stat()
            found[path.relative_to(root).as_posix()] = (status.st_mtime_ns, status.st_size, status.st_ino)
    return found


def test_a_preview_save_keeps_the_cache_of_the_files_it_did_not_read(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`hetero serve` takes unchanged files' results from memory, without the cache; the
    cache must still hold them for the next `hetero validate`, which then reads only the edit."""
    from hetero.incremental import EventMemo, remembering

    memo = EventMemo()
    memo.stamps = _stamps(repo)
    with remembering(memo):
        load(repo, cache=True)
        replace_text(repo, EVENT, "start: 2026-01-31 18:30", "start: 2026-01-31 18:45")
        memo.stamps = _stamps(repo)
        read: list[str] = []
        parse = loader._file_records
        monkeypatch.setattr(loader, "_file_records", lambda rel, *args: read.append(rel) or parse(rel, *args))
        after_save = load(repo, cache=True)
    assert read == [EVENT]
    assert after_save == load(repo)
    # The next command, with no memory of the preview's: every file from the cache.
    no_parsing(monkeypatch)
    assert load(repo, cache=True) == after_save


# --- Any sequence of changes ------------------------------------------------------------

_NAMES = ["events/2026/2026-03-01-a.md", "events/2026/2026-03-02-b.md", "events/2025/2026-03-03-c.md"]
_PROGRAMS = ["programs/p.yml", "programs/q.yaml"]
_ONLINE = "format: online\nonline:\n  platform: Zoom\nstart: 2026-03-01 09:00\nend: 2026-03-01 10:00\n"
_EVENT_TEXTS = [
    f"---\ntitle: A\n{_ONLINE}---\n\nIsi.\n",
    f"---\ntitle: B\n{_ONLINE}---\n\nIsi.\n",
    "---\ntitle: A\nformat: online\nstart: besok\n---\n",
    "---\ntitle: [\n---\n",
    "---\ntitle: A\n",
    "",
]
_PROGRAM_TEXTS = [
    "title: P\npillar: mbangun\nkind: class\ndescription: Kelas.\n",
    "title: Q\npillar: srawung\nkind: seminar\ndescription: Seminar.\n",
    "title: P\npillar: tidak-ada\n",
    "- a list\n",
]

_OPERATION = st.one_of(
    st.tuples(st.just("write"), st.sampled_from(_NAMES), st.sampled_from(_EVENT_TEXTS)),
    st.tuples(st.just("write"), st.sampled_from(_PROGRAMS), st.sampled_from(_PROGRAM_TEXTS)),
    st.tuples(st.just("same-size"), st.sampled_from(_NAMES + _PROGRAMS), st.just("")),
    st.tuples(st.just("move"), st.sampled_from(_NAMES), st.sampled_from(_NAMES)),
    st.tuples(st.just("move"), st.sampled_from(_PROGRAMS), st.sampled_from(_PROGRAMS)),
    st.tuples(st.just("delete"), st.sampled_from(_NAMES + _PROGRAMS), st.just("")),
    st.tuples(st.just("damage-cache"), st.just(""), st.just("")),
)


def _apply(root: Path, operation: tuple[str, str, str]) -> None:
    action, name, other = operation
    path = root / name
    if action == "write":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(other, encoding="utf-8", newline="")
    elif action == "same-size" and path.is_file() and path.stat().st_size:
        before = path.stat()
        data = bytearray(path.read_bytes())
        middle = len(data) // 2
        data[middle] = ord("x") if data[middle] != ord("x") else ord("y")
        path.write_bytes(bytes(data))
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    elif action == "move" and path.is_file():
        (root / other).parent.mkdir(parents=True, exist_ok=True)
        path.replace(root / other)
    elif action == "delete" and path.is_file():
        path.unlink()
    elif action == "damage-cache":
        for cached in cache_files(root):
            cached.write_bytes(cached.read_bytes()[:-7])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(_OPERATION, min_size=1, max_size=8))
def test_any_sequence_of_changes(tmp_path_factory: pytest.TempPathFactory, operations: list) -> None:
    root = tmp_path_factory.mktemp("sequence")
    for operation in operations:
        _apply(root, operation)
        cold = load(root)
        assert load(root, cache=True) == cold
        assert load(root, cache=True) == cold
        assert _positions(load(root, cache=True)[0]) == _positions(cold[0])
    assert validate(root, NOW, cache=True) == validate(root, NOW)


# --- The fast paths of the checks that always run -----------------------------------------

_LEAD_WORDS = [word for text in PLACEHOLDERS for word in text.split()[:5]]


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(
        st.one_of(
            st.sampled_from(_LEAD_WORDS),
            st.sampled_from([" ", "  ", "\n", "\t", "\r\n", "\x0b", "\x1c", "\x85", "\u2028", "\xa0", "\0"]),
            st.sampled_from(["TULIS", "tUlIs", "Tulıs", "ſini:", "K", "\u212a", "é", "ß"]),
            st.text(max_size=5),
        ),
        max_size=30,
    )
)
def test_the_placeholder_shortcut_agrees_with_the_pattern(parts: list[str]) -> None:
    text = "".join(parts)
    assert _may_hold_placeholder(text) == (_PLACEHOLDER_LEADS.search(text) is not None)


@pytest.mark.parametrize("text", [" ".join(t.split()[:5]) for t in PLACEHOLDERS])
def test_the_placeholder_shortcut_finds_each_lead(text: str) -> None:
    for variant in (text, text.upper(), text.replace(" ", "\n  "), f"awal {text.lower()} akhir"):
        assert _may_hold_placeholder(variant)
        assert _PLACEHOLDER_LEADS.search(variant)


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(
        alphabet=st.one_of(
            st.characters(codec="utf-8"),
            st.sampled_from(["\r", "\n", "\t", "\x00", "\x7f", "\x85", "\ud800", "\ufffe", "\U0010ffff"]),
        )
    ),
    multiline=st.booleans(),
)
def test_the_printable_shortcut_of_clean_text_changes_nothing(text: str, multiline: bool) -> None:
    slow = text.replace("\r\n", "\n").replace("\r", "\n") if multiline else _BREAKS.sub(" ", text)
    assert clean_text(text, multiline=multiline) == _UNSAFE.sub("", slow)


def test_a_registration_answer_belongs_to_its_event_and_catalog(repo: Path) -> None:
    catalog, _ = load(repo)
    for event in catalog.events:
        assert effective_registration(event, catalog) == _merged_registration(event, catalog)
        assert effective_registration(event, catalog) is effective_registration(event, catalog)
    # The same file edited: a new catalog and new records, never the old answer.
    replace_text(repo, PROGRAM, "fee: 25000", "fee: 27500")
    again, _ = load(repo)
    for event in again.events:
        assert effective_registration(event, again) == _merged_registration(event, again)
    assert any(e.data.program == Path(PROGRAM).stem and e.data.registration for e in again.events)


# --- Incremental generation --------------------------------------------------------------


def _written(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_a_build_writes_only_the_pages_that_changed(repo: Path) -> None:
    """The writers give the same bytes for the same content, and `_sync` writes only what differs."""
    docs = repo / STAGING_DIR
    stage(repo, NOW)
    first = _written(docs)
    stage(repo, NOW)
    assert _written(docs) == first
    replace_text(repo, EVENT, "attendance: 210", "attendance: 211")
    stage(repo, NOW)
    changed = {path for path, stamp in _written(docs).items() if first.get(path) != stamp}
    assert f"acara/{Path(EVENT).stem}.md" in changed
    # Only pages that show the attendance: the event, lists and reports that count it.
    assert len(changed) < len(first) / 4
