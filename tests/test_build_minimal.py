"""A folder with only content files builds with the project's own configuration and templates."""

from __future__ import annotations

import shutil
from pathlib import Path

from sitehelpers import PROJECT, page, run_build


def test_content_without_mkdocs_yml_or_overrides_still_builds(tmp_path: Path) -> None:
    root = tmp_path / "isi"
    (root / "content").mkdir(parents=True)
    shutil.copytree(PROJECT / "content" / "branches", root / "content" / "branches")
    shutil.copy(PROJECT / "content" / "partners.yml", root / "content" / "partners.yml")
    shutil.copytree(PROJECT / "programs", root / "programs")
    shutil.copytree(PROJECT / "events", root / "events")
    result = run_build(root, root / "site")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    site = root / "site"
    assert page(site, "acara/2026-12-12-dari-hobi-jadi-usaha/").h1.get_text() == "Dari Hobi Jadi Usaha"
    assert (site / "assets" / "hetero.js").is_file()
    assert not (root / "mkdocs.yml").exists() and not (root / "overrides").exists()
