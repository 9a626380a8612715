"""Files that would publish something they should not: links, raw pages, scripts, reserved names.

Each case is refused by `hetero validate` at the file, so that nothing of it
can reach the built site.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import CONTENT_FOLDERS, NOW_TEXT, PROJECT, errors, run_hetero, write, write_bytes

from hetero.files import hand_written, served_at

SECRET = "rahasia-di-luar-repositori"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside the repository copy."""
    secret = tmp_path / "luar" / "kunci.txt"
    secret.parent.mkdir()
    secret.write_text(SECRET + "\n", encoding="utf-8")
    return secret


def _paths(repo: Path) -> set[str]:
    return {d.path for d in errors(repo)}


def test_a_symlinked_asset_is_refused(repo: Path, outside: Path):
    (repo / "content/images/kunci.txt").symlink_to(outside)
    found = [d for d in errors(repo) if d.path == "content/images/kunci.txt"]
    assert len(found) == 1
    assert (found[0].line, found[0].col) == (1, 1)
    assert "symlink" in found[0].message


def test_a_symlinked_folder_and_event_are_refused(repo: Path, outside: Path):
    (repo / "content/luar").symlink_to(outside.parent, target_is_directory=True)
    event = repo / "events/2026/2026-12-12-dari-hobi-jadi-usaha.md"
    copy = repo / "events/2026/2026-12-13-salinan.md"
    copy.symlink_to(event)
    assert {"content/luar", "events/2026/2026-12-13-salinan.md"} <= _paths(repo)


def test_a_symlink_is_never_built(repo: Path, outside: Path, tmp_path: Path):
    (repo / "content/images/kunci.txt").symlink_to(outside)
    result = run_hetero(repo, "build", "--now", NOW_TEXT, "--out", str(tmp_path / "site"))
    assert result.returncode == 1
    assert "content/images/kunci.txt:1:1: error:" in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    "path",
    [
        "content/acara.md",
        "content/acara/index.md",
        "content/acara/tambahan.md",
        "content/program/index.md",
        "content/kalender/semua.ics",
        "content/dampak.md",
        "content/robots.txt",
        "content/api/events.json",
        "content/sitemap.xml",
        "content/search/search_index.json",
        "content/assets/javascripts/bundle.js",
        "content/cari.md",
        "content/pagefind/pagefind-entry.json",
        "content/sitemap.xml.gz",
    ],
)
def test_a_hand_written_file_where_the_site_writes_its_own_is_refused(repo: Path, path: str):
    write(repo, path, "---\ntitle: Tambahan\n---\n\nHalo.\n")
    found = [d for d in errors(repo) if d.path == path]
    assert len(found) == 1, errors(repo)
    assert "halaman buatan otomatis" in found[0].message


@pytest.fixture(scope="module")
def built_top_level(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """What the top of the sample site holds once built."""
    root = tmp_path_factory.mktemp("built")
    for folder in CONTENT_FOLDERS:
        shutil.copytree(PROJECT / folder, root / folder)
    result = run_hetero(root, "build", "--now", NOW_TEXT, "--out", str(root / "site"))
    assert result.returncode == 0, result.stderr
    return {path.name for path in (root / "site").iterdir()}


def test_no_hand_written_file_may_take_a_name_the_build_gives_its_own(repo: Path, built_top_level: set[str]):
    # The home page is content/index.md's own, and hidden files are never published (the build's
    # stamp is one); everything else at the top no hand-written file made.
    from_content = {served_at(relative).split("/", 1)[0] for relative in hand_written(repo / "content")}
    generated = {name for name in built_top_level - from_content - {"index.html"} if not name.startswith(".")}
    assert {"acara", "cari", "pagefind", "sitemap.xml"} <= generated
    written = set()
    for name in generated:
        path = f"content/{name}" if "." in name else f"content/{name}.md"
        write(repo, path, "---\ntitle: Tambahan\n---\n\nHalo.\n")
        written.add(path)
    assert written <= _paths(repo)


def test_two_hand_written_pages_at_one_address_are_refused(repo: Path):
    write(repo, "content/tentang/index.md", "---\ntitle: Tentang lagi\n---\n\nHalo.\n")
    found = errors(repo)
    assert [(d.path, d.line) for d in found] == [("content/tentang/index.md", 1)]
    assert "content/tentang.md" in found[0].message


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("content/halaman.html", b"<script>alert(1)</script>"),
        ("content/lama/arsip.HTM", b"<p>x</p>"),
        ("content/skrip.js", b"alert(1)"),
        ("content/images/modul.mjs", b"alert(1)"),
        (
            "content/images/logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        ),
        ("content/images/ikon.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'),
        (
            "content/images/luar.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/></svg>',
        ),
    ],
)
def test_files_that_bypass_the_sanitiser_are_refused(repo: Path, path: str, data: bytes):
    write_bytes(repo, path, data)
    assert [d.path for d in errors(repo)] == [path]


def test_safe_assets_stay_valid(repo: Path):
    write_bytes(
        repo,
        "content/images/bersih.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>',
    )
    write_bytes(repo, "content/assets/tambahan.js", b"document.documentElement.dataset.x = '1';\n")
    write(repo, "content/panduan/mendaftar.md", "---\ntitle: Cara mendaftar\n---\n\nIsi formulir.\n")
    assert errors(repo) == []


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("programs/magang-smk.yml", "programs/index.yml"),
        ("content/branches/solo.md", "content/branches/index.md"),
        ("content/stories/pasarkita.md", "content/stories/index.md"),
    ],
)
def test_an_id_that_names_a_list_page_is_refused(repo: Path, source: str, target: str):
    shutil.copy(repo / source, repo / target)
    found = [d for d in errors(repo) if d.path == target]
    assert [(d.line, d.col) for d in found] == [(1, 1)]
    assert "id `index`" in found[0].message
