"""The one place that decides what "now" is.

Tests and repeated builds pass `--now` or set `HETERO_NOW`, so that which
events count as upcoming never depends on when the command happens to run.
"""

from __future__ import annotations

import os
from datetime import datetime

from hetero.models import WIB


class ClockError(ValueError):
    pass


def resolve_now(option: str | None) -> datetime:
    """`--now`, else `HETERO_NOW`, else the wall clock; always time-zone aware."""
    text = option or os.environ.get("HETERO_NOW")
    if not text:
        return datetime.now(WIB)
    try:
        # Any ISO 8601 form: a date alone means its midnight, `Z` means UTC.
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ClockError(
            f"waktu `{text}` tidak dapat dibaca; tulis misalnya 2026-11-24T12:00+07:00"
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=WIB)
