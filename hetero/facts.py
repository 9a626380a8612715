"""Derived facts about events: decided once here, printed by every writer.

Where an event happens, how to sign up and in what state, whether it was
held, which events the calendars and feeds carry, and how numbers are
written. The pages (through `views.py`), the .ics files, the Atom and JSON
feeds, the JSON-LD and the impact report all ask this module, so an event
that moved online cannot be "Daring" in its calendar file and at the venue,
with a map, on its page; and the archive, the impact report and the home
page count the same events as held.

A module of its own, not more of `views.py`: `views.py` shapes what the
HTML templates print (labels, buttons, links between pages), which the
machine-read writers have no use for. Both depend on these facts; nothing
here knows about pages, so a calendar or a feed can import it without
importing the look of the site.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote, urlencode

from hetero.catalog import BranchRecord, Catalog, EventRecord
from hetero.models import EventFormat, Geo, Registration
from hetero.registration import RegistrationState, effective_registration, registration_state
from hetero.timefmt import format_day, in_wib

# --- Numbers ----------------------------------------------------------------


def format_number(value: int) -> str:
    """`1.234`: the Indonesian thousands separator, for every count the site prints."""
    return f"{value:,}".replace(",", ".")


# --- Status -------------------------------------------------------------------


def goes_ahead(event: EventRecord) -> bool:
    """Whether the event still takes place as announced: not cancelled, not postponed.

    A postponed event has no date until staff set a new one, so until then it
    is treated like a cancelled one: no sign-up link, never counted as held.
    """
    return event.data.status not in ("cancelled", "postponed")


def is_coming_run(event: EventRecord, now: datetime) -> bool:
    """A run of a program still to come: not over, not cancelled or postponed.

    What a program's next date and its JSON-LD course instances count. A
    postponed run keeps its old date until staff set a new one, so it is no
    one's next date.
    """
    return event.data.end > now and goes_ahead(event)


def headline(event: EventRecord) -> str:
    """The title as calendars and feeds show it: a cancelled event says so first."""
    return ("DIBATALKAN: " if event.data.status == "cancelled" else "") + event.data.title


# --- Held -----------------------------------------------------------------------

# The one definition of "held" (terselenggara), shown wherever a count of
# events held appears: the home page, the archive and the impact report.
HELD_NOTE = "tidak termasuk acara yang dibatalkan atau ditunda"
HELD_DEFINITION = (
    "Acara terselenggara: acara yang sudah selesai pada tanggal data, "
    f"{HELD_NOTE}. Peserta tercatat: jumlah kolom `attendance` acara-acara itu."
)


def is_held(event: EventRecord, now: datetime) -> bool:
    """Held: ended by `now` and neither cancelled nor postponed."""
    return event.data.end <= now and goes_ahead(event)


def held_events(catalog: Catalog, now: datetime) -> list[EventRecord]:
    """The events held by `now`, in start order."""
    return [e for e in catalog.events if is_held(e, now)]


def event_year(event: EventRecord) -> int:
    """The year the event starts, on the clock in Jakarta, as every yearly count uses."""
    return in_wib(event.data.start).year


# --- Where ----------------------------------------------------------------------


def attendance_mode(event: EventRecord) -> EventFormat:
    """`offline`, `online` or `hybrid`: how people take part now, after any move online."""
    return "online" if event.data.status == "moved-online" else event.data.format


def room_name(event: EventRecord, branch: BranchRecord | None) -> str:
    """The name of the event's room at `branch`, or an empty string."""
    if branch is None:
        return ""
    return next((s.name for s in branch.data.spaces or [] if s.id == event.data.room), "")


def address_text(branch: BranchRecord) -> str:
    """A branch's address on one line, or an empty string when it has none."""
    address = branch.data.address
    if address is None:
        return ""
    parts = [address.street, address.district, address.city, address.province, address.postal_code]
    return ", ".join(p for p in parts if p)


def map_link(geo: Geo) -> str:
    return f"https://www.openstreetmap.org/?mlat={geo.lat}&mlon={geo.lon}#map=17/{geo.lat}/{geo.lon}"


def map_links(geo: Geo | None, address: str) -> dict[str, str]:
    """OpenStreetMap and Google Maps links to the same spot: the coordinates, else the address.

    Plain links, never an embedded map: nothing is asked of either host
    until the visitor clicks. Empty when there is neither.
    """
    if geo is not None:
        point = f"{geo.lat},{geo.lon}"
        return {
            "osm": map_link(geo),
            "google": "https://www.google.com/maps/search/?" + urlencode({"api": 1, "query": point}),
        }
    if address:
        return {
            "osm": "https://www.openstreetmap.org/search?" + urlencode({"query": address}, quote_via=quote),
            "google": "https://www.google.com/maps/search/?"
            + urlencode({"api": 1, "query": address}, quote_via=quote),
        }
    return {}


def _venue_text(branch: BranchRecord, room: str) -> str:
    return branch.data.name + (f" ({room})" if room else "")


@dataclass(frozen=True)
class Where:
    """Where an event happens now, in every form a writer needs it.

    `venue` is the branch people come to: None when nobody comes to one (an
    online event, or one moved online, whose branch only organises it).
    `planned_venue` keeps, for an event moved online, where it was to be
    held, which a page may mention as past information, never as the place.
    """

    mode: EventFormat
    moved_online: bool
    venue: BranchRecord | None
    room: str
    online_url: str
    platform: str
    planned_venue: str

    @property
    def address(self) -> str:
        return address_text(self.venue) if self.venue else ""

    @property
    def geo(self) -> Geo | None:
        """Coordinates, and so a map, only for a place people come to."""
        return self.venue.data.geo if self.venue else None

    @property
    def maps(self) -> dict[str, str]:
        """Map links (`osm`, `google`) for a place people come to; empty for one online."""
        return map_links(self.geo, self.address) if self.venue else {}

    @property
    def online(self) -> bool:
        return self.mode != "offline"

    @property
    def online_text(self) -> str:
        """`Daring (Zoom)`."""
        return "Daring" + (f" ({self.platform})" if self.platform else "")

    @property
    def text(self) -> str:
        """One line: `Hetero Space Semarang (Aula Hetero), Jl. ...`, `Daring (Zoom)` or both with `atau`."""
        if self.venue is None:
            return self.online_text
        venue = ", ".join(p for p in (_venue_text(self.venue, self.room), self.address) if p)
        return f"{venue} atau {self.online_text}" if self.mode == "hybrid" else venue


def where(event: EventRecord, catalog: Catalog) -> Where:
    data = event.data
    mode = attendance_mode(event)
    branch = catalog.branches.get(data.branch or "")
    room = room_name(event, branch)
    venue = branch if mode != "online" else None
    moved = data.status == "moved-online" and data.format != "online"
    online = data.online
    return Where(
        mode=mode,
        moved_online=moved,
        venue=venue,
        room=room if venue else "",
        online_url=(online.url or "") if online else "",
        platform=(online.platform or "") if online else "",
        planned_venue=_venue_text(branch, room) if moved and branch else "",
    )


# --- Sign-up ----------------------------------------------------------------------


def whatsapp_link(number: str, message: str) -> str:
    """A click-to-chat link that opens WhatsApp with `message` already typed."""
    return f"https://wa.me/{number.lstrip('+')}?{urlencode({'text': message}, quote_via=quote)}"


@dataclass(frozen=True)
class Signup:
    """How to sign up for an event and whether one can at `now`.

    `link` comes from `signup_link`, which the calendar's description uses
    too; `registration.py` stays the state machine and the merge with the
    program's registration.
    """

    registration: Registration
    link: str
    state: RegistrationState

    @property
    def web_page(self) -> str:
        """The sign-up form when it is a web page (a search engine cannot show a chat)."""
        return self.registration.url or ""


def signup_link(event: EventRecord, registration: Registration) -> str:
    """The form, else a WhatsApp chat with the message already typed, else empty."""
    if registration.url:
        return registration.url
    if registration.whatsapp:
        message = (
            f"Halo Hetero Space, saya ingin mendaftar: {event.data.title} ({format_day(event.data.start)})"
        )
        return whatsapp_link(registration.whatsapp, message)
    return ""


def signup(event: EventRecord, catalog: Catalog, now: datetime) -> Signup:
    registration = effective_registration(event, catalog)
    return Signup(
        registration, signup_link(event, registration), registration_state(event, registration, now)
    )


# --- Which events the calendars and feeds carry --------------------------------------

# Calendars and feeds keep recently ended events so a subscriber's calendar
# does not lose last month's class the night after it ends.
RECENT = timedelta(days=90)


def content_stamp(event: EventRecord) -> datetime:
    """When the event last changed, as far as the content tells.

    The optional `updated` field, else the start. Never the build clock:
    a stamp that moved on every nightly build would make calendar apps and
    feed readers treat every event as changed every day.
    """
    return event.data.updated or event.data.start


def has_event_calendar(event: EventRecord, now: datetime) -> bool:
    """Whether the event gets its own `.ics`: upcoming or ended within `RECENT`.

    Adding a class that ended last year to a calendar helps no one, and with
    ten years of events the per-event files were most of the build's time.
    """
    return event.data.end > now - RECENT


def in_feed_window(events: Iterable[EventRecord], now: datetime) -> list[EventRecord]:
    """Upcoming events and those that ended within `RECENT`, by start then id."""
    return sorted((e for e in events if has_event_calendar(e, now)), key=lambda e: (e.data.start, e.id))
