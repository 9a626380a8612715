"""Visitor search: a Pagefind index of what the visitor sees on each page, written after the engine.

Pagefind (https://pagefind.app) is chosen over the theme's lunr search because
it stems Indonesian (Snowball), so `jual`, `jualan` and `berjualan` meet at one
root in the index and in the query alike, and because its index comes in
chunks: a phone downloads the few pieces a query needs, not the whole site's
text (docs/benchmarks.md, section search).

The pass reads only the finished HTML, like hetero/harden.py, so it indexes
exactly the words each engine printed, generated facts (speakers, tags,
program, place, dates, fee) included, and works the same for MkDocs and
Zensical. Each visitor page gives one record: the content article of an
event, program, branch, story or hand-written page, and each business of the
showcase as a record of its own. Lists and archives (which only repeat those
pages), the home page, the developer page and this search's own page are
left out. Events carry what the results need (date, state) as metadata, and
a filter that puts past events after the others.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from html.parser import HTMLParser
from pathlib import Path
from typing import IO

from hetero.outdir import ended_elsewhere, write_file
from hetero.timefmt import format_range

# Where the bundle goes inside the site; content/assets/search.js loads it from here.
BUNDLE_DIR = "pagefind"
LANGUAGE = "id"
# The theme's wrapper of each page's own content (hetero/harden.py relies on it too).
_ARTICLE_START = re.compile(r'<article class="md-content__inner[^"]*">')
_ARTICLE_END = "</article>"

# Visitor pages by site path; everything else stays out of the index.
_EVENT = re.compile(r"^acara/\d{4}-\d{2}-\d{2}-[^/]+/$")
_KINDS = (
    (_EVENT, "Acara"),
    (re.compile(r"^program/[^/]+/$"), "Program"),
    (re.compile(r"^cabang/[^/]+/$"), "Cabang"),
    (re.compile(r"^cerita/[^/]+/$"), "Cerita"),
    (re.compile(r"^(tentang|mitra|dampak)/$"), "Halaman"),
)
SHOWCASE_PATH = "etalase/"
_BUSINESS = re.compile(r'<li class="hs-card hs-business" id="([^"]+)"[^>]*>(.*?)</li>', re.DOTALL)
_CARD_TITLE = re.compile(r'<h3 class="hs-card__title">(.*?)</h3>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
# Pagefind joins the text of neighbouring cells and list items without a
# space ("WaktuSabtu"), which glues words in the index and in excerpts.
_SEPARATE = re.compile(r"(</(?:dt|dd|li|td|th)>|<br\s*/?>)")

# Parts of a page that are controls rather than content: indexing them would
# make every event match "bagikan" or "kalender".
EXCLUDED = (".hs-actions", ".hs-cta", ".hs-filters", ".headerlink")

# The registration button's state (hetero/views.py registration_button) as a
# result shows it; content/assets/search.js turns any of them into "Selesai"
# once the visitor's clock passes the event's end.
STATE_LABELS = {
    "not-yet-open": "Segera dibuka",
    "open": "Dibuka",
    "waitlist": "Daftar tunggu",
    "full": "Kuota penuh",
    "closed": "Pendaftaran ditutup",
    "finished": "Selesai",
    "cancelled": "Dibatalkan",
    "postponed": "Ditunda",
    "none": "Akan datang",
}
# Past events carry `arsip: ya`; nothing else carries the filter. Pagefind
# writes a filter's values in a random order (its hash maps are seeded per
# run), so a filter with two values would make two builds differ; with one
# value the index is byte-identical. content/assets/search.js asks once with
# and once without the filter, and puts the past events last.
PAST_FILTER = "arsip"
PAST = {PAST_FILTER: "ya"}

# Bundle files for Pagefind's ready-made interfaces, which the site does not
# use (content/assets/search.js is its own), and the language-neutral engine.
UNUSED_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
    "wasm.unknown.pagefind",
)


@dataclass(frozen=True)
class Record:
    """One search result: its address, the HTML whose text is indexed, metadata and filters."""

    url: str
    body: str
    meta: dict[str, str] = field(default_factory=dict)
    filters: dict[str, str] = field(default_factory=dict)

    def document(self) -> str:
        """The page Pagefind reads: the body to index, then metadata and filters it only stores."""
        extra = "".join(
            f'<span data-pagefind-{kind}="{name}">{html.escape(value)}</span>'
            for kind, values in (("meta", self.meta), ("filter", self.filters))
            for name, value in values.items()
        )
        body = _SEPARATE.sub(r"\1 ", self.body)
        return (
            f'<!doctype html><html lang="{LANGUAGE}"><head><meta charset="utf-8"></head>'
            f"<body><main data-pagefind-body>{body}</main>{extra}</body></html>"
        )


class _Attributes(HTMLParser):
    """The attributes of the first start tag fed to it."""

    def __init__(self, tag: str) -> None:
        super().__init__()
        self.attrs: dict[str, str] = {}
        self.feed(tag)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.attrs:
            self.attrs = {name: value or "" for name, value in attrs}


def _attributes(article: str, pattern: str) -> dict[str, str]:
    found = re.search(pattern, article)
    return _Attributes(found.group()).attrs if found else {}


def content_of(page: str) -> str | None:
    """The HTML of the page's own content, without the theme around it."""
    start = _ARTICLE_START.search(page)
    if start is None:
        return None
    # The content's own end tag is the last one before the theme's <main> closes.
    main_end = page.find("</main>", start.end())
    end = page.rfind(_ARTICLE_END, start.end(), main_end if main_end != -1 else len(page))
    if end == -1:
        return None
    return page[start.end() : end]


def event_facts(article: str, now: datetime) -> tuple[dict[str, str], dict[str, str]]:
    """Metadata and filters of an event page, from the data attributes its template writes."""
    times = _attributes(article, r'<div class="hs-event-page"[^>]*>')
    button = _attributes(article, r'<a class="[^"]*\bhs-register\b[^>]*>')
    start, end = datetime.fromisoformat(times["data-start"]), datetime.fromisoformat(times["data-end"])
    state = button.get("data-state", "none")
    meta = {
        "jenis": "Acara",
        "waktu": format_range(start, end),
        "mulai": start.isoformat(),
        "akhir": end.isoformat(),
        "status": STATE_LABELS.get(state, STATE_LABELS["none"]),
    }
    return meta, PAST if end <= now else {}


def page_url(page: str) -> str | None:
    """The address a built page (`acara/x/index.html`) is searched under, or None when it is left out."""
    if not page.endswith("index.html") or not (page == "index.html" or page.endswith("/index.html")):
        return None
    url = page.removesuffix("index.html")
    if url != SHOWCASE_PATH and not any(pattern.match(url) for pattern, _ in _KINDS):
        return None
    return url


def page_records(url: str, page: str, now: datetime) -> list[Record]:
    """The records of the page at `url` (from `page_url`), read from its HTML."""
    article = content_of(page)
    if article is None:
        return []
    if url == SHOWCASE_PATH:
        found = []
        for anchor, item in _BUSINESS.findall(article):
            # A card has no <h1>, from which Pagefind takes a title.
            title = _CARD_TITLE.search(item)
            name = html.unescape(_TAG.sub("", title.group(1))).strip() if title else anchor
            meta = {"jenis": "Etalase", "title": name, "tautan": f"/{url}#{anchor}"}
            found.append(Record(f"/{url}#{anchor}", item, meta))
        return found
    kind = next(label for pattern, label in _KINDS if pattern.match(url))
    if kind == "Acara":
        meta, filters = event_facts(article, now)
        return [Record(f"/{url}", article, meta, filters)]
    return [Record(f"/{url}", article, {"jenis": kind})]


def records(site: Path, now: datetime) -> Iterator[Record]:
    """Every record of the built site in `site`, in a stable order."""
    for path in sorted(site.rglob("index.html")):
        url = page_url(path.relative_to(site).as_posix())
        if url is not None:
            yield from page_records(url, path.read_text(encoding="utf-8"), now)


def _source_path(url: str) -> str:
    """Where a record's page is written for Pagefind, which takes the result's URL from the path.

    `acara/x/index.html` would give the address itself, but making and
    removing thousands of folders costs seconds; so `/acara/x/` is written as
    `acara/x.html`, and content/assets/search.js turns the `.html` back into
    a slash. The address could travel as metadata instead, but Pagefind
    indexes every metadata value as words: each event would match `acara`.
    A showcase business (`/etalase/#usaha-x`, `etalase/usaha-x.html`) has its
    address in the `tautan` metadata, which search.js prefers.
    """
    path, _, anchor = url.strip("/").partition("#")
    path = path.strip("/")
    return f"{path}/{anchor}.html" if anchor else f"{path}.html"


def index_site(site: Path, now: datetime, *, earlier: Path | None = None) -> int:
    """Index the built site in `site` into `site`/pagefind; return how many records it holds."""
    return index_records(list(records(site, now)), site, earlier=earlier)


# Pagefind writes one file per record from many threads into one folder; on
# this project's machines (ext4) that spent more time in the kernel than
# indexing did (at 5,000 events 4.2 s of system time against 1.3 s in memory).
# So it works in a folder in memory when there is one with room, and the
# finished bundle is copied into the site in one pass.
MEMORY_FOLDER = Path("/dev/shm")
# The scratch holds the pages and the bundle, which is about 1.4 times their size.
_SCRATCH_PER_PAGE_BYTE = 4


def _scratch_parent(page_bytes: int) -> str | None:
    """Where the scratch folder goes: memory when it has room, else the system's temporary folder (None)."""
    try:
        free = shutil.disk_usage(MEMORY_FOLDER).free
    except OSError:
        return None
    room = free >= _SCRATCH_PER_PAGE_BYTE * page_bytes and os.access(MEMORY_FOLDER, os.W_OK)
    return str(MEMORY_FOLDER) if room else None


# A scratch folder is named after the process that made it, so that the
# folders of killed builds, which would hold memory until a restart, can be
# told from those of builds still running and removed.
_SCRATCH_PREFIX = "hetero-search-"


def _tidy_scratch(parent: Path) -> None:
    """Remove the scratch folders that processes no longer running left in `parent`."""
    for path in parent.glob(f"{_SCRATCH_PREFIX}*-*"):
        pid = path.name.removeprefix(_SCRATCH_PREFIX).split("-", 1)[0]
        if pid.isdigit() and ended_elsewhere(int(pid)) and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


class IndexFailed(RuntimeError):
    """Pagefind ended with an error."""


def index_records(found: list[Record], site: Path, *, earlier: Path | None = None) -> int:
    """Write the search bundle of `found` into `site`/pagefind; return how many records it holds."""
    with indexing(found, site, earlier=earlier):
        pass
    return len(found)


@contextmanager
def indexing(found: list[Record], site: Path, *, earlier: Path | None = None) -> Iterator[None]:
    """Index `found` while the block runs; when it ends, the bundle is in `site`/pagefind.

    The records are written as small pages into a scratch folder and indexed
    by Pagefind's command line, which works in parallel: its Python API takes
    one page per message, about 0.1 s each, minutes for thousands of events.
    Pagefind keeps about one core and a half busy; the build finishes its
    pages on the rest meanwhile (hetero/render.py). If the block fails,
    Pagefind or the copy of its bundle is stopped and no bundle is left.
    Bundle files that come out as in the `earlier` site are linked from it.
    """
    bundle = (site / BUNDLE_DIR).resolve()
    shutil.rmtree(bundle, ignore_errors=True)
    if not found:
        yield  # Pagefind refuses to index nothing; a site without such pages has nothing to find
        return
    # Pagefind numbers pages in the order the folders list them, which in memory (tmpfs) is the
    # order they were made: folders and pages are made in one order, whatever order the records
    # came in (and however this process's hashing orders a set).
    documents = dict(sorted((_source_path(record.url), record.document()) for record in found))
    scratch_parent = _scratch_parent(sum(len(document) for document in documents.values()))
    _tidy_scratch(Path(scratch_parent or tempfile.gettempdir()))
    prefix = f"{_SCRATCH_PREFIX}{os.getpid()}-"
    with tempfile.TemporaryDirectory(prefix=prefix, dir=scratch_parent) as folder:
        pages, scratch_bundle = Path(folder) / "pages", Path(folder) / BUNDLE_DIR
        for kind in sorted({Path(path).parent for path in documents}):
            (pages / kind).mkdir(parents=True, exist_ok=True)
        for path, document in documents.items():
            (pages / path).write_text(document, encoding="utf-8")
        excluded = [arg for selector in EXCLUDED for arg in ("--exclude-selectors", selector)]
        command = [sys.executable, "-m", "pagefind", "--site", str(pages), "--force-language", LANGUAGE]
        command += ["--output-path", str(scratch_bundle), *excluded, "--silent"]
        stop = threading.Event()
        # What it prints goes to a file: a full pipe would stop it until the block ends.
        with tempfile.TemporaryFile() as printed, ThreadPoolExecutor(1) as background:
            indexer = subprocess.Popen(command, stdout=printed, stderr=subprocess.STDOUT)
            # Pagefind ends seconds before the block does. Copying the bundle then, beside the
            # block's work, fills a core that copying afterwards, alone, left idle for as long
            # (about 5,000 files at 5,000 events).
            copy = partial(_copy_reusing, bundle=bundle, earlier=earlier, stop=stop)
            copied = background.submit(_copy_when_indexed, indexer, printed, scratch_bundle, bundle, copy)
            try:
                yield
            except BaseException:
                stop.set()
                indexer.kill()
                wait([copied])
                shutil.rmtree(bundle, ignore_errors=True)
                raise
            copied.result()


class _Stopped(Exception):
    """The block failed while the bundle was being copied: the copy ends, and the block's error is raised."""


def _copy_when_indexed(
    indexer: subprocess.Popen, printed: IO[bytes], scratch_bundle: Path, bundle: Path, copy: Callable
) -> None:
    """Once Pagefind ends, copy its bundle into the site with `copy`, or raise what it printed."""
    if indexer.wait() != 0:
        printed.seek(0)
        text = printed.read().decode("utf-8", errors="replace")
        raise IndexFailed(f"Pagefind gagal membuat indeks pencarian:\n{text}")
    shutil.copytree(scratch_bundle, bundle, ignore=shutil.ignore_patterns(*UNUSED_FILES), copy_function=copy)


def _copy_reusing(
    source: str, target: str, *, bundle: Path, earlier: Path | None, stop: threading.Event
) -> None:
    """Copy one file of the bundle, or link the same file of the `earlier` site's bundle."""
    if stop.is_set():
        raise _Stopped
    same = earlier / BUNDLE_DIR / Path(target).relative_to(bundle) if earlier is not None else None
    write_file(Path(target), Path(source).read_bytes(), same)
