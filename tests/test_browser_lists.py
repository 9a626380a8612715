"""Lists on the visitor's clock: a site built once still agrees with itself weeks later.

The shared sample site is built at BROWSER_BUILD_NOW; Chromium's clock is then
moved 7 to 90 days on, as if no build had run since (GitHub turns scheduled
workflows off after 60 quiet days). Home, the program cards, program and
branch pages and `/acara/` must then name the same events: none finished, the
same first one. Expectations come from the content files (read with
`yaml.safe_load` in sitehelpers), never from the product code.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

import pytest
from conftest import BROWSER_BUILD_NOW
from playwright.sync_api import expect
from sitehelpers import PROJECT, Content, Ev, bulan_tahun, load_content, parse_dt

BUILD_TIME = datetime.fromisoformat(BROWSER_BUILD_NOW)
# A phone's first screen, as the issue measured it.
PHONE_390 = {"width": 390, "height": 844}
HOME_LIMIT = 6
DAYS_LATER = (7, 30, 60, 90)

CONTENT: Content = load_content(PROJECT)


# --- Expectations from the content files ------------------------------------------------


def listed(moment: datetime) -> list[Ev]:
    """What every upcoming list may show at `moment`: built as upcoming, not over yet."""
    return [e for e in CONTENT.events if e.end > BUILD_TIME and e.end > moment]


def coming_run(moment: datetime, program: str) -> Ev | None:
    """A program's next run: not over, not cancelled or postponed (a postponed run has no date yet)."""
    return next(
        (e for e in listed(moment) if e.program == program and e.status not in ("cancelled", "postponed")),
        None,
    )


def registration_open(event: Ev, moment: datetime) -> bool:
    """Whether one can sign up at `moment`, by the rules of docs/content-model.md."""
    if event.status in ("cancelled", "postponed") or moment >= event.end:
        return False
    registration = CONTENT.registration(event)
    if not (registration.get("url") or registration.get("whatsapp")):
        return False
    if registration.get("status"):
        return registration["status"] in ("open", "waitlist")
    closes = parse_dt(registration["closes"]) if registration.get("closes") else event.start
    opens = parse_dt(registration["opens"]) if registration.get("opens") else None
    return moment < closes and (opens is None or moment >= opens)


def home_offer(moment: datetime) -> Ev | None:
    """The card at the top of home: the soonest event open for sign-up, else the next one not cancelled."""
    events = listed(moment)
    return next((e for e in events if registration_open(e, moment)), None) or next(
        (e for e in events if e.status != "cancelled"), None
    )


def wib_clock(moment: datetime) -> str:
    local = moment.astimezone(BUILD_TIME.tzinfo)
    return f"{local.hour:02d}.{local.minute:02d} WIB"


# --- The browser -------------------------------------------------------------------------


def visit(browser, url: str, moment: datetime, *, javascript: bool = True, feed_body: str | None = None):
    """`url` on a phone whose clock reads `moment`, once the script has drawn its lists."""
    context = browser.new_context(viewport=PHONE_390, java_script_enabled=javascript)
    page = context.new_page()
    page.clock.set_fixed_time(moment)
    if feed_body is not None:
        page.route(
            "**/assets/upcoming.json",
            lambda route: route.fulfill(body=feed_body, content_type="application/json"),
        )
    page.goto(url, wait_until="load")
    if javascript:
        expect(page.locator("[aria-busy]")).to_have_count(0)
    return page


def shown_items(page, scope: str) -> list[dict]:
    """Each visible event item in `scope`: id, end and its text as read."""
    return page.eval_on_selector_all(
        f"{scope} li.hs-event[data-upcoming]",
        """items => items.filter(i => i.checkVisibility()).map(i => ({
            id: i.dataset.id, end: i.dataset.end, text: i.innerText.replace(/\\s+/g, " ").trim(),
            when: i.querySelector(".hs-event__when").textContent}))""",
    )


def home_list(page) -> list[dict]:
    return shown_items(page, "ul.hs-events[data-feed]")


def program_cards(page) -> dict[str, str]:
    """Program id -> the card's visible "Berikutnya: ..." text, or "" when none shows."""
    return page.eval_on_selector_all(
        "li.hs-card[data-program]",
        """cards => Object.fromEntries(cards.map(c => {
            const next = c.querySelector(".hs-card__next");
            return [c.dataset.program, next && next.checkVisibility() ? next.textContent : ""];
        }))""",
    )


def next_card(page) -> dict | None:
    return page.evaluate(
        """() => {
            const card = document.querySelector(".hs-next");
            if (!card || !card.checkVisibility()) return null;
            const button = card.querySelector("a.hs-register").getBoundingClientRect();
            return {id: card.dataset.id, title: card.querySelector(".hs-next__title").textContent,
                    label: card.querySelector(".hs-next__label").textContent,
                    top: button.top, bottom: button.bottom};
        }"""
    )


def first_button_box(page) -> dict:
    return page.evaluate(
        """() => {
            const b = [...document.querySelectorAll("a.hs-register")].find(x => x.checkVisibility());
            const r = b.getBoundingClientRect();
            return {top: r.top, bottom: r.bottom, text: b.textContent};
        }"""
    )


def visible_texts(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(
        selector, "nodes => nodes.filter(n => n.checkVisibility()).map(n => n.textContent.trim())"
    )


def toc_entries(page) -> list[list[str]]:
    """Each table of contents on the page (sidebar and phone drawer): its entries not hidden."""
    return page.eval_on_selector_all(
        "nav.md-nav--secondary",
        """navs => navs.map(nav => [...nav.querySelectorAll("a.md-nav__link")]
            .filter(a => !a.closest("li[hidden]")).map(a => a.textContent.trim()))""",
    )


# --- Every list agrees with /acara/ -------------------------------------------------------


@pytest.mark.parametrize("days", DAYS_LATER)
def test_every_list_agrees_with_the_events_page_days_after_the_build(browser, base_url, days):
    moment = BUILD_TIME + timedelta(days=days)
    expected = listed(moment)
    assert expected, "the sample has events left to list at this offset"
    ids = [e.id for e in expected]

    events_page = visit(browser, base_url + "acara/", moment)
    acara = shown_items(events_page, "article")
    assert [i["id"] for i in acara] == ids
    assert all(datetime.fromisoformat(i["end"]) > moment for i in acara)
    by_id = {i["id"]: i for i in acara}
    months = list(dict.fromkeys(bulan_tahun(e.start) for e in expected))
    assert visible_texts(events_page, "article h2.hs-month") == months
    for entries in toc_entries(events_page):
        assert entries == [*months, "Arsip"]
    events_page.context.close()

    home = visit(browser, base_url, moment)
    on_home = home_list(home)
    assert [i["id"] for i in on_home] == ids[:HOME_LIMIT]
    assert on_home[0]["id"] == acara[0]["id"]
    # Items the script drew read exactly like those the build wrote on /acara/.
    for item in on_home:
        assert item["text"] == by_id[item["id"]]["text"], item["id"]
    assert not home.locator(".hs-empty").is_visible()
    offer = home_offer(moment)
    card = next_card(home)
    assert card is not None and offer is not None
    assert card["id"] == offer.id and card["title"] == offer.title
    assert card["label"] == ("Pendaftaran dibuka" if registration_open(offer, moment) else "Acara berikutnya")
    # The phone's first screen holds the next offer and its button.
    box = first_button_box(home)
    assert box["top"] >= 0 and box["bottom"] <= PHONE_390["height"], box
    home_cards = program_cards(home)
    home.context.close()

    programs_page = visit(browser, base_url + "program/", moment)
    index_cards = program_cards(programs_page)
    programs_page.context.close()
    for program_id in CONTENT.programs:
        run = coming_run(moment, program_id)
        next_text = f"Berikutnya: {by_id[run.id]['when']}" if run else ""
        assert home_cards[program_id] == next_text, program_id
        assert index_cards[program_id] == next_text, program_id

        program_page = visit(browser, base_url + f"program/{program_id}/", moment)
        own = [e.id for e in expected if e.program == program_id]
        assert [i["id"] for i in shown_items(program_page, "article")] == own, program_id
        card = next_card(program_page)
        # "No runs planned" only when nothing is listed: a postponed run is listed, yet no one's next.
        assert program_page.locator(".hs-empty").is_visible() == (not own), program_id
        if run is None:
            assert card is None, program_id
        else:
            assert card is not None and card["id"] == run.id, program_id
            assert card["bottom"] <= PHONE_390["height"], (program_id, card)
        program_page.context.close()

    for branch_id, branch in CONTENT.branches.items():
        if branch["status"] != "open":
            continue
        branch_page = visit(browser, base_url + f"cabang/{branch_id}/", moment)
        at_branch = [e.id for e in expected if e.branch == branch_id]
        assert [i["id"] for i in shown_items(branch_page, "article")] == at_branch, branch_id
        branch_page.context.close()


def test_after_the_last_event_every_list_says_so(browser, base_url):
    moment = max(e.end for e in CONTENT.events) + timedelta(minutes=1)
    home = visit(browser, base_url, moment)
    assert home_list(home) == []
    assert home.locator(".hs-empty").is_visible()
    assert next_card(home) is None
    assert set(program_cards(home).values()) == {""}
    home.context.close()
    events_page = visit(browser, base_url + "acara/", moment)
    assert shown_items(events_page, "article") == []
    assert visible_texts(events_page, "article h2.hs-month") == []
    assert all(entries == ["Arsip"] for entries in toc_entries(events_page))
    events_page.context.close()


def test_on_the_build_day_the_phone_shows_the_offer_without_scrolling(browser, base_url):
    moment = BUILD_TIME + timedelta(hours=1)
    home = visit(browser, base_url, moment)
    box = first_button_box(home)
    assert box["text"] == "Daftar sekarang"
    assert box["top"] >= 0 and box["bottom"] <= PHONE_390["height"], box
    home.context.close()


def test_without_javascript_the_build_time_lists_stay(browser, base_url):
    home = visit(browser, base_url, BUILD_TIME, javascript=False)
    assert home.locator("ul.hs-events[data-feed] li.hs-event").count() == HOME_LIMIT
    assert home.locator(".hs-next a.hs-register").is_visible()
    assert home.locator(".hs-card__next").count() > 0
    home.context.close()


# --- Relative deadlines -------------------------------------------------------------------


def _with_window() -> Ev:
    """An upcoming event whose sign-up opens after the build and closes days before it starts."""
    for event in CONTENT.events:
        registration = event.data.get("registration") or {}
        if event.end > BUILD_TIME and registration.get("opens") and registration.get("closes"):
            opens, closes = parse_dt(registration["opens"]), parse_dt(registration["closes"])
            if opens > BUILD_TIME + timedelta(days=4) and (event.start - closes).days >= 1:
                return event
    raise AssertionError("the sample has no event with a sign-up window")


def _note(page) -> str:
    note = page.locator("article a.hs-register + .hs-deadline")
    return note.text_content() if note.is_visible() else ""


def test_deadlines_are_counted_on_the_visitors_clock(browser, base_url):
    event = _with_window()
    registration = event.data["registration"]
    opens, closes = parse_dt(registration["opens"]), parse_dt(registration["closes"])
    day_before_start = event.start - timedelta(days=1)
    cases = [
        (opens - timedelta(days=3), "Pendaftaran dibuka dalam 3 hari"),
        (opens - timedelta(days=1), f"Pendaftaran dibuka besok, {wib_clock(opens)}"),
        (closes - timedelta(days=2), "Pendaftaran tutup dalam 2 hari"),
        (closes - timedelta(minutes=30), f"Pendaftaran tutup hari ini, {wib_clock(closes)}"),
        (day_before_start, f"Acara besok, {wib_clock(event.start)}"),
        (event.start + timedelta(minutes=5), "Sedang berlangsung"),
        (event.end + timedelta(minutes=1), ""),
    ]
    for moment, expected in cases:
        page = visit(browser, base_url + f"acara/{event.id}/", moment)
        assert _note(page) == expected, moment
        page.context.close()


# --- The feed: small, only upcoming, drawn as text -------------------------------------------


def test_the_feed_holds_only_events_upcoming_at_build_time(browser_site):
    data = json.loads((browser_site / "assets" / "upcoming.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in data["events"]] == [e.id for e in listed(BUILD_TIME)]
    for entry in data["events"]:
        event = CONTENT.event(entry["id"])
        assert entry["title"] == event.title
        assert parse_dt(entry["end"]) == event.end
    assert data["pages"] == "../acara/"


def _feed(browser_site) -> dict:
    return json.loads((browser_site / "assets" / "upcoming.json").read_text(encoding="utf-8"))


def _hrefs(page) -> list[str]:
    return page.eval_on_selector_all("article a[href]", "links => links.map(a => a.getAttribute('href'))")


def test_the_script_draws_feed_text_as_text(browser, base_url, browser_site):
    data = _feed(browser_site)
    hostile = '<img src=x onerror="window.pwned=1">'
    first = data["events"][0]
    first["title"] = hostile
    first["href"] = "javascript:window.pwned=2"
    # A month on, when the events the build listed first are over, so the list is drawn from this feed.
    moment = BUILD_TIME + timedelta(days=30)
    first["end"] = (moment + timedelta(days=1)).isoformat()
    home = visit(browser, base_url, moment, feed_body=json.dumps(data))
    assert visible_texts(home, "ul.hs-events[data-feed] .hs-event__title")[0] == hostile
    assert home.locator("article img[src=x]").count() == 0
    assert not [h for h in _hrefs(home) if re.match(r"\s*javascript:", h, re.IGNORECASE)]
    assert home.evaluate("window.pwned") is None
    home.context.close()


def test_a_feed_linking_elsewhere_is_not_used(browser, base_url, browser_site):
    data = {**_feed(browser_site), "pages": "https://evil.example/acara/"}
    moment = BUILD_TIME + timedelta(days=30)
    home = visit(browser, base_url, moment, feed_body=json.dumps(data))
    assert not [h for h in _hrefs(home) if "evil.example" in h]
    # The list the build wrote stays, without the events that are over.
    built = [e.id for e in listed(BUILD_TIME)[:HOME_LIMIT] if e.end > moment]
    assert [i["id"] for i in home_list(home)] == built
    home.context.close()
