"""Links with a #fragment land on an element with that id, over the whole built site.

tests/test_site_build.py checks that every internal link reaches a built file;
this checks the part after `#`: a link to `page/#section` is broken when the
page has no element with id `section` (or an old-style `<a name>`). Links to
the production address (`site_url`) count as internal.
"""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from browser import REPO, build_site

BUILD_NOW = "2026-11-24T12:00+07:00"
SITE_URL = urlsplit(yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"])


class _Page(HTMLParser):
    """The ids a page defines and the links it makes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        if tag in ("a", "area") and values.get("href"):
            self.links.append(values["href"])


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def _target(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    """The file and fragment an internal link with a fragment points at; None for other links."""
    parts = urlsplit(href)
    if not parts.fragment:
        return None
    if parts.scheme or parts.netloc:
        if (parts.scheme, parts.netloc) != (SITE_URL.scheme, SITE_URL.netloc):
            return None
        path = "/" + parts.path.removeprefix(SITE_URL.path)
    elif not parts.path:
        return page, unquote(parts.fragment)
    elif parts.path.startswith("/"):
        path = parts.path
    else:
        path = posixpath.join("/" + page.parent.relative_to(site).as_posix(), parts.path)
    path = posixpath.normpath(unquote(path)).lstrip("/")
    target = site / path
    if target.is_dir() or path in ("", "."):
        target = target / "index.html"
    return target, unquote(parts.fragment)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    return build_site(root, root / "site", BUILD_NOW)


def test_every_fragment_link_points_at_an_existing_id(site: Path) -> None:
    pages = {path: _parse(path) for path in sorted(site.rglob("*.html"))}
    checked, broken = 0, []
    for path, page in pages.items():
        for href in page.links:
            found = _target(site, path, href)
            if found is None:
                continue
            target, fragment = found
            checked += 1
            if fragment in ("", "top"):  # both mean the top of the page in HTML
                continue
            if target not in pages:
                broken.append(f"{path.relative_to(site)}: {href} (no such page)")
            elif fragment not in pages[target].ids:
                broken.append(f"{path.relative_to(site)}: {href} (no id {fragment!r} there)")
    assert checked > 100, "the sample site links to headings on many pages"
    assert broken == [], "\n".join(broken)


def test_the_check_sees_a_broken_fragment(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="x">x</h2><a href="#x">ok</a><a href="../a/#y">no</a>')
    page = _parse(tmp_path / "a" / "index.html")
    targets = [_target(tmp_path, tmp_path / "a" / "index.html", href) for href in page.links]
    assert targets == [(tmp_path / "a" / "index.html", "x"), (tmp_path / "a" / "index.html", "y")]
    assert "x" in page.ids and "y" not in page.ids
