"""`hetero serve`: a live preview that follows edits to content and templates.

One process does it all. After a save, the content is validated and the
docs folder regenerated, reusing what each unchanged file loaded as and each
unchanged event's own checks, page, summary, calendar entry, feed item and
share image (hetero/incremental.py); the checks across files run in full. The sync
tells which files of the docs folder changed, and MkDocs, kept loaded, renders
only those pages (hetero/preview_server.py). The served pages are then those
a clean `hetero build` writes, without its Pagefind index and its HTML audit
and Content-Security-Policy (hetero/harden.py), and with MkDocs' reload
script and a banner saying search shows the published site, both added to
the response only.

While the content has errors, every page shows them instead (`_show_problems`).
"""

from __future__ import annotations

import html
import os
import signal
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import TemplateError

from hetero import build
from hetero.admin import CMS_DIR
from hetero.build import STAGING_DIR, BuildFailed, site_source
from hetero.clock import resolve_now
from hetero.diagnostics import has_errors, report, visible
from hetero.engines import mkdocs_config
from hetero.files import SOURCE_DIRS
from hetero.incremental import EventMemo, Stamp, remembering
from hetero.kinds import EVENTS
from hetero.pages.base import TEMPLATE_DIR
from hetero.render import source_date_epoch
from hetero.validate import validate

# Without --now or HETERO_NOW the preview's clock moves in these steps, so
# that the saves of one sitting reuse the unchanged events' results; each
# step makes the next save regenerate everything.
CLOCK_STEP = timedelta(minutes=10)


def watched(root: Path) -> list[Path]:
    """What the site is built from: staff's folders (one per kind in hetero/kinds.py, and
    content/), the theme overrides and mkdocs.yml the build uses, the page templates, and
    the web editor's files (hetero/admin.py), which the preview keeps between saves."""
    return [
        *(root / name for name in SOURCE_DIRS),
        site_source(root, "overrides"),
        site_source(root, "mkdocs.yml"),
        TEMPLATE_DIR,
        CMS_DIR,
    ]


def _snapshot(root: Path) -> dict[str, Stamp]:
    """The stamp of every watched file, by path; any difference means an edit.

    Plain strings and os.walk: at 5,000 events, Path objects made this a
    noticeable part of the time from a save to the preview.
    """
    found: dict[str, Stamp] = {}
    for path in watched(root):
        if path.is_file():
            found[str(path)] = _stamp(path.stat())
            continue
        for folder, _, names in os.walk(path):
            for name in names:
                file = os.path.join(folder, name)
                try:
                    found[file] = _stamp(os.stat(file))
                except FileNotFoundError:
                    continue  # deleted while we looked; the next look sees it gone
    return found


def _stamp(status: os.stat_result) -> Stamp:
    return status.st_mtime_ns, status.st_size, status.st_ino


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


def _show_problems(root: Path, problems: list[str]) -> set[str]:
    """Put the list of `problems` in place of every generated page; return the pages written.

    Keeping the last good pages would look as if the edit had been taken.
    The next regeneration that succeeds writes every page again, and the
    browser reloads with the site back.
    """
    staging = root / STAGING_DIR
    page = _problem_page(problems)
    pages = sorted(staging.rglob("*.md")) if staging.is_dir() else []
    written = set()
    for path in pages or [staging / "index.md"]:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text(encoding="utf-8") != page:
            path.write_text(page, encoding="utf-8")
            written.add(path.relative_to(staging).as_posix())
    return written


class Preview:
    """What the preview keeps between saves: files seen, the docs folder, each event's results, the site."""

    def __init__(self, root: Path, now_option: str | None) -> None:
        from hetero.preview_server import LiveSite

        # Absolute, so that the watched files' paths start with it.
        self.root = root.resolve()
        self.now_option = now_option
        self.seen: dict[str, Stamp] = {}
        self.memo = EventMemo()
        self.memo_now: datetime | None = None
        # The docs folder's files as the last sync wrote them; None while it holds something else.
        self.staged: dict[str, bytes] | None = None
        # overrides/ edited since the theme was last loaded (a page template error can put it off).
        self.theme_edited = False
        self.site = LiveSite(mkdocs_config(self.root), Path(tempfile.mkdtemp(prefix="hetero-serve-")))

    def _clock(self) -> datetime:
        now = resolve_now(self.now_option)
        if self.now_option or os.environ.get("HETERO_NOW"):
            return now
        return now - (now - datetime.min.replace(tzinfo=now.tzinfo)) % CLOCK_STEP

    def _remember(self, current: dict[str, Stamp], now: datetime) -> set[str]:
        """Take `current` as seen and return what was edited; keep each event's results
        unless something besides event files changed, or the clock."""
        edited = {path for path, stamp in current.items() if self.seen.get(path) != stamp}
        edited |= self.seen.keys() - current.keys()
        prefix = str(self.root) + os.sep
        events = str(self.root / EVENTS.folder) + os.sep
        if now != self.memo_now or not self.seen or any(not path.startswith(events) for path in edited):
            self.memo = EventMemo()
            self.memo_now = now
        else:
            self.memo.forget({_posix(path.removeprefix(prefix)) for path in edited if path not in current})
        self.seen = current
        # Of every file below the root (the loader's), not only events: the loader's
        # result for each file is kept by it too (hetero/incremental.py).
        self.memo.stamps = {
            _posix(path.removeprefix(prefix)): stamp
            for path, stamp in current.items()
            if path.startswith(prefix)
        }
        return edited

    def regenerate(self) -> None:
        """Follow whatever changed since the last call (everything, the first time)."""
        started = time.perf_counter()
        now = self._clock()
        edited = self._remember(_snapshot(self.root), now)
        overrides = str(site_source(self.root, "overrides")) + os.sep
        self.theme_edited |= any(path.startswith(overrides) for path in edited)
        # MkDocs dates the sitemap from this, as in `hetero build`.
        os.environ.update(source_date_epoch(now))
        try:
            with remembering(self.memo):
                catalog, diagnostics = validate(self.root, now, cache=True)
                if has_errors(diagnostics):
                    raise BuildFailed(diagnostics)
                files = build.docs_files(self.root, catalog, now)
            changed = build._sync(self.root / STAGING_DIR, files, self.staged)
            self.staged = files
            report(diagnostics, self.root, stream=sys.stderr)
        except BuildFailed as failure:
            report(failure.diagnostics, self.root, stream=sys.stderr)
            errors = [str(d) for d in failure.diagnostics if d.severity == "error"]
            changed = _show_problems(self.root, errors or [failure.detail])
            self.staged = None
            print("Pratinjau menampilkan daftar masalah sampai semuanya diperbaiki.", file=sys.stderr)
        except TemplateError as error:
            # A page template saved mid-edit must not stop the preview; it is
            # the developer's, who reads this terminal, so the pages stay.
            print(f"Templat halaman: {error}", file=sys.stderr)
            print("Pratinjau memakai versi terakhir yang valid.", file=sys.stderr)
            return
        self._render(changed, started)

    def _render(self, changed: set[str], started: float) -> None:
        from hetero.preview_server import SiteFailed

        mkdocs_config(self.root)  # the footer and the site address, as the build writes them
        theme, self.theme_edited = self.theme_edited, False
        try:
            pages = self.site.update(changed, everything=theme)
        except (SiteFailed, TemplateError) as error:
            print(f"MkDocs menolak halaman ({error}); lihat pesan di atas.", file=sys.stderr)
            print("Pratinjau memakai versi terakhir yang valid.", file=sys.stderr)
            return
        seconds = f"{time.perf_counter() - started:.1f}".replace(".", ",")
        print(f"Pratinjau diperbarui dalam {seconds} detik ({pages} halaman ditulis ulang).", file=sys.stderr)


def _posix(relative: str) -> str:
    """A path as the loader writes `Source.path`: with forward slashes."""
    return relative.replace(os.sep, "/")


def _stop(signum: int, frame: object) -> None:
    # Turn a polite stop (Ctrl+C is already one) into an exit that runs the
    # server's `finally`, so no thread of it is left running.
    raise SystemExit(0)


def serve(root: Path, now_option: str | None, dev_addr: str) -> int:
    from mkdocs.config.config_options import IpAddress

    from hetero.preview_server import serve_site

    signal.signal(signal.SIGTERM, _stop)
    address = IpAddress().validate(dev_addr)
    preview = Preview(root, now_option)
    preview.regenerate()
    mount_path = urlsplit(build.site_url(root)).path or "/"
    serve_site(preview.site, preview.regenerate, watched(root), address.host, address.port, mount_path)
    return 0
