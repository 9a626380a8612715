"""Which files on disk may become part of the site, and under which names.

Validation refuses here what would otherwise be published silently wrong:

- a symbolic link anywhere in the content folders, which would publish a file
  from outside the repository (or a secret inside it);
- a hand-written file in `content/` that the generated site would overwrite
  or drop (`content/acara.md` next to the generated `acara/index.md`), or
  two hand-written pages served at one address;
- a file that bypasses the Markdown sanitiser: raw `.html` pages, scripts
  outside the theme's `content/assets/`, SVG images that carry script;
- ids that would replace a generated page (`programs/index.yml`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from hetero.catalog import Catalog
from hetero.diagnostics import Diagnostic
from hetero.kinds import KINDS, RESERVED_IDS
from hetero.search import BUNDLE_DIR

CONTENT_DIR = "content"
# The folders staff write in: content/ and the top folder of every kind.
SOURCE_DIRS = tuple(dict.fromkeys([CONTENT_DIR, *(kind.folder.split("/")[0] for kind in KINDS)]))

# Content files that are data, not pages: they become generated pages instead.
# content/site.yml holds the footer (hetero/sitefile.py), not a page.
DATA_ONLY = (
    *(path for kind in KINDS for path in kind.data_paths if path.startswith(CONTENT_DIR + "/")),
    f"{CONTENT_DIR}/site.yml",
)

# Site folders the generator writes whole; hand-written files may not go there:
# each kind's, the impact report's, the calendar's, the web editor's and the
# search page's (hetero/pages/search.py).
GENERATED_SECTIONS = (*(kind.section for kind in KINDS), "dampak", "kalender", "admin", "cari")
# Single files the generator (or MkDocs and its theme) write outside those sections.
GENERATED_FILES = (
    "robots.txt",
    "api/events.json",
    "api/events.schema.json",
    "sitemap.xml",
    "sitemap.xml.gz",
    "404.html",
)
# Folders written by the theme, and the search index's.
GENERATED_FOLDERS = ("search", "assets/javascripts", "assets/stylesheets", "assets/images", BUNDLE_DIR)
# `content/index.md` is not published as it is: it is the home page's introduction.
HOME_INTRO = "index.md"

# Scripts and styles belong to the theme, which code owners review.
THEME_ASSETS = "assets/"
_RAW_PAGES = (".html", ".htm", ".xhtml", ".shtml", ".xht")
_SCRIPTS = (".js", ".mjs", ".cjs", ".wasm")
_ACTIVE_SVG = re.compile(
    rb"<\s*script|<\s*foreignobject|\son[a-z]+\s*=|javascript:|(?:xlink:)?href\s*=\s*[\"']?\s*(?:https?:)?//",
    re.IGNORECASE,
)


def _error(path: str, message: str) -> Diagnostic:
    return Diagnostic(path, 1, 1, "error", message)


def _walk(root: Path, folder: str) -> Iterator[Path]:
    """Every file and link below `root/folder`, without following links."""
    top = root / folder
    if not top.is_dir() or top.is_symlink():
        return
    for current, folders, names in os.walk(top, followlinks=False):
        here = Path(current)
        folders.sort()
        for name in sorted(names) + [f for f in folders if (here / f).is_symlink()]:
            yield here / name


def symlinks(root: Path) -> list[Diagnostic]:
    found = []
    for folder in SOURCE_DIRS:
        top = root / folder
        paths = [top] if top.is_symlink() else _walk(root, folder)
        for path in paths:
            if path.is_symlink():
                found.append(
                    _error(
                        path.relative_to(root).as_posix(),
                        "tautan simbolik (symlink) tidak diizinkan di folder konten, karena bisa "
                        "menerbitkan berkas dari luar repositori; ganti dengan berkas yang sebenarnya",
                    )
                )
    return found


def _hidden(relative: str) -> bool:
    return any(part.startswith(".") for part in relative.split("/"))


def hand_written(content: Path) -> list[str]:
    """Files of `content/` published as they are (pages and assets), relative to it."""
    files = []
    for path in _walk(content.parent, content.name):
        relative = path.relative_to(content).as_posix()
        data = f"{CONTENT_DIR}/{relative}"
        if (
            path.is_file()
            and not path.is_symlink()
            and not _hidden(relative)
            and not any(data == d or data.startswith(d + "/") for d in DATA_ONLY)
        ):
            files.append(relative)
    return files


def served_at(relative: str) -> str:
    """The address a docs file is served at: `acara.md` and `acara/index.md` are both `acara/`."""
    if not relative.endswith(".md"):
        return relative
    stem = relative.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def _claimed_by_generator(relative: str) -> str | None:
    """What the generated site keeps at this hand-written file's address, if anything."""
    address = served_at(relative)
    section = address.split("/", 1)[0]
    if section in GENERATED_SECTIONS:
        return f"`{section}/`"
    if relative in GENERATED_FILES or address in GENERATED_FILES:
        return f"`{relative}`"
    for folder in GENERATED_FOLDERS:
        if address.startswith(folder + "/"):
            return f"`{folder}/`"
    return None


def _unsafe_kind(content: Path, relative: str) -> str | None:
    suffix = Path(relative).suffix.lower()
    if suffix in _RAW_PAGES:
        return (
            "halaman HTML mentah tidak diterbitkan karena tidak bisa diperiksa keamanannya; "
            "tulis halamannya sebagai berkas .md"
        )
    if suffix in _SCRIPTS and not relative.startswith(THEME_ASSETS):
        return "berkas skrip hanya boleh ada di content/assets/ (bagian tema, ditinjau pengelola)"
    if suffix == ".svg" and _ACTIVE_SVG.search((content / relative).read_bytes()):
        return (
            "gambar SVG ini berisi skrip, atribut `on…` atau tautan ke situs lain; "
            "simpan ulang sebagai PNG/JPG atau bersihkan SVG-nya"
        )
    return None


def content_files(root: Path) -> list[Diagnostic]:
    """Hand-written files that would be unsafe, overwritten, dropped or served twice."""
    content = root / CONTENT_DIR
    found = []
    first_at: dict[str, str] = {}
    for relative in hand_written(content):
        path = f"{CONTENT_DIR}/{relative}"
        unsafe = _unsafe_kind(content, relative)
        if unsafe:
            found.append(_error(path, unsafe))
            continue
        if relative == HOME_INTRO:
            continue
        claimed = _claimed_by_generator(relative)
        if claimed:
            found.append(
                _error(
                    path,
                    f"alamat berkas ini dipakai halaman buatan otomatis ({claimed}), sehingga berkas "
                    "ini akan tertimpa atau hilang; ganti nama atau pindahkan berkasnya",
                )
            )
            continue
        address = served_at(relative)
        if address in first_at:
            found.append(
                _error(
                    path,
                    f"berkas ini tampil di alamat yang sama dengan {first_at[address]}; "
                    "hapus atau ganti nama salah satunya",
                )
            )
        else:
            first_at[address] = path
    return found


def reserved_ids(catalog: Catalog) -> list[Diagnostic]:
    records = [record for kind in KINDS if kind.record_pages for record in kind.records(catalog)]
    return [
        _error(
            record.source.path,
            f"id `{record.id}` (dari nama berkas) dipakai untuk halaman daftar; ganti nama berkasnya",
        )
        for record in records
        if record.id in RESERVED_IDS
    ]


def check_files(root: Path, catalog: Catalog) -> list[Diagnostic]:
    return [*symlinks(root), *content_files(root), *reserved_ids(catalog)]
