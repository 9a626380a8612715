"""Thousands of content files are read by two processes (hetero/helper.py, hetero/loader.py).

Whichever process read a file, validation must give exactly what one process
gives: the same catalog, positions included, and the same problems, in the
loader's own order. The sample has a few dozen files, so these tests start
the helper from the first file (`READ_AHEAD_FROM`) and hand it a few at a time.
"""

from __future__ import annotations

import os
from contextlib import ExitStack
from pathlib import Path

import pytest
from conftest import NOW, write

from hetero import helper, loader
from hetero.cache import CACHE_DIR
from hetero.loader import load
from hetero.validate import validate

EVENT = "events/2026/2026-01-31-ulang-tahun-ke-6.md"
PROGRAM = "programs/foto-produk-umkm.yml"


@pytest.fixture
def many_and_broken(repo: Path) -> Path:
    """The sample, sixty more events, and files broken in every way the loader reports."""
    for number in range(60):
        write(
            repo,
            f"events/2027/2027-03-{1 + number % 28:02d}-kelas-{number}.md",
            f"""\
            ---
            title: Kelas Malam {number}
            format: online
            online:
              platform: Zoom
            start: 2027-03-{1 + number % 28:02d} 19:00
            end: 2027-03-{1 + number % 28:02d} 21:00
            ---

            Kelas daring ke-{number}.
            """,
        )
    text = (repo / EVENT).read_text(encoding="utf-8")
    (repo / EVENT).write_text(text.replace("start: 2026-01-31 18:30", "start: besok sore"), encoding="utf-8")
    text = (repo / PROGRAM).read_text(encoding="utf-8")
    (repo / PROGRAM).write_text(text.replace("title:", "title: [", 1), encoding="utf-8")
    (repo / "events/2026/2026-02-01-latin.md").write_bytes("---\ntitle: Caf\u00e9\n---\n".encode("latin-1"))
    (repo / "events/2026/2026-02-02-kosong.md").write_bytes(b"")
    (repo / "events/2026/Acara Baru.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    # The same id twice: reported once both files are read, whoever read them.
    (repo / "events/2027/2027-03-02-kelas-1.md").rename(repo / "events/2027/2027-03-02-kelas-1-salinan.md")
    return repo


def _positions(catalog: object) -> list[tuple[str, dict, dict]]:
    records = [*catalog.events, *catalog.drafts, *catalog.programs.values()]  # type: ignore[attr-defined]
    return [(r.source.path, dict(r.source.values), dict(r.source.keys)) for r in records]


def _read_by_one_process(root: Path) -> tuple:
    return load(root), validate(root, NOW), _positions(validate(root, NOW)[0])


def test_files_read_by_a_helper_give_what_one_process_reads(
    many_and_broken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("HETERO_NO_CACHE", "1")
    read_here = []
    parse = loader._file_records

    def counted(rel: str, *args: object) -> list:
        read_here.append(rel)
        return parse(rel, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "_file_records", counted)
    alone = _read_by_one_process(many_and_broken)
    read_alone = len(read_here) // 3

    monkeypatch.setattr(loader, "READ_AHEAD_FROM", 0)
    monkeypatch.setattr(loader, "_READ_AHEAD_BATCH", 3)
    read_here.clear()
    assert load(many_and_broken) == alone[0]
    # The helper read part of them, from the end: this process read the first.
    assert 0 < len(read_here) < read_alone
    assert read_here[0] == loader._kind_files(many_and_broken, loader.KINDS[0], loader._Report())[0][0]
    assert _read_by_one_process(many_and_broken) == alone
    assert len(alone[1][0].events) > 60 and alone[1][1]


def test_the_cache_made_with_a_helper_serves_the_next_run(
    many_and_broken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("CI", "HETERO_NO_CACHE"):
        monkeypatch.delenv(variable, raising=False)
    alone = validate(many_and_broken, NOW)
    monkeypatch.setattr(loader, "READ_AHEAD_FROM", 0)
    assert validate(many_and_broken, NOW, cache=True) == alone
    assert list((many_and_broken / CACHE_DIR).rglob("*.pickle"))

    def refuse(rel: str, *args: object) -> None:
        raise AssertionError(f"{rel} was read again although it did not change")

    monkeypatch.setattr(loader, "_file_records", refuse)
    # Every file is cached: no helper starts, and nothing is read again.
    assert validate(many_and_broken, NOW, cache=True) == alone


def _tagged(items: list[int]) -> list[tuple[int, int]]:
    return [(item * item, os.getpid()) for item in items]


def _fails_on_seven(items: list[int]) -> list[int]:
    if 7 in items:
        raise ValueError("tujuh")
    return items


def test_shared_work_comes_back_in_order_and_the_helper_takes_the_last_batch() -> None:
    with ExitStack() as running:
        results = list(helper.shared(_tagged, range(40), 4, running))
    assert [square for square, _ in results] == [n * n for n in range(40)]
    # The helper starts from the end; the caller from the start.
    assert results[-1][1] != os.getpid()
    assert results[0][1] == os.getpid()


def test_a_failure_in_shared_work_reaches_the_caller() -> None:
    with pytest.raises(ValueError, match="tujuh"), ExitStack() as running:
        list(helper.shared(_fails_on_seven, range(12), 2, running))
