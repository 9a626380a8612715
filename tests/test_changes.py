"""`hetero changes`: the pages a pull request changes, listed in the check's summary."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import clean_env, run_hetero

from hetero.changes import page_of, summary


@pytest.mark.parametrize(
    ("file", "page"),
    [
        ("events/2026/2026-12-05-foto-produk-akhir-tahun.md", "acara/2026-12-05-foto-produk-akhir-tahun/"),
        ("programs/foto-produk-umkm.yml", "program/foto-produk-umkm/"),
        ("programs/foto-produk-umkm.yaml", "program/foto-produk-umkm/"),
        ("content/branches/semarang.md", "cabang/semarang/"),
        ("content/stories/ibu-sari.md", "cerita/ibu-sari/"),
        ("content/showcase/kopi-lereng.yml", "etalase/"),
        ("content/partners.yml", "mitra/"),
        ("content/tentang.md", "tentang/"),
        ("content/index.md", ""),
        # Not pages: an image, code, an event in the wrong year's folder, the footer data.
        ("content/images/acara/foto.jpg", None),
        ("hetero/cli.py", None),
        ("events/2025/2026-01-10-salah-folder.md", None),
        ("content/site.yml", None),
    ],
)
def test_each_content_file_names_its_page(file: str, page: str | None):
    assert page_of(file) == page


def _preview(tmp_path: Path) -> Path:
    for name in ("index.html", "tentang.html", "acara/index.html", "acara/2026-12-05-x.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("<p>", encoding="utf-8")
    return tmp_path


def test_summary_links_the_download_and_each_page(tmp_path: Path):
    files = ["events/2026/2026-12-05-x.md", "content/tentang.md", "programs/dihapus.yml", "Makefile"]
    text = summary(files, _preview(tmp_path), "https://example.org/hetero/", "https://github.com/o/r/a/1")
    assert "[Unduh pratinjau](https://github.com/o/r/a/1)" in text
    page = "https://example.org/hetero/acara/2026-12-05-x/"
    assert f"| `events/2026/2026-12-05-x.md` | `acara/2026-12-05-x.html` | {page} |" in text
    assert "| `content/tentang.md` | `tentang.html` | https://example.org/hetero/tentang/ |" in text
    assert "| `programs/dihapus.yml` | (halaman dihapus) |" in text
    assert "Makefile" not in text


def test_a_pull_request_without_pages_says_so(tmp_path: Path):
    text = summary(["Makefile"], _preview(tmp_path), "https://example.org/", "https://x.invalid/")
    assert "Tidak ada halaman" in text


def test_the_command_lists_what_changed_against_the_base_branch(repo: Path, tmp_path: Path):
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=clean_env())

    git("init", "-q", "-b", "main")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "base")
    git("update-ref", "refs/remotes/origin/main", "HEAD")
    (repo / "content" / "tentang.md").write_text("# Tentang kami\n", encoding="utf-8")
    git("add", "content/tentang.md")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "ubah")
    result = run_hetero(
        repo,
        "changes",
        "--preview",
        str(_preview(tmp_path / "pratinjau")),
        "--artifact-url",
        "https://x.invalid/a",
        env={"GITHUB_ACTIONS": "true", "GITHUB_BASE_REF": "main"},
    )
    assert result.returncode == 0, result.stderr
    assert "| `content/tentang.md` | `tentang.html` |" in result.stdout
