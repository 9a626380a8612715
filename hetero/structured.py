"""What search engines and chat apps read: schema.org JSON-LD and share previews.

Google reads Event, Course and Place data to show rich results; WhatsApp
reads Open Graph tags to show a preview card when a link is shared. Both are
built here as plain dictionaries and written into each page's front matter;
`overrides/main.html` prints them.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from pathlib import Path

from hetero.catalog import BranchRecord, Catalog, EventRecord, ProgramRecord
from hetero.facts import Where, is_coming_run, signup, where
from hetero.models import Address
from hetero.registration import RegistrationState
from hetero.safetext import clean_tree
from hetero.views import branch_url, event_url, program_url

SCHEMA = "https://schema.org/"

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
AVAILABILITY: dict[RegistrationState, str] = {
    "open": SCHEMA + "InStock",
    "waitlist": SCHEMA + "LimitedAvailability",
    "full": SCHEMA + "SoldOut",
    "not-yet-open": SCHEMA + "PreOrder",
    "closed": SCHEMA + "SoldOut",
    "finished": SCHEMA + "SoldOut",
    "cancelled": SCHEMA + "Discontinued",
    "postponed": SCHEMA + "PreOrder",
    "none": SCHEMA + "PreOrder",
}
COURSE_MODES = {"offline": "onsite", "online": "online", "hybrid": "blended"}

# Default share images (1200×630), made by scripts/social_images.py.
SOCIAL_DIR = "images/social"
DEFAULT_IMAGE = f"{SOCIAL_DIR}/hetero-space.png"


# Characters that JSON allows raw in a string but a `<script>` element does not:
# `<` could start `</script>` or `<!--`, `&` and `>` an entity or `-->` for
# older parsers, and U+2028 and U+2029 end a line in JavaScript before ES2019.
# Each becomes its `\uXXXX` escape, which every JSON parser reads back.
_SCRIPT_UNSAFE = re.compile("[<>&\u2028\u2029]")


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def script_json(data: dict) -> str:
    """JSON for a `<script type="application/ld+json">` element.

    No text, such as a title containing `</script>`, can end the element
    early; control characters are dropped as in every other machine-read
    file. Serialised here, once, because a nested map in front matter costs
    MkDocs more to read than one string.
    """
    text = _json(data)
    # JSON escapes every control character with a backslash and leaves other
    # unprintable ones raw, so printable JSON without one holds only
    # printable strings, which cleaning leaves as they are: walking the data
    # to clean it (most of the time here) is then skipped.
    if "\\" in text or not text.isprintable():
        text = _json(clean_tree(data))
    return _SCRIPT_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def organization(site_url: str) -> dict:
    return {
        "@type": "Organization",
        "@id": site_url + "#organisasi",
        "name": "Hetero Space",
        "url": site_url,
        "logo": site_url + DEFAULT_IMAGE,
    }


def website_jsonld(site_url: str) -> dict:
    """The home page's WebSite, with the search results page as its SearchAction.

    Search engines may then offer a search box for the site that leads
    straight to cari/?q=….
    """
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "@id": site_url + "#situs",
        "name": "Hetero Space",
        "url": site_url,
        "inLanguage": "id",
        "publisher": organization(site_url),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": site_url + "cari/?q={search_term_string}"},
            "query-input": "required name=search_term_string",
        },
    }


def _postal_address(address: Address) -> dict:
    found = {
        "@type": "PostalAddress",
        "streetAddress": ", ".join(p for p in (address.street, address.district) if p),
        "addressLocality": address.city,
        "addressRegion": address.province,
        "postalCode": address.postal_code,
        "addressCountry": "ID",
    }
    return {key: value for key, value in found.items() if value}


def _place(branch: BranchRecord, site_url: str) -> dict:
    data = branch.data
    found: dict = {"@type": "Place", "name": data.name, "url": site_url + branch_url(branch.id)}
    if data.address:
        found["address"] = _postal_address(data.address)
    if data.geo:
        found["geo"] = {"@type": "GeoCoordinates", "latitude": data.geo.lat, "longitude": data.geo.lon}
    if data.contact and data.contact.phone:
        found["telephone"] = data.contact.phone
    return found


def image_for(
    content_dir: Path,
    *,
    own: str | None = None,
    program: ProgramRecord | None = None,
    branch: BranchRecord | None = None,
) -> str:
    """The share image path inside the site: the record's own, else a default that fits it."""
    candidates = [
        own,
        program.data.image if program else None,
        f"{SOCIAL_DIR}/{program.data.pillar}.png" if program else None,
        branch.data.image if branch else None,
        f"{SOCIAL_DIR}/cabang-{branch.id}.png" if branch else None,
    ]
    # os.path rather than pathlib: asked for every event, at thousands of events.
    return next((c for c in candidates if c and os.path.isfile(os.path.join(content_dir, c))), DEFAULT_IMAGE)


def _location(event: EventRecord, place: Where, site_url: str) -> dict | list[dict]:
    virtual = {
        "@type": "VirtualLocation",
        # Google requires a URL; when the link is only sent after
        # registration, the event page is where people find it.
        "url": place.online_url or site_url + event_url(event.id),
    }
    if place.venue is None:
        return virtual
    physical = _place(place.venue, site_url)
    return [physical, virtual] if place.mode == "hybrid" else physical


def event_jsonld(event: EventRecord, catalog: Catalog, now: datetime, site_url: str, image: str) -> dict:
    data = event.data
    sign_up = signup(event, catalog, now)
    registration = sign_up.registration
    place = where(event, catalog)
    found: dict = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": data.title,
        "url": site_url + event_url(event.id),
        "startDate": data.start.isoformat(),
        "endDate": data.end.isoformat(),
        "eventAttendanceMode": ATTENDANCE_MODES[place.mode],
        "eventStatus": EVENT_STATUSES[data.status],
        "location": _location(event, place, site_url),
        "image": [site_url + image],
        "organizer": organization(site_url),
        "inLanguage": "id",
    }
    if data.previous_start is not None:
        found["previousStartDate"] = data.previous_start.isoformat()
    if data.speakers:
        found["performer"] = [{"@type": "Person", "name": s.name} for s in data.speakers]
    program = catalog.programs.get(data.program or "")
    found["description"] = program.data.summary if program else data.title
    offer: dict = {
        "@type": "Offer",
        "url": sign_up.web_page or site_url + event_url(event.id),
        "priceCurrency": "IDR",
        "availability": AVAILABILITY[sign_up.state],
    }
    if registration.fee is not None:
        offer["price"] = registration.fee
    if registration.opens is not None:
        offer["validFrom"] = registration.opens.isoformat()
    found["offers"] = offer
    return found


def program_jsonld(program: ProgramRecord, catalog: Catalog, now: datetime, site_url: str) -> dict:
    data = program.data
    instances = []
    for event in catalog.events_of_program(program.id):
        if not is_coming_run(event, now):
            continue
        place = where(event, catalog)
        instance: dict = {
            "@type": "CourseInstance",
            "name": event.data.title,
            "url": site_url + event_url(event.id),
            "courseMode": COURSE_MODES[place.mode],
            "startDate": event.data.start.isoformat(),
            "endDate": event.data.end.isoformat(),
        }
        if place.venue is not None:
            instance["location"] = _place(place.venue, site_url)
        instances.append(instance)
    found: dict = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": data.title,
        "description": data.summary,
        "url": site_url + program_url(program.id),
        "provider": organization(site_url),
        "inLanguage": "id",
    }
    if data.fee is not None:
        found["isAccessibleForFree"] = data.fee == 0
    if instances:
        found["hasCourseInstance"] = instances
    return found


def branch_jsonld(branch: BranchRecord, site_url: str) -> dict:
    return {
        "@context": "https://schema.org",
        "@graph": [organization(site_url), _place(branch, site_url)],
    }


def social(title: str, description: str, url: str, image: str, site_url: str, kind: str = "website") -> dict:
    """Open Graph facts for one page; the template turns them into meta tags."""
    return {
        "title": title,
        "description": description,
        "url": site_url + url,
        "image": site_url + image,
        "type": kind,
    }
