"""README.md's layout names every module of the package, so it stays true as modules come and go."""

from __future__ import annotations

import re

from conftest import PROJECT

PACKAGE = PROJECT / "hetero"


def _layout() -> str:
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Layout\n(.*?)^## ", text, re.DOTALL | re.MULTILINE)
    assert match, "README.md has no `## Layout` section"
    return match.group(1)


def test_every_module_is_named_in_the_readme_layout() -> None:
    layout = _layout()
    modules = sorted(
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        # The package's own marker says nothing; `pages/__init__.py` does the assembling.
        if path != PACKAGE / "__init__.py" and "vendor" not in path.parts
    )
    missing = [
        module
        for module in modules
        if f"`{module}`" not in layout and f"`{module.rpartition('/')[2]}`" not in layout
    ]
    assert not missing, f"name these in README.md's Layout, with their job: {missing}"


def test_every_module_the_readme_layout_names_exists() -> None:
    named = re.findall(r"^\| `([\w/]+\.py)` \|", _layout(), re.MULTILINE)
    assert named
    assert [name for name in named if not (PACKAGE / name).is_file()] == []
