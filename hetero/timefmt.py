"""Dates and times as Indonesian readers expect them: "Jumat, 31 Januari 2020, 19.00 WIB".

Every instant is shown in WIB (Asia/Jakarta), whatever offset it was written
with: the site serves Central Java, and a start written `09:00+08:00` next to
an end written `12:00` must read "08.00–12.00 WIB", not "09.00–12.00 WIB".
A moment without a zone is already WIB (branch opening days are plain dates).
"""

from __future__ import annotations

import functools
from datetime import date, datetime

from babel.dates import format_date as babel_format_date

from hetero.models import WIB

LOCALE = "id"
# The zone name calendars and feeds declare; WIB, UTC+7.
TZID = "Asia/Jakarta"


def in_wib(moment: datetime) -> datetime:
    """The same instant on the clock in Jakarta."""
    return moment.astimezone(WIB) if moment.tzinfo is not None else moment


def format_clock(moment: datetime) -> str:
    """`19.00`, in WIB."""
    return f"{in_wib(moment):%H.%M}"


def format_time(moment: datetime) -> str:
    """`19.00 WIB`."""
    return f"{format_clock(moment)} WIB"


def format_day(moment: datetime) -> str:
    """`Jumat, 31 Januari 2020`, the day in WIB."""
    return _format_day(in_wib(moment).date())


@functools.lru_cache(maxsize=4096)
def _format_day(day: date) -> str:
    # Babel takes ~50 µs a call; a large site asks for the same days over and over.
    return babel_format_date(day, "EEEE, d MMMM y", locale=LOCALE)


def format_datetime(moment: datetime) -> str:
    """`Jumat, 31 Januari 2020, 19.00 WIB`."""
    return f"{format_day(moment)}, {format_time(moment)}"


def format_range(start: datetime, end: datetime) -> str:
    """`Jumat, 31 Januari 2020, 19.00–21.00 WIB`, or a range across days."""
    if in_wib(start).date() == in_wib(end).date():
        return f"{format_day(start)}, {format_clock(start)}–{format_time(end)}"
    return f"{format_datetime(start)} – {format_datetime(end)}"


def format_short_date(moment: datetime) -> str:
    """`12 Okt`."""
    return babel_format_date(in_wib(moment).date(), "d MMM", locale=LOCALE)


def format_month(moment: datetime) -> str:
    """`Januari 2020`."""
    return babel_format_date(in_wib(moment).date(), "MMMM y", locale=LOCALE)
