"""The build renders pages in several processes (hetero/render.py) and gets what `mkdocs build` gets.

The reference is MkDocs' own command line on the same docs folder, followed
by the search index and the HTML audit read back from its files, which is how
the site was built before the rendering was split. Every file of the two
sites must be equal, byte for byte, whether one process renders or three.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import posixpath
import signal
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup
from mkdocs.commands import build as mkdocs_build
from mkdocs.structure.pages import Page
from mkdocs.utils import meta
from sitehelpers import NOW, copy_repo, snapshot

from hetero import build, engines, render
from hetero.harden import harden
from hetero.pages.base import front_matter_text
from hetero.search import Record, index_site, records

# With the sample's pages, each of three processes renders a few dozen.
EXTRA_EVENTS = 40


def _event(number: int, link: str = "../tentang.md") -> tuple[str, str]:
    """An online event in February 2027, its path below events/ and its text, linking to `link`."""
    day = 1 + number % 28
    text = (
        "---\n"
        f"title: Kelas Sore Nomor {number}\n"
        "program: kelas-startup-3-hari\n"
        "format: online\n"
        f"start: 2027-02-{day:02d} {9 + number % 8:02d}:00\n"
        f"end: 2027-02-{day:02d} {10 + number % 8:02d}:30\n"
        "online:\n  platform: Zoom\n"
        "registration:\n  url: https://forms.example.org/daftar\n"
        "---\n\n"
        f"Kelas sore ke-{number}: latihan bersama, lihat [jadwal]({link}).\n"
    )
    return f"2027/2027-02-{day:02d}-kelas-sore-{number}.md", text


def _repo(folder: Path, events: list[tuple[str, str]]) -> Path:
    root = copy_repo(folder)
    for path, text in events:
        (root / "events" / path).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _repo(tmp_path_factory.mktemp("render"), [_event(number) for number in range(EXTRA_EVENTS)])
    # A hand-written page outside the navigation, titled by its heading alone.
    note = "# Catatan Rapat Bulanan\n\nIsi catatan.\n"
    (root / "content" / "catatan.md").write_text(note, encoding="utf-8")
    build.stage(root, NOW)
    return root


@pytest.fixture(scope="module")
def reference(staged: Path) -> dict[str, bytes]:
    """The site as `mkdocs build --strict`, then the search index and the audit, make it."""
    site = staged / "reference"
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(NOW.timestamp())), "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(engines.mkdocs_config(staged))]
    subprocess.run([*command, "-d", str(site)], cwd=staged, env=env, check=True, capture_output=True)
    index_site(site, NOW)
    harden(site)
    return snapshot(site)


@pytest.mark.parametrize("processes", [1, 2, 3])
def test_split_rendering_writes_what_mkdocs_writes(
    staged: Path, reference: dict[str, bytes], tmp_path: Path, processes: int
) -> None:
    site = tmp_path / "site"
    # As hetero build does: the pages MkDocs did not render (404, web editor) are audited after.
    harden(site, done=engines.run_mkdocs(staged, site, NOW, processes=processes))
    built = snapshot(site)
    assert sorted(built) == sorted(reference)
    differing = [path for path in sorted(built) if built[path] != reference[path]]
    assert differing == []
    # The pages really were finished: each carries its policy, and search finds the extra events.
    assert b'http-equiv="Content-Security-Policy"' in built["acara/2027-02-01-kelas-sore-0/index.html"]
    assert any(path.startswith("pagefind/fragment/") for path in built)
    assert b"<title>Catatan Rapat Bulanan" in built["catatan/index.html"]


@pytest.mark.parametrize("processes", [1, 2])
def test_search_indexes_while_the_pages_are_finished_and_finds_what_they_show(
    staged: Path, tmp_path: Path, processes: int
) -> None:
    site = tmp_path / "site"
    seen = {}

    @contextmanager
    def meanwhile(found: list[Record]) -> Iterator[None]:
        seen["records"] = found
        seen["pages before"] = sorted(site.glob("acara/*/index.html"))
        yield
        seen["pages after"] = sorted(site.glob("acara/*/index.html"))

    rendered = render.render_site(
        engines.mkdocs_config(staged), site, NOW, processes=processes, meanwhile=meanwhile
    )
    # Indexing starts before any page is written, and every page is written before it ends.
    assert seen["pages before"] == []
    assert len(seen["pages after"]) > EXTRA_EVENTS
    assert rendered.problems == [] and rendered.warnings == []
    # What was indexed is what the finished pages show.
    by_url = sorted(seen["records"], key=lambda record: record.url)
    assert by_url == sorted(records(site, NOW), key=lambda record: record.url)


@pytest.mark.skipif(sys.platform != "linux", reason="only Linux gives a thread a priority of its own")
def test_pages_are_written_behind_the_search_index_and_the_build_keeps_its_priority(
    staged: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def priority() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    before = priority()
    writing = set()
    write_page = render.write_page

    def spy(page: Page, output: str, earlier: Path | None) -> None:
        writing.add(priority())
        write_page(page, output, earlier)

    monkeypatch.setattr(render, "write_page", spy)
    render.render_site(engines.mkdocs_config(staged), tmp_path / "site", NOW, processes=1)
    # Pagefind, which runs meanwhile at the build's priority, comes first; the build itself keeps its own.
    assert writing and all(lowered > before for lowered in writing)
    assert priority() == before


def test_ctrl_c_while_pages_are_written_stops_the_writing_at_once() -> None:
    seen = {}

    def writing(stop: threading.Event) -> render.Rendered:
        os.kill(os.getpid(), signal.SIGINT)  # as Ctrl+C does, while the pages are being written
        seen["told to stop"] = stop.wait(timeout=60)
        return render.Rendered()

    with pytest.raises(KeyboardInterrupt):
        render._behind_indexer(writing)
    assert seen["told to stop"] is True


def test_a_failure_while_pages_are_written_reaches_the_build() -> None:
    def writing(stop: threading.Event) -> render.Rendered:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        render._behind_indexer(writing)


def test_broken_link_in_a_page_of_another_process_names_its_file_and_line(tmp_path: Path) -> None:
    events = [_event(number) for number in range(6) if number != 2] + [_event(2, link="hilang.md")]
    root = _repo(tmp_path / "repo", events)
    build.stage(root, NOW)
    with pytest.raises(build.BuildFailed) as failure:
        engines.run_mkdocs(root, tmp_path / "site", NOW, processes=3)
    found = [(d.path, d.line) for d in failure.value.diagnostics]
    assert found == [("events/2027/2027-02-03-kelas-sore-2.md", 13)]
    # A site that fails is not indexed.
    assert not (tmp_path / "site" / "pagefind").exists()
    assert "hilang.md" in failure.value.diagnostics[0].message


def test_a_template_that_adds_a_handler_fails_the_build_whichever_process_renders_it(tmp_path: Path) -> None:
    root = _repo(tmp_path / "repo", [_event(number) for number in range(6)])
    (root / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}'
        '{% block extrahead %}<meta name="x" content="y" onclick="z()">{% endblock %}',
        encoding="utf-8",
    )
    build.stage(root, NOW)
    with pytest.raises(build.BuildFailed) as failure:
        engines.run_mkdocs(root, tmp_path / "site", NOW, processes=2)
    assert "atribut `onclick` pada <meta>" in failure.value.detail
    # Pages of both processes are refused: more than the message lists.
    assert "masalah lain" in failure.value.detail


def test_event_pages_share_the_theme_parts_that_are_the_same_for_all_of_them(
    staged: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Rendering the header, navigation and configuration once per folder is what keeps
    # thousands of event pages cheap; the byte-for-byte test above proves it changes nothing.
    made: Counter[tuple[str, str]] = Counter()
    asked: Counter[tuple[str, str]] = Counter()

    class Counting(render.PageFragments):
        def __call__(self, name: str, page: Page | None, fill: Callable[[], Markup]) -> Markup:
            folder = posixpath.dirname(page.url.rstrip("/")) if page is not None else ""
            asked[name, folder] += 1

            def counted() -> Markup:
                made[name, folder] += 1
                return fill()

            return super().__call__(name, page, counted)

    monkeypatch.setattr(render, "PageFragments", Counting)
    engines.run_mkdocs(staged, tmp_path / "site", NOW, processes=1)
    # The events, and the archive of past ones.
    pages = sum(1 for page in (tmp_path / "site" / "acara").glob("*/index.html"))
    assert pages > EXTRA_EVENTS
    for name in ("header-start", "header-end", "nav", "config"):
        assert asked[name, "acara"] == pages
        assert made[name, "acara"] == 1
        # A top-level page's links may point at itself (the search page's form): each is rendered.
        assert made[name, ""] == asked[name, ""] > 0


# SHA-256 of the MkDocs code render.SharedConverterPage, render.front_matter and render.render_page
# repeat, as of mkdocs 1.6.1 (requirements.lock). When MkDocs changes one, carry the change over,
# then update this.
REPEATED_FROM_MKDOCS = {
    "Page.read_source": "b35101eabf605b0872d4374fec6d9e27f0bffbf85f2be4328828ffe5a7b6ba6d",
    "Page.render": "320529348f7a8af152073d0a3ab02960ccce91f9204716144e51b20931983cc6",
    "get_data": "3cd0a7a5f861a6dfb73e634f1d660488f03f7af0c76861e47cb7fb74fc9de3bd",
    "_build_page": "adcdbd14b236112697cafec9171bd281981f15a776e0d2f941a62e7bffd9a0d5",
}


def test_the_mkdocs_code_the_renderer_repeats_is_unchanged() -> None:
    functions = (Page.read_source, Page.render, meta.get_data, mkdocs_build._build_page)
    changed = [
        function.__qualname__
        for function in functions
        if hashlib.sha256(inspect.getsource(function).encode()).hexdigest()
        != REPEATED_FROM_MKDOCS[function.__qualname__]
    ]
    assert changed == [], f"MkDocs' {', '.join(changed)} changed: carry the change into hetero/render.py"


def test_front_matter_is_read_as_mkdocs_reads_it(staged: Path) -> None:
    pages = sorted((staged / build.STAGING_DIR).rglob("*.md"))
    assert len(pages) > EXTRA_EVENTS
    for page in pages:
        source = page.read_text(encoding="utf-8")
        assert render.front_matter(source) == meta.get_data(source), page


@pytest.mark.parametrize(
    "source",
    [
        '---\n{"title": "Kelas", "nomor": 3, "harga": 1.5, "ada": true, "kosong": null}\n---\n\n# Isi\n',
        '---\n{"title": "Kelas"}\n---\nIsi tanpa baris kosong\n',
        '---\n["bukan", "pemetaan"]\n---\n\nIsi\n',
        '---\n{"title": "Kelas", rusak}\n---\n\nIsi\n',
        "---\ntitle: Kelas\nprogram: foto\n---\n\nIsi\n",
        '---\n{"title": "Kelas"}\n...\n\nIsi\n',
        "Tanpa front matter\n",
        '---\n{"title": "Kelas"}\n---',
    ],
)
def test_front_matter_of_any_shape_is_read_as_mkdocs_reads_it(source: str) -> None:
    assert render.front_matter(source) == meta.get_data(source)


def test_pages_outside_the_navigation_share_one_markdown_converter(
    staged: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A converter for every page was a second of a build at 5,000 events.
    made = Counter[str]()
    original = markdown.Markdown.__init__

    def counted(self: markdown.Markdown, *args: object, **kwargs: object) -> None:
        made["converters"] += 1
        original(self, *args, **kwargs)

    monkeypatch.setattr(markdown.Markdown, "__init__", counted)
    engines.run_mkdocs(staged, tmp_path / "site", NOW, processes=1)
    pages = sum(1 for _ in (tmp_path / "site").rglob("index.html"))
    in_navigation = 9  # mkdocs.yml's nav
    assert pages > EXTRA_EVENTS + in_navigation
    # One per navigation page, one MkDocs makes to check mkdocs.yml's extensions, and the shared one.
    assert made["converters"] == in_navigation + 2


_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_TEXT, _VALUES, max_size=6), st.text(max_size=40))
def test_any_front_matter_a_generated_page_can_carry_is_read_as_mkdocs_reads_it(
    written: dict, body: str
) -> None:
    source = f"---\n{front_matter_text(written)}\n---\n\n{body}"
    assert render.front_matter(source) == meta.get_data(source)


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e-05", "1e+16", "2.5e+20", "-0.0"])
def test_numbers_yaml_reads_differently_from_json_are_read_as_yaml_reads_them(number: str) -> None:
    source = f'---\n{{"angka": {number}}}\n---\n\nIsi\n'
    assert repr(render.front_matter(source)) == repr(meta.get_data(source))


def test_a_link_reference_one_page_defines_does_not_reach_the_next_page(tmp_path: Path) -> None:
    # The shared converter is reset between pages: a reference is the page's own, as in `mkdocs build`.
    defines, defining_text = _event(1)
    uses, using_text = _event(2)
    defining_text += "\nLihat [jadwal lengkap][jadwal].\n\n[jadwal]: https://example.org/jadwal\n"
    using_text += "\nTanpa alamat: [jadwal lengkap][jadwal].\n"
    root = _repo(tmp_path / "repo", [(defines, defining_text), (uses, using_text)])
    build.stage(root, NOW)
    site = tmp_path / "site"
    engines.run_mkdocs(root, site, NOW, processes=1)
    defining = (site / "acara" / "2027-02-02-kelas-sore-1" / "index.html").read_text(encoding="utf-8")
    using = (site / "acara" / "2027-02-03-kelas-sore-2" / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org/jadwal">jadwal lengkap</a>' in defining
    assert "https://example.org/jadwal" not in using
    assert "Tanpa alamat: [jadwal lengkap][jadwal]." in using
