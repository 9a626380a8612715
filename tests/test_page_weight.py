"""Page weight: what a visitor's phone downloads on a first visit, measured in Chromium.

Each page type is loaded in a fresh browser context (empty cache) and every
response is counted, except the search index (search_index.json, fetched by
the search worker; it is measured in docs/benchmarks.md's build section).
"Transferred" is each body as GitHub Pages sends it: gzip at level 6 for text
types, the bytes as they are for images and fonts, which it does not
compress; HTTP headers are not counted.

Budget: an event page's first load is at most 250 KB transferred.

    HETERO_WRITE_BENCH=1 .venv/bin/python -m pytest tests/test_page_weight.py

also writes the figures into docs/benchmarks.md (section `weight`); a normal
run leaves the repository alone.
"""

from __future__ import annotations

import gzip
import os
import sys
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from browser import PHONE, REPO
from conftest import BROWSER_BUILD_NOW

BUILD_NOW = BROWSER_BUILD_NOW  # the clock the shared browser site was built with
NOW = datetime.fromisoformat(BUILD_NOW)
BUDGET_BYTES = 250 * 1000  # an event page's first load, transferred
EXCLUDED = ("search_index.json",)
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


def _pages() -> dict[str, str]:
    events = []
    for path in sorted((REPO / "events").rglob("*.md")):
        data = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        end = datetime.fromisoformat(str(data["end"]).replace(" ", "T"))
        end = end if end.tzinfo else end.replace(tzinfo=NOW.tzinfo)
        if end > NOW and data.get("status", "scheduled") == "scheduled":
            events.append(path.stem)
    program = sorted((REPO / "programs").glob("*.yml"))[0].stem
    branch = next(
        p.stem
        for p in sorted((REPO / "content" / "branches").glob("*.md"))
        if yaml.safe_load(p.read_text(encoding="utf-8").split("---")[1])["status"] == "open"
    )
    return {
        "event page": f"acara/{events[0]}/",
        "home": "",
        "events list (/acara/)": "acara/",
        "program page": f"program/{program}/",
        "branch page": f"cabang/{branch}/",
    }


def transferred(body: bytes, content_type: str) -> int:
    """The bytes GitHub Pages sends for this body: gzip level 6 for text types."""
    if content_type.split(";")[0].strip().startswith(COMPRESSED_TYPES):
        return len(gzip.compress(body, compresslevel=6, mtime=0))
    return len(body)


def measure(browser, url: str) -> list[tuple[str, int, int]]:
    """(path, bytes, transferred bytes) of every response of a first visit to `url`."""
    context = browser.new_context(viewport=PHONE)  # a fresh context has an empty cache
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="networkidle")
    rows = []
    for response in responses:
        path = urlsplit(response.url).path
        if path.endswith(EXCLUDED) or response.status >= 300:
            continue
        body = response.body()
        rows.append((path, len(body), transferred(body, response.headers.get("content-type", ""))))
    context.close()
    return rows


@pytest.fixture(scope="module")
def weights(browser, base_url: str) -> dict[str, dict]:
    """Per page type: requests, raw bytes, transferred bytes, and the largest responses."""
    results = {}
    for name, path in _pages().items():
        rows = measure(browser, base_url + path)
        results[name] = {
            "path": "/" + path,
            "requests": len(rows),
            "raw": sum(r[1] for r in rows),
            "transferred": sum(r[2] for r in rows),
            "largest": sorted(rows, key=lambda r: -r[2])[:3],
        }
    return results


def _kb(n: int) -> str:
    return f"{n / 1000:.1f}"


def _table(weights: dict[str, dict]) -> str:
    lines = [
        "## Page weight",
        "",
        f"Measured {date.today().isoformat()} by `tests/test_page_weight.py` (written with "
        "`HETERO_WRITE_BENCH=1`): the sample site built with `--now " + BUILD_NOW + "`, each page "
        "loaded once in Debian's Chromium at 360×800 with an empty cache. Every response counts "
        "except `search_index.json`; *transferred* is the body gzipped at level 6 for text types "
        "(as GitHub Pages serves them) and as-is for images; headers are not counted. "
        "1 KB = 1,000 bytes.",
        "",
        f"Budget: an event page's first load at most {BUDGET_BYTES // 1000} KB transferred: "
        + ("**PASS**" if weights["event page"]["transferred"] <= BUDGET_BYTES else "**FAIL**")
        + f" ({_kb(weights['event page']['transferred'])} KB).",
        "",
        "| page type | path | requests | uncompressed KB | transferred KB | largest (transferred KB) |",
        "|---|---|---:|---:|---:|---|",
    ]
    for name, w in weights.items():
        largest = ", ".join(f"`{Path(p).name or p}` {_kb(t)}" for p, _, t in w["largest"])
        lines.append(
            f"| {name} | `{w['path']}` | {w['requests']} | {_kb(w['raw'])} | {_kb(w['transferred'])} "
            f"| {largest} |"
        )
    return "\n".join(lines)


def test_an_event_page_first_load_is_within_budget(weights: dict[str, dict]) -> None:
    event = weights["event page"]
    assert event["requests"] > 3, "the page, its styles and scripts were counted"
    assert event["transferred"] <= BUDGET_BYTES, (
        f"{event['path']} transfers {_kb(event['transferred'])} KB on a first visit, "
        f"over the {BUDGET_BYTES // 1000} KB budget; largest: {event['largest']}"
    )


def test_every_page_type_is_measured_and_recorded_on_request(weights: dict[str, dict]) -> None:
    for name, w in weights.items():
        assert w["requests"] > 3 and w["transferred"] > 10_000, name
        assert w["transferred"] < w["raw"], f"{name}: text responses are compressed"
    if os.environ.get("HETERO_WRITE_BENCH") == "1":
        sys.path.insert(0, str(REPO / "scripts"))
        from bench import DOC, update_doc

        update_doc(DOC, "weight", _table(weights))
        print(_table(weights))
