"""The live preview's site: MkDocs kept loaded between edits, rendering only the pages that changed.

`mkdocs serve` builds the whole site after every save, about 15 s at 5,000
events. Here the configuration, the theme's Jinja environment, the plugins,
the file list, the navigation and every page's rendered Markdown stay in
memory; after an edit only the files the docs folder sync wrote or deleted
(hetero/build.py `_sync`) are read, rendered and written again.

The first update is hetero/render.py's build (MkDocs 1.6's own `build()`
step by step, with its page functions) in one process; later ones reuse its
pieces for the pages that changed, so each page comes out byte for byte as a
clean build writes it (tests/test_serve_incremental.py compares them). What
a page shows of other pages is settled by this site's shape:

- The navigation is mkdocs.yml's, with a title on every entry, and lists only
  hand-written section pages (`not_in_nav` keeps events and the like out), so
  no page's HTML depends on another page's content.
- A link to another page depends only on whether that page exists; when pages
  come or go, the pages whose Markdown names them are rendered again, and the
  sitemap and 404 page are written again.
- Anything else (mkdocs.yml, the footer in it, overrides/) loads everything
  afresh, as does the first edit after an error that stopped the rendering.
  Warnings (a link to a missing page) fail the update as `--strict` fails a
  build, but the pages are all written and the next edit stays incremental.

The theme's lunr search is off (mkdocs.yml); the Pagefind index is written
only by `hetero build`, so the preview's pages say that search shows the
published site (`SEARCH_BANNER`). The post-build HTML audit and CSP
(hetero/harden.py) do not run here either.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from mkdocs import utils
from mkdocs.commands.build import _populate_page
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

from hetero.render import (
    INCLUDED,
    LoadedSite,
    SharedConverterPage,
    build_share,
    build_theme_templates,
    gather,
    mkdocs_warnings,
    outside_navigation,
    write_pages,
)


class SiteFailed(Exception):
    """MkDocs refused the pages (a warning in strict mode, a theme template error)."""


@contextmanager
def _strict() -> Iterator[None]:
    """Fail on any warning, as `hetero build` does; MkDocs prints them as it goes."""
    with mkdocs_warnings(quiet=False) as found:
        yield
    if found:
        raise SiteFailed(f"{len(found)} peringatan")


class LiveSite:
    """The site in `site_dir`, built from the docs folder with the configuration in `config_file`."""

    def __init__(self, config_file: Path, site_dir: Path) -> None:
        self.config_file = config_file
        self.site_dir = site_dir
        self._config_text = ""
        # Set by a successful full build; None forces the next update to be one.
        self._state: LoadedSite | None = None

    def update(self, changed: set[str], *, everything: bool = False) -> int:
        """Bring the site up to date after the docs folder's `changed` paths; return the pages rendered.

        `everything` (overrides/ changed) reloads the theme and renders every page.
        """
        config_text = self.config_file.read_text(encoding="utf-8")
        state = self._state
        # Until this update has written every page: an error midway leaves a state nobody should trust.
        self._state = None
        if everything or state is None or config_text != self._config_text:
            self._config_text = config_text
            return self._full()
        return self._changed(state, changed)

    # --- Everything -------------------------------------------------------------------

    def _full(self) -> int:
        with _strict():
            utils.clean_directory(str(self.site_dir))
            site = build_share(self.config_file, self.site_dir)
            # Inside the block: warnings end it with SiteFailed, yet every page was written.
            self._state = site
        return len(site.files.documentation_pages(inclusion=INCLUDED))

    # --- What changed -----------------------------------------------------------------

    def _changed(self, state: LoadedSite, changed: set[str]) -> int:
        config, files, nav, env, _ = state
        docs = Path(config.docs_dir)
        known = {file.src_uri for file in files}
        present = {path for path in changed if (docs / path).is_file()}
        gone = {path for path in changed - present if path in known}
        new = present - known
        with _strict():
            for path in sorted(gone):
                self._remove(files.get_file_from_path(path))
            if gone or new:
                files, nav = self._regather(state, files)
            # A page that links to a page that came or went renders its link differently.
            names = {PurePosixPath(path).stem for path in gone | new if path.endswith(".md")}
            again = [
                file
                for file in files.documentation_pages(inclusion=INCLUDED)
                if file.src_uri in present or (names and _mentions(file, names))
            ]
            for file in again:
                _populate_page(file.page, config, files)
            for path in sorted(present):
                file = files.get_file_from_path(path)
                if file is not None and not file.is_documentation_page() and file.inclusion.is_included():
                    file.copy_file()
            if gone or new:
                build_theme_templates(config, env, files, nav)
            site = state._replace(files=files, nav=nav)
            write_pages(site, again)
            config.plugins.on_post_build(config=config)
            self._state = site
        return len(again)

    def _regather(self, state: LoadedSite, old: Files) -> tuple[Files, Navigation]:
        """The file list and navigation again, keeping every page outside the navigation read before."""
        pages = {file.src_uri: file.page for file in old.documentation_pages() if file.page is not None}
        config = state.config
        files, nav = gather(config, state.env)
        outside = {file.src_uri for file in outside_navigation(files, nav)}
        for file in files.documentation_pages(inclusion=INCLUDED):
            kept = pages.get(file.src_uri)
            if file.src_uri in outside and kept is not None:
                kept.file = file
                file.page = kept
                continue
            # In the navigation (a new Page object) or new: read it.
            if file.src_uri in outside:
                SharedConverterPage(file, config, state.converter)
            _populate_page(file.page, config, files)
        return files, nav

    def _remove(self, file: File | None) -> None:
        if file is None:
            return
        target = Path(file.abs_dest_path)
        target.unlink(missing_ok=True)
        # A page leaves its folder (acara/<id>/) behind; a clean build has none.
        folder = target.parent
        while folder != self.site_dir and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent

    # --- Writing ----------------------------------------------------------------------


def _mentions(file: File, names: set[str]) -> bool:
    markdown = file.page.markdown if file.page is not None else None
    return markdown is not None and any(name in markdown for name in names)


# Shown on every preview page, above the content: the preview has no search index.
SEARCH_BANNER = (
    b'<div class="hs-preview-banner" role="status" style="padding:.4rem .8rem;background:#fff3cd;'
    b'color:#5c4400;font-size:.75rem;text-align:center">'
    b"Pratinjau: pencarian belum memuat perubahan di sini; indeks pencarian dibuat ulang saat situs "
    b"dibangun dan diterbitkan.</div>"
)


class PreviewServer(LiveReloadServer):
    """MkDocs' development server, adding the preview's banner where it adds its reload script.

    Both go into the response only, so the files on disk stay those of a clean build.
    """

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)
        start = content.find(b"<body")
        body = content.find(b">", start) + 1 if start != -1 else 0
        return content[:body] + SEARCH_BANNER + content[body:]


# What a save, a new file, a deletion or a rename looks like. Not a file
# opened or closed unwritten: reading every event file, as each regeneration
# does, would otherwise start the next one.
_CHANGES = [FileModifiedEvent, FileClosedEvent, FileCreatedEvent, FileDeletedEvent, FileMovedEvent]


class _ChangeObserver(Observer):  # type: ignore[misc, valid-type]
    """The platform's observer, telling only of changes."""

    def schedule(
        self, handler: FileSystemEventHandler, path: str, *, recursive: bool = False, **_: object
    ) -> ObservedWatch:
        return super().schedule(handler, path, recursive=recursive, event_filter=_CHANGES)


def _error_page(site_dir: Path, code: int) -> bytes | None:
    page = site_dir / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None


def serve_site(
    site: LiveSite, builder: Callable[[], None], watched: list[Path], host: str, port: int, mount_path: str
) -> None:
    """Serve `site` until stopped, calling `builder` after any change below `watched`."""
    server = PreviewServer(
        builder=builder, host=host, port=port, root=str(site.site_dir), mount_path=mount_path
    )
    # As `mkdocs serve` does: a missing page gets the site's own 404 page.
    server.error_handler = lambda code: _error_page(site.site_dir, code)
    # The operating system's change notices (inotify on Linux) instead of MkDocs' polling
    # observer, which would stat every event file twice a second and notice a save
    # only at its next round.
    server.observer = _ChangeObserver()
    for path in watched:
        if path.exists():
            server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        pass  # Ctrl+C is how the preview is meant to end
    finally:
        server.shutdown()
        shutil.rmtree(site.site_dir, ignore_errors=True)
