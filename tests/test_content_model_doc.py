"""docs/content-model.md stays true to the models and stands on its own.

Its field tables are generated (`hetero schema`); these tests fail when they
are stale, when a model field has no row, when an example staff might copy
no longer validates, or when the document points outside the repository.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import PROJECT
from pydantic import BaseModel

from hetero.cli import main
from hetero.loader import EVENT_FILE_NAME
from hetero.modeldoc import BEGIN, DOC_PATH, END, KINDS, documented_models, field_tables, refreshed
from hetero.models import Branch, Event, Partner, Program, Showcase, SiteInfo, Story
from hetero.yamlread import read_yaml

DOC = PROJECT / DOC_PATH
TEXT = DOC.read_text(encoding="utf-8")

_EXAMPLE = re.compile(r'^```(?:yaml|markdown) title="(?P<path>[^"]+)"\n(?P<body>.*?)^```$', re.M | re.S)
EXAMPLES = {m["path"]: m["body"] for m in _EXAMPLE.finditer(TEXT)}

MODEL_BY_FOLDER: dict[str, type[BaseModel]] = {
    "content/branches/": Branch,
    "programs/": Program,
    "events/": Event,
    "content/stories/": Story,
    "content/showcase/": Showcase,
    "content/site.yml": SiteInfo,
}


def test_generated_field_tables_are_fresh():
    assert TEXT.count(BEGIN) == 1 and TEXT.count(END) == 1
    assert refreshed(TEXT) == TEXT, f"the field tables in {DOC_PATH} are stale: run `.venv/bin/hetero schema`"


def test_every_model_field_has_a_row_under_its_models_heading():
    for model, heading in documented_models().items():
        after = TEXT.split(f"# {heading}\n", 1)
        assert len(after) == 2, f"no heading `{heading}`"
        section = re.split(r"^#{2,4} ", after[1], maxsplit=1, flags=re.M)[0]
        for name in model.model_fields:
            assert f"| `{name}` |" in section, f"{model.__name__}.{name} has no row under `{heading}`"


def test_every_kind_of_file_is_documented_with_an_example():
    assert {kind.model for kind in KINDS} == {Branch, Partner, Program, Event, Story, Showcase}
    for folder in [*MODEL_BY_FOLDER, "content/partners.yml"]:
        assert any(path.startswith(folder) for path in EXAMPLES), f"no example for {folder}"


@pytest.mark.parametrize("path", sorted(EXAMPLES))
def test_each_example_validates(path: str):
    body = EXAMPLES[path]
    if path == "content/partners.yml":
        for entry in read_yaml(body).value.values():
            Partner.model_validate(entry)
        return
    model = next(m for folder, m in MODEL_BY_FOLDER.items() if path.startswith(folder))
    if path.endswith(".md"):
        front_matter, page_text = re.fullmatch(r"---\n(.*?)^---\n(.*)", body, re.M | re.S).groups()
        assert page_text.strip(), "a page, event or story needs its text below the front matter"
        body = front_matter
    data = model.model_validate(read_yaml(body).value)
    if model is Event:
        name = Path(path).name
        assert EVENT_FILE_NAME.fullmatch(name) and path.startswith(f"events/{name[:4]}/")
        assert data.start.date().isoformat() == name[:10]


def test_the_document_stands_alone():
    # The original contract lay outside the repository; a clone has nothing
    # there. (Split so that a grep for the old path finds no live reference.)
    for outside in ("../shared", "shared" + "/spec"):
        assert outside not in TEXT


def test_hetero_schema_writes_the_schemas_and_refreshes_the_tables(tmp_path: Path, capsys):
    doc = tmp_path / DOC_PATH
    doc.parent.mkdir()
    doc.write_text(f"# Kept\n\n{BEGIN}\n| stale |\n{END}\n\nKept too.\n", encoding="utf-8")

    assert main(["--root", str(tmp_path), "schema"]) == 0

    assert doc.read_text(encoding="utf-8") == f"# Kept\n\n{BEGIN}\n\n{field_tables()}\n\n{END}\n\nKept too.\n"
    assert (tmp_path / "schemas" / "event.schema.json").is_file()
    assert str(doc) in capsys.readouterr().out.splitlines()


def test_hetero_schema_without_the_document_writes_only_schemas(tmp_path: Path):
    assert main(["--root", str(tmp_path), "schema"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["schemas"]
