"""`hetero serve`: a live preview that follows edits to content and templates.

MkDocs' own server watches the generated docs folder and reloads the
browser; we watch the sources and regenerate that folder when they change.
While the content has errors, every page shows them instead (`_show_problems`).
"""

from __future__ import annotations

import html
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from jinja2 import TemplateError

from hetero.build import STAGING_DIR, BuildFailed, site_source, stage
from hetero.clock import resolve_now
from hetero.diagnostics import report, visible
from hetero.engines import mkdocs_config
from hetero.files import SOURCE_DIRS
from hetero.pages.base import TEMPLATE_DIR

POLL_SECONDS = 0.5


def watched(root: Path) -> list[Path]:
    """What the site is built from: staff's folders (one per kind in hetero/kinds.py, and
    content/), the theme overrides and mkdocs.yml the build uses, and the page templates."""
    return [
        *(root / name for name in SOURCE_DIRS),
        site_source(root, "overrides"),
        site_source(root, "mkdocs.yml"),
        TEMPLATE_DIR,
    ]


def _snapshot(root: Path) -> dict[Path, float]:
    """Modification times of every watched file; any difference means an edit."""
    found: dict[Path, float] = {}
    for path in watched(root):
        files = [path] if path.is_file() else (p for p in path.rglob("*") if p.is_file())
        for file in files:
            found[file] = file.stat().st_mtime
    return found


PROBLEM_TITLE = "Pratinjau belum dapat ditampilkan"


def _problem_page(problems: list[str]) -> str:
    """A page listing `problems`, each escaped: they quote what someone typed."""
    items = "\n".join(f"<li><code>{html.escape(visible(problem))}</code></li>" for problem in problems)
    # Raw HTML, so that Markdown reads nothing in the messages; the classes
    # are Material's own admonition, so no style of ours is needed.
    return (
        f"---\ntitle: {PROBLEM_TITLE}\n---\n\n# {PROBLEM_TITLE}\n\n"
        '<div class="admonition failure">\n'
        '<p class="admonition-title">Perbaiki masalah berikut; halaman ini kembali sendiri setelah '
        "berkasnya disimpan dengan benar.</p>\n"
        f"<ol>\n{items}\n</ol>\n</div>\n"
    )


def _show_problems(root: Path, problems: list[str]) -> None:
    """Put the list of `problems` in place of every generated page.

    Keeping the last good pages would look as if the edit had been taken.
    The next regeneration that succeeds writes every page again, and MkDocs'
    reload brings the site back in the browser.
    """
    staging = root / STAGING_DIR
    page = _problem_page(problems)
    pages = sorted(staging.rglob("*.md")) if staging.is_dir() else []
    for path in pages or [staging / "index.md"]:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text(encoding="utf-8") != page:
            path.write_text(page, encoding="utf-8")


def _regenerate(root: Path, now_option: str | None) -> None:
    try:
        report(stage(root, resolve_now(now_option)), root, stream=sys.stderr)
    except BuildFailed as failure:
        report(failure.diagnostics, root, stream=sys.stderr)
        errors = [str(d) for d in failure.diagnostics if d.severity == "error"]
        _show_problems(root, errors or [failure.detail])
        print("Pratinjau menampilkan daftar masalah sampai semuanya diperbaiki.", file=sys.stderr)
    except TemplateError as error:
        # A page template saved mid-edit must not stop the preview; it is
        # the developer's, who reads this terminal, so the pages stay.
        print(f"Templat halaman: {error}", file=sys.stderr)
        print("Pratinjau memakai versi terakhir yang valid.", file=sys.stderr)


def _stop(signum: int, frame: object) -> None:
    # Turn a polite stop (Ctrl+C is already one) into an exit that runs the
    # `finally` below, so MkDocs' server is not left running.
    raise SystemExit(0)


def serve(root: Path, now_option: str | None, dev_addr: str) -> int:
    signal.signal(signal.SIGTERM, _stop)
    _regenerate(root, now_option)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "--dev-addr",
            dev_addr,
            "--config-file",
            str(mkdocs_config(root)),
            "--watch",
            str(site_source(root, "overrides")),
        ],
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    seen = _snapshot(root)
    try:
        while server.poll() is None:
            time.sleep(POLL_SECONDS)
            current = _snapshot(root)
            if current != seen:
                seen = current
                _regenerate(root, now_option)
    finally:
        server.terminate()
        server.wait()
    return server.returncode or 0
