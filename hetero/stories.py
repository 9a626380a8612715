"""Success stories as the page templates print them.

A story is shown only when its subject gave consent (`consent: true` with
its date); the checks refuse a story without it, and `published` leaves
such a story out again, so no page can show one by mistake.
"""

from __future__ import annotations

import posixpath
from datetime import datetime

from hetero.catalog import Catalog, StoryRecord
from hetero.kinds import STORIES
from hetero.models import WIB, Showcase, Story
from hetero.timefmt import format_day
from hetero.views import branch_url, program_url

# The home page shows this many of the latest stories.
HOME_STORIES = 3


def is_published(data: Story | Showcase, now: datetime) -> bool:
    """A story or showcase entry may be shown: consent given, on a date not after `now`."""
    return (
        data.consent is True
        and data.consent_date is not None
        and data.consent_date <= now.astimezone(WIB).date()
    )


def story_url(story_id: str) -> str:
    return STORIES.page_url(story_id)


def file_link(page_url: str, path: str) -> str:
    """A link from the page at `page_url` to a file such as `images/cerita/x.jpg`."""
    return posixpath.relpath(path, page_url or ".")


def published(catalog: Catalog, now: datetime) -> list[StoryRecord]:
    """Stories that may be shown, latest consent first, then by id."""
    stories = [s for s in catalog.stories.values() if is_published(s.data, now)]
    return sorted(stories, key=lambda s: (-s.data.consent_date.toordinal(), s.id))


def of_program(catalog: Catalog, now: datetime, program_id: str) -> list[StoryRecord]:
    return [s for s in published(catalog, now) if program_id in s.data.programs]


def story_summary(story: StoryRecord) -> dict:
    """The facts shown on a story's card."""
    data = story.data
    return {
        "id": story.id,
        "url": story_url(story.id),
        "name": data.name,
        "business_kind": data.business_kind,
        "city": data.city,
        "quote": data.quote,
    }


def story_view(story: StoryRecord, catalog: Catalog, now: datetime) -> dict:
    """Everything a story's own page prints besides its body."""
    data = story.data
    branch = catalog.branches.get(data.branch)
    page_url = story_url(story.id)
    showcase = sorted(
        s.id for s in catalog.showcase.values() if s.data.story == story.id and is_published(s.data, now)
    )
    consent_day = datetime.combine(data.consent_date, datetime.min.time(), tzinfo=WIB)
    return {
        **story_summary(story),
        "image": file_link(page_url, data.image) if data.image else "",
        "image_alt": data.image_alt or f"{data.name}, {data.business_kind} dari {data.city}",
        "branch": {"name": branch.data.name, "url": branch_url(branch.id)} if branch else None,
        "programs": [
            {"title": catalog.programs[p].data.title, "url": program_url(p)}
            for p in data.programs
            if p in catalog.programs
        ],
        # Anchors of this business's cards on the showcase page.
        "showcase": [f"usaha-{entry}" for entry in showcase],
        "consent_day": format_day(consent_day),
    }
