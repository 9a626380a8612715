"""What a visitor sees of each record: labels, links and states, as plain data.

These functions turn typed records into the small dictionaries the page
templates print: which label, which link between pages, how the button
reads. Facts every writer shares (where an event happens, how to sign up,
what counts as held) come from `facts.py`; everything is decided in Python,
where tests reach it, and the templates only lay it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, urlencode

from hetero.catalog import BranchRecord, Catalog, EventRecord, ProgramRecord
from hetero.facts import Signup, attendance_mode, format_number, goes_ahead, is_coming_run, signup
from hetero.incremental import per_event
from hetero.kinds import BRANCHES, EVENTS, PROGRAMS
from hetero.registration import RegistrationState
from hetero.timefmt import TZID, format_range, format_short_date

FORMAT_LABELS = {"offline": "Luring", "online": "Daring", "hybrid": "Hibrida"}
PILLAR_LABELS = {
    "srawung": ("Srawung", "Bertemu dan berdiskusi"),
    "mbangun": ("Mbangun", "Belajar"),
    "melesat": ("Melesat", "Melaju lebih cepat"),
}
KIND_LABELS = {
    "class": "Kelas",
    "training": "Pelatihan",
    "internship": "Magang",
    "seminar": "Seminar",
    "mentoring": "Pendampingan",
    "community": "Komunitas",
}
BRANCH_STATUS_LABELS = {
    "open": "Buka",
    "planned": "Segera hadir",
    "renovating": "Dalam renovasi",
    "closed": "Tutup",
}
EVENT_STATUS_LABELS = {
    "scheduled": "",
    "cancelled": "Dibatalkan",
    "postponed": "Ditunda",
    "rescheduled": "Jadwal diubah",
    "moved-online": "Pindah ke daring",
}
SPACE_KIND_LABELS = {
    "coworking": "Ruang kerja bersama",
    "meeting": "Ruang rapat",
    "classroom": "Ruang kelas",
    "event": "Ruang acara",
    "private-office": "Kantor privat",
    "maker": "Ruang pembuat (maker space)",
    "studio": "Studio",
    "coliving": "Hunian bersama (coliving)",
}
PARTNER_KIND_LABELS = {
    "government": "Pemerintah",
    "company": "Perusahaan",
    "bank": "Perbankan",
    "community": "Komunitas",
    "school": "Sekolah",
    "campus": "Kampus",
}

# The button's words for each state; the script in the page uses the same
# words when the visitor's clock moves an event into a later state.
STATE_LABELS: dict[RegistrationState, str] = {
    "open": "Daftar sekarang",
    "waitlist": "Masuk daftar tunggu",
    "full": "Kuota penuh",
    "closed": "Pendaftaran ditutup",
    "finished": "Acara selesai",
    "cancelled": "Acara dibatalkan",
    "postponed": "Acara ditunda",
    "none": "Info pendaftaran menyusul",
}


def event_url(event_id: str) -> str:
    return EVENTS.page_url(event_id)


def event_ics_url(event_id: str) -> str:
    """The site path of an event's calendar file, next to its page: `acara/<id>.ics`."""
    return EVENTS.site_path(f"{event_id}.ics")


def program_url(program_id: str) -> str:
    return PROGRAMS.page_url(program_id)


def branch_url(branch_id: str) -> str:
    return BRANCHES.page_url(branch_id)


def program_calendar(program_id: str) -> str:
    return f"kalender/program-{program_id}.ics"


def branch_calendar(branch_id: str) -> str:
    return f"kalender/cabang-{branch_id}.ics"


ALL_EVENTS_CALENDAR = "kalender/semua.ics"


def rupiah(amount: int) -> str:
    """`Gratis` or `Rp150.000`, as prices are written in Indonesia."""
    if amount == 0:
        return "Gratis"
    return "Rp" + format_number(amount)


@dataclass(frozen=True)
class Button:
    """The registration button, with what the visitor's clock needs to update it."""

    state: RegistrationState
    label: str
    href: str
    opens: str
    closes: str
    end: str
    override: str

    @property
    def active(self) -> bool:
        return self.state in ("open", "waitlist")


def registration_button(event: EventRecord, sign_up: Signup) -> Button:
    registration, state = sign_up.registration, sign_up.state
    if state == "not-yet-open" and registration.opens is not None:
        label = f"Dibuka {format_short_date(registration.opens)}"
    else:
        label = STATE_LABELS[state]
    override = event.data.status if not goes_ahead(event) else (registration.status or "")
    closes = registration.closes or event.data.start
    return Button(
        state=state,
        label=label,
        href=sign_up.link,
        opens=registration.opens.isoformat() if registration.opens else "",
        closes=closes.isoformat(),
        end=event.data.end.isoformat(),
        override=override,
    )


def when(event: EventRecord) -> str:
    """`Jumat, 31 Januari 2020, 19.00–21.00 WIB`, or a range across days."""
    return format_range(event.data.start, event.data.end)


@per_event
def event_summary(event: EventRecord, catalog: Catalog, now: datetime) -> dict:
    """The facts shown for an event in any listing."""
    data = event.data
    sign_up = signup(event, catalog, now)
    program = catalog.programs.get(data.program or "")
    branch = catalog.branches.get(data.branch or "")
    fee = sign_up.registration.fee
    mode = attendance_mode(event)
    return {
        "id": event.id,
        "url": event_url(event.id),
        "title": data.title,
        "when": when(event),
        "start": data.start.isoformat(),
        "end": data.end.isoformat(),
        # How people take part now: an event moved online is listed as online.
        "format": mode,
        "format_label": FORMAT_LABELS[mode],
        "status": data.status,
        "status_label": EVENT_STATUS_LABELS[data.status],
        "branch": data.branch or "",
        "branch_name": branch.data.name if branch else "",
        "program": data.program or "",
        "program_title": program.data.title if program else "",
        "fee": fee,
        "fee_label": rupiah(fee) if fee is not None else "",
        # For the free/paid filter: "ya", "tidak", or empty while the fee is unknown.
        "free": "" if fee is None else ("ya" if fee == 0 else "tidak"),
        "button": registration_button(event, sign_up),
    }


def is_listed_upcoming(event: EventRecord, now: datetime) -> bool:
    """Upcoming lists show events not yet over; a cancelled one stays, marked, until its day ends."""
    return event.data.end > now


def program_summary(program: ProgramRecord, catalog: Catalog, now: datetime) -> dict:
    events = catalog.events_of_program(program.id)
    upcoming = [e for e in events if is_coming_run(e, now)]
    return {
        "id": program.id,
        "url": program_url(program.id),
        "title": program.data.title,
        "summary": program.data.summary,
        "pillar": program.data.pillar,
        "kind_label": KIND_LABELS[program.data.kind],
        "next": when(upcoming[0]) if upcoming else "",
        # hetero.js hides a "next" date that has passed on the visitor's clock.
        "next_end": upcoming[0].data.end.isoformat() if upcoming else "",
    }


def branch_summary(branch: BranchRecord) -> dict:
    return {
        "id": branch.id,
        "url": branch_url(branch.id),
        "name": branch.data.name,
        "city": branch.data.city,
        "status": branch.data.status,
        "status_label": BRANCH_STATUS_LABELS[branch.data.status],
    }


def _google_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def google_calendar_link(event: EventRecord, location: str, page_url: str) -> str:
    """An "add to Google Calendar" link with the event already filled in."""
    query = {
        "action": "TEMPLATE",
        "text": event.data.title,
        "dates": f"{_google_time(event.data.start)}/{_google_time(event.data.end)}",
        "details": f"Info dan pendaftaran: {page_url}",
        "location": location,
        "ctz": TZID,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query, quote_via=quote)


def subscribe_links(feed_url: str) -> dict[str, str]:
    """`webcal://` for phone calendars and a Google Calendar subscribe link for the same feed."""
    webcal = "webcal://" + feed_url.split("://", 1)[1]
    return {
        "ics": feed_url,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/r?" + urlencode({"cid": webcal}, quote_via=quote),
    }


def share_link(text: str, url: str) -> str:
    """A WhatsApp share link: the visitor picks the chat, the message is ready."""
    return "https://wa.me/?" + urlencode({"text": f"{text}\n{url}"}, quote_via=quote)
