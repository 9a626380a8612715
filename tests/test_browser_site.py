"""The site in a real browser: filters, a page older than the visitor's clock, screenshots."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import yaml
from browser import (
    DESKTOP,
    PHONE,
    REPO,
    open_page,
    screenshot_path,
)
from conftest import BROWSER_BUILD_NOW

WIB = ZoneInfo("Asia/Jakarta")
BUILD_NOW = BROWSER_BUILD_NOW  # the clock the shared browser site was built with
BUILD_TIME = datetime(2026, 11, 24, 12, 0, tzinfo=WIB)


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(str(text).replace(" ", "T"))
    return moment if moment.tzinfo else moment.replace(tzinfo=WIB)


def _events() -> list[dict]:
    """Every sample event's front matter, read here without the hetero loader."""
    events = []
    for path in sorted((REPO / "events").rglob("*.md")):
        data = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        data["id"] = path.stem
        data["start"], data["end"] = _moment(data["start"]), _moment(data["end"])
        events.append(data)
    return events


def _visible_items(page) -> list[dict]:
    return page.eval_on_selector_all(
        "li.hs-event[data-upcoming]:not([hidden])",
        "items => items.map(i => ({...i.dataset, title: i.querySelector('.hs-event__title').textContent}))",
    )


def test_filters_narrow_the_list_without_reloading(browser, base_url):
    page = open_page(browser, base_url + "acara/")
    assert page.locator("form.hs-filters").is_visible()
    everything = _visible_items(page)
    upcoming = [e for e in _events() if e["end"] > BUILD_TIME]
    assert len(everything) == len(upcoming)

    page.evaluate("window.__marker = 'same page'")
    page.select_option("select[name=format]", "online")
    online = _visible_items(page)
    assert online, "the sample has upcoming online events"
    assert {item["format"] for item in online} == {"online"}
    assert len(online) == sum(1 for e in upcoming if e["format"] == "online")
    assert page.locator("form.hs-filters output").text_content() == f"{len(online)} acara"

    page.select_option("select[name=format]", "")
    page.select_option("select[name=free]", "tidak")
    paid = _visible_items(page)
    assert paid and all(item["free"] == "tidak" for item in paid)

    page.select_option("select[name=free]", "")
    page.select_option("select[name=branch]", "semarang")
    assert all(item["branch"] == "semarang" for item in _visible_items(page))
    assert page.evaluate("window.__marker") == "same page"
    assert page.foreign_requests == []


def test_list_without_javascript_shows_everything(browser, base_url):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(base_url + "acara/")
    assert not page.locator("form.hs-filters").is_visible()
    upcoming = [e for e in _events() if e["end"] > BUILD_TIME]
    assert page.locator("li.hs-event[data-upcoming]").count() == len(upcoming)
    context.close()


def test_a_finished_event_leaves_the_list_before_the_next_build(browser, base_url):
    upcoming = [e for e in _events() if e["end"] > BUILD_TIME]
    first = upcoming[0]
    visitor_time = first["end"] + timedelta(minutes=1)
    page = open_page(browser, base_url + "acara/", visitor_time=visitor_time)
    titles = [item["title"] for item in _visible_items(page)]
    assert first["title"] not in titles
    still_upcoming = [e["title"] for e in upcoming if e["end"] > visitor_time]
    assert titles == still_upcoming

    event_page = open_page(browser, base_url + f"acara/{first['id']}/", visitor_time=visitor_time)
    button = event_page.locator("a.hs-register")
    assert button.text_content() == "Acara selesai"
    assert button.get_attribute("href") is None
    assert button.get_attribute("aria-disabled") == "true"


def test_registration_opens_and_closes_on_the_visitors_clock(browser, base_url):
    not_yet_open = next(
        e
        for e in _events()
        if e.get("registration", {}).get("opens") and _moment(e["registration"]["opens"]) > BUILD_TIME
    )
    registration = not_yet_open["registration"]
    url = base_url + f"acara/{not_yet_open['id']}/"

    before = open_page(browser, url)
    assert before.locator("a.hs-register").text_content().startswith("Dibuka ")
    assert before.locator("a.hs-register").get_attribute("href") is None

    opened = open_page(browser, url, visitor_time=_moment(registration["opens"]) + timedelta(minutes=1))
    button = opened.locator("a.hs-register")
    assert button.text_content() == "Daftar sekarang"
    expected_link = registration.get("url") or "https://wa.me/"
    assert button.get_attribute("href").startswith(expected_link)

    closes = _moment(registration["closes"]) if registration.get("closes") else not_yet_open["start"]
    closed = open_page(browser, url, visitor_time=closes + timedelta(minutes=1))
    assert closed.locator("a.hs-register").text_content() == "Pendaftaran ditutup"
    assert closed.locator("a.hs-register").get_attribute("href") is None


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_screenshots_of_each_page_type(browser, base_url, width):
    event = next(e for e in _events() if e["end"] > BUILD_TIME and e.get("sessions"))
    pages = {
        "beranda": "",
        "acara": "acara/",
        "acara-detail": f"acara/{event['id']}/",
        "program": f"program/{event['program']}/",
        "cabang": "cabang/semarang/",
    }
    viewport = PHONE if width == "phone" else DESKTOP
    for name, path in pages.items():
        page = open_page(browser, base_url + path, viewport=viewport)
        assert page.locator("h1").count() == 1, name
        # Nothing may be wider than a phone's screen.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"
        target = screenshot_path(f"{name}-{width}")
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 5_000
        assert page.foreign_requests == [], name
        page.close()


def test_an_old_browser_without_resize_observer_asks_no_other_host(browser, base_url):
    """Material's bundle would fetch a polyfill from unpkg.com; the site's own copy comes first."""
    page = open_page(browser, base_url + "acara/", init_script="delete window.ResizeObserver")
    page.wait_for_load_state("networkidle")
    assert page.foreign_requests == []
    assert page.evaluate("typeof ResizeObserver") == "function"
    # The theme still works: the search box opens.
    page.locator("label[for=__search]").first.click()
    assert page.locator("input.md-search__input").is_visible()
