"""Feeds for machines: an Atom feed for readers and a JSON feed for partners.

Both are built from the catalog alone, like the calendars in `calendar.py`,
and take where an event happens and how to sign up from `facts.py`:
`now` decides what is upcoming and which registration state applies, and
every date inside comes from the content, so the same content at the same
`now` gives the same bytes.

The JSON feed's shape is defined once, by the pydantic models below: the
feed is serialised from them and its published JSON Schema is generated
from them, so the two cannot drift apart. Their docstrings and descriptions
are in Indonesian because they end up in the schema partners read.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from typing import Literal

from pydantic import Field

from hetero.catalog import Catalog, EventRecord
from hetero.facts import content_stamp, headline, in_feed_window, signup, where
from hetero.incremental import per_event
from hetero.kinds import EVENTS
from hetero.models import EventFormat, EventStatus, Pillar
from hetero.registration import RegistrationState
from hetero.safetext import (
    CleanModel,
    clean_text,
    json_file,
    json_schema_file,
    plain_text,
    safe_url,
    short_text,
)
from hetero.timefmt import TZID
from hetero.views import EVENT_STATUS_LABELS, event_ics_url, event_url, when

ATOM = "http://www.w3.org/2005/Atom"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
AUTHOR = "Hetero Space"
FEED_TITLE = "Acara Hetero Space"

# Site paths of the files this module writes.
ATOM_PATH = EVENTS.site_path("feed.xml")
JSON_PATH = "api/events.json"
SCHEMA_PATH = "api/events.schema.json"

# --- Atom (RFC 4287) ----------------------------------------------------------


def _atom(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    # ElementTree escapes `<`, `&` and `>` (so `]]>` too) but writes any
    # character it is given, and one XML 1.0 forbids (NUL, ESC, U+FFFF)
    # makes the whole feed unreadable: text is cleaned here, every element.
    element = ET.SubElement(parent, tag, {k: clean_text(v) for k, v in attributes.items()})
    element.text = None if text is None else clean_text(text, multiline=True)
    return element


def _stamp(moment: datetime) -> str:
    """RFC 3339, as Atom requires: `2026-12-05T09:00:00+07:00`."""
    return moment.isoformat(timespec="seconds")


def _atom_summary(event: EventRecord, catalog: Catalog) -> str:
    facts = [when(event), where(event, catalog).text]
    status = EVENT_STATUS_LABELS[event.data.status]
    if status:
        facts.append(f"Status: {status}")
    about = short_text(plain_text(event.body), 300)
    return "\n".join(facts) + (f"\n\n{about}" if about else "")


def atom_feed(catalog: Catalog, now: datetime, site_url: str) -> bytes:
    """The Atom feed of every event that has not ended at `now`, soonest first.

    Cancelled events stay in, titled as such: a reader who saw the event
    announced should also see that it is off.
    """
    events = sorted(catalog.upcoming(now), key=lambda e: (e.data.start, e.id))
    # Plain tag names under one declared default namespace: ElementTree
    # would otherwise invent `ns0:` prefixes, which some readers mishandle.
    feed = ET.Element("feed", {"xmlns": ATOM, _XML_LANG: "id"})
    _atom(feed, "id", site_url + EVENTS.page_url())
    _atom(feed, "title", FEED_TITLE)
    _atom(feed, "link", rel="self", type="application/atom+xml", href=site_url + ATOM_PATH)
    _atom(feed, "link", rel="alternate", type="text/html", href=site_url + EVENTS.page_url())
    # The newest content change, not the build time, so an unchanged feed
    # keeps its bytes; `now` only when there is nothing to date it by.
    latest = max((content_stamp(e) for e in events), default=now)
    _atom(feed, "updated", _stamp(latest))
    _atom(_atom(feed, "author"), "name", AUTHOR)
    for event in events:
        url = safe_url(site_url + event_url(event.id))
        entry = _atom(feed, "entry")
        _atom(entry, "id", url)
        _atom(entry, "title", clean_text(headline(event)))
        _atom(entry, "link", rel="alternate", type="text/html", href=url)
        _atom(entry, "updated", _stamp(content_stamp(event)))
        _atom(_atom(entry, "author"), "name", AUTHOR)
        _atom(entry, "summary", _atom_summary(event, catalog), type="text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


# --- JSON feed ------------------------------------------------------------------


class _Shape(CleanModel):
    # Every field is always written, `null` when empty, so a partner's code
    # never has to tell a missing key from an empty value. Unknown keys are
    # allowed by the schema: fields may be added later, never renamed.
    pass


class BranchRef(_Shape):
    """Cabang tempat acara berlangsung."""

    id: str = Field(description="Id cabang, misalnya `semarang`.")
    name: str = Field(description="Nama cabang, misalnya `Hetero Space Semarang`.")
    city: str = Field(description="Kota cabang.")


class ProgramRef(_Shape):
    """Program yang menaungi acara."""

    id: str = Field(description="Id program, misalnya `kelas-startup-3-hari`.")
    title: str = Field(description="Nama program.")
    pillar: Pillar = Field(
        description="Pilar program: `srawung` (bertemu dan berdiskusi), `mbangun` (belajar) "
        "atau `melesat` (melaju lebih cepat)."
    )


class RegistrationInfo(_Shape):
    """Cara mendaftar dan keadaan pendaftaran saat berkas dibuat."""

    url: str | None = Field(description="Alamat formulir pendaftaran (https), atau null.")
    whatsapp: str | None = Field(
        description="Nomor WhatsApp pendaftaran dalam bentuk internasional (`+62...`), atau null."
    )
    opens: datetime | None = Field(description="Kapan pendaftaran dibuka (ISO 8601 dengan zona), atau null.")
    closes: datetime = Field(
        description="Kapan pendaftaran ditutup (ISO 8601 dengan zona); bila tidak ditentukan, awal acara."
    )
    capacity: int | None = Field(description="Kuota peserta, atau null bila tidak dibatasi.")
    state: RegistrationState = Field(
        description="Keadaan pendaftaran pada `generated_for`: `not-yet-open` (belum dibuka), `open` "
        "(dibuka), `waitlist` (daftar tunggu), `full` (kuota penuh), `closed` (ditutup), `finished` "
        "(acara selesai), `cancelled` (acara dibatalkan), `postponed` (acara ditunda), `none` "
        "(info pendaftaran menyusul)."
    )


class SpeakerInfo(_Shape):
    """Pembicara atau pemateri."""

    name: str = Field(description="Nama pembicara.")
    role: str | None = Field(description="Peran atau jabatan, atau null.")
    organization: str | None = Field(description="Organisasi atau usaha, atau null.")


class SessionInfo(_Shape):
    """Satu sesi dari acara yang berlangsung beberapa sesi atau hari."""

    start: datetime = Field(description="Awal sesi (ISO 8601 dengan zona).")
    end: datetime = Field(description="Akhir sesi (ISO 8601 dengan zona).")
    title: str | None = Field(description="Judul sesi, atau null.")


class EventItem(_Shape):
    """Satu acara."""

    id: str = Field(description="Id acara yang tetap, misalnya `2026-12-05-foto-produk-akhir-tahun`.")
    title: str = Field(description="Judul acara.")
    url: str = Field(description="Alamat lengkap halaman acara.")
    ics: str = Field(description="Alamat lengkap berkas kalender (.ics) acara ini.")
    start: datetime = Field(description="Awal acara (ISO 8601 dengan zona, biasanya +07:00 WIB).")
    end: datetime = Field(description="Akhir acara (ISO 8601 dengan zona).")
    previous_start: datetime | None = Field(
        description="Jadwal mulai sebelumnya bila acara dijadwal ulang, atau null."
    )
    sessions: list[SessionInfo] = Field(
        description="Sesi-sesi acara, urut waktu; kosong bila acara berlangsung satu sesi."
    )
    format: EventFormat = Field(
        description="Format yang direncanakan: `offline` (luring), `online` (daring) atau `hybrid`."
    )
    status: EventStatus = Field(
        description="Status acara: `scheduled` (terjadwal), `cancelled` (dibatalkan), `postponed` "
        "(ditunda), `rescheduled` (jadwal diubah) atau `moved-online` (pindah ke daring)."
    )
    attendance_mode: EventFormat = Field(
        description="Cara mengikuti acara saat ini: sama dengan `format`, kecuali acara yang pindah ke "
        "daring (`online`)."
    )
    branch: BranchRef | None = Field(description="Cabang tempat acara, atau null untuk acara daring.")
    room: str | None = Field(
        description="Nama ruangan di cabang, atau null (juga bila acara pindah ke daring)."
    )
    program: ProgramRef | None = Field(description="Program acara, atau null untuk acara mandiri.")
    fee: int | None = Field(
        description="Biaya dalam rupiah utuh (0 = gratis), atau null bila belum ditentukan."
    )
    registration: RegistrationInfo = Field(description="Pendaftaran acara.")
    speakers: list[SpeakerInfo] = Field(description="Pembicara, sesuai urutan di halaman acara.")
    tags: list[str] = Field(description="Label topik acara.")
    summary: str = Field(max_length=200, description="Ringkasan teks biasa, paling banyak 200 karakter.")


class EventFeed(_Shape):
    """Daftar acara Hetero Space untuk mitra: acara mendatang dan yang selesai dalam 90 hari terakhir."""

    version: Literal[1] = Field(
        description="Versi format berkas ini; naik hanya bila ada perubahan yang "
        "tidak cocok dengan versi sebelumnya."
    )
    generated_for: datetime = Field(
        description="Waktu acuan (ISO 8601 dengan zona): pilihan acara dan keadaan pendaftaran dihitung "
        "pada waktu ini."
    )
    timezone: Literal["Asia/Jakarta"] = Field(
        description="Zona waktu acara (WIB, UTC+7); setiap waktu juga membawa selisih zonanya sendiri."
    )
    events: list[EventItem] = Field(description="Acara, urut menurut waktu mulai lalu id.")


@per_event
def _event_item(event: EventRecord, catalog: Catalog, now: datetime, site_url: str) -> EventItem:
    data = event.data
    sign_up = signup(event, catalog, now)
    registration = sign_up.registration
    place = where(event, catalog)
    branch = catalog.branches.get(data.branch or "")
    program = catalog.programs.get(data.program or "")
    summary = short_text(plain_text(event.body) or (program.data.summary if program else data.title))
    return EventItem(
        id=event.id,
        title=data.title,
        url=site_url + event_url(event.id),
        ics=site_url + event_ics_url(event.id),
        start=data.start,
        end=data.end,
        previous_start=data.previous_start,
        sessions=[
            SessionInfo(start=s.start, end=s.end, title=s.title)
            for s in sorted(data.sessions or [], key=lambda s: (s.start, s.end))
        ],
        format=data.format,
        status=data.status,
        attendance_mode=place.mode,
        branch=BranchRef(id=branch.id, name=branch.data.name, city=branch.data.city) if branch else None,
        # The room people come to; none once the event has moved online.
        room=place.room or None,
        program=ProgramRef(id=program.id, title=program.data.title, pillar=program.data.pillar)
        if program
        else None,
        fee=registration.fee,
        registration=RegistrationInfo(
            url=registration.url,
            whatsapp=registration.whatsapp,
            opens=registration.opens,
            closes=registration.closes or data.start,
            capacity=registration.capacity,
            state=sign_up.state,
        ),
        speakers=[
            SpeakerInfo(name=s.name, role=s.role, organization=s.organization) for s in data.speakers or []
        ],
        tags=list(data.tags or []),
        summary=summary,
    )


def json_feed(catalog: Catalog, now: datetime, site_url: str) -> bytes:
    """`api/events.json`: upcoming events and those that ended within the last 90 days."""
    feed = EventFeed(
        version=1,
        generated_for=now,
        timezone=TZID,
        events=[_event_item(e, catalog, now, site_url) for e in in_feed_window(catalog.events, now)],
    )
    return json_file(feed.model_dump(mode="json"))


def json_feed_schema() -> bytes:
    """`api/events.schema.json`: the JSON Schema (draft 2020-12) of `json_feed`'s output."""
    return json_schema_file(EventFeed, "Feed acara Hetero Space")


def feed_files(catalog: Catalog, now: datetime, site_url: str) -> dict[str, bytes]:
    """The Atom feed, the JSON feed and its schema, by path in the docs folder."""
    return {
        ATOM_PATH: atom_feed(catalog, now, site_url),
        JSON_PATH: json_feed(catalog, now, site_url),
        SCHEMA_PATH: json_feed_schema(),
    }
