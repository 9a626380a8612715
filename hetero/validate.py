"""Loading plus checking: the one entry point every command uses to read content."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from hetero.catalog import Catalog
from hetero.checks import check
from hetero.diagnostics import Diagnostic
from hetero.files import CONTENT_DIR, check_files
from hetero.loader import load
from hetero.sanitize import check_markup
from hetero.sitefile import check as check_site_file

__all__ = ["CONTENT_DIR", "validate"]


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
