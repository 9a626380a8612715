"""What every page writer shares: the Site, links between pages, rendering and front matter."""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from hetero.catalog import Catalog, EventRecord
from hetero.structured import (
    DEFAULT_IMAGE,
    social,
)
from hetero.views import (
    PILLAR_LABELS,
    branch_summary,
    event_summary,
    is_listed_upcoming,
    program_summary,
)

Pages = dict[str, str | bytes]


@dataclass(frozen=True)
class Site:
    """What every page writer needs: the content, the clock and where the site lives."""

    catalog: Catalog
    now: datetime
    site_url: str
    content_dir: Path


# The page templates; `hetero serve` watches this folder too.
TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"

# What `{}.name` finds on a plain dict: Jinja's `e.name` returns this before looking up the key.
_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Templates(Environment):
    """Jinja, reading `e.name` on dicts as it always does, without raising an AttributeError each time."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        # Most of what templates read are dict keys, for which Jinja first
        # tries the attribute and catches its failure: about a tenth of
        # rendering at thousands of events.
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


_templates = _Templates(
    loader=FileSystemLoader(TEMPLATE_DIR),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    # Jinja would look at a template's file at each use (a page's templates
    # and the ones they import): tens of thousands of times at thousands of
    # events. `reread_edited_templates` does it once per generation instead.
    auto_reload=False,
)


def reread_edited_templates() -> None:
    """Have the templates whose file changed since it was read (`hetero serve` watches them) read again."""
    cache = _templates.cache
    for key, template in list(cache.items()) if cache is not None else []:
        if not template.is_up_to_date:
            del cache[key]


def relative_link(page_url: str, target: str) -> str:
    """A link from the page at `page_url` to `target`; both are site paths like `acara/x/`."""
    if page_url.startswith("/") or target.startswith("/") or ".." in page_url or ".." in target:
        link = posixpath.relpath(target or ".", page_url or ".")
    else:
        # What `posixpath.relpath` gives for paths inside the site, without
        # its look at the working folder: five times quicker, for the tens of
        # thousands of links a large site has.
        start = [part for part in page_url.split("/") if part not in ("", ".")]
        path = [part for part in target.split("/") if part not in ("", ".")]
        common = 0
        for here, there in zip(start, path, strict=False):
            if here != there:
                break
            common += 1
        link = "/".join([".."] * (len(start) - common) + path[common:]) or "."
    return "./" if link == "." else link + "/"


def render(template: str, page_url: str, **context: object) -> str:
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


def make_page(
    site: Site,
    path: str,
    meta: dict,
    body: str,
    *,
    image: str = DEFAULT_IMAGE,
    kind: str = "website",
    share_description: str | None = None,
) -> tuple[str, str]:
    """One page: its path and text. `share_description`, when given, is what chat apps show instead."""
    description = meta.get("description", "") if share_description is None else share_description
    preview = social(meta["title"], description, url_of(path), image, site.site_url, kind)
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
    return path, f"---\n{front_matter_text(meta)}\n---\n\n{body}"


def front_matter_text(meta: dict) -> str:
    """A page's front matter, as one line of JSON.

    JSON is YAML too: MkDocs reads it the same (hetero/render.py reads it as
    JSON, faster still), and writing it is many times faster than PyYAML's
    representer for thousands of pages.
    """
    text = json.dumps(meta, ensure_ascii=False, sort_keys=True)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def plain_text(markdown: str, limit: int = 160) -> str:
    """The first paragraph without Markdown, short enough for a meta description."""
    paragraph = next((p for p in markdown.strip().split("\n\n") if p.strip()), "")
    text = re.sub(r"[#*_`>\[\]]|\(https?://[^)]*\)", "", paragraph)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def markdown(text: str) -> Markup:
    # Staff-written Markdown is passed to MkDocs as it is: validation (hetero.sanitize)
    # has already refused any that would run script or load from another host.
    return Markup(text.strip())


# --- Shared pieces ----------------------------------------------------------


def pillars(catalog: Catalog, now: datetime) -> list[dict]:
    pillars = []
    for key, (name, tagline) in PILLAR_LABELS.items():
        programs = [
            program_summary(p, catalog, now) for p in catalog.programs.values() if p.data.pillar == key
        ]
        if programs:
            pillars.append({"name": name, "tagline": tagline, "programs": programs})
    return pillars


def branch_cards(catalog: Catalog) -> list[dict]:
    order = {"open": 0, "renovating": 1, "planned": 2, "closed": 3}
    ranked = sorted(catalog.branches.values(), key=lambda b: (order[b.data.status], b.data.name))
    return [branch_summary(b) for b in ranked]


def upcoming(events: list[EventRecord], catalog: Catalog, now: datetime) -> list[dict]:
    return [event_summary(e, catalog, now) for e in events if is_listed_upcoming(e, now)]


def partner_links(catalog: Catalog, ids: list[str] | None) -> list[dict]:
    return [
        {"name": catalog.partners[i].data.name, "url": catalog.partners[i].data.url}
        for i in ids or []
        if i in catalog.partners
    ]
