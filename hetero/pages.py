"""Writers: the catalog becomes Markdown pages with front matter.

Each `*_page` function returns one page (its path in the docs folder and its
text); `generate` collects them all. Pages are plain Markdown plus small HTML
blocks, so MkDocs, Material and its successors render them without plugins;
the templates in `overrides/` read only the front matter.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from pathlib import Path

import frontmatter
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from hetero import impact
from hetero.calendar import calendar_files, event_ics_url, has_event_calendar
from hetero.catalog import BranchRecord, Catalog, EventRecord, ProgramRecord
from hetero.feeds import feed_files
from hetero.registration import effective_registration
from hetero.showcase import PAGE_URL as SHOWCASE_URL
from hetero.showcase import directory
from hetero.stories import HOME_STORIES, story_summary, story_url, story_view
from hetero.stories import of_program as stories_of_program
from hetero.stories import published as published_stories
from hetero.structured import (
    DEFAULT_IMAGE,
    branch_jsonld,
    event_jsonld,
    image_for,
    program_jsonld,
    script_json,
    social,
)
from hetero.timefmt import format_datetime, format_day, format_month, format_time
from hetero.views import (
    FORMAT_LABELS,
    PARTNER_KIND_LABELS,
    PILLAR_LABELS,
    SPACE_KIND_LABELS,
    address_text,
    branch_calendar,
    branch_summary,
    branch_url,
    event_summary,
    event_url,
    google_calendar_link,
    is_listed_upcoming,
    map_link,
    program_calendar,
    program_summary,
    program_url,
    rupiah,
    share_link,
    subscribe_links,
    whatsapp_link,
    when,
)

# An archive page lists this many events; more go to the next page.
ARCHIVE_PAGE_SIZE = 30
# The home page shows the next few events, not all of them.
HOME_UPCOMING = 6

Pages = dict[str, str | bytes]


@dataclass(frozen=True)
class Site:
    """What every page writer needs: the content, the clock and where the site lives."""

    catalog: Catalog
    now: datetime
    site_url: str
    content_dir: Path


_templates = Environment(
    loader=PackageLoader("hetero", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def relative_link(page_url: str, target: str) -> str:
    """A link from the page at `page_url` to `target`; both are site paths like `acara/x/`."""
    link = posixpath.relpath(target or ".", page_url or ".")
    return "./" if link == "." else link + "/"


def _render(template: str, page_url: str, **context: object) -> str:
    to: Callable[[str], str] = lambda target: relative_link(page_url, target)  # noqa: E731
    return _templates.get_template(template).render(to=to, **context)


# Characters YAML refuses or reads as line breaks; JSON leaves them raw.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def url_of(path: str) -> str:
    """The site path a Markdown file is served at: `acara/x.md` → `acara/x/`."""
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def _page(
    site: Site, path: str, meta: dict, body: str, *, image: str = DEFAULT_IMAGE, kind: str = "website"
) -> tuple[str, str]:
    preview = social(meta["title"], meta.get("description", ""), url_of(path), image, site.site_url, kind)
    # MkDocs and Material print the title and description without escaping
    # them, so text such as "</script>" or "Film & Musik" is escaped here; the
    # share preview keeps the plain text, which our template escapes itself.
    meta = {
        **meta,
        "title": html.escape(meta["title"]),
        "description": html.escape(meta.get("description", "")),
        "social": preview,
    }
    # Collapse the blank lines left where template blocks were skipped.
    body = re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"
    # JSON is YAML too: MkDocs reads it the same, and writing it is many
    # times faster than PyYAML's representer for thousands of pages.
    header = _YAML_UNSAFE.sub(
        lambda m: f"\\u{ord(m.group()):04x}", json.dumps(meta, ensure_ascii=False, sort_keys=True)
    )
    return path, f"---\n{header}\n---\n\n{body}"


def _plain_text(markdown: str, limit: int = 160) -> str:
    """The first paragraph without Markdown, short enough for a meta description."""
    paragraph = next((p for p in markdown.strip().split("\n\n") if p.strip()), "")
    text = re.sub(r"[#*_`>\[\]]|\(https?://[^)]*\)", "", paragraph)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _markdown(text: str) -> Markup:
    # Staff-written Markdown is passed to MkDocs as it is.
    return Markup(text.strip())


# --- Shared pieces ----------------------------------------------------------


def _pillars(catalog: Catalog, now: datetime) -> list[dict]:
    pillars = []
    for key, (name, tagline) in PILLAR_LABELS.items():
        programs = [
            program_summary(p, catalog, now) for p in catalog.programs.values() if p.data.pillar == key
        ]
        if programs:
            pillars.append({"name": name, "tagline": tagline, "programs": programs})
    return pillars


def _branches(catalog: Catalog) -> list[dict]:
    order = {"open": 0, "renovating": 1, "planned": 2, "closed": 3}
    ranked = sorted(catalog.branches.values(), key=lambda b: (order[b.data.status], b.data.name))
    return [branch_summary(b) for b in ranked]


def _upcoming(events: list[EventRecord], catalog: Catalog, now: datetime) -> list[dict]:
    return [event_summary(e, catalog, now) for e in events if is_listed_upcoming(e, now)]


def _partner_links(catalog: Catalog, ids: list[str] | None) -> list[dict]:
    return [
        {"name": catalog.partners[i].data.name, "url": catalog.partners[i].data.url}
        for i in ids or []
        if i in catalog.partners
    ]


def stats(catalog: Catalog, now: datetime) -> dict:
    """Headline numbers: events held, by format, and recorded attendance."""
    held = [e for e in catalog.events if e.data.end <= now and e.data.status != "cancelled"]
    by_format = [
        (label, sum(1 for e in held if e.data.format == key)) for key, label in FORMAT_LABELS.items()
    ]
    attendance = sum(e.data.attendance or 0 for e in held)
    return {
        "held": f"{len(held):,}".replace(",", "."),
        "attendance": f"{attendance:,}".replace(",", "."),
        "by_format": by_format,
    }


# --- Pages ------------------------------------------------------------------


def home_page(site: Site, intro: frontmatter.Post) -> tuple[str, str]:
    catalog, now = site.catalog, site.now
    body = _render(
        "home.md.j2",
        "",
        intro=_markdown(intro.content),
        stats=stats(catalog, now),
        upcoming=_upcoming(list(catalog.events), catalog, now)[:HOME_UPCOMING],
        pillars=_pillars(catalog, now),
        branches=_branches(catalog),
        stories=[story_summary(story) for story in published_stories(catalog, now)[:HOME_STORIES]],
    )
    meta = {**intro.metadata, "title": intro.metadata.get("title", "Beranda")}
    meta.setdefault("description", _plain_text(intro.content))
    return _page(site, "index.md", meta, body)


def _archive_years(catalog: Catalog, now: datetime) -> list[tuple[int, list[EventRecord]]]:
    past = catalog.past(now)
    return [(year, list(events)) for year, events in groupby(past, key=lambda e: e.data.start.year)]


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
            if any(e.data.format == key for e in upcoming)
        ],
    }
    years = [
        {"year": year, "count": len(events), "link": f"arsip/{year}/index.md"}
        for year, events in _archive_years(catalog, now)
    ]
    body = _render("events.md.j2", "acara/", months=months, filters=filters, archive_years=years)
    meta = {
        "title": "Acara",
        "description": "Jadwal kelas, pelatihan, seminar dan temu komunitas Hetero Space yang akan datang.",
    }
    return _page(site, "acara/index.md", meta, body)


def archive_pages(site: Site) -> Iterator[tuple[str, str]]:
    """One index of years, then each year's past events, paginated."""
    catalog, now = site.catalog, site.now
    years = _archive_years(catalog, now)
    index = _render(
        "archive-index.md.j2",
        "acara/arsip/",
        years=[{"year": y, "count": len(ev), "link": f"{y}/index.md"} for y, ev in years],
    )
    # Past events stay reachable but out of the search index, which would
    # otherwise grow with ten years of history.
    hidden = {"search": {"exclude": True}}
    yield _page(site, "acara/arsip/index.md", {"title": "Arsip acara", **hidden}, index)
    for year, events in years:
        chunks = [events[i : i + ARCHIVE_PAGE_SIZE] for i in range(0, len(events), ARCHIVE_PAGE_SIZE)]
        links = [
            f"acara/arsip/{year}/" + (f"halaman/{n}/" if n > 1 else "") for n in range(1, len(chunks) + 1)
        ]
        for number, chunk in enumerate(chunks, start=1):
            url = links[number - 1]
            body = _render(
                "archive.md.j2",
                url,
                year=year,
                count=len(events),
                events=[event_summary(e, catalog, now) for e in chunk],
                page=number,
                pages=len(chunks),
                page_links=list(enumerate(links, start=1)),
                previous=links[number - 2] if number > 1 else "",
                next=links[number] if number < len(chunks) else "",
                # A Markdown link names the source file, which MkDocs checks.
                back=posixpath.relpath("acara/index.md", url),
            )
            title = f"Arsip acara {year}" + (f" (halaman {number})" if number > 1 else "")
            yield _page(site, url + "index.md", {"title": title, **hidden}, body)


def _notice(event: EventRecord) -> dict | None:
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
    if data.status == "moved-online":
        return {"kind": "info", "title": "Pindah ke daring", "text": "Acara ini kini diadakan secara daring."}
    return None


def event_page(event: EventRecord, site: Site) -> tuple[str, str]:
    catalog, now = site.catalog, site.now
    data = event.data
    registration = effective_registration(event, catalog)
    branch = catalog.branches.get(data.branch or "")
    place = None
    if branch is not None and data.format != "online":
        rooms = {s.id: s.name for s in branch.data.spaces or []}
        geo = branch.data.geo
        place = {
            "name": branch.data.name,
            "url": branch_url(branch.id),
            "room": rooms.get(data.room or "", ""),
            "address": address_text(branch),
            "map": map_link(geo.lat, geo.lon) if geo else "",
        }
    program = catalog.programs.get(data.program or "")
    window = ""
    if registration.opens and data.status == "scheduled":
        closes = registration.closes or data.start
        window = f"{format_datetime(registration.opens)} sampai {format_datetime(closes)}"
    sessions = [
        {
            "when": f"{format_day(s.start)}, {s.start:%H.%M}–{format_time(s.end)}",
            "title": s.title or "",
        }
        for s in data.sessions or []
    ]
    url = event_url(event.id)
    location = ", ".join(part for part in (place["name"], place["address"]) if part) if place else "Daring"
    image = image_for(site.content_dir, own=data.image, program=program, branch=branch)
    head = _render(
        "event-before.html.j2",
        url,
        calendar={
            "ics": relative_link(url, event_ics_url(event.id)).rstrip("/"),
            "google": google_calendar_link(event, location, site.site_url + url),
        }
        if has_event_calendar(event, now)
        else None,
        share=share_link(f"{data.title}, {when(event)}", site.site_url + url),
        e=event_summary(event, catalog, now),
        notice=_notice(event),
        place=place,
        online=data.online if data.format != "offline" else None,
        program={"title": program.data.title, "url": program_url(program.id)} if program else None,
        capacity=registration.capacity,
        registration_window=window,
        attendance=data.attendance if data.end <= now else None,
    )
    tail = _render(
        "event-after.html.j2",
        url,
        sessions=sessions,
        speakers=data.speakers or [],
        partners=_partner_links(catalog, data.partners),
        tags=data.tags or [],
    )
    meta: dict = {
        "title": data.title,
        "description": _plain_text(event.body) or when(event),
        "jsonld": script_json(event_jsonld(event, catalog, now, site.site_url, image)),
        # Printed around the description by overrides/event.html.
        "template": "event.html",
        "generated": {"before": head.strip(), "after": tail.strip()},
    }
    if data.end <= now:
        meta["search"] = {"exclude": True}
    body = event.body
    return _page(site, f"acara/{event.id}.md", meta, body, image=image, kind="article")


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
    runs = sum(1 for e in events if e.data.end <= now and e.data.status != "cancelled")
    name, tagline = PILLAR_LABELS[data.pillar]
    body = _render(
        "program.md.j2",
        program_url(program.id),
        p=program_summary(program, catalog, now),
        pillar=f"{name} ({tagline.lower()})",
        duration=_duration(program),
        fee=rupiah(data.fee) if data.fee is not None else "",
        audience=", ".join(data.audience or []),
        branches=[branch_summary(catalog.branches[b]) for b in data.branches or [] if b in catalog.branches],
        runs=runs,
        description=_markdown(data.description),
        outcomes=data.outcomes or [],
        requirements=data.requirements or [],
        upcoming=_upcoming(events, catalog, now),
        notify=_notify_link(program, catalog),
        partners=_partner_links(catalog, data.partners),
        subscribe=subscribe_links(site.site_url + program_calendar(program.id)),
        stories=[story_summary(story) for story in stories_of_program(catalog, now, program.id)],
    )
    meta = {
        "title": data.title,
        "description": data.summary,
        "jsonld": script_json(program_jsonld(program, catalog, now, site.site_url)),
    }
    image = image_for(site.content_dir, program=program)
    return _page(site, f"program/{program.id}.md", meta, body, image=image)


def programs_page(site: Site) -> tuple[str, str]:
    catalog, now = site.catalog, site.now
    body = _render("programs.md.j2", "program/", pillars=_pillars(catalog, now))
    meta = {"title": "Program", "description": "Program Hetero Space: Srawung, Mbangun dan Melesat."}
    return _page(site, "program/index.md", meta, body)


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
    body = _render(
        "branch.md.j2",
        branch_url(branch.id),
        b=branch_summary(branch),
        opened=format_day(datetime.combine(data.opened, datetime.min.time())) if data.opened else "",
        address=address_text(branch),
        map=map_link(data.geo.lat, data.geo.lon) if data.geo else "",
        hours=[f"{h.days}: {h.open.replace(':', '.')}–{h.close.replace(':', '.')}" for h in data.hours or []],
        contact=contact_view,
        body=_markdown(branch.body),
        spaces=[
            {"name": s.name, "kind": SPACE_KIND_LABELS[s.kind], "capacity": s.capacity or "–"}
            for s in data.spaces or []
        ],
        upcoming=_upcoming(catalog.events_at_branch(branch.id), catalog, now),
        subscribe=subscribe_links(site.site_url + branch_calendar(branch.id)),
    )
    meta = {
        "title": data.name,
        "description": _plain_text(branch.body) or f"{data.name}, {data.city}",
        "jsonld": script_json(branch_jsonld(branch, site.site_url)),
    }
    image = image_for(site.content_dir, branch=branch)
    return _page(site, f"cabang/{branch.id}.md", meta, body, image=image)


def branches_page(site: Site) -> tuple[str, str]:
    catalog = site.catalog
    body = _render("branches.md.j2", "cabang/", branches=_branches(catalog))
    meta = {"title": "Cabang", "description": "Cabang Hetero Space di Jawa Tengah."}
    return _page(site, "cabang/index.md", meta, body)


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
    body = _render("partners.md.j2", "mitra/", groups=groups)
    meta = {"title": "Mitra", "description": "Mitra yang bekerja bersama Hetero Space."}
    return _page(site, "mitra/index.md", meta, body)


def impact_page(site: Site) -> tuple[str, str]:
    """The impact report: figures, a chart and a table per section, and the downloads."""
    report = impact.compute(site.catalog, site.now)

    def shown(section: impact.Section) -> list[dict]:
        return [{"label": f.label, "value_text": impact.number(f.value)} for f in section.figures]

    charts = []
    for section in report.sections:
        if section.chart and section.figures:
            label_heading, value_heading = impact.TABLE_HEADINGS.get(section.id, ("Uraian", "Jumlah"))
            charts.append(
                {
                    "title": section.title,
                    "note": section.note,
                    "svg": impact.bar_chart(section),
                    "figures": shown(section),
                    "label_heading": label_heading,
                    "value_heading": value_heading,
                }
            )
    per_month = report.section("acara-per-tahun-bulan")
    months, rows = impact.year_month_grid(per_month)
    summary = report.section("ringkasan")
    recorded = {f.key: f.value for f in summary.figures}
    missing = recorded["acara-terselenggara"] - recorded["acara-dengan-data-peserta"]
    body = _render(
        "impact.md.j2",
        impact.PAGE_URL,
        as_of=impact.as_of_text(report),
        summary={"figures": shown(summary)},
        charts=charts,
        grid={"title": per_month.title, "note": per_month.note, "months": months, "rows": rows},
        missing_note=f"{impact.number(missing)} acara terselenggara belum mencatat jumlah pesertanya."
        if missing
        else "Semua acara terselenggara sudah mencatat jumlah pesertanya.",
    )
    meta = {
        "title": "Dampak",
        "description": "Hasil Hetero Space dalam angka: acara, peserta, program, Kelas Startup 3 Hari "
        "dan usaha anggota, dengan data CSV dan JSON untuk laporan.",
    }
    return _page(site, impact.PAGE_URL + "index.md", meta, body)


def stories_page(site: Site) -> tuple[str, str]:
    stories = [story_summary(s) for s in published_stories(site.catalog, site.now)]
    body = _render("stories.md.j2", "cerita/", stories=stories)
    meta = {
        "title": "Cerita alumni",
        "description": "Kisah sukses anggota dan alumni program Hetero Space dari seluruh Jawa Tengah.",
    }
    return _page(site, "cerita/index.md", meta, body)


def story_pages(site: Site) -> Iterator[tuple[str, str]]:
    for story in published_stories(site.catalog, site.now):
        url = story_url(story.id)
        view = story_view(story, site.catalog, site.now)
        body = _render("story.md.j2", url, s=view, body=_markdown(story.body))
        meta = {"title": story.data.name, "description": _plain_text(story.data.quote)}
        # The share preview keeps the site's 1200×630 image: overrides/main.html
        # declares that size, which a story's own photo need not have.
        yield _page(site, f"cerita/{story.id}.md", meta, body, kind="article")


def showcase_page(site: Site) -> tuple[str, str]:
    body = _render("showcase.md.j2", SHOWCASE_URL, **directory(site.catalog, site.now))
    meta = {
        "title": "Etalase usaha anggota",
        "description": "Usaha anggota Hetero Space dari kabupaten dan kota di Jawa Tengah: "
        "produk, tempat membeli dan kontaknya.",
    }
    return _page(site, SHOWCASE_URL + "index.md", meta, body)


def robots_txt(site_url: str) -> str:
    """Everything may be crawled; the sitemap's address depends on where the site lives."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {site_url}sitemap.xml\n"


def generate(catalog: Catalog, now: datetime, root: Path, site_url: str) -> Pages:
    """Every generated page, by its path inside the docs folder."""
    intro_path = root / "content" / "index.md"
    intro = frontmatter.load(intro_path) if intro_path.exists() else frontmatter.Post("")
    site = Site(catalog, now, site_url, root / "content")
    pages = [
        home_page(site, intro),
        events_page(site),
        *archive_pages(site),
        *(event_page(e, site) for e in catalog.events),
        programs_page(site),
        *(program_page(p, site) for p in catalog.programs.values()),
        branches_page(site),
        *(branch_page(b, site) for b in catalog.branches.values()),
        partners_page(site),
        impact_page(site),
        stories_page(site),
        *story_pages(site),
        showcase_page(site),
    ]
    files: Pages = dict(pages)
    files.update(impact.impact_files(impact.compute(catalog, now)))
    files.update(calendar_files(catalog, now, site_url))
    files.update(feed_files(catalog, now, site_url))
    files["robots.txt"] = robots_txt(site_url)
    return files
