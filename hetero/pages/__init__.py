"""Writers: the catalog becomes Markdown pages with front matter.

Each `*_page` function returns one page (its path in the docs folder and its
text); `generate` collects them all. One module per kind of page, as in
Material's blog plugin: `events` (list, archive, event), `programs`,
`branches`, `members` (impact, stories, showcase), `home` (home, partners);
what they share is in `base`. Pages are plain Markdown plus small HTML
blocks, so MkDocs, Material and its successors render them without plugins;
the templates in `overrides/` read only the front matter.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import frontmatter

from hetero import impact
from hetero.admin import admin_files
from hetero.calendar import calendar_files
from hetero.catalog import Catalog
from hetero.feeds import feed_files
from hetero.incremental import generating
from hetero.pages.base import Pages, Site, reread_edited_templates
from hetero.pages.branches import branch_page, branches_page
from hetero.pages.events import archive_pages, event_page, events_page
from hetero.pages.home import home_page, partners_page, robots_txt
from hetero.pages.members import impact_page, showcase_page, stories_page, story_pages
from hetero.pages.programs import program_page, programs_page
from hetero.pages.search import search_page
from hetero.pages.upcoming import UPCOMING_PATH, upcoming_json
from hetero.social import drawing_cards


def generate(catalog: Catalog, now: datetime, root: Path, site_url: str) -> Pages:
    """Every generated page, by its path inside the docs folder."""
    intro_path = root / "content" / "index.md"
    intro = frontmatter.load(intro_path) if intro_path.exists() else frontmatter.Post("")
    site = Site(catalog, now, site_url, root / "content")
    report = impact.compute(catalog, now)
    reread_edited_templates()
    with generating(), drawing_cards(catalog, now) as cards:
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
            impact_page(site, report),
            stories_page(site),
            *story_pages(site),
            showcase_page(site),
            search_page(site),
        ]
        files: Pages = dict(pages)
        files.update(impact.impact_files(report))
        files.update(calendar_files(catalog, now, site_url))
        files.update(feed_files(catalog, now, site_url))
        # Made before waiting for the cards, which are drawn meanwhile; added after them, as always.
        admin = admin_files(catalog, site_url, root)
        upcoming = upcoming_json(site)
        files.update(cards())
    files["robots.txt"] = robots_txt(site_url)
    files.update(admin)
    files[UPCOMING_PATH] = upcoming
    return files
