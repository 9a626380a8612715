"""Markdown field tables for docs/content-model.md, generated from the content model.

The tables are the one part of that document that must follow every change
to `models.py`, so they are written from the models, never by hand: field
names, order and types come from the model classes; required fields, choices,
limits, defaults and descriptions from the same JSON Schemas editors get
(`schema.schemas()`), so a story's `consent` reads as required here exactly
as it does in VS Code. `hetero schema` rewrites the region between the
markers; a test fails when it is stale.
"""

from __future__ import annotations

import json
import types
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from hetero.kinds import KINDS
from hetero.models import ID_PATTERN
from hetero.schema import schemas

DOC_PATH = "docs/content-model.md"
BEGIN = "<!-- BEGIN GENERATED: fields -->"
END = "<!-- END GENERATED -->"

# A choice list longer than this is listed under its table, not in a cell.
MAX_CHOICES_IN_CELL = 10

_BASE_TYPES: dict[Any, str] = {
    datetime: "date-time",
    date: "date",
    bool: "`true` / `false`",
    int: "whole number",
    float: "number",
    str: "text",
}


def _strip(annotation: Any) -> Any:
    """The type without `| None` and without `Annotated` metadata."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            kept = [a for a in get_args(annotation) if a is not type(None)]
            if len(kept) != 1:
                return annotation
            annotation = kept[0]
        else:
            return annotation


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds, directly or as the items of its list."""
    base = _strip(annotation)
    if get_origin(base) is list:
        base = _strip(get_args(base)[0])
    return base if isinstance(base, type) and issubclass(base, BaseModel) else None


def _resolve(prop: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any]:
    """A property's own schema: `anyOf [X, null]` unwrapped, `$ref` followed.

    A description may sit on the outer level (a field's own) or inside the
    type (a shared type's); the outer one wins.
    """
    inner = prop
    options = [p for p in prop.get("anyOf", []) if p.get("type") != "null"]
    if len(options) == 1:
        inner = options[0]
    if "$ref" in inner:
        inner = definitions[inner["$ref"].rsplit("/", 1)[-1]]
    outer = {k: v for k, v in prop.items() if k not in ("anyOf", "$ref", "title")}
    return {**inner, **outer}


def _anchor(heading: str) -> str:
    """The link target GitHub and MkDocs give a heading made of words and spaces."""
    return heading.lower().replace(" ", "-")


@dataclass
class _ChoiceLists:
    """Choice lists too long for a cell: printed under the first table using them, linked after."""

    heading: str = ""
    field_name: str = ""
    first_listed: dict[tuple[Any, ...], str] = dataclass_field(default_factory=dict)
    pending: list[str] = dataclass_field(default_factory=list)

    def note(self, choices: list[Any]) -> str:
        key = tuple(choices)
        if key in self.first_listed:
            where = self.first_listed[key]
            return f"one of the {len(choices)} values listed under [{where}](#{_anchor(where)})"
        self.first_listed[key] = self.heading
        self.pending.append(f"`{self.field_name}` is one of: " + ", ".join(_code(c) for c in choices) + ".")
        return f"one of the {len(choices)} values listed below"

    def flush(self) -> list[str]:
        """The lists to print under the table just written."""
        lines = [line for text in self.pending for line in ("", text)]
        self.pending.clear()
        return lines


def _code(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    # A pipe would end the table cell, even inside backticks.
    return "`" + text.replace("|", "\\|") + "`"


def _type_name(annotation: Any, prop: dict[str, Any]) -> str:
    base = _strip(annotation)
    if get_origin(base) is list:
        return "list of " + _type_name(get_args(base)[0], prop.get("items", {}))
    if isinstance(base, type) and issubclass(base, BaseModel):
        return f"map ([{base.__name__}](#{_anchor(base.__name__ + ' map')}))"
    if get_origin(base) is Literal:
        return "choice"
    if prop.get("pattern") == ID_PATTERN:
        return "id"
    if prop.get("format") == "uri":
        return "URL"
    return _BASE_TYPES.get(base, getattr(base, "__name__", str(base)))


def _refuses_line_breaks(annotation: Any) -> bool:
    """Whether a text type takes `x` but not `x` and `y` on two lines.

    Found by trying, because a validator function leaves no trace in the
    JSON Schema.
    """
    adapter: TypeAdapter[Any] = TypeAdapter(annotation)
    try:
        adapter.validate_python("x")
    except ValidationError:
        return False
    try:
        adapter.validate_python("x\ny")
    except ValidationError:
        return True
    return False


def _rules(annotation: Any, prop: dict[str, Any], lists: _ChoiceLists) -> list[str]:
    """Allowed values and limits, in words; a long choice list goes to `lists`."""
    base = _strip(annotation)
    if get_origin(base) is list:
        found = []
        if "minItems" in prop:
            found.append(f"at least {prop['minItems']} item(s)")
        if "maxItems" in prop:
            found.append(f"at most {prop['maxItems']} items")
        item_rules = _rules(get_args(base)[0], prop.get("items", {}), lists)
        return found + ([f"each item: {', '.join(item_rules)}"] if item_rules else [])
    found = []
    if "enum" in prop:
        if len(prop["enum"]) > MAX_CHOICES_IN_CELL:
            found.append(lists.note(prop["enum"]))
        else:
            found.append("one of " + ", ".join(_code(v) for v in prop["enum"]))
    if "const" in prop:
        found.append(f"must be {_code(prop['const'])}")
    # A date's or a time's pattern only spells out its type; a text's is the rule.
    if "pattern" in prop and base is str and prop["pattern"] != ID_PATTERN:
        found.append(f"matches {_code(prop['pattern'])}")
    # A pattern already says which characters fit.
    if base is str and "pattern" not in prop and _refuses_line_breaks(annotation):
        found.append("one line")
    shortest, longest = prop.get("minLength"), prop.get("maxLength")
    if shortest and longest:
        found.append(f"{shortest} to {longest} characters")
    elif longest:
        found.append(f"at most {longest} characters")
    elif shortest == 1:
        found.append("not empty")
    elif shortest:
        found.append(f"at least {shortest} characters")
    for key, word in (
        ("minimum", "≥"),
        ("exclusiveMinimum", ">"),
        ("maximum", "≤"),
        ("exclusiveMaximum", "<"),
    ):
        if key in prop:
            found.append(f"{word} {prop[key]:,}")
    return found


def _cell(text: str) -> str:
    # A pipe would end the cell, even inside backticks; a newline the row.
    return text.replace("\n", " ").replace("|", "\\|")


def _table(
    model: type[BaseModel], schema: dict[str, Any], definitions: dict[str, Any], lists: _ChoiceLists
) -> list[str]:
    required = set(schema.get("required", []))
    properties = schema.get("properties", {})
    lines = [
        "| field | type | required | allowed values | description |",
        "|---|---|---|---|---|",
    ]
    for name, field in model.model_fields.items():
        prop = _resolve(properties.get(name, {}), definitions)
        lists.field_name = name
        # Pydantic moves a field's own `Annotated` metadata onto the field;
        # put it back so the type validates as the field does.
        annotation = Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
        rules = _rules(annotation, prop, lists)
        default = prop.get("default")
        if name not in required and default is not None:
            rules.append(f"default {_code(default)}")
        description = field.description or prop.get("description") or ""
        lines.append(
            f"| `{name}` | {_type_name(field.annotation, prop)} | {'yes' if name in required else 'no'} "
            f"| {'; '.join(rules)} | {_cell(description)} |"
        )
    return lines + lists.flush()


def _root_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema of one entry: a file like partners.yml maps ids to entries."""
    reference = schema.get("additionalProperties", {})
    if "properties" not in schema and isinstance(reference, dict) and "$ref" in reference:
        return schema["$defs"][reference["$ref"].rsplit("/", 1)[-1]]
    return schema


def _maps_in_order(model: type[BaseModel]) -> list[type[BaseModel]]:
    """Nested models in the order a reader meets them, depth first."""
    found: list[type[BaseModel]] = []
    for field in model.model_fields.values():
        nested = _nested_model(field.annotation)
        if nested is not None:
            found += [nested, *_maps_in_order(nested)]
    return found


def documented_models() -> dict[type[BaseModel], str]:
    """Every model with a table, and the heading its table sits under."""
    headings: dict[type[BaseModel], str] = {}
    for kind in KINDS:
        headings[kind.model] = f"{kind.title} fields"
        for nested in _maps_in_order(kind.model):
            headings.setdefault(nested, f"{nested.__name__} map")
    return headings


def field_tables() -> str:
    """The generated region's content: one table per kind and per nested map."""
    all_schemas = schemas()
    headings = documented_models()
    used_in: dict[type[BaseModel], list[str]] = {}
    for model in headings:
        for name, field in model.model_fields.items():
            nested = _nested_model(field.annotation)
            if nested is not None:
                used_in.setdefault(nested, []).append(f"{model.__name__} `{name}`")
    lines: list[str] = []
    lists = _ChoiceLists()
    written: set[type[BaseModel]] = set()
    for kind in KINDS:
        full = all_schemas[kind.schema_file]
        definitions = full.get("$defs", {})
        lists.heading = headings[kind.model]
        lines += ["", f"### {lists.heading}", "", f"File: {kind.location}.", ""]
        lines += _table(kind.model, _root_schema(full), definitions, lists)
        for nested in _maps_in_order(kind.model):
            if nested in written:
                continue
            written.add(nested)
            lists.heading = headings[nested]
            lines += ["", f"#### {lists.heading}", "", f"Used in {', '.join(used_in[nested])}.", ""]
            lines += _table(nested, definitions[nested.__name__], definitions, lists)
    return "\n".join(lines).strip("\n")


def refreshed(document: str) -> str:
    """`document` with the region between the markers replaced by fresh tables."""
    start = document.find(BEGIN)
    end = document.find(END, start)
    if start < 0 or end < 0:
        raise ValueError(f"{DOC_PATH} lacks the markers {BEGIN} … {END}")
    return document[: start + len(BEGIN)] + "\n\n" + field_tables() + "\n\n" + document[end:]


def write_field_tables(path: Path) -> bool:
    """Rewrite the tables in `path`; True when anything changed."""
    old = path.read_text(encoding="utf-8")
    new = refreshed(old)
    if new != old:
        path.write_text(new, encoding="utf-8")
    return new != old
