"""`hetero build` as a whole: exit codes, atomic publishing, determinism, and
the properties every page of the built site must have (no other host, event
pages kept out of the navigation, past events out of the search index).

The sample content is built once for the module; the tests that need a broken
repository copy the sample into their own folder.
"""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitehelpers import (
    build_ok,
    copy_repo,
    load_content,
    page,
    page_file,
    page_url,
    resolve,
    run_build,
    snapshot,
)

DIAGNOSTIC = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): error: \S.*$")

# Hosts that serve fonts, scripts or styles for other sites.
CDN_HOSTS = (
    "fonts.googleapis.com",
    "fonts.gstatic.com",
    "cdn.jsdelivr.net",
    "unpkg.com",
    "cdnjs.cloudflare.com",
    "ajax.googleapis.com",
    "code.jquery.com",
    "bootstrapcdn.com",
    "use.fontawesome.com",
    "kit.fontawesome.com",
    "polyfill.io",
    "googletagmanager.com",
    "google-analytics.com",
)
# `<link rel>` values that make the browser fetch the target.
FETCHING_RELS = {
    "stylesheet",
    "preload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "modulepreload",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "manifest",
    "mask-icon",
}
REMOTE = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_repo(tmp_path_factory.mktemp("repo"))


@pytest.fixture(scope="module")
def sample_build(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path_factory.mktemp("build-sample") / "site"
    return run_build(repo, out), out


@pytest.fixture(scope="module")
def site(sample_build: tuple[subprocess.CompletedProcess[str], Path]) -> Path:
    result, out = sample_build
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def content(repo: Path):
    return load_content(repo)


def html_files(site: Path) -> list[Path]:
    files = sorted(site.rglob("*.html"))
    assert files
    return files


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# --- Exit codes and atomic publishing --------------------------------------


def test_build_of_sample_content_succeeds(sample_build) -> None:
    result, out = sample_build
    assert result.returncode == 0, result.stderr
    assert (out / "index.html").is_file()
    assert "Traceback" not in result.stderr
    assert not [line for line in result.stderr.splitlines() if ": error: " in line]


def _previous_site(site: Path, tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """An output folder holding a good earlier build plus a marker file."""
    out = tmp_path / "published" / "site"
    shutil.copytree(site, out)
    (out / "MARKER.txt").write_text("earlier build\n", encoding="utf-8")
    return out, snapshot(out)


def test_content_error_fails_and_leaves_previous_site_untouched(site: Path, tmp_path: Path) -> None:
    out, before = _previous_site(site, tmp_path)
    index_before = (out / "index.html").read_bytes()
    broken = copy_repo(tmp_path / "repo")
    relpath = "events/2026/2026-12-01-acara-rusak.md"
    (broken / relpath).write_text(
        "---\n"
        "title: Acara Rusak\n"
        "format: offline\n"
        "branch: semarang\n"
        "start: 2026-12-01 09:00\n"
        "end: 2026-12-01 12:00\n"
        "kapasitas: 30\n"
        "---\n\nBerkas ini sengaja salah.\n",
        encoding="utf-8",
    )

    result = run_build(broken, out)

    assert result.returncode == 1
    diagnostics = [m for m in map(DIAGNOSTIC.match, result.stderr.splitlines()) if m]
    assert diagnostics, result.stderr
    assert relpath in {m["path"] for m in diagnostics}
    # The unknown field is on line 7 of the file, column 1.
    assert ("7", "1") in {(m["line"], m["col"]) for m in diagnostics if m["path"] == relpath}
    assert "Traceback" not in result.stderr + result.stdout
    assert (out / "MARKER.txt").read_text(encoding="utf-8") == "earlier build\n"
    assert (out / "index.html").read_bytes() == index_before
    assert snapshot(out) == before
    # No half-written folder is left next to the output.
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]


def test_broken_template_fails_and_leaves_previous_site_untouched(site: Path, tmp_path: Path) -> None:
    out, before = _previous_site(site, tmp_path)
    index_before = (out / "index.html").read_bytes()
    broken = copy_repo(tmp_path / "repo")
    main = broken / "overrides" / "main.html"
    main.write_text(
        main.read_text(encoding="utf-8").replace("{% endblock %}", "{% if page %}\n{% endblock %}", 1),
        encoding="utf-8",
    )

    result = run_build(broken, out)

    assert result.returncode == 1
    assert (out / "MARKER.txt").read_text(encoding="utf-8") == "earlier build\n"
    assert (out / "index.html").read_bytes() == index_before
    assert snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]


# --- Determinism -------------------------------------------------------------


def test_two_builds_with_the_same_now_are_identical(repo: Path, site: Path, tmp_path: Path) -> None:
    second = build_ok(repo, tmp_path / "second")
    first_files, second_files = snapshot(site), snapshot(second)
    assert sorted(first_files) == sorted(second_files)
    differing = [name for name in first_files if first_files[name] != second_files[name]]
    assert differing == []


def test_sitemap_does_not_depend_on_the_wall_clock(repo: Path, tmp_path: Path) -> None:
    today = datetime.now(UTC).date()
    fixed = "2025-06-01T12:00+07:00" if today.isoformat() != "2025-06-01" else "2025-06-02T12:00+07:00"
    out = build_ok(repo, tmp_path / "other-day", now=fixed)
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert today.isoformat() not in sitemap
    with gzip.open(out / "sitemap.xml.gz", "rb") as packed:
        assert packed.read().decode("utf-8") == sitemap
    header_mtime = int.from_bytes((out / "sitemap.xml.gz").read_bytes()[4:8], "little")
    midnight = int(datetime(today.year, today.month, today.day, tzinfo=UTC).timestamp())
    assert header_mtime != midnight


# --- No page requests another host ------------------------------------------


def test_no_page_loads_anything_from_another_host(site: Path) -> None:
    problems = []
    for path in html_files(site):
        soup = soup_of(path)
        name = path.relative_to(site).as_posix()
        for tag in soup.select("script[src]"):
            if REMOTE.match(tag["src"]):
                problems.append((name, "script", tag["src"]))
        for tag in soup.select("link[href]"):
            rels = {r.lower() for r in tag.get("rel", [])}
            if rels & FETCHING_RELS and REMOTE.match(tag["href"]):
                problems.append((name, "link " + " ".join(sorted(rels)), tag["href"]))
        for tag in soup.select("img, iframe, source, video, audio, embed, object, track, input[type=image]"):
            for attribute in ("src", "srcset", "data", "poster"):
                value = tag.get(attribute)
                if value and REMOTE.match(value):
                    problems.append((name, tag.name, value))
        for tag in soup.select("iframe"):
            problems.append((name, "iframe", tag.get("src", "")))
        for tag in soup.select("style"):
            if re.search(r"url\(\s*['\"]?(https?:)?//|@import", tag.get_text(), re.IGNORECASE):
                problems.append((name, "style", tag.get_text()[:80]))
        for tag in soup.select("[style]"):
            if re.search(r"url\(\s*['\"]?(https?:)?//", tag["style"], re.IGNORECASE):
                problems.append((name, "style attribute", tag["style"]))
    assert problems == []


def test_no_cdn_or_font_host_in_pages_styles_and_our_scripts(site: Path) -> None:
    # /admin/ is the one documented exception (docs/quality.md): the vendored
    # editor names CDN hosts and admin/guard.js names them to refuse them;
    # tests/test_admin.py shows in Chromium that no request leaves the site.
    files = [
        path
        for path in (
            *html_files(site),
            *site.rglob("*.css"),
            *(p for p in site.rglob("*.js") if not p.name.startswith("bundle.")),
        )
        if path.relative_to(site).parts[0] != "admin"
    ]
    found = []
    for path in files:
        body = path.read_text(encoding="utf-8", errors="replace").lower()
        found += [(path.relative_to(site).as_posix(), host) for host in CDN_HOSTS if host in body]
    assert found == []
    assert (site / "assets" / "hetero.js").is_file()


def test_css_imports_nothing_from_another_host(site: Path) -> None:
    stylesheets = sorted(site.rglob("*.css"))
    assert any(p.name == "hetero.css" for p in stylesheets)
    for path in stylesheets:
        css = path.read_text(encoding="utf-8", errors="replace")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css, re.IGNORECASE), path
        assert not re.search(r"@import\s+(url\()?\s*['\"]?(https?:)?//", css, re.IGNORECASE), path


# --- Links, navigation and search ------------------------------------------


def test_every_internal_link_resolves_to_a_built_file(site: Path) -> None:
    broken = []
    for path in html_files(site):
        url = page_url(site, path)
        soup = soup_of(path)
        for tag, attribute in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for element in soup.select(f"{tag}[{attribute}]"):
                target = resolve(url, element[attribute])
                if target is None or element[attribute].startswith("#"):
                    continue
                if not page_file(site, target).is_file():
                    broken.append((url, element[attribute]))
    assert broken == []


def test_event_pages_are_not_in_the_navigation(site: Path, content) -> None:
    event_paths = {e.url.rstrip("/") for e in content.events}
    assert len(event_paths) > 30
    some = [content.upcoming()[0], content.past()[0]]
    for event in some:
        soup = page(site, event.url)
        links = {resolve(event.url, a["href"]) for a in soup.select("nav.md-nav a[href]")}
        assert soup.select("nav.md-nav"), event.id
        # Links to the page's own headings are fine; links to other events are not.
        others = event_paths - {event.url.rstrip("/")}
        assert links & others == set(), event.id
    events_page = page(site, "acara/")
    listed = {resolve("acara/", a["href"]) for a in events_page.select("article a.hs-event__title")}
    assert listed  # the page itself lists the upcoming events ...
    in_nav = {resolve("acara/", a["href"]) for a in events_page.select("nav.md-nav a[href]")}
    assert in_nav & event_paths == set()  # ... but its navigation does not
