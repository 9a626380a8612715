"""What a visitor sees on each page of the built site.

Every expected value is computed from the content files (read with
`yaml.safe_load` in `sitehelpers`, not with the product's loader) or taken from
the product brief, then compared with the text and links of the HTML pages.

Two builds per module: the sample content as it is, and the sample plus a
fixture program without events and enough past events in 2019 to need a second
archive page.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from itertools import groupby
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag
from sitehelpers import (
    FIXTURES,
    FORMAT_ID,
    NOW,
    Content,
    Ev,
    article,
    build_ok,
    bulan_tahun,
    clock_text,
    copy_repo,
    event_items,
    facts,
    hari_tanggal,
    hidden_by_ancestor,
    item_title,
    jam,
    load_content,
    page,
    page_file,
    parse_dt,
    rentang_satu_hari,
    resolve,
    ribuan,
    rupiah,
    text,
)

# From the product brief.
BRANCH_STATUS = {"open": "Buka", "planned": "Segera hadir", "renovating": "Dalam renovasi"}
PILLARS = ["Srawung", "Mbangun", "Melesat"]
PARTNER_KIND_WORD = {
    "government": "pemerintah",
    "company": "perusahaan",
    "bank": "bank",
    "community": "komunitas",
    "school": "sekolah",
    "campus": "kampus",
}

ARCHIVE_YEAR = 2019
ARCHIVE_EVENTS = 35  # more than one page of 30


# --- Builds ------------------------------------------------------------------


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_repo(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module")
def content(repo: Path) -> Content:
    return load_content(repo)


@pytest.fixture(scope="module")
def site(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_ok(repo, tmp_path_factory.mktemp("pages-sample") / "site")


def _archive_event(number: int) -> tuple[str, str]:
    day = 5 + 7 * number  # one a week from early January
    month, day_of_month = _month_day(day)
    stamp = f"{ARCHIVE_YEAR}-{month:02d}-{day_of_month:02d}"
    text = (
        "---\n"
        f"title: Temu Daring Arsip Nomor {number + 1:02d}\n"
        "format: online\n"
        f"start: {stamp} 19:00\n"
        f"end: {stamp} 20:30\n"
        "online:\n"
        "  platform: Zoom\n"
        "attendance: 10\n"
        "---\n\n"
        "Acara uji untuk halaman arsip.\n"
    )
    return f"events/{ARCHIVE_YEAR}/{stamp}-temu-daring-arsip-{number + 1:02d}.md", text


def _month_day(day_of_year: int) -> tuple[int, int]:
    lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    for month, length in enumerate(lengths, start=1):
        if day_of_year <= length:
            return month, day_of_year
        day_of_year -= length
    raise AssertionError("past the end of the year")


@pytest.fixture(scope="module")
def extended_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("extended"))
    for path in (FIXTURES / "site-extra" / "programs").glob("*.yml"):
        shutil.copy2(path, root / "programs" / path.name)
    for number in range(ARCHIVE_EVENTS):
        relpath, body = _archive_event(number)
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text(body, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def extended_content(extended_repo: Path) -> Content:
    return load_content(extended_repo)


@pytest.fixture(scope="module")
def extended_site(extended_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_ok(extended_repo, tmp_path_factory.mktemp("pages-extended") / "site")


# --- Helpers -----------------------------------------------------------------


def links_to(container: Tag, from_url: str, target: str) -> list[Tag]:
    """The links in `container` that point at the site path `target`."""
    target = target.rstrip("/")
    return [a for a in container.select("a[href]") if resolve(from_url, a["href"]) == target]


def item_for(container: Tag, from_url: str, event: Ev) -> Tag:
    found = [
        li
        for li in event_items(container)
        if resolve(from_url, li.select_one("a.hs-event__title")["href"]) == event.url.rstrip("/")
    ]
    assert len(found) == 1, (event.id, len(found))
    return found[0]


def first_paragraph(markdown: str) -> str:
    paragraph = next(p for p in markdown.strip().split("\n\n") if p.strip())
    return " ".join(re.sub(r"[*_`]", "", paragraph).split())


def expected_when(event: Ev) -> list[str]:
    """The pieces a visitor must read for the event's date and time."""
    if event.start.date() == event.end.date():
        return [rentang_satu_hari(event.start, event.end)]
    return [hari_tanggal(event.start), hari_tanggal(event.end), jam(event.start), jam(event.end), "WIB"]


def program_events(content: Content, program_id: str) -> list[Ev]:
    return [e for e in content.events if e.program == program_id]


# --- Every page exists, in Indonesian ---------------------------------------


def test_pages_exist_at_indonesian_urls_with_lang_id(site: Path, content: Content) -> None:
    past_years = sorted({e.start.year for e in content.past()})
    urls = [
        "",
        "acara/",
        "acara/arsip/",
        "program/",
        "cabang/",
        "mitra/",
        "tentang/",
        *(e.url for e in content.events),
        *(f"acara/arsip/{year}/" for year in past_years),
        *(f"program/{p}/" for p in content.programs),
        *(f"cabang/{b}/" for b in content.branches),
    ]
    missing = [url for url in urls if not page_file(site, url).is_file()]
    assert missing == []
    assert (site / "index.html").is_file()
    not_indonesian = [url for url in [*urls, "404.html"] if page(site, url).html.get("lang") != "id"]
    assert not_indonesian == []


def test_404_page_is_in_indonesian(site: Path) -> None:
    soup = page(site, "404.html")
    assert soup.html["lang"] == "id"
    assert text(soup.select_one("article h1")) == "Halaman tidak ditemukan"


def test_page_titles_come_from_the_content(site: Path, content: Content) -> None:
    for event in [content.upcoming()[0], content.past()[-1]]:
        assert text(page(site, event.url).select_one("article h1")) == event.title
    for program_id, program in content.programs.items():
        assert text(page(site, f"program/{program_id}/").select_one("article h1")) == program["title"]
    for branch_id, branch in content.branches.items():
        assert text(page(site, f"cabang/{branch_id}/").select_one("article h1")) == branch["name"]


# --- Home page -----------------------------------------------------------------


def _stats(site: Path) -> dict[str, str]:
    """Each headline number by the words next to it."""
    stats = {}
    for item in page(site, "").select(".hs-stat"):
        number = text(item.find("strong"))
        stats[text(item).replace(number, "", 1).strip().lower()] = number
    assert stats
    return stats


def _stat(stats: dict[str, str], word: str) -> str:
    found = [number for words, number in stats.items() if word in words]
    assert len(found) == 1, (word, stats)
    return found[0]


def test_home_headline_numbers_are_counted_from_the_event_files(site: Path, content: Content) -> None:
    held = content.held(NOW)
    assert held
    stats = _stats(site)
    assert _stat(stats, "terselenggara") == ribuan(len(held))
    attendance = sum(e.data.get("attendance") or 0 for e in held)
    assert _stat(stats, "peserta") == ribuan(attendance)
    by_format = Counter(e.data["format"] for e in held)
    for key, label in FORMAT_ID.items():
        assert _stat(stats, label.lower()) == ribuan(by_format[key]), key
    # The counts by format add up to the events held.
    assert sum(by_format.values()) == len(held)


def test_home_lists_the_next_upcoming_events_soonest_first(site: Path, content: Content) -> None:
    upcoming = content.upcoming(NOW)
    listed = [item_title(li) for li in event_items(article(page(site, "")))]
    assert listed, "the home page lists no upcoming event"
    assert listed == [e.title for e in upcoming[: len(listed)]]
    past_titles = {e.title for e in content.past(NOW)}
    assert not past_titles & set(listed)
    assert links_to(article(page(site, "")), "", "acara/")


def test_home_groups_programs_by_pillar(site: Path, content: Content) -> None:
    body = article(page(site, ""))
    headings = [h for h in body.find_all("h3") if text(h).split(":")[0] in PILLARS]
    assert [text(h).split(":")[0] for h in headings] == PILLARS
    for heading in headings:
        pillar = text(heading).split(":")[0].lower()
        cards = heading.find_next_sibling("ul")
        titles = {text(a) for a in cards.select("a")}
        expected = {p["title"] for p in content.programs.values() if p["pillar"] == pillar}
        assert titles == expected, pillar
        for program_id, program in content.programs.items():
            if program["pillar"] == pillar:
                assert links_to(cards, "", f"program/{program_id}/"), program_id


def test_home_lists_branches_with_status_labels(site: Path, content: Content) -> None:
    body = article(page(site, ""))
    assert {content.branches[b]["status"] for b in content.branches} >= set(BRANCH_STATUS)
    for branch_id, branch in content.branches.items():
        (link,) = links_to(body, "", f"cabang/{branch_id}/")
        card = link.find_parent("li")
        assert text(link) == branch["name"]
        assert BRANCH_STATUS[branch["status"]] in text(card), branch_id
    semarang = links_to(body, "", "cabang/semarang/")[0].find_parent("li")
    assert "Buka" in text(semarang)


# --- Events page ---------------------------------------------------------------


def test_events_page_groups_upcoming_events_by_month(site: Path, content: Content) -> None:
    body = article(page(site, "acara/"))
    upcoming = content.upcoming(NOW)
    expected = [
        (label, [e.title for e in events])
        for label, events in groupby(upcoming, key=lambda e: bulan_tahun(e.start))
    ]
    month_names = "|".join(["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli"])
    month_names += "|Agustus|September|Oktober|November|Desember"
    month_heading = re.compile(rf"^({month_names}) \d{{4}}$")
    shown = [
        (text(h), [item_title(li) for li in event_items(h.find_next_sibling("ul"))])
        for h in body.find_all("h2")
        if month_heading.match(text(h))
    ]
    assert shown == expected
    assert shown[0][0] == "Desember 2026"


def test_event_list_items_show_when_format_branch_program_and_fee(site: Path, content: Content) -> None:
    body = article(page(site, "acara/"))
    fees_seen = set()
    for event in content.upcoming(NOW):
        item = item_for(body, "acara/", event)
        when = text(item.select_one(".hs-event__when"))
        for piece in expected_when(event):
            assert piece in when, (event.id, piece, when)
        badges = [text(b) for b in item.select(".hs-badge")]
        assert FORMAT_ID[event.data["format"]] in badges, event.id
        shown = text(item)
        if event.branch:
            assert content.branches[event.branch]["name"] in shown, event.id
        if event.program:
            assert content.programs[event.program]["title"] in shown, event.id
        fee = content.fee(event)
        if fee is not None:
            assert rupiah(fee) in shown, event.id
            fees_seen.add(rupiah(fee))
    # The sample has both a free and a paid upcoming event.
    assert "Gratis" in fees_seen
    assert "Rp25.000" in fees_seen


def test_single_day_event_reads_like_the_brief(site: Path, content: Content) -> None:
    event = next(e for e in content.upcoming(NOW) if e.id == "2026-12-05-foto-produk-akhir-tahun")
    item = item_for(article(page(site, "acara/")), "acara/", event)
    assert text(item.select_one(".hs-event__when")) == "Sabtu, 5 Desember 2026, 09.00–14.00 WIB"


def test_past_events_are_not_in_the_upcoming_list(site: Path, content: Content) -> None:
    body = article(page(site, "acara/"))
    listed = {resolve("acara/", li.select_one("a.hs-event__title")["href"]) for li in event_items(body)}
    assert listed == {e.url.rstrip("/") for e in content.upcoming(NOW)}
    for event in content.past(NOW):
        assert event.url.rstrip("/") not in listed, event.id


def test_events_page_links_to_each_archive_year(site: Path, content: Content) -> None:
    body = article(page(site, "acara/"))
    # Every year with past events is linked; its count is of events held,
    # as on the home page and in the impact report.
    held = Counter(e.start.year for e in content.held(NOW))
    per_year = {e.start.year: held[e.start.year] for e in content.past(NOW)}
    assert len(per_year) >= 5
    for year, count in per_year.items():
        (link,) = links_to(body, "acara/", f"acara/arsip/{year}/")
        assert sorted(int(n) for n in re.findall(r"\d+", text(link))) == sorted([year, count])


def test_archive_year_pages_list_that_years_past_events(site: Path, content: Content) -> None:
    past = content.past(NOW)
    for year in sorted({e.start.year for e in past}):
        url = f"acara/arsip/{year}/"
        listed = {item_title(li) for li in event_items(article(page(site, url)))}
        expected = {e.title for e in past if e.start.year == year}
        assert listed == expected, year
        # Past events have nothing to register for.
        assert not article(page(site, url)).select("a.hs-register")


def test_filter_form_is_hidden_without_javascript_and_has_all_options(site: Path, content: Content) -> None:
    body = article(page(site, "acara/"))
    (form,) = body.select("form")
    assert form.has_attr("hidden")
    items = event_items(body)
    assert not [li for li in items if hidden_by_ancestor(li)], "without JavaScript every event shows"

    def values(name: str) -> set[str]:
        select = form.select_one(f"select[name={name}]")
        assert select is not None, name
        return {o["value"] for o in select.find_all("option") if o.get("value")}

    upcoming = content.upcoming(NOW)
    assert values("branch") == {e.branch for e in upcoming if e.branch}
    assert values("program") == {e.program for e in upcoming if e.program}
    assert values("format") == {e.data["format"] for e in upcoming}
    branch_labels = {text(o) for o in form.select("select[name=branch] option") if o.get("value")}
    assert branch_labels == {content.branches[e.branch]["name"] for e in upcoming if e.branch}
    free = {text(o): o["value"] for o in form.select("select[name=free] option") if o.get("value")}
    assert len(free) == 2
    assert "Gratis" in free


def test_event_items_carry_data_attributes_for_the_filter(site: Path, content: Content) -> None:
    body = article(page(site, "acara/"))
    form = body.select_one("form")
    free_options = {text(o): o["value"] for o in form.select("select[name=free] option") if o.get("value")}
    free_value = free_options.pop("Gratis")
    (paid_value,) = free_options.values()
    for event in content.upcoming(NOW):
        item = item_for(body, "acara/", event)
        for attribute in (
            "data-start",
            "data-end",
            "data-branch",
            "data-program",
            "data-format",
            "data-free",
        ):
            assert item.has_attr(attribute), (event.id, attribute)
        assert parse_dt(item["data-start"]) == event.start
        assert parse_dt(item["data-end"]) == event.end
        assert item["data-branch"] == event.branch
        assert item["data-program"] == event.program
        assert item["data-format"] == event.data["format"]
        fee = content.fee(event)
        if fee is not None:
            assert item["data-free"] == (free_value if fee == 0 else paid_value), event.id


# --- Event pages -----------------------------------------------------------------


def _three_day_class(content: Content) -> Ev:
    found = [
        e
        for e in content.upcoming(NOW)
        if e.data.get("sessions")
        and (content.programs.get(e.program, {}).get("duration") or {}).get("days") == 3
    ]
    assert found, "the sample has an upcoming 3-day class with sessions"
    return found[0]


def test_three_day_class_shows_its_schedule_of_sessions(site: Path, content: Content) -> None:
    event = _three_day_class(content)
    body = article(page(site, event.url))
    sessions = event.data["sessions"]
    assert len(sessions) == 3
    items = body.select("ol > li")
    positions = []
    for session in sessions:
        start, end = parse_dt(session["start"]), parse_dt(session["end"])
        matching = [
            i
            for i, li in enumerate(items)
            if session.get("title", "") in text(li) and rentang_satu_hari(start, end) in text(li)
        ]
        assert len(matching) == 1, session
        positions.append(matching[0])
    assert positions == sorted(positions)
    when = text(facts(page(site, event.url))["Waktu"])
    for piece in expected_when(event):
        assert piece in when


def test_event_page_shows_place_room_address_and_map(site: Path, content: Content) -> None:
    event = _three_day_class(content)
    soup = page(site, event.url)
    branch = content.branches[event.branch]
    place = facts(soup)["Tempat"]
    (branch_link,) = links_to(place, event.url, f"cabang/{event.branch}/")
    assert text(branch_link) == branch["name"]
    room = next(s for s in branch["spaces"] if s["id"] == event.data["room"])
    assert room["name"] in text(place)
    address = branch["address"]
    for part in ("street", "district", "city", "province", "postal_code"):
        assert str(address[part]) in text(place), part
    maps = [a for a in place.select("a[href]") if urlsplit(a["href"]).hostname == "www.openstreetmap.org"]
    assert len(maps) == 1
    query = parse_qs(urlsplit(maps[0]["href"]).query)
    assert float(query["mlat"][0]) == pytest.approx(float(branch["geo"]["lat"]))
    assert float(query["mlon"][0]) == pytest.approx(float(branch["geo"]["lon"]))


def test_online_event_without_link_says_it_is_sent_after_registering(site: Path, content: Content) -> None:
    events = [
        e for e in content.upcoming(NOW) if e.data["format"] == "online" and not e.data["online"].get("url")
    ]
    assert events
    for event in events:
        soup = page(site, event.url)
        shown = text(article(soup))
        assert event.data["online"]["platform"] in shown
        assert "tautan dikirim setelah mendaftar" in shown
        assert "Tempat" not in facts(soup), "an online event has no place"


def test_hybrid_event_shows_place_platform_and_link(site: Path, content: Content) -> None:
    event = next(
        e for e in content.upcoming(NOW) if e.data["format"] == "hybrid" and e.data["online"].get("url")
    )
    soup = page(site, event.url)
    body = article(soup)
    assert event.data["online"]["platform"] in text(body)
    assert [a for a in body.select("a[href]") if a["href"] == event.data["online"]["url"]]
    assert content.branches[event.branch]["name"] in text(facts(soup)["Tempat"])
    assert FORMAT_ID["hybrid"] in [text(b) for b in body.select(".hs-badge")]


def test_event_page_lists_speakers_partners_and_capacity(site: Path, content: Content) -> None:
    checked = 0
    for event in content.upcoming(NOW):
        soup = page(site, event.url)
        body = article(soup)
        shown = text(body)
        for speaker in event.data.get("speakers") or []:
            (strong,) = [s for s in body.select("li strong") if text(s) == speaker["name"]]
            line = text(strong.find_parent("li"))
            for key in ("role", "organization"):
                if speaker.get(key):
                    assert speaker[key] in line, (event.id, key)
        for partner_id in event.data.get("partners") or []:
            partner = content.partners[partner_id]
            assert [
                a
                for a in body.select("a[href]")
                if a["href"] == partner["url"] and text(a) == partner["name"]
            ]
        capacity = content.registration(event).get("capacity")
        if capacity:
            assert re.match(rf"{capacity}\b", text(facts(soup)["Kuota"])), event.id
        assert shown
        checked += 1
    assert checked


def test_event_page_has_exactly_one_register_button_with_its_dates(site: Path, content: Content) -> None:
    for event in content.events:
        buttons = page(site, event.url).select("a.hs-register")
        assert len(buttons) == 1, event.id
        (button,) = buttons
        registration = content.registration(event)
        for attribute in ("data-opens", "data-closes", "data-end"):
            assert button.has_attr(attribute), (event.id, attribute)
        assert parse_dt(button["data-end"]) == event.end
        closes = parse_dt(registration["closes"]) if registration.get("closes") else event.start
        assert parse_dt(button["data-closes"]) == closes, event.id
        if registration.get("opens"):
            assert parse_dt(button["data-opens"]) == parse_dt(registration["opens"]), event.id
        else:
            assert button["data-opens"] == ""


def _notice(soup: BeautifulSoup) -> Tag:
    """The first block after the page title, which must come before the facts."""
    body = article(soup)
    first = body.find("h1").find_next_sibling()
    assert first is not None
    facts_list = body.select_one("dl")
    assert first is not facts_list and facts_list not in first.find_all("dl")
    return first


def test_cancelled_event_shows_a_notice_at_the_top(site: Path, content: Content) -> None:
    cancelled = [e for e in content.events if e.status == "cancelled"]
    assert cancelled
    for event in cancelled:
        notice = _notice(page(site, event.url))
        assert "dibatalkan" in text(notice).lower(), event.id


def test_rescheduled_event_says_so_with_its_previous_date(site: Path, content: Content) -> None:
    rescheduled = [e for e in content.events if e.status == "rescheduled"]
    assert rescheduled
    for event in rescheduled:
        notice = text(_notice(page(site, event.url)))
        previous = parse_dt(event.data["previous_start"])
        assert re.search(r"diubah|dipindah|dijadwalkan ulang", notice), notice
        assert f"{hari_tanggal(previous)}, {jam(previous)}" in notice
        assert hari_tanggal(event.start) in notice


def test_scheduled_event_has_no_notice(site: Path, content: Content) -> None:
    event = _three_day_class(content)
    assert not article(page(site, event.url)).select(".admonition")


# --- Program pages --------------------------------------------------------------


def test_program_page_shows_what_the_program_is(site: Path, content: Content) -> None:
    program_id = "kelas-startup-3-hari"
    program = content.programs[program_id]
    url = f"program/{program_id}/"
    soup = page(site, url)
    body = article(soup)
    shown = text(body)
    assert first_paragraph(program["description"]) in shown
    list_items = {text(li) for li in body.select("li")}
    for outcome in program["outcomes"]:
        assert outcome in list_items
    for requirement in program["requirements"]:
        assert requirement in list_items
    facts_text = text(body.select_one("dl"))
    for audience in program["audience"]:
        assert audience in facts_text
    assert text(facts(soup)["Durasi"]) == "3 hari"
    assert text(facts(soup)["Biaya"]) == rupiah(program["fee"])


def test_paid_program_shows_its_fee_in_rupiah(site: Path, content: Content) -> None:
    paid = {pid: p for pid, p in content.programs.items() if p.get("fee")}
    assert paid
    for program_id, program in paid.items():
        assert text(facts(page(site, f"program/{program_id}/"))["Biaya"]) == rupiah(program["fee"])
    assert rupiah(25000) == "Rp25.000"


def test_program_pages_list_upcoming_batches_and_count_past_runs(site: Path, content: Content) -> None:
    for program_id in content.programs:
        url = f"program/{program_id}/"
        soup = page(site, url)
        events = program_events(content, program_id)
        upcoming = [e.title for e in events if e.end > NOW]
        listed = [item_title(li) for li in event_items(article(soup)) if not hidden_by_ancestor(li)]
        assert listed == upcoming, program_id
        runs = sum(1 for e in events if e.end <= NOW and e.status != "cancelled")
        assert f"Sudah berjalan {runs} kali" in text(article(soup)), program_id
    assert "Sudah berjalan 3 kali" in text(article(page(site, "program/kelas-startup-3-hari/")))


def test_program_with_upcoming_batches_does_not_offer_notify_link(site: Path, content: Content) -> None:
    for program_id in content.programs:
        if any(e.end > NOW for e in program_events(content, program_id)):
            body = article(page(site, f"program/{program_id}/"))
            visible = [a for a in body.select("a") if text(a) == "Kabari saya" and not hidden_by_ancestor(a)]
            assert visible == [], program_id


def test_program_without_upcoming_event_offers_kabari_saya(
    extended_site: Path, extended_content: Content
) -> None:
    lonely = [
        pid
        for pid in extended_content.programs
        if not any(e.end > NOW for e in program_events(extended_content, pid))
    ]
    assert lonely == ["kelas-ekspor-umkm"]
    program = extended_content.programs["kelas-ekspor-umkm"]
    body = article(page(extended_site, "program/kelas-ekspor-umkm/"))
    assert not event_items(body)
    (link,) = [a for a in body.select("a[href]") if text(a) == "Kabari saya"]
    assert not hidden_by_ancestor(link)
    whatsapp = extended_content.branches[program["branches"][0]]["contact"]["whatsapp"]
    parts = urlsplit(link["href"])
    assert (parts.scheme, parts.hostname, parts.path) == ("https", "wa.me", "/" + whatsapp.lstrip("+"))
    assert whatsapp.startswith("+62")
    (message,) = parse_qs(parts.query)["text"]
    assert program["title"] in message
    assert "Sudah berjalan 0 kali" in text(body)


# --- Archive pagination ----------------------------------------------------------


# Markup, an ampersand, quotes and a script address in a title staff may write: text on every list.
HOSTILE_TITLE = 'Arsip <script>alert(1)</script> <img src=x onerror=alert(2)> & "kutip" javascript:alert(3)'


def test_a_past_events_title_is_only_text_in_its_archive_list(tmp_path: Path) -> None:
    # The archive's list comes ready-made in front matter and is printed as it is (overrides/generated.html).
    root = copy_repo(tmp_path / "repo")
    (root / "events/2020/2020-03-03-uji-jahat.md").write_text(
        "---\n"
        f"title: '{HOSTILE_TITLE}'\n"
        "format: online\nstart: 2020-03-03 19:00\nend: 2020-03-03 20:30\n"
        "online:\n  platform: Zoom\nattendance: 10\n---\n\nAcara uji.\n",
        encoding="utf-8",
    )
    site = build_ok(root, tmp_path / "site")
    body = article(page(site, "acara/arsip/2020/"))
    assert HOSTILE_TITLE in [item_title(li) for li in event_items(body)]
    assert not body.select("script, img")
    assert not [
        name for element in body.find_all(True) for name in element.attrs if name.lower().startswith("on")
    ]
    assert not [a["href"] for a in body.select("a[href]") if a["href"].lower().startswith("javascript:")]


def test_archive_year_with_many_events_is_paginated(extended_site: Path, extended_content: Content) -> None:
    year_events = [e for e in extended_content.past(NOW) if e.start.year == ARCHIVE_YEAR]
    assert len(year_events) == ARCHIVE_EVENTS
    first_url, second_url = f"acara/arsip/{ARCHIVE_YEAR}/", f"acara/arsip/{ARCHIVE_YEAR}/halaman/2/"
    assert page_file(extended_site, second_url).is_file()
    assert not page_file(extended_site, f"acara/arsip/{ARCHIVE_YEAR}/halaman/3/").exists()
    first, second = article(page(extended_site, first_url)), article(page(extended_site, second_url))
    first_titles = [item_title(li) for li in event_items(first)]
    second_titles = [item_title(li) for li in event_items(second)]
    assert len(first_titles) == 30
    assert len(second_titles) == ARCHIVE_EVENTS - 30
    assert sorted(first_titles + second_titles) == sorted(e.title for e in year_events)
    # Page 1 links forward only, page 2 back only.
    (next_link,) = first.select("a[rel~=next]")
    assert resolve(first_url, next_link["href"]) == second_url.rstrip("/")
    assert not first.select("a[rel~=prev]")
    (prev_link,) = second.select("a[rel~=prev]")
    assert resolve(second_url, prev_link["href"]) == first_url.rstrip("/")
    assert not second.select("a[rel~=next]")
    # The events page links to the year with its full count.
    (year_link,) = links_to(article(page(extended_site, "acara/")), "acara/", first_url)
    assert sorted(int(n) for n in re.findall(r"\d+", text(year_link))) == sorted(
        [ARCHIVE_EVENTS, ARCHIVE_YEAR]
    )


# --- Branch pages --------------------------------------------------------------


def test_open_branch_page_shows_address_map_hours_whatsapp_spaces(site: Path, content: Content) -> None:
    branch = content.branches["semarang"]
    url = "cabang/semarang/"
    soup = page(site, url)
    body = article(soup)
    shown = text(body)
    assert "Buka" in text(facts(soup)["Status"])
    for part in ("street", "district", "city", "province", "postal_code"):
        assert str(branch["address"][part]) in shown, part
    maps = [a for a in body.select("a[href]") if urlsplit(a["href"]).hostname == "www.openstreetmap.org"]
    assert len(maps) == 1
    query = parse_qs(urlsplit(maps[0]["href"]).query)
    assert float(query["mlat"][0]) == pytest.approx(float(branch["geo"]["lat"]))
    assert float(query["mlon"][0]) == pytest.approx(float(branch["geo"]["lon"]))
    for hours in branch["hours"]:
        line = f"{hours['days']}: {clock_text(hours['open'])}–{clock_text(hours['close'])}"
        assert line in shown
    assert "Senin-Jumat: 08.00–17.00" in shown
    digits = branch["contact"]["whatsapp"].lstrip("+")
    chats = [a for a in body.select("a[href]") if a["href"].startswith(f"https://wa.me/{digits}")]
    assert chats
    rows = [[text(cell) for cell in tr.find_all("td")] for tr in body.select("table tbody tr")]
    for space in branch["spaces"]:
        assert [r for r in rows if r[0] == space["name"] and str(space["capacity"]) in r], space["id"]
    assert len(rows) == len(branch["spaces"])


def test_branch_page_lists_upcoming_events_at_that_branch(site: Path, content: Content) -> None:
    url = "cabang/semarang/"
    listed = [item_title(li) for li in event_items(article(page(site, url)))]
    expected = [e.title for e in content.upcoming(NOW) if e.branch == "semarang"]
    assert expected
    assert listed == expected


def test_branch_pages_show_their_status(site: Path, content: Content) -> None:
    for branch_id, branch in content.branches.items():
        soup = page(site, f"cabang/{branch_id}/")
        assert BRANCH_STATUS[branch["status"]] in text(facts(soup)["Status"]), branch_id
    assert content.branches["banyumas"]["status"] == "planned"
    assert content.branches["solo"]["status"] == "renovating"


# --- Partners page ----------------------------------------------------------------


def test_partners_page_groups_partners_by_kind(site: Path, content: Content) -> None:
    body = article(page(site, "mitra/"))
    list_of: dict[str, Tag] = {}
    for partner_id, partner in content.partners.items():
        links = [a for a in body.select("a[href]") if a["href"] == partner["url"]]
        assert len(links) == 1, partner_id
        assert text(links[0]) == partner["name"]
        list_of[partner_id] = links[0].find_parent("ul")
    kinds = {p["kind"] for p in content.partners.values()}
    lists_by_kind = {}
    for kind in kinds:
        lists = {id(list_of[pid]) for pid, p in content.partners.items() if p["kind"] == kind}
        assert len(lists) == 1, f"partners of kind {kind} are not in one list"
        lists_by_kind[kind] = next(list_of[pid] for pid, p in content.partners.items() if p["kind"] == kind)
    assert len({id(ul) for ul in lists_by_kind.values()}) == len(kinds)
    for kind, ul in lists_by_kind.items():
        heading = ul.find_previous_sibling("h2")
        assert heading is not None
        assert PARTNER_KIND_WORD[kind] in text(heading).lower(), kind
