"""The one place that decides what "now" is.

Tests and repeated builds pass `--now` or set `HETERO_NOW`, so that which
events count as upcoming never depends on when the command happens to run.
"""

from __future__ import annotations

import os
from datetime import datetime


class ClockError(ValueError):
    pass


def now_text(option: str | None) -> str | None:
    """The text "now" is read from: `--now`, else `HETERO_NOW`; None for the wall clock."""
    return option or os.environ.get("HETERO_NOW") or None


def resolve_now(option: str | None) -> datetime:
    """`--now`, else `HETERO_NOW`, else the wall clock; always time-zone aware."""
    # Imported here: a warm validation asks only for `now_text`, and must not load the models.
    from hetero.models import MAX_YEAR, MIN_YEAR, WIB

    text = now_text(option)
    if not text:
        return datetime.now(WIB)
    # Bytes that are not UTF-8 arrive as surrogates and could not be printed.
    shown = text.encode("utf-8", "backslashreplace").decode("utf-8")
    try:
        # Any ISO 8601 form: a date alone means its midnight, `Z` means UTC.
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ClockError(
            f"waktu `{shown}` tidak dapat dibaca; tulis misalnya 2026-11-24T12:00+07:00"
        ) from None
    value = value if value.tzinfo else value.replace(tzinfo=WIB)
    # Content dates must lie in these years too (models.py); outside them,
    # date arithmetic in the build could overflow.
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ClockError(f"waktu `{shown}` harus antara tahun {MIN_YEAR} dan {MAX_YEAR}")
    return value
