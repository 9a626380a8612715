"""Calendar files (RFC 5545): one per event, and feeds to subscribe to.

A visitor adds one event with `acara/<id>.ics`; a member subscribes to a
feed (all events, one branch, one program) and their calendar app fetches it
again every few hours. Both are built from the catalog alone: the same
content gives the same bytes, so a rebuild that changes nothing changes no
file, and calendar apps see no phantom updates.

Where an event happens, its sign-up link and which events a feed carries
come from `facts.py`, as for the Atom and JSON feeds and the pages.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, Timezone, vDuration

from hetero.catalog import Catalog, EventRecord
from hetero.facts import Where, content_stamp, goes_ahead, headline, in_feed_window, signup_link, where
from hetero.incremental import per_event
from hetero.models import WIB
from hetero.registration import effective_registration
from hetero.safetext import clean_text, plain_text, safe_url
from hetero.timefmt import TZID
from hetero.views import (
    ALL_EVENTS_CALENDAR,
    branch_calendar,
    event_ics_url,
    event_url,
    program_calendar,
)

PRODID = "-//Hetero Space//Portal Acara//ID"
UID_DOMAIN = "heterospace.id"
# When the feed window (`facts.RECENT`) leaves nothing (a branch that has
# gone quiet), the last few events, so a subscription never looks broken.
FALLBACK_PAST = 10
# How often calendar apps should fetch a feed again; the site is rebuilt
# every night and on each change.
REFRESH = timedelta(hours=6)

# Statuses a calendar app must notice as a change to what it already has.
_CHANGED_STATUSES = ("cancelled", "postponed", "moved-online")
_ICS_STATUS = {"cancelled": "CANCELLED", "postponed": "TENTATIVE"}


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


def _description(event: EventRecord, catalog: Catalog, place: Where, site_url: str) -> str:
    lines = []
    if place.online and place.online_url:
        lines.append(f"Tautan daring: {place.online_url}")
    # No sign-up link for an event that will not take place as planned.
    link = signup_link(event, effective_registration(event, catalog))
    if goes_ahead(event) and link:
        lines.append(f"Pendaftaran: {link}")
    lines.append(f"Halaman acara: {site_url}{event_url(event.id)}")
    return "\n\n".join(p for p in (plain_text(event.body), "\n".join(lines)) if p)


def _vevents(event: EventRecord, catalog: Catalog, site_url: str) -> list[Event]:
    """One VEVENT, or one per session in start order, each with a UID that never changes."""
    data = event.data
    title = headline(event)
    sessions = sorted(data.sessions or [], key=lambda s: (s.start, s.end))
    if sessions:
        parts = [
            (f"{event.id}-sesi-{n}", f"{title}: {s.title or f'(sesi {n})'}", s.start, s.end)
            for n, s in enumerate(sessions, start=1)
        ]
    else:
        parts = [(event.id, title, data.start, data.end)]
    program = catalog.programs.get(data.program or "")
    place = where(event, catalog)
    description = clean_text(_description(event, catalog, place, site_url), multiline=True)
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
            description=description,
            location=clean_text(place.text),
            url=safe_url(site_url + event_url(event.id)),
            sequence=_sequence(event),
            status=_ICS_STATUS.get(data.status, "CONFIRMED"),
            last_modified=stamp,
        )
        if program is not None:
            vevent.categories = [clean_text(program.data.title)]
        if place.geo is not None:
            vevent.add("GEO", (place.geo.lat, place.geo.lon))
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


@per_event
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
    events: Sequence[EventRecord],
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
    chosen = in_feed_window(events, now)
    if not chosen:
        chosen = sorted(events, key=lambda e: (e.data.start, e.id))[-FALLBACK_PAST:]
    known = serialized or {}
    vevents = b"".join(known.get(e.id) or _vevent_bytes(e, catalog, site_url) for e in chosen)
    return _calendar(title, vevents, feed=True)


@per_event
def _event_file(event: EventRecord, vevents: bytes) -> bytes:
    """`event_calendar` around the event's VEVENTs, already written (`vevents`)."""
    return _calendar(event.data.title, vevents, feed=False)


def calendar_files(catalog: Catalog, now: datetime, site_url: str) -> dict[str, bytes]:
    """Every calendar file of the site, by its path in the docs folder.

    The paths are the ones the pages link to (`views.branch_calendar` and
    friends), so a link and its file cannot disagree.
    """
    recent = in_feed_window(catalog.events, now)
    serialized = {e.id: _vevent_bytes(e, catalog, site_url) for e in recent}
    files = {event_ics_url(e.id): _event_file(e, serialized[e.id]) for e in recent}
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
