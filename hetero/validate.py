"""Loading plus checking: the one entry point every command uses to read content."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from hetero.catalog import Catalog
from hetero.checks import check
from hetero.diagnostics import Diagnostic
from hetero.loader import load

CONTENT_DIR = "content"


def validate(root: Path, now: datetime) -> tuple[Catalog, list[Diagnostic]]:
    """The catalog and every problem in it, sorted by file and line."""
    catalog, diagnostics = load(root)
    diagnostics += check(catalog, root / CONTENT_DIR, now)
    return catalog, sorted(set(diagnostics))
