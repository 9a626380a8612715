"""`hetero build --preview`: a copy of the site that works opened from a folder (file:// URLs).

Reviewers download a pull request's site as a zip, unpack it and double-click
index.html; there is no server. Three things differ from the published site:

- Material's own `offline` plugin turns off directory URLs (`acara/` becomes
  `acara/index.html`, `tentang/` becomes `tentang.html`) and inlines the search
  index into a script, since a page opened from disk may not fetch files.
- Search runs in a Web Worker, which Chromium refuses to start from a file://
  page. The plugin would load iframe-worker's shim from unpkg.com; the site
  asks no other host (and the HTML audit refuses such a script), so the same
  shim (MIT, by Material's author) is copied from hetero/vendor/ instead.
- Generated pages link to folder addresses (`../acara/x/`) in raw HTML, which
  MkDocs does not rewrite; `localize_links` points them at the file.
"""

from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

SHIM = Path(__file__).resolve().parent / "vendor" / "iframe-worker-shim.js"
# Where the shim goes in the site. The offline plugin adds unpkg's copy only
# when no polyfill URL already contains "iframe-worker".
SHIM_PATH = "assets/vendor/iframe-worker-shim.js"

# A link or resource address in a page. Attribute values are written by
# MkDocs, Material and our templates with double quotes; text in pages (code
# samples included) has its quotes escaped, so it never matches.
_ADDRESS = re.compile(r'(?P<before>\s(?:href|src)=")(?P<url>[^"]*)"')


def _plugin_name(entry: str | dict) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def configure(config: dict) -> dict:
    """`config` (a parsed mkdocs.yml) changed to build the preview."""
    # The theme's search: the only one that runs from a folder (its index is
    # inlined as a script). The published site may turn it off for one that
    # fetches its index; lunr has no Indonesian, so words are only split and trimmed.
    plugins = [p for p in config.get("plugins") or [] if _plugin_name(p) not in ("search", "offline")]
    config["plugins"] = [{"search": {"lang": "en", "pipeline": ["trimmer"]}}, *plugins, "offline"]
    # The plugin sets this too; written here so the configuration file says what the build does.
    config["use_directory_urls"] = False
    extra = config.setdefault("extra", {})
    extra["polyfills"] = [SHIM_PATH]
    return config


def served_file(target: Path) -> Path | None:
    """The file a browser shows for `target`, a file or a page's folder address."""
    if target.is_file():
        return target
    if (target / "index.html").is_file():
        return target / "index.html"
    page = target.parent / f"{target.name}.html"
    return page if page.is_file() else None


def _local_target(site: Path, site_path: str, page: Path, url: str) -> str | None:
    """`url` in `page` rewritten to reach its file from the folder, or None when it already does.

    Our templates wrote their links for the published layout, where `acara/x.md`
    is served as `acara/x/`; MkDocs rewrote only the Markdown links, for the
    layout it built. So a link that reaches a file as it stands is left alone
    (the strict build checked those), and any other is read as written for
    the published layout: relative to the page's folder address, or, for the
    root-relative links of 404.html, to the site's path.
    """
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    if parts.path.startswith("/"):
        if not parts.path.startswith(site_path):
            return None
        target = site / unquote(parts.path.removeprefix(site_path))
    else:
        if not parts.path.endswith("/") and (page.parent / unquote(parts.path)).is_file():
            return None
        address = page.parent if page.name == "index.html" else page.parent / page.stem
        target = address / unquote(parts.path)
    served = served_file(Path(os.path.normpath(target)))
    if served is None or not served.is_relative_to(site):
        return None
    path = quote(Path(os.path.relpath(served, page.parent)).as_posix())
    return urlunsplit(("", "", path, parts.query, parts.fragment))


def localize_links(site: Path, site_url: str) -> None:
    """Point every link and resource address in every page at the file it means, relative to the page."""
    site = site.resolve()
    site_path = urlsplit(site_url).path or "/"
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")

        def replace(match: re.Match[str], page: Path = page) -> str:
            target = _local_target(site, site_path, page, html.unescape(match["url"]))
            return match[0] if target is None else f'{match["before"]}{html.escape(target)}"'

        changed = _ADDRESS.sub(replace, text)
        if changed != text:
            page.write_text(changed, encoding="utf-8")


def finish(site: Path, site_url: str) -> None:
    """What the engine leaves to us: the worker shim and links that work from a folder."""
    target = site / SHIM_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SHIM, target)
    localize_links(site, site_url)
