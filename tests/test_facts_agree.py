"""Every output tells the same story about an event, and every count of events held agrees.

One event of each kind (offline, online, hybrid, moved online, cancelled,
postponed, rescheduled) is added to a copy of the sample content and the
site is built as a user builds it. For each, the page as a visitor sees it,
its .ics file, its JSON-LD, the JSON feed and the Atom entry must agree on
where it happens, when, and in what state. Then the yearly counts: the
archive, the impact report and the home page count the same events as held.

The expected values come from the content files (read with `yaml` through
`sitehelpers`) and the rules written out here, never from `hetero`.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import datetime
from pathlib import Path

import icalendar
import pytest
from bs4 import BeautifulSoup, Tag
from sitehelpers import (
    NOW,
    WIB,
    Content,
    Ev,
    article,
    build_ok,
    copy_repo,
    facts,
    hari_tanggal,
    load_content,
    page,
    parse_dt,
    rentang_satu_hari,
    ribuan,
    text,
    write_events,
)

SITE_URL = "https://heterospace.github.io/"
SCHEMA = "https://schema.org/"
HELD_NOTE = "tidak termasuk acara yang dibatalkan"

# Upcoming at NOW, one of each kind; rooms and times never clash.
KINDS = {
    "offline": "2027-05-03-uji-luring",
    "online": "2027-05-04-uji-daring",
    "hybrid": "2027-05-05-uji-hibrida",
    "moved-online": "2027-05-06-uji-pindah-daring",
    "cancelled": "2027-05-07-uji-batal",
    "postponed": "2027-05-08-uji-tunda",
    "rescheduled": "2027-05-10-uji-jadwal-ulang",
}
EXTRA_EVENTS = {
    "2027-05-03-uji-luring": """
        title: Kelas Luring Uji
        format: offline
        branch: semarang
        room: aula
        start: 2027-05-03 09:00
        end: 2027-05-03 12:00
        registration: {url: "https://forms.gle/luring", fee: 0}
    """,
    "2027-05-04-uji-daring": """
        title: Kelas Daring Uji
        format: online
        start: 2027-05-04 19:00
        end: 2027-05-04 21:00
        online: {platform: Zoom, url: "https://zoom.us/j/111"}
        registration: {url: "https://forms.gle/daring"}
    """,
    "2027-05-05-uji-hibrida": """
        title: Temu Hibrida Uji
        format: hybrid
        branch: semarang
        room: kelas
        start: 2027-05-05 09:00
        end: 2027-05-05 12:00
        online: {platform: YouTube Live}
        registration: {url: "https://forms.gle/hibrida"}
    """,
    "2027-05-06-uji-pindah-daring": """
        title: Seminar Pindah Daring Uji
        format: offline
        status: moved-online
        branch: semarang
        room: aula
        start: 2027-05-06 13:00
        end: 2027-05-06 15:00
        online: {platform: Zoom, url: "https://zoom.us/j/222"}
        registration: {url: "https://forms.gle/pindah"}
    """,
    "2027-05-07-uji-batal": """
        title: Seminar Batal Uji
        format: offline
        status: cancelled
        branch: semarang
        room: aula
        start: 2027-05-07 09:00
        end: 2027-05-07 11:00
        registration: {url: "https://forms.gle/batal"}
    """,
    "2027-05-08-uji-tunda": """
        title: Kelas Tunda Uji
        format: offline
        status: postponed
        branch: semarang
        room: aula
        start: 2027-05-08 09:00
        end: 2027-05-08 11:00
        registration: {whatsapp: "+6281225550263"}
    """,
    "2027-05-10-uji-jadwal-ulang": """
        title: Kelas Jadwal Ulang Uji
        format: offline
        status: rescheduled
        previous_start: 2027-05-09 13:00
        branch: semarang
        room: aula
        start: 2027-05-10 13:00
        end: 2027-05-10 15:00
        registration: {url: "https://forms.gle/ulang"}
    """,
    # Past events the yearly counts must treat alike everywhere.
    "2025-06-07-uji-batal-lalu": """
        title: Seminar Batal Lalu
        format: offline
        status: cancelled
        branch: semarang
        start: 2025-06-07 09:00
        end: 2025-06-07 11:00
    """,
    "2025-06-14-uji-tunda-lalu": """
        title: Kelas Tunda Lalu
        format: offline
        status: postponed
        branch: semarang
        start: 2025-06-14 09:00
        end: 2025-06-14 11:00
    """,
    "2025-06-21-uji-pindah-lalu": """
        title: Kelas Pindah Daring Lalu
        format: offline
        status: moved-online
        branch: semarang
        start: 2025-06-21 09:00
        end: 2025-06-21 11:00
        online: {platform: Zoom}
        attendance: 30
    """,
    # 23.30 UTC on 31 December is already New Year's morning in WIB: the
    # year it counts in must be the same on every page.
    "2025-12-31-uji-malam-tahun-baru": """
        title: Temu Daring Tahun Baru
        format: online
        start: 2025-12-31 23:30+00:00
        end: 2026-01-01 00:30+00:00
        online: {platform: Zoom}
        attendance: 12
    """,
}

FORMATS = {"offline": "Luring", "online": "Daring", "hybrid": "Hibrida"}
ATTENDANCE_MODES = {
    "offline": SCHEMA + "OfflineEventAttendanceMode",
    "online": SCHEMA + "OnlineEventAttendanceMode",
    "hybrid": SCHEMA + "MixedEventAttendanceMode",
}
EVENT_STATUSES = {
    "scheduled": SCHEMA + "EventScheduled",
    "cancelled": SCHEMA + "EventCancelled",
    "postponed": SCHEMA + "EventPostponed",
    "rescheduled": SCHEMA + "EventRescheduled",
    "moved-online": SCHEMA + "EventMovedOnline",
}
ICS_STATUSES = {"cancelled": "CANCELLED", "postponed": "TENTATIVE"}
# Each event above opens registration now (no `opens`, closing at its start).
REGISTRATION_STATES = {"cancelled": "cancelled", "postponed": "postponed"}
AVAILABILITY = {"open": "InStock", "cancelled": "Discontinued", "postponed": "PreOrder"}


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("repo"))
    write_events(root, EXTRA_EVENTS)
    return root


@pytest.fixture(scope="module")
def site(root: Path) -> Path:
    return build_ok(root, root / "site")


@pytest.fixture(scope="module")
def content(root: Path) -> Content:
    return load_content(root)


@pytest.fixture(scope="module")
def feed(site: Path) -> dict[str, dict]:
    items = json.loads((site / "api" / "events.json").read_text(encoding="utf-8"))["events"]
    return {item["id"]: item for item in items}


@pytest.fixture(scope="module")
def atom(site: Path) -> dict[str, dict[str, str]]:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    tree = ET.parse(site / "acara" / "feed.xml")
    entries = {}
    for entry in tree.getroot().findall("a:entry", ns):
        href = entry.find("a:link", ns).get("href")
        event_id = href.removeprefix(SITE_URL + "acara/").strip("/")
        entries[event_id] = {
            "title": entry.findtext("a:title", namespaces=ns),
            "summary": entry.findtext("a:summary", namespaces=ns),
        }
    return entries


def _vevent(site: Path, event_id: str) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical((site / "acara" / f"{event_id}.ics").read_bytes())
    (vevent,) = calendar.walk("VEVENT")
    return vevent


def _jsonld(soup: BeautifulSoup) -> dict:
    (script,) = soup.select('script[type="application/ld+json"]')
    return json.loads(script.string)


def _mode(event: Ev) -> str:
    """How people take part: an event moved online is online, whatever it was planned as."""
    return "online" if event.status == "moved-online" else event.data["format"]


def _venue(content: Content, event: Ev) -> tuple[str, str, str]:
    """The branch name, room name and one-line address written in the branch file."""
    branch = content.branches[event.branch]
    rooms = {space["id"]: space["name"] for space in branch.get("spaces") or []}
    address = branch["address"]
    parts = [address.get(k) for k in ("street", "district", "city", "province", "postal_code")]
    return branch["name"], rooms.get(event.data.get("room"), ""), ", ".join(str(p) for p in parts if p)


def _place_text(content: Content, event: Ev) -> str:
    online = event.data.get("online") or {}
    daring = "Daring" + (f" ({online['platform']})" if online.get("platform") else "")
    mode = _mode(event)
    if mode == "online":
        return daring
    name, room, address = _venue(content, event)
    venue = f"{name} ({room}), {address}" if room else f"{name}, {address}"
    return f"{venue} atau {daring}" if mode == "hybrid" else venue


def _facts_of(site: Path, event: Ev) -> tuple[Tag, dict[str, Tag]]:
    body = article(page(site, event.url))
    return body, facts(page(site, event.url))


# --- One event of each kind ----------------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
def test_page_calendar_jsonld_and_feeds_agree_on_the_place(
    kind: str, site: Path, content: Content, feed: dict, atom: dict
) -> None:
    event = content.event(KINDS[kind])
    mode = _mode(event)
    on_site = mode != "online"
    place = _place_text(content, event)
    online = event.data.get("online") or {}
    body, shown = _facts_of(site, event)

    # The page: a venue, its room and its map only where people come.
    assert ("Tempat" in shown) == on_site
    assert bool(body.select('a[href*="openstreetmap.org"]')) == on_site
    if on_site:
        name, room, address = _venue(content, event)
        assert all(part in text(shown["Tempat"]) for part in (name, room, address))
    assert ("Daring" in shown) == (mode != "offline")
    if mode != "offline":
        assert online["platform"] in text(shown["Daring"])
        if online.get("url"):
            assert shown["Daring"].find("a")["href"] == online["url"]
    assert text(shown["Format"]).startswith(FORMATS[mode])

    # The .ics file: the same place in words, coordinates only for a venue.
    vevent = _vevent(site, event.id)
    assert str(vevent["LOCATION"]) == place
    assert ("GEO" in vevent) == on_site
    if online.get("url") and mode != "offline":
        assert f"Tautan daring: {online['url']}" in str(vevent["DESCRIPTION"])

    # JSON-LD: the same mode, a Place only for a venue.
    data = _jsonld(page(site, event.url))
    assert data["eventAttendanceMode"] == ATTENDANCE_MODES[mode]
    locations = data["location"] if isinstance(data["location"], list) else [data["location"]]
    types = [loc["@type"] for loc in locations]
    expected_types = {
        "offline": ["Place"],
        "online": ["VirtualLocation"],
        "hybrid": ["Place", "VirtualLocation"],
    }
    assert types == expected_types[mode]
    if on_site:
        assert locations[0]["name"] == _venue(content, event)[0]
    if online.get("url") and mode != "offline":
        assert locations[-1]["url"] == online["url"]

    # The JSON feed and the Atom entry.
    item = feed[event.id]
    assert item["attendance_mode"] == mode
    assert item["format"] == event.data["format"]
    assert item["room"] == (_venue(content, event)[1] or None if on_site else None)
    assert place in atom[event.id]["summary"].splitlines()


def test_an_event_moved_online_names_its_planned_venue_only_as_past_information(
    site: Path, content: Content
) -> None:
    event = content.event(KINDS["moved-online"])
    name, room, address = _venue(content, event)
    body, shown = _facts_of(site, event)
    notice = text(body.select_one(".hs-notice"))
    assert "dipindah ke daring" in notice
    assert name in notice and room in notice
    assert address not in text(body)
    assert "Tempat" not in shown


@pytest.mark.parametrize("kind", list(KINDS))
def test_page_calendar_jsonld_and_feed_agree_on_the_time(
    kind: str, site: Path, content: Content, feed: dict
) -> None:
    event = content.event(KINDS[kind])
    _, shown = _facts_of(site, event)
    when = shown["Waktu"]
    # A date that no longer holds is still the one shown, struck through.
    struck = when.find("del")
    assert (struck is not None) == (kind in ("cancelled", "postponed"))
    assert text(struck or when) == rentang_satu_hari(event.start, event.end)
    vevent = _vevent(site, event.id)
    assert vevent.decoded("DTSTART") == event.start
    assert vevent.decoded("DTEND") == event.end
    data = _jsonld(page(site, event.url))
    assert (parse_dt(data["startDate"]), parse_dt(data["endDate"])) == (event.start, event.end)
    item = feed[event.id]
    assert (parse_dt(item["start"]), parse_dt(item["end"])) == (event.start, event.end)
    previous = event.data.get("previous_start")
    if previous is None:
        assert item["previous_start"] is None and "previousStartDate" not in data
    else:
        previous = parse_dt(previous)
        assert parse_dt(item["previous_start"]) == previous
        assert parse_dt(data["previousStartDate"]) == previous
        notice = text(article(page(site, event.url)).select_one(".hs-notice"))
        assert hari_tanggal(previous) in notice and hari_tanggal(event.start) in notice
        assert int(vevent["SEQUENCE"]) >= 1


@pytest.mark.parametrize("kind", list(KINDS))
def test_page_calendar_jsonld_and_feeds_agree_on_the_state(
    kind: str, site: Path, content: Content, feed: dict, atom: dict
) -> None:
    event = content.event(KINDS[kind])
    state = REGISTRATION_STATES.get(event.status, "open")
    goes_ahead = event.status not in ("cancelled", "postponed")
    body, _ = _facts_of(site, event)
    (button,) = body.select("a.hs-register")
    assert button["data-state"] == state
    assert button.has_attr("href") == goes_ahead

    item = feed[event.id]
    assert item["status"] == event.status
    assert item["registration"]["state"] == state

    data = _jsonld(page(site, event.url))
    assert data["eventStatus"] == EVENT_STATUSES[event.status]
    assert data["offers"]["availability"] == SCHEMA + AVAILABILITY[state]

    vevent = _vevent(site, event.id)
    assert str(vevent["STATUS"]) == ICS_STATUSES.get(event.status, "CONFIRMED")
    # A sign-up link only for an event that goes ahead, the same one the page's button holds.
    link = re.search(r"Pendaftaran: (\S+)", str(vevent["DESCRIPTION"]))
    assert bool(link) == goes_ahead
    if link:
        assert link[1] == button["href"]

    cancelled = event.status == "cancelled"
    assert str(vevent["SUMMARY"]).startswith("DIBATALKAN: ") == cancelled
    assert atom[event.id]["title"].startswith("DIBATALKAN: ") == cancelled


# --- Yearly counts ------------------------------------------------------------------------


def _year(event: Ev) -> int:
    return event.start.astimezone(WIB).year


def _held(content: Content, now: datetime = NOW) -> list[Ev]:
    """Ended by now, neither cancelled nor postponed: the one definition of held."""
    return [e for e in content.events if e.end <= now and e.status not in ("cancelled", "postponed")]


def test_archive_impact_and_home_count_the_same_events_as_held(site: Path, content: Content) -> None:
    held = _held(content)
    per_year = Counter(_year(e) for e in held)
    past_years = sorted({_year(e) for e in content.events if e.end <= NOW}, reverse=True)
    # The sample has a cancelled 2020 event; the test adds a cancelled, a
    # postponed and a moved-online one in 2025 and one at the turn of 2026 in WIB.
    assert per_year[2020] < sum(1 for e in content.events if e.end <= NOW and _year(e) == 2020)
    assert _year(content.event("2025-12-31-uji-malam-tahun-baru")) == 2026

    index = article(page(site, "acara/arsip/"))
    listed = {int(m[1]): int(m[2]) for m in re.finditer(r"(\d{4}) ?: (\d+) acara terselenggara", text(index))}
    assert listed == {year: per_year[year] for year in past_years}
    assert HELD_NOTE in text(index)

    events_page = text(article(page(site, "acara/")))
    for year in past_years:
        assert f"{year} ({per_year[year]} acara)" in events_page
        year_page = text(article(page(site, f"acara/arsip/{year}/")))
        assert f"{per_year[year]} acara terselenggara pada tahun {year}" in year_page
        assert HELD_NOTE in year_page
    assert HELD_NOTE in events_page

    impact = article(page(site, "dampak/"))
    heading = next(h for h in impact.find_all("h2") if text(h) == "Acara per tahun")
    rows = heading.find_next("table").select("tbody tr")
    by_year = {text(tr.th): text(tr.td) for tr in rows}
    assert by_year == {str(y): ribuan(per_year[y]) for y in range(min(per_year), NOW.year + 1)}
    assert HELD_NOTE in text(impact)

    home = article(page(site, ""))
    stats = {}
    for item in home.select(".hs-stat"):
        number = text(item.find("strong"))
        stats[text(item).replace(number, "", 1).strip()] = number
    assert stats["acara terselenggara"] == ribuan(len(held)) == ribuan(sum(listed.values()))
    # How an event was held: the one moved online counts as online.
    by_mode = Counter(_mode(e) for e in held)
    for key, label in FORMATS.items():
        assert stats[f"acara {label.lower()}"] == ribuan(by_mode[key])
    assert HELD_NOTE in text(home)
