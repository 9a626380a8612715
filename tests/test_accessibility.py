"""Accessibility with axe-core in Debian's Chromium: zero violations on every page type.

Every page type is opened at phone and desktop width; axe-core (npm, pinned in
tests/quality/package-lock.json) runs with the WCAG 2.0/2.1 A and AA rules and
its best practices. Material's own markup is included: what it gets wrong is
fixed in overrides/ and content/assets/hetero.css. The search dialog is opened
and checked too. Screenshots go to test-artifacts/screenshots/a11y-*.png.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
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

AXE = REPO / "tests" / "quality" / "node_modules" / "axe-core" / "axe.min.js"
BUILD_NOW = BROWSER_BUILD_NOW  # the clock the shared browser site was built with
NOW = datetime.fromisoformat(BUILD_NOW)
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}


def _moment(value: object) -> datetime:
    moment = datetime.fromisoformat(str(value).replace(" ", "T"))
    return moment if moment.tzinfo else moment.replace(tzinfo=NOW.tzinfo)


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def page_types() -> dict[str, str]:
    """One page of every type, chosen from the sample content (read without `hetero`)."""
    events = []
    for path in sorted((REPO / "events").rglob("*.md")):
        data = _front_matter(path)
        events.append((path.stem, data.get("status", "scheduled"), _moment(data["end"])))
    upcoming = next(slug for slug, status, end in events if end > NOW and status == "scheduled")
    cancelled = next(slug for slug, status, _ in events if status == "cancelled")
    past = [slug for slug, status, end in events if end <= NOW and status == "scheduled"][-1]
    branches = {p.stem: _front_matter(p)["status"] for p in sorted((REPO / "content/branches").glob("*.md"))}
    program = sorted((REPO / "programs").glob("*.yml"))[0].stem
    chosen = {
        "home": "",
        "events": "acara/",
        "event-upcoming": f"acara/{upcoming}/",
        "event-cancelled": f"acara/{cancelled}/",
        "event-past": f"acara/{past}/",
        "archive-year": f"acara/arsip/{past[:4]}/",
        "programs": "program/",
        "program": f"program/{program}/",
        "branches": "cabang/",
        "branch-open": "cabang/{}/".format(next(b for b, s in branches.items() if s == "open")),
        "branch-planned": "cabang/{}/".format(next(b for b, s in branches.items() if s == "planned")),
        "partners": "mitra/",
        "about": "tentang/",
        "api": "api/",
        "story": "cerita/{}/".format(sorted((REPO / "content/stories").glob("*.md"))[0].stem),
        # GitHub Pages answers a missing path with the site's 404.html; the test
        # server would answer with its own page, so the file is opened by name.
        "404": "404.html",
    }
    # Any other page in the navigation (sections added later are checked too).
    for entry in yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]:
        source = next(iter(entry.values())) if isinstance(entry, dict) else entry
        if isinstance(source, str) and source.endswith(".md"):
            path = source.removesuffix("index.md").removesuffix(".md").rstrip("/")
            path = f"{path}/" if path else ""
            if path not in chosen.values():
                chosen[f"nav-{path.strip('/')}"] = path
    return chosen


PAGES = page_types()


def _axe_path() -> Path:
    if not AXE.exists():
        message = f"{AXE} is missing: run `npm ci --prefix tests/quality`"
        if os.environ.get("HETERO_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return AXE


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:8]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {json.dumps(node['target'])}: {summary}")
        if len(v["nodes"]) > 8:
            lines.append(f"    ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


def _run_axe(page, context: str = "document") -> list[dict]:
    # Evaluated rather than added as a <script>: the page's Content-Security-Policy
    # refuses inline scripts, and DevTools evaluation is outside its reach.
    page.evaluate(_axe_path().read_text(encoding="utf-8"))
    return page.evaluate(f"options => axe.run({context}, options).then(r => r.violations)", AXE_OPTIONS)


@pytest.mark.parametrize("width", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_violation(browser, base_url, name, width):
    path = PAGES[name]
    page = open_page(browser, base_url + path, viewport=VIEWPORTS[width])
    violations = _run_axe(page)
    page.screenshot(path=str(screenshot_path(f"a11y-{name}-{width}")), full_page=True)
    page.close()
    assert violations == [], f"axe on /{path} at {width} width:\n{_describe(violations)}"


@pytest.mark.parametrize("width", VIEWPORTS)
def test_axe_finds_no_violation_in_the_open_search_dialog(browser, base_url, width):
    page = open_page(browser, base_url + PAGES["events"], viewport=VIEWPORTS[width])
    # Material's keyboard shortcut opens the search at any width (the header
    # button that opens it exists on phones only); its search reacts to typing.
    page.keyboard.press("/")
    page.locator("input.md-search__input").wait_for(state="visible")
    page.keyboard.type("foto")
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    violations = _run_axe(page)
    page.screenshot(path=str(screenshot_path(f"a11y-search-{width}")))
    page.close()
    assert violations == [], f"axe on the open search dialog at {width} width:\n{_describe(violations)}"
