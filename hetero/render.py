"""`mkdocs build --strict`, run on every core: each process renders a share of the pages.

A full build at 5,000 events spends most of its time in MkDocs rendering
pages one after another on one core, then reading every page back twice: for
the HTML audit and its Content-Security-Policy (hetero/harden.py) and for the
search index (hetero/search.py). Here the pages are split into as many shares
as there are cores; each share is rendered by its own process, and each page
is audited, given its policy and read for search records while it is still
in memory, before it is written once. Rendering comes first and writing
second, so that Pagefind can index every page's records while the pages are
audited and written (`render_site`).

This follows MkDocs 1.6's own `build()` (mkdocs/commands/build.py) step by
step and reuses its page functions, as the live preview does
(hetero/preview_server.py), so every page comes out as `mkdocs build` writes
it (tests/test_render.py compares the two, byte for byte). A page can be
rendered apart from the others because of this site's shape:

- The navigation is mkdocs.yml's, with a title on every entry, and lists only
  hand-written section pages (`not_in_nav` keeps events and the like out), so
  no page's HTML depends on another page's rendered content.
- Links are resolved against the file list, which every process gathers in
  full, not against other pages' content.

The first process (this one) does what MkDocs does once per build: plugin
events, copying the theme's files, the sitemap and 404
page. Every process reads the configuration and gathers the files itself
(about a second), because "spawn" starts clean processes: forking one that
may run threads (a test server) is unsafe.
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
import re
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import NamedTuple, NoReturn

import jinja2
import markdown
from markupsafe import Markup
from mkdocs import utils
from mkdocs.commands.build import (
    _build_extra_template,
    _build_theme_template,
    _populate_page,
    get_context,
)
from mkdocs.commands.build import log as build_log
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import BuildError
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.pages import log as page_log
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data

from hetero.harden import finish_page
from hetero.helper import SPAWN, leave_ctrl_c_to_the_caller, usable_cpus
from hetero.outdir import write_file
from hetero.search import Record, page_records, page_url

INCLUDED = InclusionLevel.is_included
# Below this many pages a second process costs more (its start-up) than it saves.
_PAGES_PER_PROCESS = 300


@dataclass
class Rendered:
    """What rendering a share of the pages gave, beside the files it wrote."""

    # Site paths of the pages audited and given their policy as they were written.
    finished: set[str] = field(default_factory=set)
    records: list[Record] = field(default_factory=list)
    # The audit's refusals, "page: problem".
    problems: list[str] = field(default_factory=list)
    # MkDocs' warnings, which fail the build as they fail `mkdocs build --strict`.
    warnings: list[str] = field(default_factory=list)

    def add(self, other: Rendered) -> None:
        self.finished |= other.finished
        self.records += other.records
        self.problems += other.problems
        self.warnings += other.warnings


class _WarningList(logging.Handler):
    def __init__(self, found: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.found = found

    def emit(self, record: logging.LogRecord) -> None:
        self.found.append(record.getMessage())


@contextmanager
def mkdocs_warnings(*, quiet: bool = True) -> Iterator[list[str]]:
    """Collect what MkDocs warns of while the block runs (what `--strict` counts).

    `quiet` keeps them from being printed too: the build reports them its own way.
    """
    found: list[str] = []
    logger = logging.getLogger("mkdocs")
    handler = _WarningList(found)
    logger.addHandler(handler)
    propagate = logger.propagate
    logger.propagate = propagate and not quiet
    try:
        yield found
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def gather(config: MkDocsConfig, env: jinja2.Environment) -> tuple[Files, Navigation]:
    """The file list and navigation, as MkDocs' build makes them."""
    files = get_files(config)
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    return files, nav


def build_theme_templates(
    config: MkDocsConfig, env: jinja2.Environment, files: Files, nav: Navigation
) -> None:
    """The theme's own pages (sitemap, 404) and mkdocs.yml's extra templates."""
    for template in config.theme.static_templates:
        _build_theme_template(template, env, files, config, nav)
    for template in config.extra_templates:
        _build_extra_template(template, files, config, nav)


class LoadedSite(NamedTuple):
    """What MkDocs keeps while it builds: configuration, file list, navigation and the theme's templates.

    And the one Markdown converter the pages outside the navigation share (`SharedConverterPage`).
    """

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: jinja2.Environment
    converter: markdown.Markdown


class Share(NamedTuple):
    """A loaded site and the pages one process renders of it."""

    site: LoadedSite
    pages: list[File]


# How hetero/pages/base.py writes a generated page's front matter: one line of JSON.
_JSON_FRONT_MATTER = re.compile(r"---\n(\{[^\n]*\})\n---\n")


def _as_yaml_reads(constant: str) -> NoReturn:
    # JSON's NaN and Infinity, and a number without a dot (1e-05), are text to YAML 1.1.
    raise ValueError(constant)


def _float(text: str) -> float:
    return float(text) if "." in text else _as_yaml_reads(text)


def front_matter(source: str) -> tuple[str, dict]:
    """A page's Markdown and front matter, as MkDocs reads them (`mkdocs.utils.meta.get_data`).

    The generated pages' front matter is JSON, which YAML reads the same way
    but for a few numbers (left to YAML here); read as JSON it costs a
    tenth (0.15 ms a page through YAML at 5,000 events). Anything else goes
    to MkDocs' own reader.
    """
    found = _JSON_FRONT_MATTER.match(source)
    if found:
        try:
            data = json.loads(found[1], parse_float=_float, parse_constant=_as_yaml_reads)
        except ValueError:
            data = None
        if isinstance(data, dict):
            return source[found.end() :].lstrip("\n"), data
    return get_data(source)


class SharedConverterPage(Page):
    """MkDocs' page, read and converted as `Page.read_source` and `Page.render` do, with one converter.

    MkDocs makes a new Markdown converter for every page, loading and
    registering every extension again: 0.2 ms a page, a second of a build at
    5,000 events. These pages share one, reset before each page, with MkDocs'
    own per-page processors registered again (by name, so each replaces the
    last page's). tests/test_render.py compares the output with `mkdocs
    build` byte for byte, and pins the MkDocs methods this repeats.
    """

    def __init__(self, file: File, config: MkDocsConfig, converter: markdown.Markdown) -> None:
        super().__init__(None, file, config)
        self._converter = converter

    def read_source(self, config: MkDocsConfig) -> None:
        source = config.plugins.on_page_read_source(page=self, config=config)
        if source is None:
            try:
                source = self.file.content_string
            except OSError:
                page_log.error(f"File not found: {self.file.src_path}")
                raise
            except ValueError:
                page_log.error(f"Encoding error reading file: {self.file.src_path}")
                raise
        self.markdown, self.meta = front_matter(source)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = self._converter
        md.reset()
        raw_html = _RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = _ExtractAnchorsTreeprocessor(self.file, files, config)
        anchors._register(md)
        relative_paths = _RelativePathTreeprocessor(self.file, files, config)
        relative_paths._register(md)
        title = _ExtractTitleTreeprocessor()
        title._register(md)
        self.content = md.convert(self.markdown)
        self.toc = get_toc(getattr(md, "toc_tokens", []))
        self._title_from_render = title.title
        self.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if page_log.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = relative_paths.links_to_anchors


def outside_navigation(files: Files, nav: Navigation) -> list[File]:
    """The included pages the navigation does not list: events, programs, branches, stories.

    MkDocs gives every page a `Page` when it builds the navigation; these
    are replaced by `SharedConverterPage`s, which nothing else refers to yet.
    """
    listed = {id(page) for page in nav.pages}
    return [file for file in files.documentation_pages(inclusion=INCLUDED) if id(file.page) not in listed]


def converter_for(config: MkDocsConfig) -> markdown.Markdown:
    """The Markdown converter MkDocs would make for each page of `config`."""
    extensions = config.markdown_extensions
    return markdown.Markdown(extensions=extensions, extension_configs=config.mdx_configs or {})


def load_share(config_file: Path | str, site_dir: Path | str, *, share: int = 0, shares: int = 1) -> Share:
    """MkDocs' build up to its pages: every `shares`-th page from `share` on, read and converted.

    Every share gathers the whole file list and navigation, and links are
    checked against it; only its own pages are read. The first share also
    does what MkDocs does once per build: the plugins' `on_pre_build`, the
    theme's files, the sitemap and 404 page.
    """
    config = load_config(config_file=str(config_file), site_dir=str(site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    if share == 0:
        config.plugins.on_pre_build(config=config)
    env = config.theme.get_env()
    files, nav = gather(config, env)
    site = LoadedSite(config, files, nav, env, converter_for(config))
    for file in outside_navigation(files, nav):
        SharedConverterPage(file, config, site.converter)
    mine = files.documentation_pages(inclusion=INCLUDED)[share::shares]
    for file in mine:
        _populate_page(file.page, config, files)
    site = site._replace(env=config.plugins.on_env(env, config=config, files=files))
    if share == 0:
        files.copy_static_files(inclusion=INCLUDED)
        build_theme_templates(config, site.env, files, nav)
    return Share(site, mine)


def build_share(config_file: Path | str, site_dir: Path | str) -> LoadedSite:
    """MkDocs' whole build in this process, as the live preview starts it."""
    site, pages = load_share(config_file, site_dir)
    write_pages(site, pages)
    site.config.plugins.on_post_build(config=site.config)
    return site


class PageFragments:
    """Parts of the theme that come out the same for every page of one folder, each rendered once.

    Material writes its whole header, navigation and configuration block into
    every page; for the thousands of event pages in acara/ they are the same
    text each time, and rendering them was a third of the templates' time.
    The templates (overrides/main.html, partials/header.html, nav.html) ask
    for a fragment only where the renderer offers this as `hetero_fragment`,
    so plain `mkdocs build` and Zensical render every page in full, and
    tests/test_render.py compares the two byte for byte.

    A fragment may depend on the page only through its relative links (and
    the depth, which the folder gives), and those come out the same for every
    page of one folder as long as none points at the page itself or below it.
    The theme's fragments link to the home page, the sections, the search
    page and the assets, all at the top of the site; so only pages in a
    sub-folder (acara/x/, program/y/) share them, and a top-level page (cari/,
    whose search box points at itself) or a page without an address (404) is
    rendered in full.
    """

    def __init__(self) -> None:
        self._rendered: dict[tuple[str, str], Markup] = {}

    def __call__(self, name: str, page: Page | None, render: Callable[[], Markup]) -> Markup:
        folder = posixpath.dirname(page.url.rstrip("/")) if page is not None else ""
        if not folder:
            return render()
        key = (name, folder)
        if key not in self._rendered:
            self._rendered[key] = render()
        return self._rendered[key]


def render_page(
    page: Page, config: MkDocsConfig, doc_files: Sequence[File], nav: Navigation, env: jinja2.Environment
) -> str:
    """The HTML MkDocs' `_build_page` writes for `page`, returned instead of written.

    A build finishes each page (audit, policy) after the search records of
    every page are taken, so that Pagefind indexes while pages are finished
    (`render_site`). Repeated from MkDocs 1.6 without `dirty` and `excluded`
    (only included pages are built here); tests/test_render.py pins the original.
    """
    config._current_page = page
    try:
        page_log.debug(f"Building page {page.file.src_uri}")
        page.active = True
        context = get_context(nav, doc_files, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        output = template.render(context)
        return config.plugins.on_post_page(output, page=page, config=config)
    except Exception as error:
        message = f"Error building page '{page.file.src_uri}':"
        if not isinstance(error, BuildError):
            message += f" {error}"
        build_log.error(message)
        raise
    finally:
        page.active = False
        config._current_page = None


def write_page(page: Page, output: str, earlier: Path | None = None) -> None:
    """Write a page's HTML as MkDocs' `_build_page` does, or link the same page of the `earlier` site."""
    if output.strip():
        same = Path(earlier, page.file.dest_path) if earlier is not None else None
        write_file(Path(page.file.abs_dest_path), output.encode("utf-8", errors="xmlcharrefreplace"), same)
    else:
        build_log.info(f"Page skipped: '{page.file.src_uri}'. Generated empty output.")


def rendered_pages(site: LoadedSite, pages: Sequence[File]) -> Iterator[tuple[Page, str]]:
    """Each of `pages`, already read, with its HTML; their anchor links are checked once all are rendered."""
    config, files, nav, env, _ = site
    # Fresh for each pass: the preview renders again after files (and their links) changed.
    env.globals["hetero_fragment"] = PageFragments()
    doc_files = files.documentation_pages(inclusion=INCLUDED)
    for file in pages:
        yield file.page, render_page(file.page, config, doc_files, nav, env)
    for file in pages:
        file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)


def write_pages(site: LoadedSite, pages: Sequence[File]) -> None:
    """Render `pages`, already read, into the site folder."""
    for page, output in rendered_pages(site, pages):
        write_page(page, output)


# The share a process has rendered and not yet written, between its two steps
# (`_render_share`, then `_finish_share`): each share has a process of its
# own, so both steps find it here.
_unfinished: tuple[int, LoadedSite, list[tuple[Page, str]]] | None = None


def _render_share(config_file: str, site_dir: str, now: datetime, share: int, shares: int) -> Rendered:
    """Render one process's share of the pages and keep it; return its search records and warnings."""
    global _unfinished
    rendered = Rendered()
    with mkdocs_warnings() as warnings:
        site, pages = load_share(config_file, site_dir, share=share, shares=shares)
        # Jinja checks a template's file for changes whenever a page includes it
        # (17 times a page); nothing changes them during a build.
        site.env.auto_reload = False
        outputs = list(rendered_pages(site, pages))
    for page, output in outputs:
        url = page_url(page.file.dest_uri)
        if url is not None:
            rendered.records += page_records(url, output, now)
    rendered.warnings = warnings
    _unfinished = share, site, outputs
    return rendered


def _finish_share(stop: threading.Event, *, earlier: Path | None) -> Rendered:
    """Audit the share `_render_share` kept, write each page's policy in, and write the pages.

    Once `stop` is set, no further page is written: the build is being interrupted.
    A page that comes out as in the `earlier` site is linked from there.
    """
    global _unfinished
    if _unfinished is None:
        raise RuntimeError("no share rendered in this process")
    share, site, outputs = _unfinished
    _unfinished = None
    rendered = Rendered()
    for page, output in outputs:
        if stop.is_set():
            return rendered
        path = page.file.dest_uri
        problems, finished = finish_page(path, output)
        rendered.problems += problems
        rendered.finished.add(path)
        write_page(page, finished, earlier)
    if share == 0:
        site.config.plugins.on_post_build(config=site.config)
    return rendered


# Pagefind's last seconds of work run on one core. Pages written at a lower
# priority leave it the cores it can use and take the rest, so the writing
# and the index end together instead of Pagefind running alone afterwards
# (docs/benchmarks.md, session 8). Added to the build's own niceness.
_WRITING_NICENESS = 10


def _behind_indexer(step: Callable[[threading.Event], Rendered]) -> Rendered:
    """`step(stop)` run in a thread of its own at a lower priority, which Linux sets per thread.

    Ctrl+C reaches this thread, not the step's: `stop` is then set, so that
    the step writes no further page, and the interrupt goes on once it ends.
    """
    stop = threading.Event()
    outcome: list[Rendered | BaseException] = []

    def lowered() -> None:
        # A sandbox that forbids it builds the same site, a little slower.
        if sys.platform == "linux":
            thread_id = threading.get_native_id()
            with suppress(OSError):
                niceness = os.getpriority(os.PRIO_PROCESS, thread_id) + _WRITING_NICENESS
                os.setpriority(os.PRIO_PROCESS, thread_id, niceness)
        try:
            outcome.append(step(stop))
        except BaseException as error:  # handed to the waiting thread, which raises it
            outcome.append(error)

    writing = threading.Thread(target=lowered, name="hetero-writing")
    try:
        writing.start()
        writing.join()
    except BaseException:
        stop.set()
        # An interrupt inside `start` can leave a thread that has not yet said it runs: it then
        # finds `stop` set before its first page, and there is nothing to wait for.
        with suppress(RuntimeError):
            writing.join()
        raise
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


def source_date_epoch(now: datetime) -> dict[str, str]:
    """The environment that dates a build at `now`.

    MkDocs (the sitemap) and Zensical use the wall clock unless
    SOURCE_DATE_EPOCH is set; tying it to --now keeps builds byte-for-byte
    reproducible.
    """
    return {"SOURCE_DATE_EPOCH": str(int(now.timestamp()))}


@contextmanager
def _build_clock(now: datetime) -> Iterator[None]:
    """This process's environment dated at `now` (`source_date_epoch`) while the block runs."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ.update(source_date_epoch(now))
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def processes_for(pages: int) -> int:
    """How many processes are worth starting for about `pages` pages: one per core, each with enough to do."""
    return max(1, min(usable_cpus(), pages // _PAGES_PER_PROCESS))


def render_site(
    config_file: Path,
    site_dir: Path,
    now: datetime,
    *,
    processes: int,
    meanwhile: Callable[[list[Record]], AbstractContextManager[object]] = lambda records: nullcontext(),
    earlier: Path | None = None,
) -> Rendered:
    """Build the site of `config_file` into `site_dir` with `processes` processes, finishing each page.

    In two steps: every process renders its share and keeps it; once all the
    search records are in, `meanwhile(records)` is entered (the build starts
    Pagefind there) and the pages are audited and written while it runs.
    Pagefind keeps one core and a half busy, so the step after it used to
    leave the other half idle. A site with warnings fails, and is not indexed.
    Pages that come out as in the `earlier` site are linked from it.
    """
    arguments = (str(config_file), str(site_dir), now)
    rendered = Rendered()
    # Before any process writes into it.
    utils.clean_directory(str(site_dir))
    with _build_clock(now), ExitStack() as running:
        # The others start first (clean processes take about a second), then this one renders its share.
        # On any error or interrupt here they are stopped: nothing may write into the folder after that.
        pools = []
        for _ in range(1, processes):
            # A pool of one for each share: both of its steps run in the process that kept it.
            pool = SPAWN.Pool(1, initializer=leave_ctrl_c_to_the_caller)
            running.callback(pool.join)
            running.callback(pool.terminate)
            pools.append(pool)
        others = [
            pool.apply_async(_render_share, (*arguments, share, processes))
            for share, pool in enumerate(pools, start=1)
        ]
        rendered.add(_render_share(*arguments, 0, processes))
        for other in others:
            rendered.add(other.get())
        finish = partial(_finish_share, earlier=earlier)
        finishing = [pool.apply_async(_behind_indexer, (finish,)) for pool in pools]
        with nullcontext() if rendered.warnings else meanwhile(rendered.records):
            rendered.add(_behind_indexer(finish))
            for other in finishing:
                rendered.add(other.get())
        for pool in pools:
            pool.close()
    return rendered
