"""Calendar files (RFC 5545): one per event, and feeds to subscribe to.

A visitor adds one event with `acara/<id>.ics`; a member subscribes to a
feed (all events, one branch, one program) and their calendar app fetches it
again every few hours. Both are built from the catalog alone: the same
content gives the same bytes, so a rebuild that changes nothing changes no
file, and calendar apps see no phantom updates.

The helpers below (plain text, place, time window) are shared with the Atom
and JSON feeds in `feeds.py`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from icalendar import Calendar, Event, Timezone, vDuration

from hetero.catalog import Catalog, EventRecord
from hetero.models import WIB, EventFormat, Registration
from hetero.registration import effective_registration
from hetero.safetext import clean_text
from hetero.timefmt import format_day
from hetero.views import (
    ALL_EVENTS_CALENDAR,
    address_text,
    branch_calendar,
    event_url,
    program_calendar,
    whatsapp_link,
)

TZID = "Asia/Jakarta"
PRODID = "-//Hetero Space//Portal Acara//ID"
UID_DOMAIN = "heterospace.id"
# Feeds keep recently ended events so a subscriber's calendar does not lose
# last month's class the night after it ends.
RECENT = timedelta(days=90)
# ...and when even that leaves nothing (a branch that has gone quiet), the
# last few events, so a subscription never looks broken.
FALLBACK_PAST = 10
# How often calendar apps should fetch a feed again; the site is rebuilt
# every night and on each change.
REFRESH = timedelta(hours=6)

# Statuses a calendar app must notice as a change to what it already has.
_CHANGED_STATUSES = ("cancelled", "postponed", "moved-online")
_ICS_STATUS = {"cancelled": "CANCELLED", "postponed": "TENTATIVE"}


# --- Shared with feeds.py -----------------------------------------------------


def event_ics_url(event_id: str) -> str:
    """The site path of an event's calendar file, next to its page: `acara/<id>.ics`."""
    return f"acara/{event_id}.ics"


def content_stamp(event: EventRecord) -> datetime:
    """When the event last changed, as far as the content tells.

    The optional `updated` field, else the start. Never the build clock:
    a stamp that moved on every nightly build would make calendar apps and
    feed readers treat every event as changed every day.
    """
    return event.data.updated or event.data.start


def attendance_mode(event: EventRecord) -> EventFormat:
    """`offline`, `online` or `hybrid`: how people take part now, after any move online."""
    return "online" if event.data.status == "moved-online" else event.data.format


def has_event_calendar(event: EventRecord, now: datetime) -> bool:
    """Whether the event gets its own `.ics`: upcoming or ended within `RECENT`.

    Adding a class that ended last year to a calendar helps no one, and with
    ten years of events the per-event files were most of the build's time.
    """
    return event.data.end > now - RECENT


def in_feed_window(events: Iterable[EventRecord], now: datetime) -> list[EventRecord]:
    """Upcoming events and those that ended within `RECENT`, by start then id."""
    ordered = sorted(events, key=lambda e: (e.data.start, e.id))
    return [e for e in ordered if has_event_calendar(e, now)]


def plain_text(markdown: str) -> str:
    """Markdown as readable plain text: links as `text (url)`, no markup, paragraphs kept."""
    text = re.sub(r"<!--.*?-->", "", markdown, flags=re.DOTALL)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\((\S+?)(?:\s+\"[^\"]*\")?\)", r"\1 (\2)", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)", r"\1", text)
    text = re.sub(r"`+([^`]*)`+", r"\1", text)
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines: list[str] = []
        for raw in block.splitlines():
            line = re.sub(r"^\s{0,3}(#{1,6}\s+|>\s?)", "", raw).strip()
            # A list item starts a line of its own; any other line continues
            # the sentence the author wrapped in the source.
            if lines and not re.match(r"([-*+]|\d+[.)])\s", line):
                lines[-1] = f"{lines[-1]} {line}".strip()
            else:
                lines.append(re.sub(r"^[*+]\s", "- ", line))
        paragraphs.append("\n".join(line for line in lines if line))
    return "\n\n".join(p for p in paragraphs if p)


def short_text(text: str, limit: int = 200) -> str:
    """The first paragraph, cut at a word so it fits in `limit` characters."""
    first = " ".join(next((p for p in text.split("\n\n") if p.strip()), "").split())
    if len(first) <= limit:
        return first
    # One character more than fits, so a cut that lands on a space keeps the word before it.
    cut = first[:limit]
    head = cut.rsplit(" ", 1)[0] if " " in cut else cut[: limit - 1]
    return head.rstrip(" ,.;:") + "…"


def place_text(event: EventRecord, catalog: Catalog) -> str:
    """Where it happens in one line: `Hetero Space Semarang (Aula Hetero), Jl. ...`, `Daring (Zoom)`."""
    data = event.data
    mode = attendance_mode(event)
    online = "Daring" + (f" ({data.online.platform})" if data.online and data.online.platform else "")
    branch = catalog.branches.get(data.branch or "")
    if mode == "online" or branch is None:
        return online
    rooms = {s.id: s.name for s in branch.data.spaces or []}
    room = rooms.get(data.room or "")
    venue = branch.data.name + (f" ({room})" if room else "")
    venue = ", ".join(p for p in (venue, address_text(branch)) if p)
    return f"{venue} atau {online}" if mode == "hybrid" else venue


def registration_link(event: EventRecord, registration: Registration) -> str:
    """The form, or a WhatsApp chat with the message the page's button also uses."""
    if registration.url:
        return registration.url
    if registration.whatsapp:
        message = (
            f"Halo Hetero Space, saya ingin mendaftar: {event.data.title} ({format_day(event.data.start)})"
        )
        return whatsapp_link(registration.whatsapp, message)
    return ""


def safe_url(url: str) -> str:
    """A URL without control characters, its white space percent-encoded.

    A URL is written as it is, unlike text, so a line break in one (icalendar
    refuses those, readers split on it) must not survive into a file.
    """
    return re.sub(r"\s", lambda m: quote(m[0]), clean_text(url, multiline=True))


# --- Calendar components ------------------------------------------------------


def _calendar_time(moment: datetime) -> datetime:
    """A time as the calendar should carry it.

    WIB times keep TZID=Asia/Jakarta, so every app shows the 09.00 written in
    the content. A time written with another offset (`+08:00`, a venue in
    WITA) has no zone name we could honestly attach, so it goes out in UTC
    and each app converts it to its viewer's zone.
    """
    local = moment.astimezone(WIB)
    return local if moment.utcoffset() == local.utcoffset() else moment.astimezone(UTC)


def _sequence(event: EventRecord) -> int:
    # Calendar apps replace their copy only when SEQUENCE grows, so each kind
    # of change the content can express adds one.
    data = event.data
    return int(data.previous_start is not None) + int(data.status in _CHANGED_STATUSES)


def _description(event: EventRecord, catalog: Catalog, site_url: str) -> str:
    data = event.data
    lines = []
    online = data.online
    if attendance_mode(event) != "offline" and online and online.url:
        lines.append(f"Tautan daring: {online.url}")
    # No sign-up link for an event that will not take place as planned.
    if data.status not in ("cancelled", "postponed"):
        link = registration_link(event, effective_registration(event, catalog))
        if link:
            lines.append(f"Pendaftaran: {link}")
    lines.append(f"Halaman acara: {site_url}{event_url(event.id)}")
    return "\n\n".join(p for p in (plain_text(event.body), "\n".join(lines)) if p)


def _vevents(event: EventRecord, catalog: Catalog, site_url: str) -> list[Event]:
    """One VEVENT, or one per session in start order, each with a UID that never changes."""
    data = event.data
    title = ("DIBATALKAN: " if data.status == "cancelled" else "") + data.title
    sessions = sorted(data.sessions or [], key=lambda s: (s.start, s.end))
    if sessions:
        parts = [
            (f"{event.id}-sesi-{n}", f"{title}: {s.title or f'(sesi {n})'}", s.start, s.end)
            for n, s in enumerate(sessions, start=1)
        ]
    else:
        parts = [(event.id, title, data.start, data.end)]
    program = catalog.programs.get(data.program or "")
    branch = catalog.branches.get(data.branch or "")
    geo = branch.data.geo if branch and attendance_mode(event) != "online" else None
    stamp = content_stamp(event)
    found = []
    for uid, summary, start, end in parts:
        vevent = Event.new(
            uid=clean_text(f"{uid}@{UID_DOMAIN}"),
            stamp=stamp,
            start=_calendar_time(start),
            end=_calendar_time(end),
            # icalendar escapes `;`, `,`, `\\` and line breaks in text; the
            # cleaning keeps out what it would pass through raw (NUL, ESC, a
            # lone surrogate), and one-line properties stay on one line.
            summary=clean_text(summary),
            description=clean_text(_description(event, catalog, site_url), multiline=True),
            location=clean_text(place_text(event, catalog)),
            url=safe_url(site_url + event_url(event.id)),
            sequence=_sequence(event),
            status=_ICS_STATUS.get(data.status, "CONFIRMED"),
            last_modified=stamp,
        )
        if program is not None:
            vevent.categories = [clean_text(program.data.title)]
        if geo is not None:
            vevent.add("GEO", (geo.lat, geo.lon))
        found.append(vevent)
    return found


@functools.cache
def _jakarta_zone() -> Timezone:
    """The VTIMEZONE for Asia/Jakarta, built once: icalendar takes ~30 ms to derive it."""
    zone = Timezone.from_tzid(TZID)
    # icalendar notes that its rules stop in 2038; WIB has had one fixed
    # offset since 1964, so the single STANDARD rule holds for any date.
    zone.pop("COMMENT", None)
    return zone


_END = b"END:VCALENDAR\r\n"


@functools.cache
def _zone_bytes() -> bytes:
    return _jakarta_zone().to_ical()


def _vevent_bytes(event: EventRecord, catalog: Catalog, site_url: str) -> bytes:
    return b"".join(vevent.to_ical() for vevent in _vevents(event, catalog, site_url))


def _calendar(name: str, vevents: bytes, feed: bool) -> bytes:
    """A whole calendar around already serialised VEVENTs.

    Each event is serialised once and reused in its own file and in every
    feed it belongs to: icalendar's line folding is the slowest part of a
    build with thousands of events.
    """
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    # Sets both NAME (RFC 7986) and X-WR-CALNAME, which Apple and Google read.
    calendar.calendar_name = clean_text(name)
    calendar.add("X-WR-TIMEZONE", TZID)
    if feed:
        calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    head = calendar.to_ical().removesuffix(_END)
    # The zone goes in even when no event uses it: X-WR-TIMEZONE names it,
    # and RFC 5545 wants at least one component in a feed of a quiet branch.
    return head + _zone_bytes() + vevents + _END


def event_calendar(event: EventRecord, catalog: Catalog, site_url: str) -> bytes:
    """The `.ics` file of one event (one VEVENT per session), to add it to a calendar."""
    return _calendar(event.data.title, _vevent_bytes(event, catalog, site_url), feed=False)


def calendar_feed(
    title: str,
    events: Iterable[EventRecord],
    catalog: Catalog,
    site_url: str,
    now: datetime,
    serialized: Mapping[str, bytes] | None = None,
) -> bytes:
    """A calendar to subscribe to: upcoming and recently ended events.

    Cancelled events stay, marked CANCELLED, so subscribers see the
    cancellation instead of an event silently vanishing. When nothing is
    recent, the last `FALLBACK_PAST` events keep the feed from looking empty.
    `serialized` holds VEVENTs already written, by event id.
    """
    events = sorted(events, key=lambda e: (e.data.start, e.id))
    chosen = in_feed_window(events, now)
    if not chosen:
        chosen = events[-FALLBACK_PAST:]
    known = serialized or {}
    vevents = b"".join(known.get(e.id) or _vevent_bytes(e, catalog, site_url) for e in chosen)
    return _calendar(title, vevents, feed=True)


def calendar_files(catalog: Catalog, now: datetime, site_url: str) -> dict[str, bytes]:
    """Every calendar file of the site, by its path in the docs folder.

    The paths are the ones the pages link to (`views.branch_calendar` and
    friends), so a link and its file cannot disagree.
    """
    recent = in_feed_window(catalog.events, now)
    serialized = {e.id: _vevent_bytes(e, catalog, site_url) for e in recent}
    files = {event_ics_url(e.id): _calendar(e.data.title, serialized[e.id], feed=False) for e in recent}
    feeds = [("Acara Hetero Space", ALL_EVENTS_CALENDAR, catalog.events)]
    feeds += [
        (f"Acara {b.data.name}", branch_calendar(b.id), catalog.events_at_branch(b.id))
        for b in catalog.branches.values()
    ]
    feeds += [
        (f"{p.data.title} · Hetero Space", program_calendar(p.id), catalog.events_of_program(p.id))
        for p in catalog.programs.values()
    ]
    for title, path, events in feeds:
        files[path] = calendar_feed(title, events, catalog, site_url, now, serialized)
    return dict(sorted(files.items()))
