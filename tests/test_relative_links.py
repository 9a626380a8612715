"""Links between generated pages are relative (the site may live below a path): each one reaches its page."""

from __future__ import annotations

from urllib.parse import urljoin

from hypothesis import given
from hypothesis import strategies as st

from hetero.pages.base import relative_link

SITE = "https://contoh.id/situs/"
# Site paths as the page writers make them: `""` for home, else folders ending in `/`.
segment = st.text(alphabet="abcz019-._", min_size=1, max_size=6).filter(lambda s: s not in (".", ".."))
site_path = st.lists(segment, max_size=4).map(lambda parts: "".join(f"{p}/" for p in parts))


@given(page=site_path, target=site_path)
def test_a_link_from_any_page_reaches_its_target(page: str, target: str) -> None:
    link = relative_link(page, target)
    assert not link.startswith("/")
    assert urljoin(SITE + page, link) == SITE + target


def test_links_between_event_pages_and_lists() -> None:
    assert relative_link("acara/2026-12-01-x/", "program/foto/") == "../../program/foto/"
    assert relative_link("acara/arsip/2026/halaman/2/", "acara/arsip/2026/") == "../../"
    assert relative_link("", "acara/") == "acara/"
    assert relative_link("acara/", "acara/") == "./"
