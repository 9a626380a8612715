"""Calendar files: valid for two independent parsers, stable, and true to the content.

Every .ics written here is read back twice: by `icalendar` (the library
that wrote it, strict mode) and by ical.js (the parser behind many web
calendar apps) through `tests/js/parse-ics.mjs`. Expected times are read
straight from the event files' front matter with PyYAML, not through
`hetero`, so a mistake in the content loader cannot hide one here.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import yaml

from hetero.calendar import (
    FALLBACK_PAST,
    calendar_feed,
    calendar_files,
    event_calendar,
)
from hetero.catalog import Catalog, EventRecord, Record, Source
from hetero.models import WIB, Branch, Event, Program
from hetero.safetext import plain_text, short_text
from hetero.validate import validate

PROJECT = Path(__file__).resolve().parents[1]
JS = Path(__file__).resolve().parent / "js"
SITE = "https://heterospace.github.io/"
# A fixed clock with sample events on both sides of it; conftest.py uses the
# same moment, repeated here so these tests do not depend on its internals.
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=WIB)


# --- Helpers ------------------------------------------------------------------


def sample_catalog() -> Catalog:
    catalog, diagnostics = validate(PROJECT, NOW)
    assert not [d for d in diagnostics if d.severity == "error"], diagnostics
    return catalog


def make_event(event_id: str, body: str = "", **fields: object) -> EventRecord:
    """An event as the loader would produce it; values are text, as typed in a file."""
    data = {"title": f"Acara {event_id}", "format": "offline", "branch": "semarang", **fields}
    return Record(event_id, Event.model_validate(data), Source(f"events/{event_id[:4]}/{event_id}.md"), body)


def make_catalog(*events: EventRecord) -> Catalog:
    """One branch (with geo and rooms), one program and the given events."""
    branch = Branch.model_validate(
        {
            "name": "Hetero Space Semarang",
            "city": "Semarang",
            "status": "open",
            "opened": "2020-01-31",
            "address": {"street": "Jl. Setiabudi", "city": "Semarang", "postal_code": "50263"},
            "geo": {"lat": "-7.0556", "lon": "110.4140"},
            "spaces": [{"id": "aula", "name": "Aula Hetero", "kind": "event"}],
        }
    )
    program = Program.model_validate(
        {
            "title": "Kelas Startup 3 Hari",
            "pillar": "melesat",
            "kind": "class",
            "summary": "Tiga hari dari ide ke purwarupa.",
            "description": "Kelas intensif.",
            "fee": "0",
            "registration": {"url": "https://forms.heterospace.id/startup"},
        }
    )
    return Catalog(
        branches={"semarang": Record("semarang", branch, Source("content/branches/semarang.md"))},
        partners={},
        programs={"kelas-startup": Record("kelas-startup", program, Source("programs/kelas-startup.yml"))},
        events=tuple(sorted(events, key=lambda e: (e.data.start, e.id))),
    )


def ical_js(files: dict[str, bytes], tmp_path: Path) -> dict[str, dict]:
    """Parse each file with ical.js; the result by file name."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.fail("Node.js and npm are needed to check calendars with ical.js (tests/js)")
    if not (JS / "node_modules" / "ical.js").is_dir():
        # package-lock.json pins the version; `npm ci` installs exactly it.
        subprocess.run([npm, "ci", "--prefix", str(JS), "--no-audit", "--no-fund"], check=True, timeout=300)
    paths = []
    for name, data in files.items():
        path = tmp_path / "ics" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        paths.append(str(path))
    result = subprocess.run(
        [node, str(JS / "parse-ics.mjs"), *paths], capture_output=True, text=True, timeout=120, check=True
    )
    # Split on "\n" only: a summary may hold U+2028, which splitlines() also breaks at.
    parsed = [json.loads(line) for line in result.stdout.split("\n") if line]
    root = str(tmp_path / "ics") + "/"
    return {item["file"].removeprefix(root): item for item in parsed}


def vevents(data: bytes) -> list[icalendar.Event]:
    return icalendar.Calendar.from_ical(data).walk("VEVENT")


# --- Expected values, read from the files as written -----------------------------

_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*(Z|[+-]\d{2}:?\d{2})?")


def expected_time(text: str) -> tuple[str, str | None]:
    """What a calendar app must show for a front-matter time: (wall time, TZID).

    No offset means WIB, kept as local time with TZID=Asia/Jakarta; any other
    offset is expected in UTC.
    """
    match = _TIME.fullmatch(text.strip())
    assert match, text
    day, hour, minute, second, offset = match.groups()
    wall = f"{day}T{int(hour):02d}:{minute}:{second or '00'}"
    if offset is None:
        return wall, "Asia/Jakarta"
    offset = "+00:00" if offset == "Z" else offset
    moment = datetime.fromisoformat(wall + offset).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ"), None


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    _, header, _ = text.split("---\n", 2)
    # BaseLoader: every value as the text typed, no YAML 1.1 guessing.
    return yaml.load(header, Loader=yaml.BaseLoader)


def expected_starts() -> dict[str, list[tuple[str, str | None]]]:
    """Each event file's id and the start time of each VEVENT it should give."""
    found = {}
    for path in sorted((PROJECT / "events").glob("*/*.md")):
        data = front_matter(path)
        sessions = sorted(data.get("sessions") or [], key=lambda s: expected_time(s["start"]))
        found[path.stem] = [expected_time(s["start"]) for s in sessions] or [expected_time(data["start"])]
    return found


def digest_of(files: dict[str, bytes]) -> str:
    return hashlib.sha256(b"".join(k.encode() + v for k, v in files.items())).hexdigest()


def digest_in_fresh_processes(module: str, function: str) -> str:
    """The digest of `module.function(catalog, NOW, SITE)` computed in two processes with other hash seeds.

    Fails unless both agree, so no set or dict order can leak into the bytes.
    """
    script = (
        "import hashlib; from pathlib import Path; from datetime import datetime;"
        "from hetero.models import WIB; from hetero.validate import validate;"
        f"from {module} import {function};"
        "now = datetime(2026, 11, 24, 12, 0, tzinfo=WIB);"
        f"c, _ = validate(Path({str(PROJECT)!r}), now);"
        f"f = {function}(c, now, {SITE!r});"
        "print(hashlib.sha256(b''.join(k.encode() + v for k, v in f.items())).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
            timeout=120,
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert len(digests) == 1
    return digests.pop()


# --- Sample content ---------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_files() -> dict[str, bytes]:
    return calendar_files(sample_catalog(), NOW, SITE)


@pytest.fixture(scope="module")
def every_event_calendar() -> dict[str, bytes]:
    """The `.ics` of every sample event, as `event_calendar` writes it, past ones included."""
    catalog = sample_catalog()
    return {f"acara/{e.id}.ics": event_calendar(e, catalog, SITE) for e in catalog.events}


def test_the_site_has_an_event_calendar_for_upcoming_and_recent_events_only(
    sample_files: dict[str, bytes],
) -> None:
    for event in sample_catalog().events:
        recent = event.data.end > NOW - timedelta(days=90)
        assert (f"acara/{event.id}.ics" in sample_files) == recent, event.id


def test_every_sample_calendar_parses_in_both_parsers(sample_files: dict[str, bytes], tmp_path: Path) -> None:
    parsed = ical_js(sample_files, tmp_path)
    assert set(parsed) == set(sample_files)
    for name, data in sample_files.items():
        assert parsed[name]["errors"] == [], name
        components = vevents(data)
        assert len(parsed[name]["events"]) == len(components), name
        for vevent in components:
            assert {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"} <= set(vevent), name
        for event in parsed[name]["events"]:
            assert event["uid"] and event["dtstamp"] and event["dtstart"], (name, event)
        text = data.decode("utf-8")
        assert "\r\n" in text and all(len(line.encode()) <= 75 for line in text.split("\r\n")), name


def test_calendar_headers(sample_files: dict[str, bytes]) -> None:
    feed = sample_files["kalender/semua.ics"].decode()
    single = sample_files["acara/2026-12-05-foto-produk-akhir-tahun.ics"].decode()
    for text in (feed, single):
        for line in (
            "PRODID:-//Hetero Space//Portal Acara//ID",
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
            "X-WR-TIMEZONE:Asia/Jakarta",
            "BEGIN:VTIMEZONE",
            "TZID:Asia/Jakarta",
        ):
            assert line + "\r\n" in text
    assert "X-WR-CALNAME:Acara Hetero Space\r\n" in feed
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n" in feed
    assert "X-PUBLISHED-TTL:PT6H\r\n" in feed
    assert "X-WR-CALNAME:Foto Produk untuk Musim Belanja Akhir Tahun\r\n" in single
    assert "REFRESH-INTERVAL" not in single


def test_local_times_are_the_times_written_in_the_content(
    every_event_calendar: dict[str, bytes], tmp_path: Path
) -> None:
    expected = expected_starts()
    singles = {f"acara/{event_id}.ics": starts for event_id, starts in expected.items()}
    assert set(singles) == set(every_event_calendar)
    parsed = ical_js({name: every_event_calendar[name] for name in singles}, tmp_path)
    for name, starts in singles.items():
        shown = [(e["dtstart"], e["dtstart_tzid"]) for e in parsed[name]["events"]]
        assert shown == starts, name
        for event in parsed[name]["events"]:
            if event["dtstart_tzid"]:
                # The zone really is UTC+7: the VTIMEZONE gives the right instant.
                utc = datetime.fromisoformat(event["dtstart_utc"].replace("Z", "+00:00"))
                assert utc == datetime.fromisoformat(event["dtstart"] + "+07:00")


def test_feed_holds_upcoming_and_recent_events(sample_files: dict[str, bytes]) -> None:
    catalog = sample_catalog()
    uids = {str(v["UID"]) for v in vevents(sample_files["kalender/semua.ics"])}
    for event in catalog.events:
        uid_prefix = event.id + ("-sesi-1" if event.data.sessions else "")
        present = f"{uid_prefix}@heterospace.id" in uids
        assert present == (event.data.end > NOW - timedelta(days=90)), event.id


def test_uids_are_stable_across_calls_and_builds(sample_files: dict[str, bytes]) -> None:
    again = calendar_files(sample_catalog(), NOW, SITE)
    assert again == sample_files
    for name, data in sample_files.items():
        for vevent in vevents(data):
            assert re.fullmatch(r"[a-z0-9-]+(-sesi-\d+)?@heterospace\.id", str(vevent["UID"])), name
    # Another process, with another hash seed: no set or dict order leaks in.
    assert digest_in_fresh_processes("hetero.calendar", "calendar_files") == digest_of(sample_files)


def test_dtstamp_comes_from_the_content_not_the_clock(sample_files: dict[str, bytes]) -> None:
    for name, data in sample_files.items():
        for vevent in vevents(data):
            assert vevent.DTSTAMP != NOW, name
            assert vevent["LAST-MODIFIED"].dt == vevent.DTSTAMP, name
    # A different `now` changes which events a feed holds, never their stamps.
    later = calendar_files(sample_catalog(), NOW + timedelta(days=3), SITE)
    for name, data in sample_files.items():
        if name.startswith("acara/"):
            assert later[name] == data, name


def test_rescheduled_sample_event_has_a_higher_sequence(sample_files: dict[str, bytes]) -> None:
    rescheduled = [e for e in sample_catalog().events if e.data.previous_start is not None]
    assert rescheduled, "the sample content should have a rescheduled event"
    for event in rescheduled:
        for vevent in vevents(sample_files[f"acara/{event.id}.ics"]):
            assert vevent["SEQUENCE"] >= 1


def test_cancelled_sample_event_is_marked(every_event_calendar: dict[str, bytes]) -> None:
    cancelled = [e for e in sample_catalog().events if e.data.status == "cancelled"]
    assert cancelled, "the sample content should have a cancelled event"
    for event in cancelled:
        (vevent,) = vevents(every_event_calendar[f"acara/{event.id}.ics"])
        assert vevent["STATUS"] == "CANCELLED"
        assert str(vevent["SUMMARY"]).startswith("DIBATALKAN: ")


def test_multi_session_sample_event_gives_one_vevent_per_session(
    every_event_calendar: dict[str, bytes],
) -> None:
    multi = [e for e in sample_catalog().events if e.data.sessions]
    assert multi, "the sample content should have a multi-session event"
    for event in multi:
        found = vevents(every_event_calendar[f"acara/{event.id}.ics"])
        sessions = event.data.sessions or []
        assert [str(v["UID"]) for v in found] == [
            f"{event.id}-sesi-{n}@heterospace.id" for n in range(1, len(sessions) + 1)
        ]
        assert [str(v["SUMMARY"]) for v in found] == [f"{event.data.title}: {s.title}" for s in sessions]


# --- Hand-made catalogs -------------------------------------------------------------


def test_cancelled_event_stays_in_the_feed(tmp_path: Path) -> None:
    kept = make_event(
        "2026-12-01-batal", status="cancelled", start="2026-12-01 09:00", end="2026-12-01 12:00"
    )
    other = make_event("2026-12-02-jalan", start="2026-12-02 09:00", end="2026-12-02 12:00")
    catalog = make_catalog(kept, other)
    feed = calendar_feed("Uji", catalog.events, catalog, SITE, NOW)
    found = {str(v["UID"]): v for v in vevents(feed)}
    cancelled = found["2026-12-01-batal@heterospace.id"]
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled["SEQUENCE"] == 1
    assert str(cancelled["SUMMARY"]) == "DIBATALKAN: Acara 2026-12-01-batal"
    assert "Pendaftaran" not in str(cancelled["DESCRIPTION"])
    assert found["2026-12-02-jalan@heterospace.id"]["STATUS"] == "CONFIRMED"
    parsed = ical_js({"uji.ics": feed}, tmp_path)["uji.ics"]
    assert parsed["errors"] == []
    assert [e["status"] for e in parsed["events"]] == ["CANCELLED", "CONFIRMED"]


@pytest.mark.parametrize(
    ("fields", "sequence", "status"),
    [
        ({}, 0, "CONFIRMED"),
        ({"status": "rescheduled", "previous_start": "2026-11-30 09:00"}, 1, "CONFIRMED"),
        ({"status": "postponed"}, 1, "TENTATIVE"),
        ({"status": "moved-online", "online": {"platform": "Zoom"}}, 1, "CONFIRMED"),
        ({"status": "cancelled", "previous_start": "2026-11-30 09:00"}, 2, "CANCELLED"),
    ],
)
def test_sequence_and_status(fields: dict, sequence: int, status: str) -> None:
    event = make_event("2026-12-05-uji", start="2026-12-05 09:00", end="2026-12-05 12:00", **fields)
    (vevent,) = vevents(event_calendar(event, make_catalog(event), SITE))
    assert vevent["SEQUENCE"] == sequence
    assert vevent["STATUS"] == status


def test_session_without_title_is_numbered() -> None:
    event = make_event(
        "2026-12-08-dua-hari",
        start="2026-12-08 09:00",
        end="2026-12-09 16:00",
        # Written out of order: sessions are numbered by start time.
        sessions=[
            {"start": "2026-12-09 09:00", "end": "2026-12-09 16:00"},
            {"start": "2026-12-08 09:00", "end": "2026-12-08 16:00", "title": "Pembukaan"},
        ],
    )
    found = vevents(event_calendar(event, make_catalog(event), SITE))
    assert [(str(v["UID"]), str(v["SUMMARY"])) for v in found] == [
        ("2026-12-08-dua-hari-sesi-1@heterospace.id", "Acara 2026-12-08-dua-hari: Pembukaan"),
        ("2026-12-08-dua-hari-sesi-2@heterospace.id", "Acara 2026-12-08-dua-hari: (sesi 2)"),
    ]
    assert [v.DTSTART for v in found] == [
        datetime(2026, 12, 8, 9, tzinfo=WIB),
        datetime(2026, 12, 9, 9, tzinfo=WIB),
    ]


def test_feed_of_old_events_is_never_empty(tmp_path: Path) -> None:
    old = [
        make_event(
            f"2020-0{m}-{d:02d}-lama", start=f"2020-0{m}-{d:02d} 09:00", end=f"2020-0{m}-{d:02d} 11:00"
        )
        for m in (2, 3)
        for d in (3, 10, 17, 24, 28, 29)
    ]
    catalog = make_catalog(*old)
    feed = calendar_feed("Arsip", catalog.events, catalog, SITE, NOW)
    uids = [str(v["UID"]) for v in vevents(feed)]
    newest = sorted(old, key=lambda e: e.data.start)[-FALLBACK_PAST:]
    assert uids == [f"{e.id}@heterospace.id" for e in newest]
    assert ical_js({"arsip.ics": feed}, tmp_path)["arsip.ics"]["errors"] == []


def test_recent_past_events_are_kept_for_90_days() -> None:
    recent = make_event("2026-08-27-baru", start="2026-08-27 09:00", end="2026-08-27 11:00")
    too_old = make_event("2026-08-25-lama", start="2026-08-25 09:00", end="2026-08-25 11:00")
    catalog = make_catalog(recent, too_old)
    uids = [str(v["UID"]) for v in vevents(calendar_feed("Uji", catalog.events, catalog, SITE, NOW))]
    assert uids == ["2026-08-27-baru@heterospace.id"]


def test_feed_without_events_is_still_a_valid_calendar(tmp_path: Path) -> None:
    feed = calendar_feed("Cabang baru", [], make_catalog(), SITE, NOW)
    assert vevents(feed) == []
    assert icalendar.Calendar.from_ical(feed).walk("VTIMEZONE")
    assert ical_js({"kosong.ics": feed}, tmp_path)["kosong.ics"]["errors"] == []


def test_time_with_another_offset_is_written_in_utc(tmp_path: Path) -> None:
    event = make_event(
        "2026-12-12-makassar",
        format="online",
        branch=None,
        start="2026-12-12 15:00+08:00",
        end="2026-12-12 17:00",
    )
    data = event_calendar(event, make_catalog(event), SITE)
    assert b"DTSTART:20261212T070000Z\r\n" in data
    assert b"DTEND;TZID=Asia/Jakarta:20261212T170000\r\n" in data
    (parsed,) = ical_js({"m.ics": data}, tmp_path)["m.ics"]["events"]
    assert (parsed["dtstart"], parsed["dtstart_tzid"]) == expected_time("2026-12-12 15:00+08:00")
    assert parsed["dtstart_utc"] == "2026-12-12T07:00:00Z"


def test_dtstamp_is_the_updated_field_when_given() -> None:
    event = make_event(
        "2026-12-05-uji", start="2026-12-05 09:00", end="2026-12-05 12:00", updated="2026-11-20 10:30"
    )
    (vevent,) = vevents(event_calendar(event, make_catalog(event), SITE))
    assert datetime(2026, 11, 20, 3, 30, tzinfo=UTC) == vevent.DTSTAMP
    assert vevent["LAST-MODIFIED"].dt == datetime(2026, 11, 20, 3, 30, tzinfo=UTC)
    plain = make_event("2026-12-05-uji", start="2026-12-05 09:00", end="2026-12-05 12:00")
    (vevent,) = vevents(event_calendar(plain, make_catalog(plain), SITE))
    assert datetime(2026, 12, 5, 9, tzinfo=WIB) == vevent.DTSTAMP


def test_place_link_geo_and_categories() -> None:
    offline = make_event(
        "2026-12-05-luring",
        body="Kelas **praktik** dengan [formulir](https://example.org/f).\n\n- satu\n- dua",
        program="kelas-startup",
        room="aula",
        start="2026-12-05 09:00",
        end="2026-12-05 12:00",
    )
    online = make_event(
        "2026-12-06-daring",
        format="online",
        branch=None,
        online={"platform": "Zoom", "url": "https://zoom.us/j/1"},
        registration={"whatsapp": "+6281225550263"},
        start="2026-12-06 09:00",
        end="2026-12-06 12:00",
    )
    hybrid = make_event(
        "2026-12-07-hibrida",
        format="hybrid",
        online={"platform": "YouTube Live"},
        start="2026-12-07 09:00",
        end="2026-12-07 12:00",
    )
    catalog = make_catalog(offline, online, hybrid)
    (a,) = vevents(event_calendar(offline, catalog, SITE))
    assert str(a["LOCATION"]) == "Hetero Space Semarang (Aula Hetero), Jl. Setiabudi, Semarang, 50263"
    assert a["GEO"].latitude == pytest.approx(-7.0556)
    assert a["CATEGORIES"].cats == ["Kelas Startup 3 Hari"]
    assert str(a["URL"]) == SITE + "acara/2026-12-05-luring/"
    assert str(a["DESCRIPTION"]) == (
        "Kelas praktik dengan formulir (https://example.org/f).\n\n- satu\n- dua\n\n"
        "Pendaftaran: https://forms.heterospace.id/startup\n"
        f"Halaman acara: {SITE}acara/2026-12-05-luring/"
    )
    (b,) = vevents(event_calendar(online, catalog, SITE))
    assert str(b["LOCATION"]) == "Daring (Zoom)"
    assert "GEO" not in b and "CATEGORIES" not in b
    assert "Tautan daring: https://zoom.us/j/1" in str(b["DESCRIPTION"])
    assert "Pendaftaran: https://wa.me/6281225550263?text=" in str(b["DESCRIPTION"])
    (c,) = vevents(event_calendar(hybrid, catalog, SITE))
    assert str(c["LOCATION"]).endswith("50263 atau Daring (YouTube Live)")


def test_plain_text() -> None:
    markdown = (
        "## Judul\n\nAcara ini **penting** dan *gratis*, lihat [jadwal](https://x.id/j).\n"
        "Baris kedua `kode`.\n\n> kutipan\n\n* butir satu\n* butir dua\n\nsnake_case_name tetap."
    )
    assert plain_text(markdown) == (
        "Judul\n\nAcara ini penting dan gratis, lihat jadwal (https://x.id/j). Baris kedua kode."
        "\n\nkutipan\n\n- butir satu\n- butir dua\n\nsnake_case_name tetap."
    )
    assert short_text("kata " * 100, 20) == "kata kata kata kata…"
    assert len(short_text("x" * 500)) <= 200


def test_explicit_wib_offset_stays_local_and_utc_stays_utc() -> None:
    event = make_event(
        "2026-12-05-uji",
        start="2026-12-05 09:00+07:00",
        end=datetime(2026, 12, 5, 5, tzinfo=UTC).isoformat(),
    )
    data = event_calendar(event, make_catalog(event), SITE)
    assert b"DTSTART;TZID=Asia/Jakarta:20261205T090000\r\n" in data
    assert b"DTEND:20261205T050000Z\r\n" in data
