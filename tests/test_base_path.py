"""A site published below a path (GitHub Pages' `user.github.io/repo/`) links only inside that path.

deploy.yml passes the address GitHub Pages gives (actions/configure-pages'
`base_url`) as HETERO_SITE_URL. Every absolute address that points into the
site (canonical links, share previews, JSON-LD, feeds, calendars, the sitemap,
robots.txt, share and subscribe links that carry it encoded) must start with
it, and every root-relative link must start with its path.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from sitehelpers import PROJECT, copy_repo, run_build

BASE = "https://example.org/hetero/"
# The hosts a URL into this site may have: the one given, and mkdocs.yml's, which must not leak.
PUBLIC = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
OURS = {urlsplit(BASE).hostname, urlsplit(PUBLIC).hostname}
_URL = re.compile(r"(?:https?|webcal)://[^\s\"'<>()\\]+")
# Page text, not addresses: the search index holds what pages say (content/api.md
# writes the public address in its examples).
_TEXT_ONLY = {"search/search_index.json"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("base-path-repo"))
    out = tmp_path_factory.mktemp("base-path") / "site"
    result = run_build(root, out, env={"HETERO_SITE_URL": BASE})
    assert result.returncode == 0, result.stderr
    return out


def _urls_in(text: str) -> list[str]:
    """Every absolute URL in `text`, including those carried percent-encoded inside another."""
    found = []
    while True:
        found += _URL.findall(text)
        decoded = unquote(text)
        if decoded == text:
            return found
        text = decoded


def _json_strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _json_strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _json_strings(item)]
    return []


def _addresses(site: Path) -> dict[str, list[str]]:
    """The addresses of every file, by file: HTML attributes and JSON-LD; all of a data file."""
    found: dict[str, list[str]] = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        name = path.relative_to(site).as_posix()
        if name in _TEXT_ONLY:
            continue
        if path.suffix == ".html":
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            texts = [v for tag in soup.find_all(True) for v in tag.attrs.values() if isinstance(v, str)]
            for script in soup.find_all("script", type="application/ld+json"):
                texts += _json_strings(json.loads(script.string))
        elif path.suffix == ".json":
            texts = _json_strings(json.loads(path.read_text(encoding="utf-8")))
        elif path.suffix == ".ics":
            # Lines longer than 75 octets are folded: a break followed by one space.
            texts = [path.read_text(encoding="utf-8").replace("\r\n ", "")]
        elif path.suffix in (".xml", ".txt", ".csv"):
            texts = [path.read_text(encoding="utf-8")]
        elif path.suffix == ".gz":
            texts = [gzip.decompress(path.read_bytes()).decode("utf-8")]
        else:
            continue
        found[name] = [url for text in texts for url in _urls_in(text)]
    return found


def test_every_address_into_the_site_starts_with_the_given_one(site: Path):
    addresses = _addresses(site)
    inside = {name: [u for u in urls if urlsplit(u).hostname in OURS] for name, urls in addresses.items()}
    wrong = [
        (name, url)
        for name, urls in inside.items()
        for url in urls
        if not url.removeprefix("webcal://").startswith(BASE.removeprefix("https://"))
        and not url.startswith(BASE)
    ]
    assert wrong == [], wrong[:20]
    # Each kind of output was looked at and names the site.
    for name in ("index.html", "sitemap.xml", "sitemap.xml.gz", "robots.txt", "api/events.json"):
        assert inside[name], name
    assert any(name.endswith(".ics") and urls for name, urls in inside.items())
    assert any(name.endswith(".xml") and name != "sitemap.xml" and urls for name, urls in inside.items())


def test_pages_name_themselves_with_the_given_address(site: Path):
    page = site / "acara" / "2026-12-05-foto-produk-akhir-tahun" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    expected = BASE + "acara/2026-12-05-foto-produk-akhir-tahun/"
    assert soup.find("link", rel="canonical")["href"] == expected
    assert soup.find("meta", property="og:url")["content"] == expected
    (jsonld,) = soup.find_all("script", type="application/ld+json")
    assert json.loads(jsonld.string)["url"] == expected
    assert (site / "robots.txt").read_text(encoding="utf-8").rstrip().endswith(f"Sitemap: {BASE}sitemap.xml")


def test_root_relative_links_stay_below_the_path(site: Path):
    path = urlsplit(BASE).path
    wrong = []
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(True):
            for name in ("href", "src", "action", "poster"):
                value = tag.get(name)
                root_relative = value and value.startswith("/") and not value.startswith("//")
                if root_relative and not value.startswith(path):
                    wrong.append(f"{page.relative_to(site)}: <{tag.name} {name}={value}>")
    assert wrong == [], wrong[:20]
