"""JSON Schema files for editors, generated from the content model.

VS Code and github.dev use them to complete field names and flag mistakes
while staff type, before the validator ever runs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from hetero.kinds import KINDS, Kind
from hetero.models import ID_PATTERN

SCHEMA_BASE = "https://heterospace.id/schemas/"


def _model_schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    schema = model.model_json_schema()
    schema["title"] = title
    return schema


def _single_file_schema(kind: Kind) -> dict[str, Any]:
    """A file like partners.yml: a map from each record's id to the record."""
    entry = kind.model.model_json_schema()
    definitions = entry.pop("$defs", {})
    name = kind.model.__name__
    return {
        "title": kind.schema_title,
        "type": "object",
        "propertyNames": {"pattern": ID_PATTERN},
        "additionalProperties": {"$ref": f"#/$defs/{name}"},
        "$defs": {**definitions, name: entry},
    }


def _consent_schema(kind: Kind) -> dict[str, Any]:
    """Stories and showcase entries: the checks refuse any without consent, so editors ask for it too."""
    schema = _model_schema(kind.model, kind.schema_title)
    schema["required"] = [*schema.get("required", []), "consent", "consent_date"]
    schema["properties"]["consent"] = {
        "const": True,
        "description": "Persetujuan tertulis pemilik untuk dipublikasikan; wajib `true`",
    }
    return schema


def _kind_schema(kind: Kind) -> dict[str, Any]:
    if kind.single_file is not None:
        return _single_file_schema(kind)
    if kind.needs_consent:
        return _consent_schema(kind)
    return _model_schema(kind.model, kind.schema_title)


def schemas() -> dict[str, dict[str, Any]]:
    """Each schema file's name and content."""
    found = {kind.schema_file: _kind_schema(kind) for kind in KINDS}
    for name, schema in found.items():
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = SCHEMA_BASE + name
    return found


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = out / name
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written
