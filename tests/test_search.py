"""Visitor search: the results page cari/?q=…, the header's box, and the index behind them.

The browser tests drive Chromium at a phone's size against the shared sample
site. What each query must find is read from the content files (YAML), not
from the product code: the events with a speaker, a tag, a month, a branch or
no fee. The visitor's clock is the build's, so every state is predictable.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from browser import open_page
from conftest import BROWSER_BUILD_NOW
from servehelpers import wait_for
from sitehelpers import BULAN, NOW, PROJECT, hari_tanggal, load_content, snapshot

from hetero import search

PHONE = {"width": 390, "height": 844}
VISITOR_TIME = datetime.fromisoformat(BROWSER_BUILD_NOW)
CONTENT = load_content(PROJECT)
# Words the results use for an event's state; past ones say "Selesai" unless called off.
STATES = {"Segera dibuka", "Dibuka", "Daftar tunggu", "Kuota penuh", "Pendaftaran ditutup", "Akan datang"}
ENDED = {"Selesai", "Dibatalkan", "Ditunda"}


def _events(keep) -> set[str]:
    return {e.url for e in CONTENT.events if keep(e)}


def _results(browser, base_url: str, query: str) -> list[dict]:
    """Every result the results page shows for `query`, in order."""
    page = open_page(browser, f"{base_url}cari/?q={quote(query)}", viewport=PHONE, visitor_time=VISITOR_TIME)
    page.locator("ol.hs-results[data-ready]").wait_for(state="attached")
    more = page.locator(".hs-search__more")
    while more.is_visible():
        count = page.locator("li.hs-result").count()
        more.click()
        page.locator("li.hs-result").nth(count).wait_for(state="attached")
    found = page.eval_on_selector_all(
        "li.hs-result",
        """items => items.map(item => ({
            href: item.querySelector('a').href,
            facts: item.querySelector('.hs-result__facts').textContent,
            state: (item.querySelector('.hs-result__state') || {}).textContent || ''
        }))""",
    )
    assert page.foreign_requests == []
    page.close()
    for result in found:
        result["url"] = urlsplit(result["href"]).path.lstrip("/")
    return found


def _is_past(url: str) -> bool:
    return any(e.url == url and e.end <= NOW for e in CONTENT.events)


def _assert_upcoming_first(found: list[dict]) -> None:
    """Once a past event is listed, only past events follow."""
    past = [_is_past(r["url"]) for r in found]
    assert past == sorted(past), [r["url"] for r in found]


def _assert_finds(found: list[dict], expected: set[str]) -> None:
    urls = [r["url"] for r in found]
    assert expected, "the sample content has nothing to find"
    assert expected <= set(urls), sorted(expected - set(urls))
    assert "api/" not in urls
    _assert_upcoming_first(found)


def _speakers(event) -> list[str]:
    return [s["name"] for s in event.data.get("speakers") or []]


@pytest.mark.parametrize(
    ("query", "keep"),
    [
        ("fajar nugroho", lambda e: "Fajar Nugroho" in _speakers(e)),
        ("fotografi", lambda e: "fotografi" in (e.data.get("tags") or [])),
        ("pemasaran", lambda e: "pemasaran digital" in (e.data.get("tags") or [])),
        ("desember", lambda e: e.start.month == 12 or e.end.month == 12),
        ("gratis", lambda e: CONTENT.fee(e) == 0),
    ],
    ids=["speaker", "tag", "tag-word", "month", "free"],
)
def test_a_query_finds_every_event_that_shows_it(browser, base_url, query, keep) -> None:
    _assert_finds(_results(browser, base_url, query), _events(keep))


def test_a_city_finds_its_branch_and_the_events_held_there(browser, base_url) -> None:
    held = {e.branch for e in CONTENT.events if e.branch}
    branch_id, branch = next((b, d) for b, d in CONTENT.branches.items() if b in held)
    found = _results(browser, base_url, branch["city"])
    _assert_finds(found, {f"cabang/{branch_id}/"} | _events(lambda e: e.branch == branch_id))


def test_word_forms_of_one_root_find_the_same_events(browser, base_url) -> None:
    found = {query: _results(browser, base_url, query) for query in ("jual", "jualan", "berjualan")}
    events = {q: {r["url"] for r in results if r["url"].startswith("acara/")} for q, results in found.items()}
    assert events["jual"] == events["jualan"] == events["berjualan"]
    # ... and they are the events whose title says "Jualan".
    assert _events(lambda e: "jualan" in e.title.lower()) <= events["jual"]


def test_results_show_each_events_date_and_state(browser, base_url) -> None:
    found = _results(browser, base_url, "foto produk")
    events = {e.url: e for e in CONTENT.events}
    shown = [r for r in found if r["url"] in events]
    assert shown
    for result in shown:
        event = events[result["url"]]
        assert hari_tanggal(event.start) in result["facts"], result
        assert result["state"] in (ENDED if event.end <= NOW else STATES), result
    assert {r["state"] for r in shown if _is_past(r["url"])} <= ENDED
    # The December class is open for sign-up at the build's clock.
    december = _results(browser, base_url, "fajar nugroho")[0]
    assert december["state"] == "Dibuka"
    assert BULAN[11] in december["facts"]


def test_the_developer_page_is_never_a_result(browser, base_url) -> None:
    # Words the developer page is full of.
    for query in ("acara", "json", "kalender"):
        assert "api/" not in [r["url"] for r in _results(browser, base_url, query)]


def test_a_query_that_finds_nothing_says_so(browser, base_url) -> None:
    page = open_page(browser, base_url + "cari/?q=zzqxv", viewport=PHONE, visitor_time=VISITOR_TIME)
    page.locator("ol.hs-results[data-ready]").wait_for(state="attached")
    assert page.locator(".hs-search__status").text_content().startswith("Tidak ada hasil")
    assert page.locator("li.hs-result").count() == 0
    page.close()


def test_the_header_box_shows_results_and_leads_to_the_results_page(browser, base_url) -> None:
    event = next(e for e in CONTENT.upcoming() if "fotografi" in (e.data.get("tags") or []))
    page = open_page(browser, base_url + event.url, viewport=PHONE, visitor_time=VISITOR_TIME)
    page.locator("label.md-header__button[for=__search]").click()
    box = page.locator("input.md-search__input")
    assert box.is_visible()
    page.keyboard.type("fotografi")
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    assert event.title in page.locator(".md-search-result__list").inner_text()
    page.keyboard.press("Enter")
    page.wait_for_url("**/cari/?q=fotografi")
    page.locator("ol.hs-results[data-ready]").wait_for(state="attached")
    assert page.locator("li.hs-result").count() >= 1
    assert page.foreign_requests == []
    page.close()


def _transferred(body: bytes, content_type: str) -> int:
    if content_type.startswith(("text/", "application/javascript", "application/json")):
        return len(gzip.compress(body, compresslevel=6))
    return len(body)


def test_an_event_page_with_a_search_stays_within_the_weight_budget(browser, base_url) -> None:
    """The event page's first load plus everything the first search downloads: at most 250 KB."""
    event = CONTENT.upcoming()[0]
    page = browser.new_page(viewport=PHONE)
    sizes: dict[str, int] = {}
    page.on(
        "response",
        lambda r: sizes.__setitem__(r.url, _transferred(r.body(), r.headers.get("content-type", ""))),
    )
    page.goto(base_url + event.url, wait_until="load")
    page.locator("label.md-header__button[for=__search]").click()
    page.keyboard.type("fotografi")
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    page.wait_for_load_state("networkidle")
    search_bytes = sum(size for url, size in sizes.items() if "/pagefind/" in url)
    page.close()
    assert search_bytes > 0
    assert sum(sizes.values()) <= 250_000, sizes


def test_the_home_page_offers_a_search_action(browser_site: Path) -> None:
    html = (browser_site / "index.html").read_text(encoding="utf-8")
    start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    data = json.loads(html[start : html.index("</script>", start)])
    action = data["potentialAction"]
    assert data["@type"] == "WebSite"
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == data["url"] + "cari/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"


# --- The index, without a browser ----------------------------------------------------

EVENT_PAGE = """<html lang="id"><body><main><div class="md-content">
<article class="md-content__inner md-typeset"><h1>Kelas A</h1>
<div class="hs-event-page" data-start="2026-12-05T09:00:00+07:00" data-end="2026-12-05T14:00:00+07:00">
<dl class="hs-facts"><dt>Waktu</dt><dd>Sabtu, 5 Desember 2026</dd><dt>Biaya</dt><dd>Gratis</dd></dl>
<p class="hs-cta"><a class="md-button hs-register md-button--primary" data-state="{state}">Daftar</a></p>
</div><p>Berjualan di marketplace.</p></article></div></main>
<footer><article>not content</article></footer></body></html>"""


def _site(tmp_path: Path, pages: dict[str, str]) -> Path:
    for url, text in pages.items():
        target = tmp_path / url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return tmp_path


def test_content_of_takes_the_article_the_theme_wraps_around_the_content() -> None:
    article = search.content_of(EVENT_PAGE.format(state="open"))
    assert article is not None
    assert article.startswith("<h1>Kelas A</h1>")
    assert article.rstrip().endswith("<p>Berjualan di marketplace.</p>")
    assert "not content" not in article
    assert search.content_of("<html><body><p>no theme</p></body></html>") is None


@pytest.mark.parametrize(
    ("state", "now", "label", "past"),
    [
        ("open", "2026-11-24T12:00+07:00", "Dibuka", False),
        ("not-yet-open", "2026-11-24T12:00+07:00", "Segera dibuka", False),
        ("cancelled", "2026-12-06T12:00+07:00", "Dibatalkan", True),
        ("finished", "2026-12-05T14:00+07:00", "Selesai", True),
    ],
)
def test_an_event_record_carries_its_date_state_and_whether_it_is_past(state, now, label, past) -> None:
    article = search.content_of(EVENT_PAGE.format(state=state))
    assert article is not None
    meta, filters = search.event_facts(article, datetime.fromisoformat(now))
    assert meta["waktu"] == "Sabtu, 5 Desember 2026, 09.00–14.00 WIB"
    assert meta["status"] == label
    assert meta["akhir"] == "2026-12-05T14:00:00+07:00"
    assert filters == ({search.PAST_FILTER: "ya"} if past else {})


def test_every_registration_state_has_a_word_in_the_results() -> None:
    from typing import get_args

    from hetero.registration import RegistrationState

    assert set(search.STATE_LABELS) == set(get_args(RegistrationState))


def _fragments(site: Path) -> list[dict]:
    """The records as the bundle holds them: gzip with Pagefind's signature before the JSON."""
    return [
        json.loads(gzip.decompress(p.read_bytes()).removeprefix(b"pagefind_dcd"))
        for p in sorted((site / search.BUNDLE_DIR / "fragment").glob("*.pf_fragment"))
    ]


def test_only_visitor_pages_become_records(tmp_path: Path) -> None:
    plain = '<article class="md-content__inner md-typeset"><h1>{}</h1><p>teks</p></article></main>'
    showcase = (
        '<article class="md-content__inner md-typeset"><h1>Etalase</h1><ul>'
        '<li class="hs-card hs-business" id="usaha-a"><h3 class="hs-card__title">Kopi &amp; Teh</h3>x</li>'
        '<li class="hs-card hs-business" id="usaha-b"><h3 class="hs-card__title">Batik</h3>y</li>'
        "</ul></article></main>"
    )
    site = _site(
        tmp_path,
        {
            "acara/2026-12-05-kelas-a": EVENT_PAGE.format(state="open"),
            "acara": plain.format("Acara"),
            "acara/arsip/2020": plain.format("Arsip"),
            "program/foto": plain.format("Program foto"),
            "cabang/semarang": plain.format("Semarang"),
            "cerita/kopi": plain.format("Kopi"),
            "tentang": plain.format("Tentang"),
            "api": plain.format("API"),
            "cari": plain.format("Cari"),
            "etalase": showcase,
        },
    )
    found = {r.url: r for r in search.records(site, NOW)}
    assert set(found) == {
        "/acara/2026-12-05-kelas-a/",
        "/program/foto/",
        "/cabang/semarang/",
        "/cerita/kopi/",
        "/tentang/",
        "/etalase/#usaha-a",
        "/etalase/#usaha-b",
    }
    assert found["/etalase/#usaha-a"].meta == {
        "jenis": "Etalase",
        "title": "Kopi & Teh",
        "tautan": "/etalase/#usaha-a",
    }
    assert found["/program/foto/"].filters == {}
    # Terms and their definitions are separate words for the index.
    document = found["/acara/2026-12-05-kelas-a/"].document()
    assert "<dt>Waktu</dt> <dd>Sabtu, 5 Desember 2026</dd> " in document
    assert '<span data-pagefind-meta="status">Dibuka</span>' in document
    assert "data-pagefind-filter" not in document  # only past events carry a filter


def test_the_bundle_holds_the_indonesian_engine_and_none_of_the_unused_interfaces(tmp_path: Path) -> None:
    site = _site(tmp_path, {"acara/2026-12-05-kelas-a": EVENT_PAGE.format(state="open")})
    assert search.index_site(site, NOW) == 1
    bundle = site / search.BUNDLE_DIR
    names = {p.name for p in bundle.iterdir()}
    assert {"pagefind.js", "pagefind-worker.js", "wasm.id.pagefind"} <= names
    assert names.isdisjoint(search.UNUSED_FILES)
    assert list((bundle / "fragment").iterdir())


# One record, as a story page gives it.
ONE_STORY = [search.Record("/cerita/kopi/", "<h1>Kopi</h1><p>Berjualan kopi.</p>", {"jenis": "Cerita"})]


@pytest.fixture
def in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder in memory Pagefind works in (an empty folder here, as /dev/shm would be)."""
    folder = tmp_path / "shm"
    folder.mkdir()
    monkeypatch.setattr(search, "MEMORY_FOLDER", folder)
    return folder


@pytest.mark.parametrize("memory", ["room", "no room", "none"])
def test_indexing_works_in_memory_when_it_has_room_and_leaves_no_scratch_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory: str
) -> None:
    scratch, in_memory = tmp_path / "tmp", tmp_path / "shm"
    scratch.mkdir()
    if memory != "none":
        in_memory.mkdir()
    if memory == "no room":
        monkeypatch.setattr(search, "_SCRATCH_PER_PAGE_BYTE", 10**15)
    monkeypatch.setattr("tempfile.tempdir", str(scratch))
    monkeypatch.setattr(search, "MEMORY_FOLDER", in_memory)
    started = _spy_on_pagefind(monkeypatch)
    assert search.index_records(ONE_STORY, tmp_path / "a") == 1
    assert [f["content"] for f in _fragments(tmp_path / "a")] == ["Kopi. Berjualan kopi."]
    indexed_in = Path(started[0].args[started[0].args.index("--site") + 1])
    assert (in_memory if memory == "room" else scratch) in indexed_in.parents
    assert list(scratch.iterdir()) == []
    assert memory == "none" or list(in_memory.iterdir()) == []
    names = {p.name for p in (tmp_path / "a" / search.BUNDLE_DIR).iterdir()}
    assert "pagefind.js" in names and names.isdisjoint(search.UNUSED_FILES)


def test_a_site_without_visitor_pages_gets_no_bundle(tmp_path: Path) -> None:
    assert search.index_site(_site(tmp_path, {"api": "<p>API</p>"}), NOW) == 0
    assert not (tmp_path / search.BUNDLE_DIR).exists()


_INDEX_IN_A_NEW_PROCESS = """
import sys
from pathlib import Path
from hetero import search
records = [
    search.Record(f"/{kind}/{name}/", f"<h1>{name}</h1><p>Kelas {name} di {kind}.</p>", {"jenis": kind})
    for kind in ("acara", "program", "cabang", "cerita")
    for name in ("kopi", "batik", "foto", "musik", "film")
]
search.index_records(records, Path(sys.argv[1]))
"""


def test_the_bundle_is_the_same_whatever_order_a_process_hashes_in(tmp_path: Path) -> None:
    # Each build is a new process with its own hash seed; the bundle must not depend on it.
    bundles = []
    for seed in ("1", "2", "3"):
        site = tmp_path / seed
        subprocess.run(
            [sys.executable, "-c", _INDEX_IN_A_NEW_PROCESS, str(site)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
            cwd=PROJECT,
        )
        bundles.append(snapshot(site / search.BUNDLE_DIR))
    assert bundles[0] == bundles[1] == bundles[2]


def test_scratch_left_by_a_killed_build_is_removed_and_nothing_else(tmp_path: Path, in_memory: Path) -> None:
    # A build killed while Pagefind ran leaves its scratch in memory until the machine restarts.
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    dead = int(ended.stdout)
    left = in_memory / f"hetero-search-{dead}-abc123"
    running = in_memory / f"hetero-search-{os.getppid()}-def456"
    others = [in_memory / "hetero-search-lama", in_memory / f"milik-lain-{dead}-x"]
    for folder in (left, running, *others):
        (folder / "pages").mkdir(parents=True)
        (folder / "pages" / "a.html").write_text("<p>a</p>", encoding="utf-8")
    assert search.index_records(ONE_STORY, tmp_path / "a") == 1
    assert sorted(p.name for p in in_memory.iterdir()) == sorted(p.name for p in (running, *others))


def _spy_on_pagefind(monkeypatch: pytest.MonkeyPatch, command: list[str] | None = None) -> list:
    """The Pagefind processes `search` starts; `command` runs instead of Pagefind when given."""
    started = []
    start = subprocess.Popen

    def spy(pagefind: list[str], **kwargs: object) -> subprocess.Popen:
        started.append(start(command or pagefind, **kwargs))
        return started[-1]

    monkeypatch.setattr(search.subprocess, "Popen", spy)
    return started


def test_a_build_that_fails_while_pagefind_runs_stops_it_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_memory: Path
) -> None:
    # A Pagefind that would take a minute: the failure must not wait for it.
    started = _spy_on_pagefind(monkeypatch, [sys.executable, "-c", "import time; time.sleep(60)"])
    with pytest.raises(ValueError, match="halaman ditolak"), search.indexing(ONE_STORY, tmp_path / "a"):
        raise ValueError("halaman ditolak")
    assert started[0].returncode < 0  # killed, not waited for
    assert list(in_memory.iterdir()) == []
    assert not (tmp_path / "a" / search.BUNDLE_DIR).exists()


def test_what_pagefind_prints_when_it_fails_is_in_the_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A byte that is not UTF-8 (a path in another encoding, say) must not hide the rest.
    printing = "import sys; sys.stdout.buffer.write(b'indeks rusak \\xff di sini'); sys.exit(3)"
    _spy_on_pagefind(monkeypatch, [sys.executable, "-c", printing])
    with pytest.raises(search.IndexFailed, match="indeks rusak \ufffd di sini"):
        search.index_records(ONE_STORY, tmp_path / "a")
    assert not (tmp_path / "a" / search.BUNDLE_DIR).exists()


def test_a_bundle_that_comes_out_unchanged_is_linked_from_the_earlier_site(tmp_path: Path) -> None:
    # Built again over the previous site, unchanged search files are not created anew.
    search.index_records(ONE_STORY, tmp_path / "a")
    search.index_records(ONE_STORY, tmp_path / "b", earlier=tmp_path / "a")
    earlier, bundle = (sorted((tmp_path / site / search.BUNDLE_DIR).rglob("*")) for site in "ab")
    assert [p.relative_to(tmp_path / "a") for p in earlier] == [p.relative_to(tmp_path / "b") for p in bundle]
    files = [(old, new) for old, new in zip(earlier, bundle, strict=True) if old.is_file()]
    assert len(files) >= 5 and all(old.stat().st_ino == new.stat().st_ino for old, new in files)


@pytest.mark.parametrize(("spare", "in_memory"), [(0, True), (-1, False)])
def test_the_scratch_goes_to_memory_only_with_room_for_four_times_the_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spare: int, in_memory: bool
) -> None:
    monkeypatch.setattr(search, "MEMORY_FOLDER", tmp_path)
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(search.shutil, "disk_usage", lambda _: usage._replace(free=4 * 1000 + spare))
    assert search._scratch_parent(1000) == (str(tmp_path) if in_memory else None)


def _bundle_appears(site: Path) -> bool:
    """Whether Pagefind's entry file is in `site`'s bundle within a minute."""
    return wait_for((site / search.BUNDLE_DIR / "pagefind.js").is_file, 60)


def test_the_bundle_is_copied_as_soon_as_pagefind_ends_while_the_pages_are_still_written(
    tmp_path: Path,
) -> None:
    # At 5,000 events copying the bundle takes seconds; done after the pages, it ran alone.
    with search.indexing(ONE_STORY, tmp_path / "a"):
        assert _bundle_appears(tmp_path / "a")
    assert [f["content"] for f in _fragments(tmp_path / "a")] == ["Kopi. Berjualan kopi."]


def test_a_build_that_fails_once_the_bundle_is_copied_leaves_no_bundle_and_no_scratch(
    tmp_path: Path, in_memory: Path
) -> None:
    with pytest.raises(ValueError, match="halaman ditolak"), search.indexing(ONE_STORY, tmp_path / "a"):
        assert _bundle_appears(tmp_path / "a")
        raise ValueError("halaman ditolak")
    assert not (tmp_path / "a" / search.BUNDLE_DIR).exists()
    assert list(in_memory.iterdir()) == []


def test_a_build_that_fails_while_the_bundle_is_copied_stops_the_copy_and_leaves_no_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The copy's first file waits until the build has failed: then no file may be written.
    copying, told_to_stop, written = threading.Event(), [], []
    copy = search._copy_reusing

    def held_copy(source: str, target: str, *, stop: threading.Event, **options: object) -> None:
        if not copying.is_set():
            copying.set()
            told_to_stop.append(stop.wait(20))
        copy(source, target, stop=stop, **options)  # type: ignore[arg-type]
        written.append(target)

    monkeypatch.setattr(search, "_copy_reusing", held_copy)
    with pytest.raises(ValueError, match="halaman ditolak"), search.indexing(ONE_STORY, tmp_path / "a"):
        assert copying.wait(60)
        raise ValueError("halaman ditolak")
    assert told_to_stop == [True]
    assert written == []
    assert not (tmp_path / "a" / search.BUNDLE_DIR).exists()
