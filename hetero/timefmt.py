"""Dates and times as Indonesian readers expect them: "Jumat, 31 Januari 2020, 19.00 WIB"."""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta

from babel.dates import format_date as babel_format_date

LOCALE = "id"

# Indonesia's three zones have names everyone knows; any other offset is
# shown as UTC+H.
_ZONE_LABELS = {7: "WIB", 8: "WITA", 9: "WIT"}


def zone_label(moment: datetime) -> str:
    offset = moment.utcoffset() or timedelta(0)
    hours, rest = divmod(int(offset.total_seconds()), 3600)
    if rest == 0 and hours in _ZONE_LABELS:
        return _ZONE_LABELS[hours]
    minutes = f":{rest // 60:02d}" if rest else ""
    return f"UTC{'+' if offset >= timedelta(0) else '-'}{abs(hours)}{minutes}"


def format_time(moment: datetime) -> str:
    """`19.00 WIB`."""
    return f"{moment:%H.%M} {zone_label(moment)}"


def format_day(moment: datetime) -> str:
    """`Jumat, 31 Januari 2020`."""
    return _format_day(moment.date())


@functools.lru_cache(maxsize=4096)
def _format_day(day: date) -> str:
    # Babel takes ~50 µs a call; a large site asks for the same days over and over.
    return babel_format_date(day, "EEEE, d MMMM y", locale=LOCALE)


def format_datetime(moment: datetime) -> str:
    """`Jumat, 31 Januari 2020, 19.00 WIB`."""
    return f"{format_day(moment)}, {format_time(moment)}"


def format_short_date(moment: datetime) -> str:
    """`12 Okt`."""
    return babel_format_date(moment, "d MMM", locale=LOCALE)


def format_month(moment: datetime) -> str:
    """`Januari 2020`."""
    return babel_format_date(moment, "MMMM y", locale=LOCALE)
