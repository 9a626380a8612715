"""Program pages: the programs by pillar and one page per program."""

from __future__ import annotations

from hetero.catalog import Catalog, ProgramRecord
from hetero.facts import is_held, whatsapp_link
from hetero.kinds import PROGRAMS
from hetero.pages.base import (
    Site,
    make_page,
    markdown,
    partner_links,
    pillars,
    render,
    upcoming,
)
from hetero.pages.upcoming import feed_link
from hetero.stories import of_program as stories_of_program
from hetero.stories import story_summary
from hetero.structured import (
    image_for,
    program_jsonld,
    script_json,
)
from hetero.views import (
    PILLAR_LABELS,
    branch_summary,
    program_calendar,
    program_summary,
    program_url,
    rupiah,
    subscribe_links,
)


def _duration(program: ProgramRecord) -> str:
    duration = program.data.duration
    if duration is None:
        return ""
    for amount, unit in ((duration.days, "hari"), (duration.weeks, "minggu"), (duration.hours, "jam")):
        if amount:
            return f"{amount} {unit}"
    return ""


def _notify_link(program: ProgramRecord, catalog: Catalog) -> str:
    """A way to hear about the next batch: WhatsApp the branch, or the program's form."""
    message = f"Halo Hetero Space, kabari saya saat angkatan berikutnya program {program.data.title} dibuka."
    for branch_id in program.data.branches or []:
        branch = catalog.branches.get(branch_id)
        contact = branch.data.contact if branch else None
        if contact and contact.whatsapp:
            return whatsapp_link(contact.whatsapp, message)
    registration = program.data.registration
    if registration and registration.whatsapp:
        return whatsapp_link(registration.whatsapp, message)
    return registration.url if registration and registration.url else ""


def program_page(program: ProgramRecord, site: Site) -> tuple[str, str]:
    catalog, now = site.catalog, site.now
    data = program.data
    events = catalog.events_of_program(program.id)
    runs = sum(1 for e in events if is_held(e, now))
    name, tagline = PILLAR_LABELS[data.pillar]
    listed = upcoming(events, catalog, now)
    body = render(
        "program.md.j2",
        program_url(program.id),
        p=program_summary(program, catalog, now),
        pillar=f"{name} ({tagline.lower()})",
        duration=_duration(program),
        fee=rupiah(data.fee) if data.fee is not None else "",
        audience=", ".join(data.audience or []),
        branches=[branch_summary(catalog.branches[b]) for b in data.branches or [] if b in catalog.branches],
        runs=runs,
        description=markdown(data.description),
        outcomes=data.outcomes or [],
        requirements=data.requirements or [],
        upcoming=listed,
        # The next run, at the top: the same one the program's card names (views.program_summary).
        next=next((s for s in listed if s["status"] not in ("cancelled", "postponed")), None),
        notify=_notify_link(program, catalog),
        partners=partner_links(catalog, data.partners),
        subscribe=subscribe_links(site.site_url + program_calendar(program.id)),
        stories=[story_summary(story) for story in stories_of_program(catalog, now, program.id)],
    )
    meta = {
        "title": data.title,
        "description": data.summary,
        "jsonld": script_json(program_jsonld(program, catalog, now, site.site_url)),
    }
    image = image_for(site.content_dir, program=program)
    return make_page(site, PROGRAMS.page_file(program.id), meta, body, image=image)


def programs_page(site: Site) -> tuple[str, str]:
    catalog, now = site.catalog, site.now
    page_url = PROGRAMS.page_url()
    body = render("programs.md.j2", page_url, pillars=pillars(catalog, now), feed=feed_link(page_url))
    meta = {"title": "Program", "description": "Program Hetero Space: Srawung, Mbangun dan Melesat."}
    return make_page(site, PROGRAMS.page_file(), meta, body)
