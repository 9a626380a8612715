"""The sample site built by each engine, MkDocs (the default) and Zensical.

Material for MkDocs reaches end of life in May 2027; Zensical, its successor,
must build the same site from the same mkdocs.yml and overrides/: the same
pages, the same text in every page's content, events out of the navigation,
nothing from another host, and the same search records (hetero/search.py).
The theme around the content (header, navigation, search box) is each
engine's own and is not compared.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import run_hetero
from sitehelpers import NOW, NOW_TEXT, copy_repo, load_content, page_url, resolve

from hetero import cli, engines

ENGINES = ("mkdocs", "zensical")
SITE_HOST = "heterospace.github.io"  # site_url in mkdocs.yml: links to it are the site's own
FONT_HOSTS = ("fonts.googleapis.com", "fonts.gstatic.com")
EVENT_PAGE = re.compile(r"^acara/\d{4}-\d{2}-\d{2}-[^/]+$")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_repo(tmp_path_factory.mktemp("engines"))


@pytest.fixture(scope="module")
def sites(repo: Path) -> dict[str, Path]:
    """The sample content built once by each engine, from one copy of it."""
    built = {}
    for engine in ENGINES:
        out = repo / f"site-{engine}"
        result = run_hetero(repo, "build", "--now", NOW_TEXT, "--out", str(out), "--engine", engine)
        assert result.returncode == 0, f"{engine}:\n{result.stderr}"
        built[engine] = out
    return built


@pytest.fixture(scope="module")
def pages(sites: dict[str, Path]) -> dict[str, dict[str, BeautifulSoup]]:
    """Every HTML page of each site, parsed, by its path in the site."""
    return {
        engine: {
            path.relative_to(site).as_posix(): BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            for path in sorted(site.rglob("*.html"))
        }
        for engine, site in sites.items()
    }


def content_text(soup: BeautifulSoup) -> str:
    """The visible text of the page's content (its `article`), whitespace normalised.

    Pieces are joined without a separator: Zensical highlights code blocks, so
    the same JSON text comes split over many spans, and a separator would
    count the spans.
    """
    article = soup.find("article")
    assert article is not None
    return " ".join(article.get_text("").split())


def test_the_engine_flag_offers_every_engine() -> None:
    parser = cli._parser()
    args = parser.parse_args(["build"])
    assert args.engine == "mkdocs"
    for engine in ENGINES:
        assert parser.parse_args(["build", "--engine", engine]).engine == engine
    assert set(engines.RUNNERS) == set(ENGINES)


def test_both_engines_write_the_same_pages(pages: dict[str, dict[str, BeautifulSoup]]) -> None:
    mkdocs, zensical = (set(pages[engine]) for engine in ENGINES)
    assert len(mkdocs) > 50
    assert mkdocs == zensical


def test_every_page_has_the_same_text(pages: dict[str, dict[str, BeautifulSoup]]) -> None:
    # admin/index.html is the staff editor's page, written by the generator
    # itself: both engines copy it as it is, and it has no content article.
    differing = [
        path
        for path, soup in pages["mkdocs"].items()
        if not path.startswith("admin/") and content_text(soup) != content_text(pages["zensical"][path])
    ]
    assert differing == []
    # The comparison is not vacuous: an event page has its facts and description.
    event = content_text(pages["zensical"]["acara/2026-12-05-foto-produk-akhir-tahun/index.html"])
    assert "Foto Produk untuk Musim Belanja Akhir Tahun" in event
    assert "Sabtu, 5 Desember 2026" in event


@pytest.mark.parametrize("engine", ENGINES)
def test_event_pages_stay_out_of_the_navigation(
    engine: str, sites: dict[str, Path], pages: dict[str, dict[str, BeautifulSoup]]
) -> None:
    site = sites[engine]
    in_nav = set()
    for path, soup in pages[engine].items():
        url = page_url(site, site / path)
        in_nav |= {resolve(url, a["href"]) for a in soup.select("nav.md-nav--primary a[href]")}
    assert "acara" in in_nav  # the events list is in the navigation ...
    assert [target for target in in_nav if target and EVENT_PAGE.match(target)] == []  # ... no event is


@pytest.mark.parametrize("engine", ENGINES)
def test_no_page_loads_anything_from_another_host(
    engine: str, sites: dict[str, Path], pages: dict[str, dict[str, BeautifulSoup]]
) -> None:
    foreign = [
        f"{path}: {element.get('src') or element.get('href')}"
        for path, soup in pages[engine].items()
        for element in soup.select("script[src], link[href]")
        if urlsplit(element.get("src") or element["href"]).hostname not in (None, SITE_HOST)
    ]
    assert foreign == []
    styles = [p for p in sites[engine].rglob("*") if p.suffix in (".html", ".css", ".js")]
    assert [p.name for p in styles if any(h in p.read_text(encoding="utf-8") for h in FONT_HOSTS)] == []


def search_records(site: Path) -> dict[str, dict]:
    """The visitor search's records (hetero/search.py, Pagefind), by URL: content, metadata, filters.

    Each fragment file is gzip with Pagefind's signature before its JSON.
    """
    records = {}
    for fragment in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        # Where a result links (content/assets/search.js): its `tautan` metadata, else Pagefind's
        # URL of the scratch page (`/acara/x.html`) with its `.html` turned back into a slash.
        address = data["meta"].get("tautan") or data["url"].removesuffix(".html") + "/"
        records[address.lstrip("/")] = data
    return records


def test_both_engines_get_the_same_search_records(sites: dict[str, Path]) -> None:
    mkdocs, zensical = (search_records(sites[engine]) for engine in ENGINES)
    assert len(mkdocs) > 50
    assert set(mkdocs) == set(zensical)
    assert [url for url in mkdocs if mkdocs[url]["content"] != zensical[url]["content"]] == []


@pytest.mark.parametrize("engine", ENGINES)
def test_search_finds_every_event_by_its_title_past_ones_marked_and_no_developer_page(
    engine: str, repo: Path, sites: dict[str, Path]
) -> None:
    content = load_content(repo)
    records = search_records(sites[engine])
    upcoming, past = content.upcoming(NOW), content.past(NOW)
    assert upcoming and past
    for event in upcoming + past:
        record = records[event.url]
        assert record["meta"]["title"] == event.title, event.id
        # Only past events carry the filter (one value keeps the index reproducible).
        assert record["filters"].get("arsip") == (["ya"] if event in past else None), event.id
    assert "api/" not in records


def test_zensical_refuses_a_broken_link_at_its_line_and_keeps_the_old_site(
    repo: Path, sites: dict[str, Path]
) -> None:
    about = repo / "content" / "tentang.md"
    text = about.read_text(encoding="utf-8")
    site = sites["zensical"]
    before = (site / "index.html").read_bytes()
    about.write_text(text + "\n[Jadwal](jadwal-lama.md)\n", encoding="utf-8")
    try:
        result = run_hetero(repo, "build", "--now", NOW_TEXT, "--out", str(site), "--engine", "zensical")
    finally:
        about.write_text(text, encoding="utf-8")
    line = len((text + "\n").splitlines()) + 1
    assert result.returncode == 1
    assert f"content/tentang.md:{line}:10: error: tautan `jadwal-lama.md` tidak menuju" in result.stderr
    assert (site / "index.html").read_bytes() == before


def test_a_zensical_template_error_is_shown_without_the_links_it_broke(tmp_path: Path) -> None:
    """Zensical reports links to the pages a template error stopped as links to missing pages."""
    log = (
        "Build started\nWarning: page does not exist\n    ╭─[ api.md:11:9 ]\n    │\n"
        " 11 │ [Acara](acara/index.md), jadi\n────╯\n1 issue found\n"
        'Traceback (most recent call last):\n  File "main.py", line 81, in execute_build\n'
        'RuntimeError: could not render include: error in "partials/toc.html"\n'
    )
    assert engines.zensical_links(log) == [("api.md", "acara/index.md")]
    failure = engines.zensical_failure(tmp_path, log)
    assert failure.diagnostics == []
    assert failure.detail.splitlines() == [
        "Zensical gagal membangun situs:",
        'RuntimeError: could not render include: error in "partials/toc.html"',
    ]
