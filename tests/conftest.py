"""Shared fixtures and helpers for the content validator tests.

Every test works on a copy of the sample content in a temporary folder, so a
test can break one file and know that any error reported comes from it: the
sample content itself validates clean at `NOW`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pytest

from hetero.diagnostics import Diagnostic
from hetero.models import WIB
from hetero.validate import validate

PROJECT = Path(__file__).resolve().parents[1]
CONTENT_FOLDERS = ("content", "programs", "events")

# The "now" every test uses unless it says otherwise: a Tuesday in late
# November 2026, with events both before and after it in the sample content.
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=WIB)
NOW_TEXT = "2026-11-24T12:00+07:00"

# Variables that change what `hetero validate` does; a test sets them itself.
_CONTROLLED_ENV = ("HETERO_NOW", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_BASE_REF")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the sample content, free to break."""
    for folder in CONTENT_FOLDERS:
        shutil.copytree(PROJECT / folder, tmp_path / folder)
    return tmp_path


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment without the variables tests control, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if k not in _CONTROLLED_ENV}
    env.update(extra or {})
    return env


def run_hetero(
    root: Path, *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m hetero --root ROOT ARGS...` as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "hetero", "--root", str(root), *args],
        capture_output=True,
        text=True,
        env=clean_env(env),
        cwd=cwd or root,
        timeout=60,
        check=False,
    )


def write(root: Path, relpath: str, text: str) -> Path:
    """Write a content file (dedented), creating its folders."""
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8", newline="")
    return path


def write_bytes(root: Path, relpath: str, data: bytes) -> Path:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def diagnostics(root: Path, now: datetime = NOW) -> list[Diagnostic]:
    """Everything `validate` reports for the content below `root`."""
    _, found = validate(root, now)
    return found


def errors(root: Path, now: datetime = NOW) -> list[Diagnostic]:
    return [d for d in diagnostics(root, now) if d.severity == "error"]


def errors_in(root: Path, relpath: str, now: datetime = NOW) -> list[Diagnostic]:
    """The errors of one file, after checking that no other file has any."""
    found = errors(root, now)
    elsewhere = [d for d in found if d.path != relpath]
    assert not elsewhere, f"unexpected errors in other files: {elsewhere}"
    return found


def diagnostic_lines(output: str, severity: str = "error") -> list[str]:
    """The `path:line:col: severity: message` lines of the command's output."""
    return [line for line in output.splitlines() if f": {severity}: " in line]


# --- The sample site in Chromium, shared by the browser test modules ---------------

BROWSER_BUILD_NOW = "2026-11-24T12:00+07:00"


@pytest.fixture(scope="session")
def browser_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample content built once at a fixed clock; the browser tests only read it."""
    from browser import build_site, require_chromium

    require_chromium()
    root = tmp_path_factory.mktemp("browser-site")
    return build_site(root, root / "site", BROWSER_BUILD_NOW)


@pytest.fixture(scope="session")
def base_url(browser_site: Path):
    from browser import serve_folder

    with serve_folder(browser_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser(browser_site: Path):
    from browser import chromium

    with chromium() as launched:
        yield launched
