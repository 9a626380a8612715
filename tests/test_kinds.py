"""One table of content kinds, read alike everywhere; one writer of event files.

`hetero/kinds.py` describes each kind once. These tests fail when the loader
reads a kind the table does not know, when the loader, the file rules, the
page-to-file link or the editor schemas disagree about where a kind's files
live and how they may end, or when a generated page sits elsewhere than the
table says. The writer (`hetero/eventfile.py`) must give back, through
hetero's own reader, exactly the text it was handed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any, get_args, get_type_hints

import pytest
from conftest import NOW, PROJECT
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter, ValidationError

from hetero.build import source_file
from hetero.catalog import Catalog
from hetero.cli import _parser
from hetero.eventfile import event_text, quoted, yaml_text
from hetero.files import DATA_ONLY, GENERATED_SECTIONS, SOURCE_DIRS, content_files, hand_written
from hetero.kinds import EVENTS, KINDS, Kind
from hetero.loader import load
from hetero.models import Event, Title
from hetero.pages import generate
from hetero.pages.base import url_of
from hetero.scaffold import WRITERS
from hetero.schema import schemas
from hetero.validate import validate
from hetero.yamlread import read_yaml

SAMPLE, SAMPLE_DIAGNOSTICS = load(PROJECT)


def _models_in(annotation: Any) -> set[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {annotation}
    return {model for arg in get_args(annotation) for model in _models_in(arg)}


# --- The table covers what the loader reads ----------------------------------------


def test_the_table_names_every_kind_of_record_the_catalog_holds():
    hints = get_type_hints(Catalog)
    assert set(hints) - {"drafts"} == {kind.name for kind in KINDS}
    for kind in KINDS:
        assert _models_in(hints[kind.name]) == {kind.model}, kind.name
    assert len({kind.model for kind in KINDS}) == len(KINDS)


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_the_loader_reads_every_kind_of_the_sample_into_its_model(kind: Kind):
    assert not [d for d in SAMPLE_DIAGNOSTICS if d.severity == "error"]
    records = kind.records(SAMPLE)
    assert records, f"the sample has no {kind.name}"
    assert all(isinstance(record.data, kind.model) for record in records)
    if kind.single_file is None:
        assert {record.source.path for record in records} == {
            kind.source(record.id, PROJECT) for record in records
        }


# --- Folder and ending rules, applied alike -------------------------------------------


def _one_file(kind: Kind, suffix: str, root: Path) -> tuple[str, str]:
    """Copy one sample record of `kind` into `root` with the ending `suffix`: its id and path."""
    record = kind.records(SAMPLE)[0]
    if kind.single_file is not None:
        relative = f"{kind.folder}/{kind.single_file}{suffix}"
    else:
        relative = kind.new_file(record.id).removesuffix(kind.suffixes[0]) + suffix
    (root / relative).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT / record.source.path, root / relative)
    return record.id, relative


CASES = [(kind, suffix) for kind in KINDS for suffix in kind.suffixes]


@pytest.mark.parametrize(("kind", "suffix"), CASES, ids=[f"{k.name}{s}" for k, s in CASES])
def test_each_accepted_ending_is_read_kept_out_of_the_pages_and_traced_back(
    tmp_path: Path, kind: Kind, suffix: str
):
    record_id, relative = _one_file(kind, suffix, tmp_path)

    catalog, found = load(tmp_path)

    assert [d for d in found if d.severity == "error"] == []
    assert [(r.id, r.source.path) for r in kind.records(catalog) if r.id == record_id] == [
        (record_id, relative)
    ]
    # files.py: staff may write there, and a data file is never published as it is.
    assert relative.split("/")[0] in SOURCE_DIRS
    if relative.startswith("content/"):
        assert relative.removeprefix("content/") not in hand_written(tmp_path / "content")
        assert any(relative == d or relative.startswith(d + "/") for d in DATA_ONLY)
    # build.py: a broken link on the record's page points at this very file.
    if kind.record_pages:
        assert source_file(f"{kind.section}/{record_id}.md", tmp_path) == relative


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_an_ending_no_kind_accepts_is_not_read_as_that_kind(tmp_path: Path, kind: Kind):
    record_id, relative = _one_file(kind, kind.suffixes[0], tmp_path)
    (tmp_path / relative).rename(tmp_path / f"{relative}.txt")
    catalog, _ = load(tmp_path)
    assert record_id not in {record.id for record in kind.records(catalog)}


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_the_editor_schema_names_the_kinds_file(kind: Kind):
    schema = schemas()[kind.schema_file]
    assert schema["title"] == kind.schema_title
    assert kind.folder in kind.schema_title and kind.schema_title.endswith(f"{kind.suffixes[0]})")


def test_vscode_applies_each_yaml_kinds_schema_to_its_files():
    settings_file = json.loads((PROJECT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings_file["yaml.schemas"] == {
        f"./schemas/{kind.schema_file}": kind.pattern.replace("<id>", "*")
        for kind in KINDS
        if not kind.front_matter
    }


def test_every_kind_publishes_its_pages_where_the_table_says():
    pages = generate(SAMPLE, NOW, PROJECT, "https://heterospace.example/")
    for kind in KINDS:
        assert kind.section in GENERATED_SECTIONS
        assert f"{kind.section}/index.md" in pages, kind.name
        own = {f"{kind.section}/{record.id}.md" for record in kind.records(SAMPLE)}
        assert own <= set(pages) if kind.record_pages else not own & set(pages), kind.name


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_a_kinds_addresses_are_in_its_section_and_each_page_is_served_at_its_url(kind: Kind):
    # Every writer builds its links and files with these, so a section is renamed in one place.
    assert kind.page_url() == f"{kind.section}/" == url_of(kind.page_file())
    assert kind.page_url("a-b") == f"{kind.section}/a-b/" == url_of(kind.page_file("a-b"))
    assert kind.site_path("a-b.ics") == f"{kind.section}/a-b.ics"


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_a_hand_written_page_in_a_kinds_section_is_refused(tmp_path: Path, kind: Kind):
    page = tmp_path / "content" / kind.section / "halaman.md"
    page.parent.mkdir(parents=True)
    page.write_text("# Halaman\n", encoding="utf-8")
    assert [d.path for d in content_files(tmp_path)] == [f"content/{kind.section}/halaman.md"]


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices


def test_hetero_new_offers_exactly_the_kinds_with_a_scaffold():
    words = {kind.scaffold for kind in KINDS if kind.scaffold}
    assert set(WRITERS) == words
    assert set(_subcommands(_subcommands(_parser())["new"])) == words


# --- One writer of event files -------------------------------------------------------

# Text YAML would otherwise read as something else, or refuse.
AWKWARD = [
    "no", "yes", "on", "off", "true", "null", "~", "", " ", "09:00", "2026-01-01", "2026-01-01 09:00",
    "1e3", "0x1F", "010", "-5", "#", "a #b", "a: b", ":", "- x", "-", "---", "...", "? x", "[a]", "{a}",
    "&a", "*a", "!tag", "%YAML", "@x", "`x`", "|", ">", "'", '"', "\\", "\\n", "a\nb", "\tx", "x\r",
    " lead", "trail ", "\u2028", "\u2029", "\x85", "\x7f", "\ufeff", "\ufffe", "Semarang 🌶️", "ꦱꦼꦩꦫꦁ",
]  # fmt: skip

any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
values = st.recursive(
    any_text | st.sampled_from(AWKWARD) | st.integers(min_value=-(10**12), max_value=10**12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text, inner, max_size=3),
    max_leaves=12,
)


def _as_read(value: Any) -> Any:
    """What hetero's reader gives back for a written value: every scalar as its text."""
    if isinstance(value, dict):
        return {key: _as_read(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_read(item) for item in value]
    return str(value)


def _front_matter(text: str) -> str:
    """The YAML the loader reads: between the first line and the next `---` or `...` line."""
    lines = text.splitlines(keepends=True)
    assert lines[0] == "---\n"
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    return "".join(lines[1:end])


@settings(max_examples=300, deadline=None)
@given(fields=st.dictionaries(st.sampled_from(sorted(Event.model_fields)), values, min_size=1))
def test_any_value_the_writer_writes_reads_back_identical(fields: dict[str, Any]):
    text = event_text(fields, "Deskripsi.")
    assert read_yaml(_front_matter(text)).value == _as_read(fields)


@pytest.mark.parametrize("value", AWKWARD)
def test_awkward_text_is_quoted_and_reads_back(value: str):
    assert quoted(value).startswith('"')
    assert read_yaml(yaml_text({"title": value})).value == {"title": value}


_TITLE: TypeAdapter[str] = TypeAdapter(Title)


def _kept_as_typed(text: str) -> bool:
    """Whether a one-line field holds `text` as it is; what it refuses is the models' business."""
    try:
        return _TITLE.validate_python(text) == text
    except ValidationError:
        return False


def _one_line() -> st.SearchStrategy[str]:
    alphabet = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"))
    return st.text(alphabet=alphabet, min_size=1, max_size=60).filter(_kept_as_typed)


body_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")) | st.sampled_from("\n\t"),
    max_size=200,
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=_one_line() | st.sampled_from([t for t in AWKWARD if _kept_as_typed(t)]),
    platform=_one_line(),
    tags=st.lists(_one_line(), min_size=1, max_size=3),
    speaker=_one_line(),
    body=body_text,
)
@example(title="no", platform="09:00", tags=["#", "- x", "a: b"], speaker="2026-01-01", body="---\nx")
def test_an_event_written_by_the_writer_loads_with_every_text_unchanged(
    title: str, platform: str, tags: list[str], speaker: str, body: str
):
    fields = {
        "title": title,
        "format": "hybrid",
        "branch": "semarang",
        "start": "2027-03-01 09:00",
        "end": "2027-03-01 12:00",
        "online": {"platform": platform},
        "registration": {"fee": 0},
        "speakers": [{"name": speaker, "role": title}],
        "tags": tags,
    }
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = root / EVENTS.new_file("2027-03-01-uji")
        path.parent.mkdir(parents=True)
        path.write_text(event_text(fields, body), encoding="utf-8")
        catalog, found = load(root)
    assert found == []
    (record,) = catalog.events
    data = record.data
    assert (data.title, data.online and data.online.platform, data.tags) == (title, platform, tags)
    assert data.speakers and (data.speakers[0].name, data.speakers[0].role) == (speaker, title)
    assert record.body == body.strip("\n") + "\n"


def test_the_writer_refuses_what_it_cannot_write_faithfully():
    with pytest.raises(ValueError, match="titel"):
        event_text({"titel": "x"}, "")
    with pytest.raises(TypeError):
        event_text({"title": True}, "")


def test_synthetic_content_written_by_the_writer_validates_clean(tmp_path: Path):
    spec = importlib.util.spec_from_file_location("synthetic", PROJECT / "scripts" / "synthetic.py")
    assert spec is not None and spec.loader is not None
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)
    synthetic.generate(tmp_path, 60, programs=8, years=2)
    _, found = validate(tmp_path, NOW)
    assert [str(d) for d in found if d.severity == "error"] == []
