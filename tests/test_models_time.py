"""Dates and times: WIB unless a value carries its own offset, and how they are shown."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from hetero.clock import ClockError, resolve_now
from hetero.models import Event, Session
from hetero.timefmt import format_datetime

JAKARTA = ZoneInfo("Asia/Jakarta")


def session(start: str, end: str) -> Session:
    return Session.model_validate({"start": start, "end": end})


@pytest.mark.parametrize("text", ["2026-12-12 15:00", "2026-12-12T15:00", "2026-12-12 15:00:00"])
def test_time_without_offset_is_jakarta_time(text: str) -> None:
    start = session(text, "2026-12-12 17:00").start
    assert start.tzinfo is not None
    assert start.utcoffset() == timedelta(hours=7)
    assert (start.year, start.month, start.day, start.hour, start.minute) == (2026, 12, 12, 15, 0)
    assert start == datetime(2026, 12, 12, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("2026-12-12 15:00+08:00", 8),
        ("2026-12-12T15:00+09:00", 9),
        ("2026-12-12 15:00Z", 0),
        ("2026-12-12 15:00 +07:00", 7),
    ],
)
def test_time_with_offset_keeps_it(text: str, hours: int) -> None:
    start = session(text, "2026-12-13 17:00").start
    assert start.utcoffset() == timedelta(hours=hours)
    assert (start.hour, start.minute) == (15, 0)


def test_event_times_from_text() -> None:
    event = Event.model_validate(
        {
            "title": "Kelas Uji",
            "format": "online",
            "start": "2026-12-12 15:00+08:00",
            "end": "2026-12-12 18:00",
        }
    )
    assert event.start.utcoffset() == timedelta(hours=8)
    assert event.end.utcoffset() == timedelta(hours=7)
    # 15:00 WITA is 14:00 WIB, so the event lasts four hours.
    assert event.end - event.start == timedelta(hours=4)


@pytest.mark.parametrize("text", ["2026-12-12", "12-12-2026 15:00", "2026-12-12 25:00", "besok"])
def test_unreadable_or_dateless_times_are_refused(text: str) -> None:
    with pytest.raises(ValidationError):
        session(text, "2026-12-12 17:00")


def test_now_without_offset_is_wib(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HETERO_NOW", raising=False)
    now = resolve_now("2026-11-24T12:00")
    assert now.utcoffset() == timedelta(hours=7)
    assert now == datetime(2026, 11, 24, 12, 0, tzinfo=JAKARTA)


def test_now_with_offset_keeps_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HETERO_NOW", raising=False)
    now = resolve_now("2026-11-24T12:00+08:00")
    assert now.utcoffset() == timedelta(hours=8)
    assert now == datetime(2026, 11, 24, 4, 0, tzinfo=UTC)


def test_now_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HETERO_NOW", "2027-01-05 08:30")
    assert resolve_now(None) == datetime(2027, 1, 5, 8, 30, tzinfo=JAKARTA)
    assert resolve_now("2026-11-24T12:00+07:00") == datetime(2026, 11, 24, 12, 0, tzinfo=JAKARTA)


def test_now_defaults_to_an_aware_wall_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HETERO_NOW", raising=False)
    before = datetime.now(UTC)
    now = resolve_now(None)
    after = datetime.now(UTC)
    assert now.tzinfo is not None
    assert before <= now <= after


@pytest.mark.parametrize("text", ["besok", "2026-11-24T99:00", "24/11/2026"])
def test_bad_now_is_a_clock_error(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.delenv("HETERO_NOW", raising=False)
    with pytest.raises(ClockError):
        resolve_now(text)


def test_format_datetime_wib() -> None:
    # The expected text is the product brief's example.
    moment = datetime(2020, 1, 31, 19, 0, tzinfo=JAKARTA)
    assert format_datetime(moment) == "Jumat, 31 Januari 2020, 19.00 WIB"


def test_format_datetime_fixed_plus_seven_is_wib() -> None:
    moment = datetime(2020, 1, 31, 19, 0, tzinfo=timezone(timedelta(hours=7)))
    assert format_datetime(moment) == "Jumat, 31 Januari 2020, 19.00 WIB"


@pytest.mark.parametrize(
    ("hours", "shown"), [(8, "18.00"), (9, "17.00"), (0, "Sabtu, 1 Februari 2020, 02.00")]
)
def test_format_datetime_other_zones_are_shown_in_wib(hours: int, shown: str) -> None:
    moment = datetime(2020, 1, 31, 19, 0, tzinfo=timezone(timedelta(hours=hours)))
    # Every instant is shown on the Jakarta clock, so times written with
    # different offsets in one event still read as one consistent range.
    expected = shown if "," in shown else f"Jumat, 31 Januari 2020, {shown}"
    assert format_datetime(moment) == f"{expected} WIB"
