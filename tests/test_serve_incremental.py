"""`hetero serve` renders only what an edit changed, and ends up serving what a clean build writes.

The preview keeps MkDocs and each unchanged event's results between saves
(hetero/preview_server.py, hetero/incremental.py). After a sequence of edits
of every kind (an event's title, a new event, a deleted event, a program,
the theme's overrides, a page template), every file of a fresh `hetero build`
of the same content at the same `--now` must be served with the same bytes.

What may differ, and only that, is serve-specific:
- served HTML carries MkDocs' reload script before `</body>` and the preview's
  search banner after `<body ...>` (both added to the response only);
- built HTML carries the Content-Security-Policy `<meta>` that the build's
  last pass (hetero/harden.py) adds; the preview skips that pass;
- the build's Pagefind bundle (`pagefind/`) is not in the preview, which has
  no search index (the banner says so), nor the stamp that marks a folder as
  a build's output (hetero/outdir.py `STAMP`).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest
from browser import REPO
from servehelpers import NOW, copy_package, free_port, start_preview, stop_preview, wait_for

from hetero.outdir import STAMP
from hetero.search import BUNDLE_DIR

EDITED = "events/2026/2026-12-12-dari-hobi-jadi-usaha.md"
DELETED = "events/2026/2026-10-14-konten-video-pendek-untuk-jualan.md"
ADDED = "events/2026/2026-12-13-hobi-jadi-usaha-lanjutan.md"
PROGRAM = "programs/foto-produk-umkm.yml"
SOURCES = ("content", "programs", "events", "overrides", "mkdocs.yml")

_RELOAD_SCRIPT = re.compile(rb"<script>\s*var livereload = function.*?</script>(?=</body>)", re.DOTALL)
_BANNER = re.compile(rb'<div class="hs-preview-banner"[^>]*>.*?</div>', re.DOTALL)
_POLICY = re.compile(rb'\n<meta http-equiv="Content-Security-Policy" content="[^"]*">')


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""
    except OSError:
        return 0, b""


def _text(url: str) -> str:
    return _get(url)[1].decode("utf-8", "replace")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _copy_sources(target: Path) -> None:
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, target / name)
        else:
            shutil.copy(REPO / name, target / name)


def _served(body: bytes) -> bytes:
    return _BANNER.sub(b"", _RELOAD_SCRIPT.sub(b"", body), count=1)


def test_the_preview_serves_a_clean_build_after_a_sequence_of_edits(tmp_path: Path) -> None:
    root = tmp_path / "preview"
    _copy_sources(root)
    package = copy_package(tmp_path)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = tmp_path / "serve.log"
    process = start_preview(root, package, port, log.open("w", encoding="utf-8"))
    try:
        assert wait_for(lambda: "Hetero Space" in _text(base)), "the preview did not start"
        event_page = base + "acara/2026-12-12-dari-hobi-jadi-usaha/"
        assert "Dari Hobi Jadi Usaha" in _text(event_page)
        assert "Pratinjau: pencarian belum memuat perubahan" in _text(base)

        # 1. The theme's overrides: every page, MkDocs loaded afresh. First, so that
        # the incremental steps after it are what the comparison checks.
        _replace(
            root / "overrides" / "main.html",
            '<meta property="og:locale" content="id_ID">',
            '<meta property="og:locale" content="id_ID"><meta name="penanda" content="penanda-tema">',
        )
        assert wait_for(lambda: "penanda-tema" in _text(base + "tentang/"))

        # 2. An event's title: its page and the lists that show it.
        _replace(root / EDITED, "title: Dari Hobi Jadi Usaha", "title: Dari Hobi Jadi Cuan")
        assert wait_for(lambda: "Dari Hobi Jadi Cuan" in _text(event_page))
        for page in ("", "acara/", "program/seminar-inspirasi-wirausaha/", "cabang/semarang/"):
            assert wait_for(lambda page=page: "Dari Hobi Jadi Cuan" in _text(base + page)), page
        # Only the pages that show the event were rendered again, not the whole site.
        rendered = [
            int(n) for n in re.findall(r"\((\d+) halaman ditulis ulang\)", log.read_text(encoding="utf-8"))
        ]
        assert len(rendered) >= 3 and rendered[0] == rendered[1] > 50, rendered
        assert rendered[-1] <= 10, rendered

        # 3. A new event, the day after.
        text = (root / EDITED).read_text(encoding="utf-8")
        (root / ADDED).write_text(
            text.replace("Dari Hobi Jadi Cuan", "Hobi Jadi Usaha Lanjutan").replace(
                "2026-12-12 ", "2026-12-13 "
            ),
            encoding="utf-8",
        )
        added_page = base + "acara/2026-12-13-hobi-jadi-usaha-lanjutan/"
        assert wait_for(lambda: "Hobi Jadi Usaha Lanjutan" in _text(added_page))
        assert wait_for(lambda: "Hobi Jadi Usaha Lanjutan" in _text(base + "acara/"))

        # 4. An event deleted: its page goes, and the lists forget it.
        deleted_page = base + "acara/2026-10-14-konten-video-pendek-untuk-jualan/"
        assert _get(deleted_page)[0] == 200
        (root / DELETED).unlink()
        assert wait_for(lambda: _get(deleted_page)[0] == 404)

        # 5. A program's title, which its events' pages print.
        _replace(root / PROGRAM, "title: Kelas Foto Produk UMKM", "title: Kelas Foto Produk Naik Kelas")
        assert wait_for(lambda: "Kelas Foto Produk Naik Kelas" in _text(base + "program/foto-produk-umkm/"))

        # 6. A page template: the pages it writes.
        template = package / "hetero" / "templates" / "branches.md.j2"
        template.write_text(
            template.read_text(encoding="utf-8") + "\npenanda-templat-halaman\n", encoding="utf-8"
        )
        assert wait_for(lambda: "penanda-templat-halaman" in _text(base + "cabang/"))

        # A clean build of the same sources, elsewhere, with the same package.
        clean = tmp_path / "clean"
        shutil.copytree(root, clean, ignore=shutil.ignore_patterns("build", ".cache"))
        built = subprocess.run(
            [sys.executable, "-m", "hetero", "--root", str(clean), "build", "--now", NOW],
            cwd=package,
            capture_output=True,
            text=True,
        )
        assert built.returncode == 0, built.stdout + built.stderr
        site = clean / "site"
        compared, differing = 0, []
        for path in sorted(site.rglob("*")):
            relative = path.relative_to(site).as_posix()
            if path.is_dir() or relative.startswith(f"{BUNDLE_DIR}/") or relative == STAMP:
                continue
            status, served = _get(base + relative)
            expected = path.read_bytes()
            if path.suffix == ".html":
                expected, served = _POLICY.sub(b"", expected, count=1), _served(served)
            compared += 1
            if status != 200 or served != expected:
                differing.append(f"{relative} ({status})")
        assert compared > 100
        assert not differing, f"{len(differing)} of {compared} files differ: {differing[:20]}"
        assert not (site / "acara" / "2026-10-14-konten-video-pendek-untuk-jualan").exists()
    finally:
        stop_preview(process)


@pytest.mark.parametrize("disk_cache", [True, False], ids=["disk-cache", "no-disk-cache"])
def test_the_preview_reports_what_hetero_validate_finds_after_each_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], disk_cache: bool
) -> None:
    """Between saves the preview keeps each unchanged file's loader result and each event's own
    checks; what it prints after a save must still be what a cold validation finds."""
    from hetero.diagnostics import report
    from hetero.serve import Preview
    from hetero.validate import validate

    monkeypatch.delenv("CI", raising=False)
    if disk_cache:
        monkeypatch.delenv("HETERO_NO_CACHE", raising=False)
    else:
        monkeypatch.setenv("HETERO_NO_CACHE", "1")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # the preview sets it; restored after the test
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    root = tmp_path / "preview"
    _copy_sources(root)
    preview = Preview(root, NOW)

    def printed_after_save() -> str:
        capsys.readouterr()
        preview.regenerate()
        printed = capsys.readouterr().err
        expected = io.StringIO()
        report(validate(root, datetime.fromisoformat(NOW))[1], root, stream=expected)
        assert printed.startswith(expected.getvalue()), (printed, expected.getvalue())
        return printed

    assert "tidak ada kesalahan" in printed_after_save()
    # An unknown room, then a second event with template text, then the room mended.
    _replace(root / EDITED, "room: aula", "room: aula-besar")
    assert "aula-besar" in printed_after_save()
    other = root / "events/2026/2026-12-05-foto-produk-akhir-tahun.md"
    other.write_text(other.read_text(encoding="utf-8") + "\nNama Pembicara\n", encoding="utf-8")
    printed = printed_after_save()
    assert "aula-besar" in printed and "Nama Pembicara" in printed
    _replace(root / EDITED, "room: aula-besar", "room: aula")
    printed = printed_after_save()
    assert "aula-besar" not in printed and "Nama Pembicara" in printed
    # Saved by a tool that keeps the modification time (`cp -p`, `rsync -t`).
    kept_time = (root / EDITED).stat().st_mtime_ns
    _replace(root / EDITED, "room: aula", "room: aula-kecil")
    os.utime(root / EDITED, ns=(kept_time, kept_time))
    assert "aula-kecil" in printed_after_save()
    _replace(root / EDITED, "room: aula-kecil", "room: aula")
    other.unlink()
    assert "0 kesalahan" in printed_after_save()
    # A program removed (outside events/: nothing kept), then put back.
    program = root / PROGRAM
    kept = program.read_text(encoding="utf-8")
    program.unlink()
    assert "foto-produk-umkm" in printed_after_save()
    program.write_text(kept, encoding="utf-8")
    assert "0 kesalahan" in printed_after_save()


def test_event_results_are_kept_only_while_the_event_file_is_unchanged() -> None:
    from hetero.catalog import Record, Source
    from hetero.incremental import EventMemo, per_event, remembering

    calls: list[str] = []

    @per_event
    def describe(event: Record, suffix: str) -> str:
        calls.append(event.id)
        return event.id + suffix

    event = Record("acara-a", None, Source("events/2026/acara-a.md"))  # type: ignore[arg-type]
    unseen = Record("acara-b", None, Source("events/2026/acara-b.md"))  # type: ignore[arg-type]
    # `hetero build` sets no memo: a plain call every time.
    assert describe(event, "!") == describe(event, "!") == "acara-a!"
    assert calls == ["acara-a", "acara-a"]
    calls.clear()
    memo = EventMemo()
    memo.stamps = {"events/2026/acara-a.md": (1, 10, 7)}
    with remembering(memo):
        assert describe(event, "!") == describe(event, "?") == "acara-a!"
        assert calls == ["acara-a"]
        # A file the preview has no stamp for is never taken from the memo.
        describe(unseen, "!")
        describe(unseen, "!")
        assert calls == ["acara-a", "acara-b", "acara-b"]
        memo.stamps = {"events/2026/acara-a.md": (2, 10, 7)}
        assert describe(event, "?") == "acara-a?"
        assert calls[-1] == "acara-a"
    calls.clear()
    describe(event, "!")
    assert calls == ["acara-a"]
