"""The showcase of members' businesses ("Etalase") as the page template prints it."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime

from hetero.catalog import Catalog, ShowcaseRecord
from hetero.facts import whatsapp_link
from hetero.impact import CATEGORY_LABELS
from hetero.kinds import SHOWCASE
from hetero.models import CENTRAL_JAVA
from hetero.stories import is_published, story_url

PAGE_URL = SHOWCASE.page_url()


def place_key(place: str) -> str:
    """The filter value of a regency or city: `Kota Semarang` → `kota-semarang`."""
    return re.sub(r"[^a-z0-9]+", "-", place.lower()).strip("-")


def place_order(place: str) -> tuple[str, str]:
    """Sort by the place's own name, then regency before city: Banyumas, Magelang (Kab.), Magelang (Kota)."""
    kind, _, name = place.partition(" ")
    return (name, kind)


def published(catalog: Catalog, now: datetime) -> list[ShowcaseRecord]:
    """Entries that may be shown, by name, then id."""
    entries = [s for s in catalog.showcase.values() if is_published(s.data, now)]
    return sorted(entries, key=lambda s: (s.data.name.casefold(), s.id))


def _links(entry: ShowcaseRecord) -> list[dict]:
    links = entry.data.links
    if links is None:
        return []
    found = []
    if links.marketplace:
        found.append({"label": "Toko online", "url": links.marketplace})
    if links.instagram:
        found.append(
            {"label": f"Instagram @{links.instagram}", "url": f"https://www.instagram.com/{links.instagram}/"}
        )
    if links.whatsapp:
        message = (
            f"Halo {entry.data.name}, saya melihat usaha Anda di Etalase Hetero Space dan ingin bertanya."
        )
        found.append({"label": "WhatsApp", "url": whatsapp_link(links.whatsapp, message)})
    if links.website:
        found.append({"label": "Situs web", "url": links.website})
    return found


def entry_view(entry: ShowcaseRecord, catalog: Catalog, now: datetime) -> dict:
    data = entry.data
    story = catalog.stories.get(data.story or "")
    story = story.id if story is not None and is_published(story.data, now) else None
    return {
        "id": entry.id,
        "name": data.name,
        "category": data.category,
        "category_label": CATEGORY_LABELS[data.category],
        "city": data.city,
        "city_key": place_key(data.city),
        "description": data.description,
        "products": list(data.products),
        "links": _links(entry),
        "story_url": story_url(story) if story else "",
    }


def directory(catalog: Catalog, now: datetime) -> dict:
    """The entries, the filter choices and the count per regency or city."""
    entries = published(catalog, now)
    per_place = Counter(e.data.city for e in entries)
    categories = {e.data.category for e in entries}
    return {
        "entries": [entry_view(e, catalog, now) for e in entries],
        "categories": [(key, label) for key, label in CATEGORY_LABELS.items() if key in categories],
        "places": [(place_key(p), p) for p in sorted(per_place, key=place_order)],
        "per_place": [
            {"place": place, "count": count}
            for place, count in sorted(per_place.items(), key=lambda pair: (-pair[1], place_order(pair[0])))
        ],
        "places_total": len(CENTRAL_JAVA),
        "total": len(entries),
    }
