"""Every built HTML page passes the Nu Html Checker (vnu.jar from npm `vnu-jar`) with zero errors.

One JVM checks all pages of the sample site at once, plus a small page with a
known mistake, which proves the checker ran and reports errors. Messages that
are accepted are in ACCEPTED below, each with its reason; docs/quality.md lists
the same ones for people. A test fails when an accepted message no longer
occurs, so the list cannot go stale.

Needs Java 11+ (`java`) and `npm ci --prefix tests/quality`; without them the
tests skip on a developer's machine and fail where HETERO_REQUIRE_BROWSER=1 (CI).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser import REPO, build_site

VNU = REPO / "tests" / "quality" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
QUALITY_DOC = REPO / "docs" / "quality.md"
BUILD_NOW = "2026-11-24T12:00+07:00"


@dataclass(frozen=True)
class Accepted:
    """A checker message that is not counted as an error."""

    key: str  # named in docs/quality.md
    message: str  # the start of the checker's message
    extract: str  # text that must occur in the quoted markup, so nothing else slips through
    reason: str


# The one list of accepted messages; docs/quality.md explains each key.
ACCEPTED = (
    Accepted(
        key="material-toggle-autocomplete",
        message="Attribute “autocomplete” is only allowed when the input type is",
        extract='<input class="md-toggle" data-md-toggle=',
        reason=(
            "Material's base.html writes its drawer and search switches as "
            '<input type="checkbox" autocomplete="off"> outside any template block, so an '
            "override cannot change them without copying the whole base template. The "
            "attribute is deliberate (Firefox would otherwise restore an open drawer or "
            "search on Back) and harmless: browsers ignore it on checkboxes."
        ),
    ),
)

CANARY = (
    "<!doctype html><html lang=id><head><meta charset=utf-8><title>canary</title></head>"
    '<body><a rel="noopener">no href</a><img src="x.png"></body></html>'
)


def _require(path: Path, what: str) -> None:
    if path.exists() or shutil.which(str(path)):
        return
    message = f"HTML CHECK NOT RUN: {what}"
    if os.environ.get("HETERO_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    return build_site(root, root / "site", BUILD_NOW)


@pytest.fixture(scope="module")
def report(site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The checker's messages for every built page and the canary page, from one JVM."""
    _require(Path("java"), "`java` is missing (apt-get install default-jre-headless)")
    _require(VNU, f"{VNU} is missing: run `npm ci --prefix tests/quality`")
    canary = tmp_path_factory.mktemp("canary") / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50, "the sample site has pages of every type"
    result = subprocess.run(
        [
            "java",
            "-Xss4m",
            "-jar",
            str(VNU),
            "--format",
            "json",
            "--exit-zero-always",
            *map(str, pages),
            str(canary),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    messages = json.loads(result.stderr)["messages"]
    return {"site": site, "pages": pages, "canary": canary, "messages": messages}


def _where(message: dict, site: Path) -> str:
    url = message.get("url", "")
    path = url.removeprefix("file:")
    with contextlib.suppress(ValueError):
        path = str(Path(path).relative_to(site))
    return f"{path}:{message.get('lastLine', '?')}"


def _accepted(message: dict) -> Accepted | None:
    for accepted in ACCEPTED:
        if message["message"].startswith(accepted.message) and accepted.extract in message.get("extract", ""):
            return accepted
    return None


def _site_messages(report: dict) -> list[dict]:
    return [m for m in report["messages"] if not m.get("url", "").endswith(str(report["canary"]))]


def test_the_checker_runs_and_reports_errors(report: dict) -> None:
    canary = [m for m in report["messages"] if m.get("url", "").endswith(str(report["canary"]))]
    texts = [m["message"] for m in canary if m["type"] == "error"]
    assert any("“a” is missing required attribute “href”" in t for t in texts), texts
    assert any("“img” element must have an “alt” attribute" in t for t in texts), texts


def test_every_page_has_zero_html_errors(report: dict) -> None:
    problems = []
    for message in _site_messages(report):
        # "non-document-error" is the checker failing to read a page: as bad as an error.
        if message["type"] in ("error", "non-document-error") and _accepted(message) is None:
            extract = " ".join(message.get("extract", "").split())
            problems.append(f"{_where(message, report['site'])}: {message['message']}\n    {extract}")
    assert problems == [], f"{len(problems)} HTML errors:\n" + "\n".join(problems[:60])


def test_every_accepted_message_still_occurs_and_is_explained(report: dict) -> None:
    used = {a.key for m in _site_messages(report) if (a := _accepted(m)) is not None}
    assert used == {a.key for a in ACCEPTED}, "remove accepted messages that no longer occur"
    doc = QUALITY_DOC.read_text(encoding="utf-8")
    for accepted in ACCEPTED:
        assert f"`{accepted.key}`" in doc, f"docs/quality.md must explain {accepted.key}"
