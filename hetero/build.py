"""`hetero build`: validate, generate the docs folder, run MkDocs, publish atomically.

The flow is the one MkDocs itself follows, one step after another:

    content files -> validate -> catalog -> pages and data files -> build/docs
    build/docs -> mkdocs build --strict (or Zensical) -> a fresh folder -> swapped in for site/

Nothing in `site/` changes until every step has succeeded, so a content
mistake or a template error never leaves a half-built site behind.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import yaml

from hetero import engines
from hetero.catalog import Catalog
from hetero.diagnostics import Diagnostic, has_errors
from hetero.files import CONTENT_DIR, hand_written
from hetero.harden import harden
from hetero.kinds import with_pages_in
from hetero.outdir import check_output, replace
from hetero.pages import generate
from hetero.validate import validate

# mkdocs.yml reads its pages from here; the folder is rebuilt on every build.
STAGING_DIR = "build/docs"


class BuildFailed(Exception):
    def __init__(self, diagnostics: list[Diagnostic], detail: str = "") -> None:
        super().__init__("build failed")
        self.diagnostics = diagnostics
        self.detail = detail


# The repository this package comes from. Its mkdocs.yml, templates and shared
# assets serve a content folder that has none of its own, such as a scratch copy
# holding only content/, programs/ and events/.
PROJECT = Path(__file__).resolve().parent.parent


def site_source(root: Path, name: str) -> Path:
    """`root/name` when it exists, else the project's own."""
    own = root / name
    return own if own.exists() or not (PROJECT / name).exists() else PROJECT / name


def _config(root: Path) -> dict:
    path = site_source(root, "mkdocs.yml")
    if not path.is_file():
        raise BuildFailed([], f"mkdocs.yml tidak ditemukan di {root}")
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


# The address the site is published at, set at deploy time: GitHub Pages
# decides it (user.github.io/repo/ or a custom domain), so deploy.yml passes
# actions/configure-pages' base_url here instead of anyone editing mkdocs.yml.
SITE_URL_VARIABLE = "HETERO_SITE_URL"


def site_url(root: Path) -> str:
    """The public address: HETERO_SITE_URL, else mkdocs.yml's site_url.

    Every absolute link (canonical, share previews, JSON-LD, feeds, calendars,
    sitemap, robots.txt) and the engine's own configuration take it from here.
    """
    url = os.environ.get(SITE_URL_VARIABLE) or str(
        _config(root).get("site_url") or "https://example.invalid/"
    )
    return url if url.endswith("/") else url + "/"


def _content_pages(root: Path) -> dict[str, bytes]:
    """Hand-written pages and assets from content/, data files left out.

    A folder that builds with the project's mkdocs.yml gets the project's
    own pages and assets first (the navigation names them), then its own.
    """
    folders = [root]
    if site_source(root, "mkdocs.yml").parent == PROJECT and root.resolve() != PROJECT:
        folders.insert(0, PROJECT)
    files = {}
    for folder in folders:
        content = folder / CONTENT_DIR
        for relative in hand_written(content):
            files[relative] = (content / relative).read_bytes()
    return files


def _sync(staging: Path, files: dict[str, bytes], before: dict[str, bytes] | None = None) -> set[str]:
    """Make `staging` hold exactly `files`, touching only what changed; return the paths written or deleted.

    `hetero serve` relies on this: it renders again only the pages whose
    Markdown changed. It passes `before`, the files of its previous sync, to
    compare in memory instead of reading thousands of files back.
    """
    changed = set()
    if before is not None:
        changed = _remove_stale(staging, before.keys() - files.keys())
    for path in sorted(staging.rglob("*"), reverse=True) if staging.exists() and before is None else []:
        relative = path.relative_to(staging).as_posix()
        if path.is_file() and relative not in files:
            path.unlink()
            changed.add(relative)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    for relative, data in files.items():
        target = staging / relative
        if (before.get(relative) if before is not None else _read(target)) == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        changed.add(relative)
    return changed


def _remove_stale(staging: Path, stale: set[str]) -> set[str]:
    """Delete `stale` files from `staging`, and the folders they leave empty."""
    for relative in stale:
        target = staging / relative
        target.unlink(missing_ok=True)
        folder = target.parent
        while folder != staging and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return set(stale)


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def stage(root: Path, now: datetime) -> list[Diagnostic]:
    """Validate and write the complete MkDocs docs folder; raise on content errors."""
    catalog, diagnostics = validate(root, now, cache=True)
    if has_errors(diagnostics):
        raise BuildFailed(diagnostics)
    _sync(root / STAGING_DIR, docs_files(root, catalog, now))
    return diagnostics


def docs_files(root: Path, catalog: Catalog, now: datetime) -> dict[str, bytes]:
    """Everything the docs folder holds, by path: hand-written pages and assets, then generated ones."""
    files = _content_pages(root)
    for relative, data in generate(catalog, now, root, site_url(root)).items():
        files[relative] = data.encode("utf-8") if isinstance(data, str) else data
    return files


def source_file(docs_path: str, root: Path | None = None) -> str:
    """The content file a generated page comes from: `acara/<id>.md` → `events/<year>/<id>.md`.

    With `root`, a program written as `<id>.yaml` is found as such.
    """
    folder, _, name = docs_path.rpartition("/")
    kind = with_pages_in(folder)
    record_id = name.removesuffix(".md")
    if kind is not None and name.endswith(".md") and kind.is_record_id(record_id):
        return kind.source(record_id, root)
    return f"{CONTENT_DIR}/{docs_path}"


def link_problems(root: Path, links: list[tuple[str, str]]) -> list[Diagnostic]:
    """Broken links an engine reported as (page in build/docs, link), at the file and line staff wrote."""
    found = []
    for docs_path, link in links:
        path = source_file(docs_path, root)
        line, col = 1, 1
        source = root / path
        if source.is_file():
            for number, text in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
                if f"]({link}" in text:
                    line, col = number, text.index(f"]({link}") + 3
                    break
        found.append(
            Diagnostic(
                path,
                line,
                col,
                "error",
                f"tautan `{link}` tidak menuju halaman yang ada; perbaiki alamatnya, atau tulis alamat "
                "lengkap yang diawali https://",
            )
        )
    return found


def build(
    root: Path, out: Path, now: datetime, engine: str = "mkdocs", *, preview: bool = False
) -> list[Diagnostic]:
    """Build the site into `out`; return the warnings.

    `preview` builds the copy reviewers open from a folder (hetero/preview.py), with MkDocs.

    Raise OutputRefused for an output folder a build must not replace, and
    BuildFailed for any other error; `out` is then left as it was.
    """
    check_output(root, out)  # before any work: a refused folder is a usage mistake
    diagnostics = stage(root, now)

    def render(folder: Path, earlier: Path | None) -> None:
        if preview:
            engines.run_preview(root, folder, now)
            harden(folder, policy=False)
        else:
            finished = engines.run(engine, root, folder, now, earlier=earlier)
            # Whatever wrote them, no page is published unaudited.
            harden(folder, done=finished)

    replace(root, out, render)
    return diagnostics
