"""Branch pages: the list of branches and one page per branch."""

from __future__ import annotations

from datetime import datetime

from hetero.catalog import BranchRecord
from hetero.facts import address_text, map_link, whatsapp_link
from hetero.kinds import BRANCHES
from hetero.pages.base import (
    Site,
    branch_cards,
    make_page,
    markdown,
    plain_text,
    render,
    upcoming,
)
from hetero.structured import (
    branch_jsonld,
    image_for,
    script_json,
)
from hetero.timefmt import format_day
from hetero.views import (
    SPACE_KIND_LABELS,
    branch_calendar,
    branch_summary,
    branch_url,
    subscribe_links,
)


def branch_page(branch: BranchRecord, site: Site) -> tuple[str, str]:
    catalog, now = site.catalog, site.now
    data = branch.data
    contact = data.contact
    contact_view = {
        "whatsapp": contact.whatsapp if contact else None,
        "whatsapp_link": whatsapp_link(contact.whatsapp, f"Halo {data.name}, saya ingin bertanya.")
        if contact and contact.whatsapp
        else "",
        "phone": contact.phone if contact else None,
        "email": contact.email if contact else None,
        "instagram": contact.instagram.lstrip("@") if contact and contact.instagram else None,
    }
    body = render(
        "branch.md.j2",
        branch_url(branch.id),
        b=branch_summary(branch),
        opened=format_day(datetime.combine(data.opened, datetime.min.time())) if data.opened else "",
        address=address_text(branch),
        map=map_link(data.geo) if data.geo else "",
        hours=[f"{h.days}: {h.open.replace(':', '.')}–{h.close.replace(':', '.')}" for h in data.hours or []],
        contact=contact_view,
        body=markdown(branch.body),
        spaces=[
            {"name": s.name, "kind": SPACE_KIND_LABELS[s.kind], "capacity": s.capacity or "–"}
            for s in data.spaces or []
        ],
        upcoming=upcoming(catalog.events_at_branch(branch.id), catalog, now),
        subscribe=subscribe_links(site.site_url + branch_calendar(branch.id)),
    )
    meta = {
        "title": data.name,
        "description": plain_text(branch.body) or f"{data.name}, {data.city}",
        "jsonld": script_json(branch_jsonld(branch, site.site_url)),
    }
    image = image_for(site.content_dir, branch=branch)
    return make_page(site, BRANCHES.page_file(branch.id), meta, body, image=image)


def branches_page(site: Site) -> tuple[str, str]:
    catalog = site.catalog
    body = render("branches.md.j2", BRANCHES.page_url(), branches=branch_cards(catalog))
    meta = {"title": "Cabang", "description": "Cabang Hetero Space di Jawa Tengah."}
    return make_page(site, BRANCHES.page_file(), meta, body)
