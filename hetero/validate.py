"""Loading plus checking: the one entry point every command uses to read content.

`hetero validate` validates through `validate_and_keep`, which also keeps the
outcome with what it depends on (the content's hash, the clock's window), so
that the next run on the same content can print it without validating
(hetero/cache.py, `RunOutcome`).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

from hetero.cache import RunOutcome
from hetero.cache import enabled as cache_enabled
from hetero.catalog import Catalog
from hetero.checks import check
from hetero.clock import resolve_now
from hetero.diagnostics import Diagnostic
from hetero.files import CONTENT_DIR, SOURCE_DIRS, check_files
from hetero.loader import load
from hetero.models import WIB, Showcase, Story
from hetero.sanitize import check_markup, markdown_extensions, mkdocs_yml
from hetero.sitefile import check as check_site_file

__all__ = ["CONTENT_DIR", "now_window", "validate", "validate_and_keep"]

# Markdown's own extensions, none of which reads a file: with any other in
# mkdocs.yml (pymdownx.snippets includes files from anywhere), what the markup
# check finds may depend on files outside the content, and no outcome is kept.
_READS_NO_FILES = frozenset(
    {
        "abbr",
        "admonition",
        "attr_list",
        "codehilite",
        "def_list",
        "extra",
        "fenced_code",
        "footnotes",
        "legacy_attrs",
        "legacy_em",
        "md_in_html",
        "meta",
        "nl2br",
        "sane_lists",
        "smarty",
        "tables",
        "toc",
        "wikilinks",
    }
)


def validate(root: Path, now: datetime, *, cache: bool = False) -> tuple[Catalog, list[Diagnostic]]:
    """The catalog and every problem in it, sorted by file and line.

    `cache` keeps what each file held between runs (hetero/cache.py); the
    commands use it, and the result is the same with or without it. The checks
    across files always run over the whole catalog.
    """
    catalog, diagnostics = load(root, cache=cache)
    diagnostics += check(catalog, root / CONTENT_DIR, now)
    diagnostics += check_markup(catalog, root)
    diagnostics += check_files(root, catalog)
    diagnostics += check_site_file(root, catalog)
    return catalog, sorted(set(diagnostics))


def now_window(catalog: Catalog, now: datetime) -> tuple[datetime | None, datetime | None]:
    """The moments from which (inclusive) and until which `validate` finds at any time what it finds at `now`.

    None: no such moment before, or after. These are all the checks that read
    the clock (tests/test_cache_outcome.py fails when hetero/checks.py has
    another): the freshness and placeholder checks compare each event's end
    with `now`; the consent checks compare a date with the day `now` falls on
    in WIB, and name that day.
    """
    moments = [event.data.end for event in catalog.events]
    consents = (*catalog.stories.values(), *catalog.showcase.values())
    if consents or catalog.drafts_of(Story) or catalog.drafts_of(Showcase):
        today = now.astimezone(WIB).date()
        moments += [datetime.combine(day, time(), WIB) for day in (today, today + timedelta(days=1))]
    return (
        max((moment for moment in moments if moment <= now), default=None),
        min((moment for moment in moments if moment > now), default=None),
    )


def _inputs(root: Path) -> tuple[list[str], list[str]]:
    """The folders and files whose names and bytes `validate` reads."""
    config = mkdocs_yml(root)
    # The repository's own, and the one used in its stead while it has none.
    files = ["mkdocs.yml"] if config == root / "mkdocs.yml" else ["mkdocs.yml", str(config)]
    return list(SOURCE_DIRS), files


def _reads_no_other_files(root: Path) -> bool:
    names, _ = markdown_extensions(mkdocs_yml(root))
    return all(name.removeprefix("markdown.extensions.") in _READS_NO_FILES for name in names)


def validate_and_keep(root: Path, now_option: str | None, outcome: RunOutcome) -> list[Diagnostic]:
    """What `hetero validate` reports, validated afresh; the outcome is kept for the next run."""
    now = resolve_now(now_option)
    folders, files = _inputs(root)
    # Hashed before the files are read, so that an edit during the run is noticed (RunOutcome.keep).
    before = outcome.inputs(folders, files) if cache_enabled() and _reads_no_other_files(root) else None
    catalog, diagnostics = validate(root, now, cache=True)
    if before is not None:
        outcome.keep(folders, files, before, now, now_window(catalog, now), diagnostics)
    return diagnostics
