"""The Atom feed and the JSON feed for partners: well formed, complete, stable.

Which events a feed should hold is worked out from the event files' front
matter (read with PyYAML), not through `hetero`, so the test does not share
the code it checks.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import jsonschema
import pytest
from test_calendar import (
    NOW,
    PROJECT,
    SITE,
    digest_in_fresh_processes,
    digest_of,
    expected_time,
    front_matter,
    make_catalog,
    make_event,
    sample_catalog,
)

from hetero.feeds import atom_feed, feed_files, json_feed, json_feed_schema

A = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def aware(text: str) -> datetime:
    """A front-matter time as an instant; no offset means WIB (UTC+7)."""
    wall, tzid = expected_time(text)
    if tzid:
        return datetime.fromisoformat(wall + "+07:00")
    return datetime.fromisoformat(wall.replace("Z", "+00:00"))


def sample_events() -> dict[str, dict]:
    """Each sample event's front matter, by id, in start order."""
    found = {path.stem: front_matter(path) for path in (PROJECT / "events").glob("*/*.md")}
    return dict(sorted(found.items(), key=lambda item: (aware(item[1]["start"]), item[0])))


def parse_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    assert moment.tzinfo is not None, f"{text} has no offset"
    return moment


# --- Atom ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def atom() -> ET.Element:
    return ET.fromstring(atom_feed(sample_catalog(), NOW, SITE))


def test_atom_feed_header(atom: ET.Element) -> None:
    assert atom.tag == A + "feed"
    assert atom.get(XML_LANG) == "id"
    assert atom.findtext(A + "id") == SITE + "acara/"
    assert atom.findtext(A + "title") == "Acara Hetero Space"
    links = {link.get("rel"): link.get("href") for link in atom.findall(A + "link")}
    assert links == {"self": SITE + "acara/feed.xml", "alternate": SITE + "acara/"}
    assert atom.findtext(f"{A}author/{A}name") == "Hetero Space"
    entries = atom.findall(A + "entry")
    latest = max(parse_time(e.findtext(A + "updated") or "") for e in entries)
    assert parse_time(atom.findtext(A + "updated") or "") == latest


def test_atom_entries_are_the_upcoming_events(atom: ET.Element) -> None:
    upcoming = [i for i, data in sample_events().items() if aware(data["end"]) > NOW]
    entries = atom.findall(A + "entry")
    assert [e.findtext(A + "id") for e in entries] == [f"{SITE}acara/{i}/" for i in upcoming]
    events = sample_events()
    for entry, event_id in zip(entries, upcoming, strict=True):
        data = events[event_id]
        title = entry.findtext(A + "title") or ""
        assert title.endswith(data["title"])
        assert title.startswith("DIBATALKAN: ") == (data.get("status") == "cancelled")
        (link,) = entry.findall(A + "link")
        assert link.get("href") == entry.findtext(A + "id")
        assert link.get("rel") == "alternate"
        updated = parse_time(entry.findtext(A + "updated") or "")
        assert updated != NOW
        assert updated == aware(data.get("updated") or data["start"])
        assert entry.findtext(f"{A}author/{A}name") == "Hetero Space"
        summary = entry.find(A + "summary")
        assert summary is not None and summary.get("type") == "text"
        first_line = (summary.text or "").splitlines()[0]
        assert " WIB" in first_line and str(aware(data["start"]).year) in first_line


def test_atom_keeps_cancelled_and_dates_an_empty_feed_by_now() -> None:
    cancelled = make_event(
        "2026-12-01-batal", status="cancelled", start="2026-12-01 09:00", end="2026-12-01 11:00"
    )
    past = make_event("2026-11-01-lalu", start="2026-11-01 09:00", end="2026-11-01 11:00")
    feed = ET.fromstring(atom_feed(make_catalog(cancelled, past), NOW, SITE))
    (entry,) = feed.findall(A + "entry")
    assert entry.findtext(A + "title") == "DIBATALKAN: Acara 2026-12-01-batal"
    assert "Status: Dibatalkan" in (entry.findtext(A + "summary") or "")
    assert "Selasa, 1 Desember 2026, 09.00–11.00 WIB" in (entry.findtext(A + "summary") or "")
    empty = ET.fromstring(atom_feed(make_catalog(past), NOW, SITE))
    assert empty.findall(A + "entry") == []
    assert parse_time(empty.findtext(A + "updated") or "") == NOW


# --- JSON -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def feed() -> dict:
    return json.loads(json_feed(sample_catalog(), NOW, SITE))


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(json_feed_schema())


def test_schema_is_draft_2020_12_and_described_in_indonesian(schema: dict) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    for name, definition in [("EventFeed", schema), *schema["$defs"].items()]:
        assert definition.get("description"), name
        for field, spec in definition["properties"].items():
            assert spec.get("description"), f"{name}.{field}"
    assert "Acara" in schema["description"] or "acara" in schema["description"]


def test_json_feed_validates_against_its_schema(feed: dict, schema: dict) -> None:
    jsonschema.Draft202012Validator(schema).validate(feed)


def test_json_feed_header(feed: dict) -> None:
    assert feed["version"] == 1
    assert parse_time(feed["generated_for"]) == NOW
    assert feed["timezone"] == "Asia/Jakarta"


def test_json_feed_holds_upcoming_and_recent_events(feed: dict) -> None:
    window = NOW - timedelta(days=90)
    events = sample_events()
    expected = [i for i, data in events.items() if aware(data["end"]) > window]
    assert [e["id"] for e in feed["events"]] == expected
    for item in feed["events"]:
        data = events[item["id"]]
        assert item["title"] == data["title"]
        assert item["url"] == f"{SITE}acara/{item['id']}/"
        assert item["ics"] == f"{SITE}acara/{item['id']}.ics"
        assert parse_time(item["start"]) == aware(data["start"])
        assert parse_time(item["end"]) == aware(data["end"])
        assert item["format"] == data["format"]
        assert item["status"] == data.get("status", "scheduled")
        assert item["attendance_mode"] == ("online" if item["status"] == "moved-online" else item["format"])
        assert (item["branch"] or {}).get("id") == data.get("branch")
        assert (item["program"] or {}).get("id") == data.get("program")
        assert [s["name"] for s in item["speakers"]] == [s["name"] for s in data.get("speakers") or []]
        assert item["tags"] == (data.get("tags") or [])
        assert [parse_time(s["start"]) for s in item["sessions"]] == sorted(
            aware(s["start"]) for s in data.get("sessions") or []
        )
        assert 0 < len(item["summary"]) <= 200
        registration = item["registration"]
        assert set(registration) == {"url", "whatsapp", "opens", "closes", "capacity", "state"}
        if parse_time(item["end"]) <= NOW:
            assert registration["state"] in ("finished", "cancelled", "postponed")


def test_json_feed_states_and_fields() -> None:
    def event(event_id: str, **fields: object) -> object:
        day = event_id[:10]
        return make_event(event_id, start=f"{day} 09:00", end=f"{day} 12:00", **fields)

    window = {"opens": "2026-11-20 08:00", "closes": "2026-12-20 17:00"}
    catalog = make_catalog(
        event("2026-12-21-belum", registration={"url": "https://f.id/a", "opens": "2026-12-01 08:00"}),
        event("2026-12-22-buka", room="aula", registration={"whatsapp": "+6281225550263", **window}),
        event("2026-12-23-penuh", registration={"url": "https://f.id/b", "status": "full", **window}),
        event("2026-12-24-antre", registration={"url": "https://f.id/c", "status": "waitlist", **window}),
        event("2026-11-25-tutup", registration={"url": "https://f.id/d", "closes": "2026-11-24 08:00"}),
        event("2026-11-20-selesai", registration={"url": "https://f.id/e", "closes": "2026-11-19 08:00"}),
        event("2026-12-26-batal", status="cancelled", registration={"url": "https://f.id/f"}),
        event("2026-12-27-tunda", status="postponed", registration={"url": "https://f.id/g"}),
        event("2026-12-28-kosong", format="online", branch=None),
        event("2026-12-29-kelas", program="kelas-startup", registration={"capacity": "30", "fee": "150000"}),
    )
    items = {e["id"]: e for e in json.loads(json_feed(catalog, NOW, SITE))["events"]}
    states = {i[11:]: item["registration"]["state"] for i, item in items.items()}
    assert states == {
        "belum": "not-yet-open",
        "buka": "open",
        "penuh": "full",
        "antre": "waitlist",
        "tutup": "closed",
        "selesai": "finished",
        "batal": "cancelled",
        "tunda": "postponed",
        "kosong": "none",
        "kelas": "open",
    }
    jsonschema.Draft202012Validator(json.loads(json_feed_schema())).validate(
        json.loads(json_feed(catalog, NOW, SITE))
    )
    buka = items["2026-12-22-buka"]
    assert buka["room"] == "Aula Hetero"
    assert buka["branch"] == {"id": "semarang", "name": "Hetero Space Semarang", "city": "Semarang"}
    assert buka["registration"]["whatsapp"] == "+6281225550263"
    assert buka["registration"]["url"] is None
    assert buka["fee"] is None and buka["program"] is None
    kosong = items["2026-12-28-kosong"]
    assert kosong["branch"] is None and kosong["room"] is None and kosong["attendance_mode"] == "online"
    # The closing time defaults to the start, as on the event page.
    assert parse_time(kosong["registration"]["closes"]) == parse_time(kosong["start"])
    kelas = items["2026-12-29-kelas"]
    assert kelas["program"] == {"id": "kelas-startup", "title": "Kelas Startup 3 Hari", "pillar": "melesat"}
    # Fee and form inherited from the program unless the event sets its own.
    assert kelas["fee"] == 150000
    assert kelas["registration"]["url"] == "https://forms.heterospace.id/startup"
    assert kelas["registration"]["capacity"] == 30
    assert kelas["summary"] == "Tiga hari dari ide ke purwarupa."


def test_json_is_utf8_sorted_and_indented() -> None:
    data = json_feed(sample_catalog(), NOW, SITE)
    assert data.endswith(b"}\n")
    assert b"\\u" not in data
    assert (
        data == (json.dumps(json.loads(data), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
    )


# --- All feeds -------------------------------------------------------------------------


def test_feeds_are_the_same_bytes_in_every_build() -> None:
    files = feed_files(sample_catalog(), NOW, SITE)
    assert sorted(files) == ["acara/feed.xml", "api/events.json", "api/events.schema.json"]
    assert feed_files(sample_catalog(), NOW, SITE) == files
    assert digest_in_fresh_processes("hetero.feeds", "feed_files") == digest_of(files)
