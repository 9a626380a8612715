"""Shared set-up for tests that drive Debian's Chromium with Playwright.

Chromium comes from Debian (`apt-get install chromium`), never from a browser
download. Where it is missing, browser tests skip loudly on a developer's
machine and fail in CI, where `.ci/run` sets HETERO_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("HETERO_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = REPO / "test-artifacts"

# Without these, Chromium keeps trying to reach Google's hosts, which this
# network refuses; none of them changes how a page renders.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 900}


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"BROWSER TESTS NOT RUN: {CHROMIUM} is missing (apt-get install chromium)"
    if os.environ.get("HETERO_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    warnings.warn(message, stacklevel=2)
    pytest.skip(message)


def build_site(root: Path, out: Path, now: str, extra_env: dict[str, str] | None = None) -> Path:
    """Copy the repository's site sources into `root` and build them into `out`."""
    for name in ("content", "programs", "events", "overrides"):
        if not (root / name).exists():
            shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    env = {**os.environ, **(extra_env or {})}
    env.pop("HETERO_NOW", None)
    result = subprocess.run(
        [sys.executable, "-m", "hetero", "--root", str(root), "build", "--now", now, "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` on a free loopback port; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def screenshot_path(name: str) -> Path:
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}.png"


def open_page(browser, url: str, *, viewport=PHONE, visitor_time=None, init_script: str | None = None):
    """A new page at `url`; `page.foreign_requests` lists every request that left this machine.

    `visitor_time` fakes the visitor's clock (a page older than the visitor's
    day); `init_script` runs before the page's own scripts.
    """
    page = browser.new_page(viewport=viewport)
    foreign: list[str] = []

    def watch(request) -> None:
        if urlsplit(request.url).hostname not in ("127.0.0.1", None):
            foreign.append(request.url)

    page.on("request", watch)
    if visitor_time is not None:
        page.clock.install(time=visitor_time)
    if init_script is not None:
        page.add_init_script(init_script)
    page.goto(url, wait_until="load")
    page.foreign_requests = foreign
    return page
