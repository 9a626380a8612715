"""The impact page, the stories and the showcase in Debian's Chromium.

The showcase filters narrow the list by category and by regency without a
reload (and without JavaScript the whole list shows); the impact charts fit
a 360 px phone screen, with screenshots saved in test-artifacts/screenshots;
and axe-core finds no accessibility violation on the new pages, with the
same rules as tests/test_accessibility.py. Expected values come from the
content files, read with `yaml.safe_load`.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

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

BUILD_NOW = BROWSER_BUILD_NOW  # the clock the shared browser site was built with
AXE = REPO / "tests" / "quality" / "node_modules" / "axe-core" / "axe.min.js"
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}


def _showcase() -> list[dict]:
    return [
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((REPO / "content" / "showcase").glob("*.yml"))
    ]


def _place_key(place: str) -> str:
    return place.lower().replace(" ", "-")


def _first_story() -> str:
    return sorted((REPO / "content" / "stories").glob("*.md"))[0].stem


def _visible(page) -> list[dict]:
    return page.eval_on_selector_all(
        "li.hs-business:not([hidden])",
        "items => items.map(i => ({...i.dataset, name: i.querySelector('h3').textContent}))",
    )


def test_showcase_filters_by_category_and_city_without_reloading(browser, base_url):
    entries = _showcase()
    page = open_page(browser, base_url + "etalase/")
    form = page.locator("form.hs-filters")
    assert form.is_visible()
    assert len(_visible(page)) == len(entries)
    assert form.locator("output").text_content() == f"{len(entries)} usaha"
    page.evaluate("window.__marker = 'same page'")

    category = Counter(e["category"] for e in entries).most_common(1)[0][0]
    page.select_option("select[name=category]", category)
    shown = _visible(page)
    assert {item["category"] for item in shown} == {category}
    assert sorted(item["name"] for item in shown) == sorted(
        e["name"] for e in entries if e["category"] == category
    )
    assert form.locator("output").text_content() == f"{len(shown)} usaha"

    # Category and city together: the businesses of that category in that place.
    place = next(e["city"] for e in entries if e["category"] == category)
    page.select_option("select[name=city]", _place_key(place))
    both = _visible(page)
    expected = sorted(e["name"] for e in entries if e["category"] == category and e["city"] == place)
    assert sorted(item["name"] for item in both) == expected
    assert page.locator(".hs-filter-empty").is_hidden()

    # A place with none of that category: the list empties and says so.
    other = next(
        e["city"]
        for e in entries
        if not any(x["city"] == e["city"] for x in entries if x["category"] == category)
    )
    page.select_option("select[name=city]", _place_key(other))
    assert _visible(page) == []
    assert page.locator(".hs-filter-empty").is_visible()
    assert form.locator("output").text_content() == "0 usaha"

    page.select_option("select[name=category]", "")
    by_city = _visible(page)
    assert sorted(item["name"] for item in by_city) == sorted(
        e["name"] for e in entries if e["city"] == other
    )

    page.select_option("select[name=city]", "")
    assert len(_visible(page)) == len(entries)
    assert page.evaluate("window.__marker") == "same page"
    assert page.foreign_requests == []
    page.close()


def test_showcase_without_javascript_lists_everything(browser, base_url):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(base_url + "etalase/")
    assert not page.locator("form.hs-filters").is_visible()
    assert page.locator("li.hs-business:visible").count() == len(_showcase())
    assert page.locator(".hs-filter-empty").is_hidden()
    context.close()


def test_events_filter_is_unchanged_next_to_the_directory_filter(browser, base_url):
    """The generalised script still drives the events list, and only it, on the events page."""
    page = open_page(browser, base_url + "acara/")
    output = page.locator("form.hs-filters output")
    assert output.text_content().endswith(" acara")
    page.select_option("select[name=format]", "online")
    formats = page.eval_on_selector_all(
        "li.hs-event[data-upcoming]:not([hidden])", "i => i.map(e => e.dataset.format)"
    )
    assert formats and set(formats) == {"online"}
    assert output.text_content() == f"{len(formats)} acara"
    page.close()


def test_impact_page_fits_a_phone_and_its_charts_are_readable(browser, base_url):
    page = open_page(browser, base_url + "dampak/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the impact page scrolls sideways by {overflow}px"
    charts = page.eval_on_selector_all(
        "svg.hs-chart__svg",
        """svgs => svgs.map(svg => {
            const box = svg.getBoundingClientRect();
            const label = svg.querySelector('text').getBoundingClientRect();
            return {left: box.left, right: box.right, width: box.width, height: box.height,
                    textHeight: label.height, role: svg.getAttribute('role'),
                    title: svg.querySelector('title').textContent};
        })""",
    )
    assert len(charts) >= 8
    for chart in charts:
        assert chart["role"] == "img" and chart["title"]
        assert chart["left"] >= 0 and chart["right"] <= PHONE["width"], chart
        assert chart["width"] >= 280, chart
        # 13-unit labels in a 320-unit box: at least 11 px tall on a 360 px screen.
        assert chart["textHeight"] >= 11, chart
    # The wide year-by-month table scrolls inside its own box, which the keyboard can reach.
    scroller = page.locator(".hs-scroll")
    assert scroller.get_attribute("tabindex") == "0"
    assert page.evaluate("document.querySelector('.hs-scroll').scrollWidth > window.innerWidth")
    # ... and says so right above it, since a phone shows no scroll bar until one swipes.
    hint = page.locator(".hs-scroll-hint")
    assert hint.is_visible() and "Geser tabel ke samping" in hint.inner_text()
    hint_box, table_box = hint.bounding_box(), scroller.bounding_box()
    assert hint_box is not None and table_box is not None
    assert 0 <= table_box["y"] - (hint_box["y"] + hint_box["height"]) <= 30
    target = screenshot_path("dampak-phone")
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 20_000
    assert page.foreign_requests == []
    page.close()


def test_the_scroll_hint_shows_only_while_the_table_is_wider_than_its_box(browser, base_url):
    page = open_page(browser, base_url + "dampak/", viewport=DESKTOP)
    # On a laptop the twelve months fit: no hint.
    wide = page.evaluate("(b => b.scrollWidth > b.clientWidth)(document.querySelector('.hs-scroll'))")
    assert not wide
    assert not page.locator(".hs-scroll-hint").is_visible()
    page.set_viewport_size(PHONE)
    page.wait_for_function("!document.querySelector('.hs-scroll-hint').hidden")
    assert page.locator(".hs-scroll-hint").is_visible()
    page.close()


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_screenshots_of_the_new_pages(browser, base_url, width):
    viewport = PHONE if width == "phone" else DESKTOP
    for name, path in {
        "dampak": "dampak/",
        "cerita": "cerita/",
        "cerita-detail": f"cerita/{_first_story()}/",
        "etalase": "etalase/",
    }.items():
        page = open_page(browser, base_url + path, viewport=viewport)
        assert page.locator("h1").count() == 1, name
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"
        target = screenshot_path(f"{name}-{width}")
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 5_000
        assert page.foreign_requests == [], name
        page.close()


def _axe_path() -> Path:
    if not AXE.exists():
        message = f"{AXE} is missing: run `npm ci --prefix tests/quality`"
        if os.environ.get("HETERO_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return AXE


@pytest.mark.parametrize("width", ["phone", "desktop"])
@pytest.mark.parametrize("path", ["dampak/", "cerita/", "story", "etalase/"])
def test_axe_finds_no_violation_on_the_new_pages(browser, base_url, path, width):
    path = f"cerita/{_first_story()}/" if path == "story" else path
    page = open_page(browser, base_url + path, viewport=PHONE if width == "phone" else DESKTOP)
    # Evaluated rather than added as a <script>: the page's Content-Security-Policy
    # refuses inline scripts, and DevTools evaluation is outside its reach.
    page.evaluate(_axe_path().read_text(encoding="utf-8"))
    violations = page.evaluate("options => axe.run(document, options).then(r => r.violations)", AXE_OPTIONS)
    page.close()
    summary = [(v["id"], v["help"], [json.dumps(n["target"]) for n in v["nodes"][:5]]) for v in violations]
    assert violations == [], f"axe on /{path} at {width} width: {summary}"
