"""Site engines: render the generated pages in build/docs into a folder of HTML.

Every engine reads the same mkdocs.yml and overrides/ and has the same
signature, `run_<name>(root, folder, now, earlier=...)`; `run` picks one by
name. `earlier` is the site the build replaces, if any: files that come out
the same are linked from it (hetero/outdir.py, `write_file`).

- MkDocs with Material for MkDocs, the default.
- Zensical, Material's successor (Material reaches end of life on 2027-05-05).
  It reads mkdocs.yml and Material's templates, but refuses a docs_dir or
  site_dir outside the folder of its configuration file and has no option
  for the output folder, so it builds inside build/ and the result is moved.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Protocol

import yaml

# hetero.build imports this module too; only its attributes are used, at call
# time, so either module may be imported first.
from hetero import build
from hetero.harden import refused
from hetero.preview import configure as configure_preview
from hetero.preview import finish as finish_preview
from hetero.render import processes_for, render_site, source_date_epoch
from hetero.search import IndexFailed, index_site, indexing
from hetero.sitefile import footer_html

# Zensical's output folder, beside the pages in build/ (inside its project root).
_ZENSICAL_SITE = "zensical-site"
# Zensical colours its messages even when they go to a pipe.
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_MKDOCS_LINK = re.compile(r"Doc file '([^']+)' contains (?:a link|an unrecognized relative link) '([^']+)'")
# Zensical quotes the line with the link under the page, line and column:
#   Warning: page does not exist
#       ╭─[ tentang.md:30:10 ]
#       │
#    30 │ [Jadwal](jadwal-lama.md)
_ZENSICAL_LINK = re.compile(
    r"Warning: page does not exist\n\s*╭─\[ (?P<page>.+?):(?P<line>\d+):(?P<col>\d+) \]\n"
    r"(?:\s*│\n)?\s*(?P=line) │ (?P<text>.*)"
)
_MARKDOWN_LINK = re.compile(r"\]\(<?([^)>\s]+)")


def _site_config(root: Path) -> dict:
    """This build's mkdocs.yml with the template folder as an absolute path and the public address."""
    config = build._config(root)
    # Canonical links and the sitemap follow the address the pages and feeds use.
    config["site_url"] = build.site_url(root)
    # The footer from content/site.yml, rendered and escaped once (hetero/sitefile.py).
    config.setdefault("extra", {})["footer"] = footer_html(root)
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str(build.site_source(root, theme["custom_dir"]).resolve())
    return config


def _write_config(config: dict, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _environment(now: datetime) -> dict[str, str]:
    return {**os.environ, **source_date_epoch(now), "NO_MKDOCS_2_WARNING": "1"}


def mkdocs_config(root: Path, *, preview: bool = False) -> Path:
    """mkdocs.yml with absolute paths to this build's pages and templates, in build/.

    Running MkDocs on this copy builds any content folder, whether or not it
    has its own mkdocs.yml and overrides; the root mkdocs.yml stays the one
    people (and Zensical, run by hand) read. `preview` adds what a copy opened
    from a folder needs (hetero/preview.py), in a file of its own.
    """
    config = _site_config(root)
    config["docs_dir"] = str((root / build.STAGING_DIR).resolve())
    if preview:
        return _write_config(configure_preview(config), root / "build" / "mkdocs-preview.yml")
    return _write_config(config, root / "build" / "mkdocs.yml")


def run_mkdocs(
    root: Path, folder: Path, now: datetime, processes: int | None = None, *, earlier: Path | None = None
) -> frozenset[str]:
    """`mkdocs build --strict` on every core, each page audited and indexed before it is written.

    Return the pages so finished. hetero/render.py does the rendering; this turns
    its findings into the build's errors. `processes` is one per core unless given (tests give it).
    """
    if processes is None:
        processes = processes_for(sum(1 for _ in (root / build.STAGING_DIR).rglob("*.md")))
    try:
        rendered = render_site(
            mkdocs_config(root),
            folder,
            now,
            processes=processes,
            meanwhile=partial(indexing, site=folder, earlier=earlier),
            earlier=earlier,
        )
    except IndexFailed:
        raise  # the search index's own failure, not a page's
    except Exception as error:  # a template or configuration error, as `mkdocs build` would print it
        raise build.BuildFailed(
            [], f"MkDocs gagal membangun situs:\n{type(error).__name__}: {error}"
        ) from error
    if rendered.warnings:
        problems = build.link_problems(root, _MKDOCS_LINK.findall("\n".join(rendered.warnings)))
        listed = "\n".join(f"WARNING -  {warning}" for warning in rendered.warnings)
        raise build.BuildFailed(problems, "" if problems else f"MkDocs gagal membangun situs:\n{listed}")
    if rendered.problems:
        raise refused(rendered.problems)
    return frozenset(rendered.finished)


def run_zensical(root: Path, folder: Path, now: datetime, *, earlier: Path | None = None) -> frozenset[str]:
    docs = (root / build.STAGING_DIR).resolve()
    # The configuration sits beside the pages, so the pages and the output
    # are inside Zensical's project root; its cache (.cache) stays there too.
    work = docs.parent
    config = _site_config(root)
    config["docs_dir"] = docs.name
    config["site_dir"] = _ZENSICAL_SITE
    path = _write_config(config, work / "zensical.yml")
    site = work / _ZENSICAL_SITE
    shutil.rmtree(site, ignore_errors=True)
    result = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--strict", "--config-file", str(path)],
        cwd=work,
        capture_output=True,
        text=True,
        env=_environment(now),
    )
    if result.returncode != 0:
        raise zensical_failure(root, _ANSI.sub("", result.stdout + result.stderr))
    for item in site.iterdir():
        shutil.move(item, folder / item.name)
    site.rmdir()
    # From the finished HTML, so it indexes what Zensical printed; no page is audited yet.
    index_site(folder, now, earlier=earlier)
    return frozenset()


def zensical_links(log: str) -> list[tuple[str, str]]:
    """(page, link) for each "page does not exist" warning in Zensical's log."""
    found = []
    for warning in _ZENSICAL_LINK.finditer(log):
        column = int(warning["col"]) - 1
        links = list(_MARKDOWN_LINK.finditer(warning["text"]))
        if links:
            # The column points at the link's address; take the nearest one.
            nearest = min(links, key=lambda link: abs(link.start(1) - column))
            found.append((warning["page"], nearest[1]))
    return found


def zensical_failure(root: Path, log: str) -> build.BuildFailed:
    """What staff need from a failed Zensical build: broken links at their line, or its error."""
    messages, _, trace = log.partition("Traceback (most recent call last):")
    error = trace.strip().splitlines()[-1] if trace.strip() else ""
    if not error.endswith("Aborted because --strict flag is set"):
        # A template or configuration error. Links to the pages it stopped
        # are reported as links to missing pages, so only the error is shown.
        return build.BuildFailed([], "Zensical gagal membangun situs:\n" + (error or messages.strip()))
    links = zensical_links(messages)
    unexplained = messages.count("Warning:") > len(links)
    detail = "Zensical gagal membangun situs:\n" + messages.strip() if unexplained else ""
    return build.BuildFailed(build.link_problems(root, links), detail)


class Runner(Protocol):
    """An engine: render build/docs into `folder`, index it, return the pages it already audited."""

    def __call__(
        self, root: Path, folder: Path, now: datetime, *, earlier: Path | None = None
    ) -> frozenset[str]: ...


RUNNERS: dict[str, Runner] = {
    "mkdocs": run_mkdocs,
    "zensical": run_zensical,
}


def run(
    engine: str, root: Path, folder: Path, now: datetime, *, earlier: Path | None = None
) -> frozenset[str]:
    """Render build/docs with `engine` into `folder` and index it for search; raise BuildFailed on any error.

    Return the pages (site paths) already audited and given their policy.
    """
    return RUNNERS[engine](root, folder, now, earlier=earlier)


def run_preview(root: Path, folder: Path, now: datetime) -> None:
    """Render build/docs into a copy of the site that opens from a folder.

    MkDocs only: the offline plugin is Material's, and Zensical runs no plugins.
    No search index: a page opened from a folder cannot load it.
    """
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            str(mkdocs_config(root, preview=True)),
            "--site-dir",
            str(folder),
        ],
        cwd=root,
        capture_output=True,
        text=True,
        env=_environment(now),
    )
    if result.returncode != 0:
        problems = build.link_problems(root, _MKDOCS_LINK.findall(result.stderr))
        detail = "" if problems else "MkDocs gagal membangun situs:\n" + result.stderr + result.stdout
        raise build.BuildFailed(problems, detail)
    finish_preview(folder, build.site_url(root))
