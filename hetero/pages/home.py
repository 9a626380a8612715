"""Site-wide pages: the home page with its headline numbers, partners, robots.txt."""

from __future__ import annotations

from datetime import datetime

import frontmatter

from hetero.catalog import Catalog
from hetero.facts import HELD_NOTE, attendance_mode, format_number, held_events
from hetero.kinds import PARTNERS
from hetero.pages.base import (
    Site,
    branch_cards,
    make_page,
    markdown,
    pillars,
    plain_text,
    render,
    upcoming,
)
from hetero.pages.upcoming import feed_link
from hetero.stories import HOME_STORIES, story_summary
from hetero.stories import published as published_stories
from hetero.structured import script_json, website_jsonld
from hetero.views import (
    FORMAT_LABELS,
    PARTNER_KIND_LABELS,
)

# The home page shows the next few events, not all of them.
HOME_UPCOMING = 6
# What the card at the top of home offers; hetero.js uses the same words when it picks again.
NEXT_OPEN_LABEL = "Pendaftaran dibuka"
NEXT_LABEL = "Acara berikutnya"


def next_offer(listed: list[dict]) -> dict | None:
    """The card at the top of home: the soonest event open for sign-up, else the next that is not cancelled.

    On a phone the card is the first thing under the title, so the register
    button is on the first screen.
    """
    for summary in listed:
        if summary["button"].active:
            return {"event": summary, "label": NEXT_OPEN_LABEL}
    coming = next((s for s in listed if s["status"] != "cancelled"), None)
    return {"event": coming, "label": NEXT_LABEL} if coming else None


def _title_apart(text: str) -> tuple[str, str]:
    """The intro's leading `# ` heading and the rest, so the card can sit right under the title."""
    head, _, rest = text.strip().partition("\n")
    return (head, rest) if head.startswith("# ") else ("", text)


def stats(catalog: Catalog, now: datetime) -> dict:
    """Headline numbers: events held, by how they were held, and recorded attendance."""
    held = held_events(catalog, now)
    by_format = [
        (label, format_number(sum(1 for e in held if attendance_mode(e) == key)))
        for key, label in FORMAT_LABELS.items()
    ]
    return {
        "held": format_number(len(held)),
        "attendance": format_number(sum(e.data.attendance or 0 for e in held)),
        "by_format": by_format,
        "note": f"Acara terselenggara {HELD_NOTE}.",
    }


# --- Pages ------------------------------------------------------------------


def home_page(site: Site, intro: frontmatter.Post) -> tuple[str, str]:
    catalog, now = site.catalog, site.now
    listed = upcoming(list(catalog.events), catalog, now)
    title, rest = _title_apart(intro.content)
    body = render(
        "home.md.j2",
        "",
        intro_title=markdown(title),
        intro=markdown(rest),
        next=next_offer(listed),
        feed=feed_link(""),
        limit=HOME_UPCOMING,
        stats=stats(catalog, now),
        upcoming=listed[:HOME_UPCOMING],
        pillars=pillars(catalog, now),
        branches=branch_cards(catalog),
        stories=[story_summary(story) for story in published_stories(catalog, now)[:HOME_STORIES]],
    )
    meta = {**intro.metadata, "title": intro.metadata.get("title", "Beranda")}
    meta.setdefault("description", plain_text(intro.content))
    meta["jsonld"] = script_json(website_jsonld(site.site_url))
    return make_page(site, "index.md", meta, body)


def partners_page(site: Site) -> tuple[str, str]:
    catalog = site.catalog
    groups = []
    for kind, label in PARTNER_KIND_LABELS.items():
        partners = sorted(
            (p for p in catalog.partners.values() if p.data.kind == kind), key=lambda p: p.data.name
        )
        if partners:
            groups.append(
                {"label": label, "partners": [{"name": p.data.name, "url": p.data.url} for p in partners]}
            )
    body = render("partners.md.j2", PARTNERS.page_url(), groups=groups)
    meta = {"title": "Mitra", "description": "Mitra yang bekerja bersama Hetero Space."}
    return make_page(site, PARTNERS.page_file(), meta, body)


def robots_txt(site_url: str) -> str:
    """Everything may be crawled; the sitemap's address depends on where the site lives."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {site_url}sitemap.xml\n"
