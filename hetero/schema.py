"""JSON Schema files for editors, generated from the content model.

VS Code and github.dev use them to complete field names and flag mistakes
while staff type, before the validator ever runs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from hetero.models import ID_PATTERN, Branch, Event, Partner, Program, Showcase, Story

SCHEMA_BASE = "https://heterospace.id/schemas/"


def _model_schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    schema = model.model_json_schema()
    schema["title"] = title
    return schema


def _partners_schema() -> dict[str, Any]:
    partner = Partner.model_json_schema()
    definitions = partner.pop("$defs", {})
    return {
        "title": "Mitra Hetero Space (content/partners.yml)",
        "type": "object",
        "propertyNames": {"pattern": ID_PATTERN},
        "additionalProperties": {"$ref": "#/$defs/Partner"},
        "$defs": {**definitions, "Partner": partner},
    }


def _consent_schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    """Stories and showcase entries: the checks refuse any without consent, so editors ask for it too."""
    schema = _model_schema(model, title)
    schema["required"] = [*schema.get("required", []), "consent", "consent_date"]
    schema["properties"]["consent"] = {
        "const": True,
        "description": "Persetujuan tertulis pemilik untuk dipublikasikan; wajib `true`",
    }
    return schema


def schemas() -> dict[str, dict[str, Any]]:
    """Each schema file's name and content."""
    found = {
        "branch.schema.json": _model_schema(Branch, "Cabang Hetero Space (content/branches/<id>.md)"),
        "partners.schema.json": _partners_schema(),
        "program.schema.json": _model_schema(Program, "Program Hetero Space (programs/<id>.yml)"),
        "event.schema.json": _model_schema(Event, "Acara Hetero Space (events/<tahun>/<tanggal>-<judul>.md)"),
        "story.schema.json": _consent_schema(Story, "Cerita sukses anggota (content/stories/<id>.md)"),
        "showcase.schema.json": _consent_schema(
            Showcase, "Usaha di etalase anggota (content/showcase/<id>.yml)"
        ),
    }
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
