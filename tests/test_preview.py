"""`hetero build --preview`: the pull request's site works unzipped and opened by double-click.

Reviewers have no server: every page is a file:// URL, so each link must name
a file (`acara/index.html`, not `acara/`), and search must run without
fetching its index or starting a Web Worker from a file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from browser import DESKTOP, require_chromium
from bs4 import BeautifulSoup
from sitehelpers import NOW_TEXT, PROJECT, copy_repo, front_matter

from hetero import engines

# Every attribute a browser follows or loads.
_ADDRESS_ATTRIBUTES = ("href", "src")


def _build_preview(root: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("HETERO_NOW", "HETERO_SITE_URL")}
    command = [sys.executable, "-m", "hetero", "--root", str(root), "build", "--now", NOW_TEXT]
    return subprocess.run(
        [*command, "--out", str(out), "--preview", *extra],
        capture_output=True,
        text=True,
        cwd=root,
        env={**env, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("preview-repo"))
    out = tmp_path_factory.mktemp("preview") / "situs"
    result = _build_preview(root, out)
    assert result.returncode == 0, result.stderr
    return out


def _addresses(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [tag[name] for name in _ADDRESS_ATTRIBUTES for tag in soup.find_all(attrs={name: True})]


def test_every_link_in_every_page_names_a_file_beside_it(preview: Path):
    checked, broken = 0, []
    for page in sorted(preview.rglob("*.html")):
        for address in _addresses(page):
            parts = urlsplit(address)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # another site, or a place on this page
            checked += 1
            target = page.parent / unquote(parts.path)
            if parts.path.startswith("/") or not target.is_file():
                broken.append(f"{page.relative_to(preview)}: {address}")
    assert checked > 1000, checked
    assert broken == [], broken[:20]


def test_search_runs_from_the_folder_without_a_server(preview: Path):
    assert (preview / "search" / "search_index.js").is_file()
    # The worker shim comes from the site itself; no page names another host for a script.
    for page in sorted(preview.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script", src=True):
            assert not urlsplit(script["src"]).netloc, (page, script["src"])


def test_the_public_site_configuration_is_unchanged(tmp_path: Path):
    root = copy_repo(tmp_path, ("content", "programs", "events", "overrides", "mkdocs.yml"))
    public = yaml.safe_load(engines.mkdocs_config(root).read_text(encoding="utf-8"))
    local = yaml.safe_load(engines.mkdocs_config(root, preview=True).read_text(encoding="utf-8"))
    assert public["use_directory_urls"] is True
    assert "offline" not in public["plugins"]
    assert "polyfills" not in public.get("extra", {})
    assert local["use_directory_urls"] is False
    assert "offline" in local["plugins"]
    assert {k: v for k, v in local.items() if k not in ("use_directory_urls", "plugins", "extra")} == {
        k: v for k, v in public.items() if k not in ("use_directory_urls", "plugins", "extra")
    }


def test_preview_needs_mkdocs(tmp_path: Path):
    result = _build_preview(copy_repo(tmp_path / "repo"), tmp_path / "out", "--engine", "zensical")
    assert result.returncode == 2
    assert "--preview" in result.stderr


def test_search_finds_an_event_in_chromium_from_file_urls(preview: Path, browser):
    # The shared Chromium (tests/conftest.py): Playwright allows one sync session at a time.
    require_chromium()
    source = PROJECT / "events" / "2026" / "2026-12-05-foto-produk-akhir-tahun.md"
    title = front_matter(source)[0]["title"]
    event_page = (preview / "acara" / f"{source.stem}.html").resolve()
    assert event_page.is_file()
    page = browser.new_page(viewport=DESKTOP)
    try:
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto((preview / "index.html").resolve().as_uri(), wait_until="load")
        page.fill("input.md-search__input", title)
        page.wait_for_selector(".md-search-result__item", timeout=15_000)
        found = [link.get_attribute("href") for link in page.locator(".md-search-result__item a").all()]
        assert any(urlsplit(href).path == urlsplit(event_page.as_uri()).path for href in found), found
        # The result opens the event's page from the folder.
        page.goto(event_page.as_uri(), wait_until="load")
        assert title in page.title()
        assert errors == []
    finally:
        page.close()
