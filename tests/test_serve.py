"""`hetero serve`: the preview follows edits to events, theme overrides and page templates."""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from browser import REPO
from servehelpers import copy_package, free_port, start_preview, stop_preview, wait_for

EVENT = "events/2026/2026-12-12-dari-hobi-jadi-usaha.md"


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def preview(tmp_path: Path):
    import shutil

    for name in ("content", "programs", "events", "overrides"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    package = copy_package(tmp_path)
    port = free_port()
    process = start_preview(tmp_path, package, port, subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(lambda: "Hetero Space" in _fetch(base)), "the preview did not start"
        yield tmp_path, base, package / "hetero"
    finally:
        stop_preview(process)
    assert wait_for(lambda: not _group_alive(process.pid), 20), "MkDocs' server kept running after serve"


def test_preview_follows_an_edited_event(preview) -> None:
    root, base, _ = preview
    page = base + "acara/2026-12-12-dari-hobi-jadi-usaha/"
    assert "Dari Hobi Jadi Usaha" in _fetch(page)
    event = root / EVENT
    event.write_text(event.read_text(encoding="utf-8").replace("Dari Hobi Jadi Usaha", "Dari Hobi Jadi Cuan"))
    assert wait_for(lambda: "Dari Hobi Jadi Cuan" in _fetch(page))


def test_preview_follows_an_edited_template(preview) -> None:
    root, base, _ = preview
    template = root / "overrides" / "main.html"
    text = template.read_text(encoding="utf-8")
    marker = '<meta property="og:locale" content="id_ID">'
    assert marker in text
    template.write_text(text.replace(marker, marker + '<meta name="penanda" content="penanda-pratinjau">'))
    assert wait_for(lambda: "penanda-pratinjau" in _fetch(base + "tentang/"))


def test_preview_follows_an_edited_page_template(preview) -> None:
    _, base, package = preview
    template = package / "templates" / "branches.md.j2"
    page = base + "cabang/"
    assert "Semarang" in _fetch(page)
    # Half-written first: a syntax error keeps the last good pages and the preview running.
    template.write_text(template.read_text(encoding="utf-8") + "{% if %}\n", encoding="utf-8")
    time.sleep(3)
    assert "Semarang" in _fetch(page)
    template.write_text(
        template.read_text(encoding="utf-8").replace("{% if %}", "penanda-templat-halaman"), encoding="utf-8"
    )
    assert wait_for(lambda: "penanda-templat-halaman" in _fetch(page))


def test_preview_shows_content_errors_until_they_are_fixed(preview) -> None:
    root, base, _ = preview
    page = base + "acara/2026-12-12-dari-hobi-jadi-usaha/"
    event = root / EVENT
    good = event.read_text(encoding="utf-8")
    assert "format: hybrid" in good
    # The message quotes what was typed: markup in it must reach the browser as text.
    event.write_text(good.replace("format: hybrid", "format: <b>luring</b>"), encoding="utf-8")
    assert wait_for(lambda: "Pratinjau belum dapat ditampilkan" in _fetch(page))
    shown = _fetch(page)
    assert "`format` bernilai `&lt;b&gt;luring&lt;/b&gt;`" in shown
    assert "<b>luring</b>" not in shown
    assert f"{EVENT}:" in shown
    # Every page says so, not only the one with the mistake.
    assert "Pratinjau belum dapat ditampilkan" in _fetch(base + "tentang/")
    event.write_text(good, encoding="utf-8")
    assert wait_for(lambda: "Dari Hobi Jadi Usaha" in _fetch(page))
    assert "Pratinjau belum dapat ditampilkan" not in _fetch(page)
    assert "Pratinjau belum dapat ditampilkan" not in _fetch(base + "tentang/")
