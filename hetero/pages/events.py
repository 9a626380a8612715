"""Event pages: the upcoming list with its filters, the yearly archive and one page per event."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from functools import partial
from itertools import groupby

from hetero.catalog import Catalog, EventRecord
from hetero.facts import (
    HELD_NOTE,
    Where,
    attendance_mode,
    event_year,
    format_number,
    goes_ahead,
    has_event_calendar,
    is_held,
    signup,
    whatsapp_link,
    where,
)
from hetero.incremental import per_event, per_events
from hetero.kinds import EVENTS
from hetero.pages.base import (
    Site,
    make_page,
    partner_links,
    plain_text,
    relative_link,
    render,
)
from hetero.social import card_path
from hetero.structured import (
    event_jsonld,
    image_for,
    script_json,
)
from hetero.timefmt import format_datetime, format_day, format_month, format_range
from hetero.views import (
    EVENT_STATUS_LABELS,
    FORMAT_LABELS,
    branch_url,
    event_ics_url,
    event_summary,
    event_url,
    google_calendar_link,
    is_listed_upcoming,
    program_url,
    share_link,
)

# An archive page lists this many events; more go to the next page.
ARCHIVE_PAGE_SIZE = 30


def _archive_years(catalog: Catalog, now: datetime) -> list[dict]:
    """Each year with past events, latest first: all its past events and how many were held.

    Cancelled and postponed events stay listed, marked as such, but only
    held ones are counted (`facts.is_held`), as on the home page and in the
    impact report.
    """
    past = catalog.past(now)
    years = []
    for year, group in groupby(past, key=event_year):
        events = list(group)
        years.append({"year": year, "events": events, "held": sum(1 for e in events if is_held(e, now))})
    return years


def events_page(site: Site) -> tuple[str, str]:
    catalog, now = site.catalog, site.now
    upcoming = [e for e in catalog.events if is_listed_upcoming(e, now)]
    months = [
        {"label": label, "events": [event_summary(e, catalog, now) for e in events]}
        for label, events in groupby(upcoming, key=lambda e: format_month(e.data.start))
    ]
    filters = {
        "branches": sorted(
            {(e.data.branch, catalog.branches[e.data.branch].data.name) for e in upcoming if e.data.branch}
        ),
        "programs": sorted(
            {
                (e.data.program, catalog.programs[e.data.program].data.title)
                for e in upcoming
                if e.data.program
            },
            key=lambda pair: pair[1],
        ),
        "formats": [
            (key, label)
            for key, label in FORMAT_LABELS.items()
            if any(attendance_mode(e) == key for e in upcoming)
        ],
    }
    years = [
        {"year": y["year"], "count": format_number(y["held"]), "link": f"arsip/{y['year']}/index.md"}
        for y in _archive_years(catalog, now)
    ]
    body = render(
        "events.md.j2",
        EVENTS.page_url(),
        months=months,
        filters=filters,
        archive_years=years,
        held_note=HELD_NOTE,
    )
    meta = {
        "title": "Acara",
        "description": "Jadwal kelas, pelatihan, seminar dan temu komunitas Hetero Space yang akan datang.",
    }
    return make_page(site, EVENTS.page_file(), meta, body)


ARCHIVE_URL = EVENTS.site_path("arsip/")


def archive_pages(site: Site) -> Iterator[tuple[str, str]]:
    """One index of years, then each year's past events, paginated."""
    catalog, now = site.catalog, site.now
    years = _archive_years(catalog, now)
    index = render(
        "archive-index.md.j2",
        ARCHIVE_URL,
        years=[
            {"year": y["year"], "count": format_number(y["held"]), "link": f"{y['year']}/index.md"}
            for y in years
        ],
        held_note=HELD_NOTE,
    )
    yield make_page(site, ARCHIVE_URL + "index.md", {"title": "Arsip acara"}, index)
    for entry in years:
        year, events = entry["year"], entry["events"]
        chunks = [events[i : i + ARCHIVE_PAGE_SIZE] for i in range(0, len(events), ARCHIVE_PAGE_SIZE)]
        links = [
            f"{ARCHIVE_URL}{year}/" + (f"halaman/{n}/" if n > 1 else "") for n in range(1, len(chunks) + 1)
        ]
        for number, chunk in enumerate(chunks, start=1):
            # `hetero serve` keeps the page while its events, count and paging are unchanged.
            key = ("archive", year, number, len(chunks), entry["held"])
            yield per_events(key, chunk, partial(_archive_page, site, entry, chunk, number, links))


def _archive_page(
    site: Site, entry: dict, chunk: list[EventRecord], number: int, links: list[str]
) -> tuple[str, str]:
    """One page of a year's archive: `chunk`, its events, is page `number` of `links`."""
    year, url = entry["year"], links[number - 1]
    count = format_number(entry["held"])
    body = render(
        "archive.md.j2", url, year=year, count=count, held_note=HELD_NOTE, page=number, pages=len(links)
    )
    after = render(
        "archive-list.html.j2",
        url,
        year=year,
        events=[event_summary(e, site.catalog, site.now) for e in chunk],
        page=number,
        pages=len(links),
        page_links=list(enumerate(links, start=1)),
        previous=links[number - 2] if number > 1 else "",
        next=links[number] if number < len(links) else "",
        back=EVENTS.page_url(),
    )
    title = f"Arsip acara {year}" + (f" (halaman {number})" if number > 1 else "")
    # Thirty events' HTML would go through Markdown's HTML parser twice
    # (MkDocs' and Markdown's own); printed by overrides/generated.html instead.
    meta = {"title": title, "template": "generated.html", "generated": {"after": after.strip()}}
    return make_page(site, url + "index.md", meta, body)


def _notice(event: EventRecord, place: Where) -> dict | None:
    data = event.data
    if data.status == "cancelled":
        return {
            "kind": "danger",
            "title": "Acara dibatalkan",
            "text": "Acara ini dibatalkan. Mohon maaf atas ketidaknyamanannya.",
        }
    if data.status == "postponed":
        return {
            "kind": "warning",
            "title": "Acara ditunda",
            "text": "Acara ini ditunda. Jadwal baru akan diumumkan di halaman ini.",
        }
    if data.status == "rescheduled" and data.previous_start:
        return {
            "kind": "warning",
            "title": "Jadwal diubah",
            "text": (
                f"Acara ini dipindah dari {format_datetime(data.previous_start)} "
                f"ke {format_datetime(data.start)}."
            ),
        }
    if place.moved_online:
        before = f" Semula acara ini direncanakan di {place.planned_venue}." if place.planned_venue else ""
        return {
            "kind": "info",
            "title": "Pindah ke daring",
            "text": f"Acara ini dipindah ke daring.{before}",
        }
    return None


MATERIAL_LABELS = {"slides": "Materi presentasi", "photos": "Foto", "recording": "Rekaman", "other": "Tautan"}


def _lines(text: str) -> list[str]:
    """A multi-line staff text as its lines, blank ones dropped; the template joins them with `<br>`."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _contact(event: EventRecord) -> dict | None:
    contact = event.data.contact
    if contact is None:
        return None
    message = f"Halo, saya ingin bertanya tentang acara {event.data.title} ({format_day(event.data.start)})"
    return {
        "name": contact.name,
        "whatsapp": whatsapp_link(contact.whatsapp, message) if contact.whatsapp else "",
        "email": contact.email or "",
    }


def share_description(event: EventRecord, at: Where, summary: str, dates: str) -> str:
    """What a chat app shows under the title: the date and place first, then the description.

    `dates` is `views.when(event)`, which the caller has at hand.
    """
    place = _venue_name(at) or at.online_text
    status = EVENT_STATUS_LABELS[event.data.status]
    lead = " · ".join(p for p in (dates, place, status) if p)
    return f"{lead}. {summary}" if summary else lead


def _venue_name(at: Where) -> str:
    if at.venue is None:
        return ""
    name = at.venue.data.name + (f", {at.room}" if at.room else "")
    return f"{name} atau {at.online_text}" if at.mode == "hybrid" else name


@per_event
def event_page(event: EventRecord, site: Site) -> tuple[str, str]:
    catalog, now = site.catalog, site.now
    data = event.data
    registration = signup(event, catalog, now).registration
    branch = catalog.branches.get(data.branch or "")
    at = where(event, catalog)
    over = data.end <= now
    # Still to come and going ahead: only then are the calendar and the
    # meeting link of use. Capacity and payment still matter for a postponed
    # event, which will take place; not for a cancelled or finished one.
    ahead = not over and goes_ahead(event)
    will_happen = not over and data.status != "cancelled"
    # Only a place people come to is shown as where it happens, with its map;
    # an event moved online names its planned venue in the notice instead.
    place = (
        {
            "name": at.venue.data.name,
            "url": branch_url(at.venue.id),
            "room": at.room,
            "address": at.address,
            "maps": at.maps,
        }
        if at.venue
        else None
    )
    program = catalog.programs.get(data.program or "")
    window = ""
    if registration.opens and data.status == "scheduled" and not over:
        closes = registration.closes or data.start
        window = f"{format_datetime(registration.opens)} sampai {format_datetime(closes)}"
    sessions = [
        {
            "when": format_range(s.start, s.end),
            "title": s.title or "",
        }
        for s in data.sessions or []
    ]
    url = event_url(event.id)
    image = image_for(site.content_dir, own=data.image, program=program, branch=branch)
    summary = event_summary(event, catalog, now)
    # The status as its own badge; an event that is over says so when nothing else does.
    status_label = summary["status_label"] or ("Selesai" if over else "")
    head = render(
        "event-before.html.j2",
        url,
        calendar={
            "ics": relative_link(url, event_ics_url(event.id)).rstrip("/"),
            "google": google_calendar_link(event, at.text, site.site_url + url),
        }
        if ahead and has_event_calendar(event, now)
        else None,
        share=share_link(f"{data.title}, {summary['when']}", site.site_url + url),
        e=summary,
        status={"key": data.status if summary["status_label"] else "finished", "label": status_label}
        if status_label
        else None,
        # A date that no longer holds is shown struck through, with the word for why.
        struck=not goes_ahead(event),
        previous=format_datetime(data.previous_start)
        if data.status == "rescheduled" and data.previous_start
        else "",
        notice=_notice(event, at),
        place=place,
        online={"platform": at.platform, "url": at.online_url if ahead else "", "ahead": ahead}
        if at.online
        else None,
        program={"title": program.data.title, "url": program_url(program.id)} if program else None,
        capacity=format_number(registration.capacity) if registration.capacity and will_happen else "",
        payment=_lines(registration.payment) if registration.payment and will_happen else [],
        contact=_contact(event),
        registration_window=window,
        attendance=format_number(data.attendance) if over and data.attendance is not None else "",
    )
    materials = [
        {"title": m.title, "url": m.url, "kind": MATERIAL_LABELS[m.kind]}
        for m in data.materials or []
        if over and goes_ahead(event)
    ]
    tail = render(
        "event-after.html.j2",
        url,
        sessions=sessions,
        speakers=data.speakers or [],
        partners=partner_links(catalog, data.partners),
        tags=data.tags or [],
        materials=materials,
    )
    text = plain_text(event.body)
    description = text or summary["when"]
    meta: dict = {
        "title": data.title,
        "description": description,
        "jsonld": script_json(event_jsonld(event, catalog, now, site.site_url, image)),
        # Printed around the description by overrides/event.html.
        "template": "event.html",
        "generated": {"before": head.strip(), "after": tail.strip()},
    }
    body = event.body
    # Events in the calendar window share their own card (hetero/social.py).
    card = card_path(event.id) if has_event_calendar(event, now) else image
    return make_page(
        site,
        EVENTS.page_file(event.id),
        meta,
        body,
        image=card,
        kind="article",
        share_description=share_description(event, at, text, summary["when"]),
    )
