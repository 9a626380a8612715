"""Every table of words for a model value covers exactly the model's values.

The values live once, as `Literal` types in hetero/models.py (and
hetero/registration.py); a label table restates them as keys. A value added
to the model without a label would raise a KeyError at build time on the
first page that shows it, or, in the visitor-clock script, leave a button
blank: these tests name the table instead. Every module-level `*_LABELS`
table in hetero/ must be listed here, so a new table cannot go unchecked.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path
from typing import Any, get_args

import pytest

from hetero import models, views
from hetero.kinds import KINDS
from hetero.registration import RegistrationState

PACKAGE = Path(__file__).resolve().parent.parent / "hetero"
SCRIPT = PACKAGE.parent / "content" / "assets" / "hetero.js"


def _values(literal: Any, *leaving_out: str) -> list[str]:
    return [value for value in get_args(literal) if value not in leaving_out]


# `module:NAME` → the model values its keys must be: a list in the model's
# order (the order filters, legends and report tables list them in), or a set
# where the table keeps an order of its own.
TABLES: dict[str, list[str] | set[str]] = {
    "hetero.views:FORMAT_LABELS": _values(models.EventFormat),
    "hetero.views:PILLAR_LABELS": _values(models.Pillar),
    "hetero.views:KIND_LABELS": _values(models.ProgramKind),
    "hetero.views:BRANCH_STATUS_LABELS": _values(models.BranchStatus),
    "hetero.views:EVENT_STATUS_LABELS": _values(models.EventStatus),
    "hetero.views:SPACE_KIND_LABELS": _values(models.SpaceKind),
    "hetero.views:PARTNER_KIND_LABELS": _values(models.PartnerKind),
    # Before registration opens the button shows the date instead ("Dibuka 5 Des").
    "hetero.views:STATE_LABELS": _values(RegistrationState, "not-yet-open"),
    "hetero.impact:CATEGORY_LABELS": _values(models.Category),
    "hetero.pages.events:MATERIAL_LABELS": _values(models.MaterialKind),
    "hetero.search:STATE_LABELS": _values(RegistrationState),
    # Not named *_LABELS, but the same kind of table: a scheduled event has no band.
    "hetero.social:STATUS_BANDS": _values(models.EventStatus, "scheduled"),
    # The CMS's collections, one per kind in hetero/kinds.py.
    "hetero.admin:COLLECTION_LABELS": {kind.name for kind in KINDS},
}


def _label_tables() -> list[str]:
    """`module:NAME` of every module-level `*_LABELS` assignment in hetero/."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
            for target in targets:
                if isinstance(target, ast.Name) and target.id.endswith("_LABELS"):
                    found.append(f"{module}:{target.id}")
    return found


def _table(name: str) -> dict[str, Any]:
    module, attribute = name.split(":")
    return getattr(importlib.import_module(module), attribute)


def test_every_label_table_is_checked() -> None:
    unchecked = sorted(set(_label_tables()) - set(TABLES))
    assert not unchecked, f"add these label tables and their model type to TABLES: {unchecked}"


# Tables listed above whose module is present (another change may add or rename one).
PRESENT = [
    name for name in TABLES if (PACKAGE.parent / (name.split(":")[0].replace(".", "/") + ".py")).is_file()
]


@pytest.mark.parametrize("name", PRESENT)
def test_label_table_covers_the_model(name: str) -> None:
    expected = TABLES[name]
    keys = _table(name)
    assert (set(keys) if isinstance(expected, set) else list(keys)) == expected


def test_no_label_is_empty_but_a_scheduled_status() -> None:
    # An empty label prints nothing; only "scheduled" says nothing on purpose.
    for name in PRESENT:
        for key, label in _table(name).items():
            assert label or (name, key) == ("hetero.views:EVENT_STATUS_LABELS", "scheduled"), (name, key)


# --- The visitor-clock script ---------------------------------------------------


def _script_object(name: str) -> dict[str, str]:
    """The string-valued object literal `var NAME = { ... };` in hetero.js."""
    match = re.search(rf"\bvar {name} = \{{(.*?)\}};", SCRIPT.read_text(encoding="utf-8"), re.DOTALL)
    assert match, f"hetero.js has no `var {name} = {{...}};`"
    pairs = re.findall(r'(?:"([^"]+)"|([A-Za-z_$][\w$]*))\s*:\s*"([^"]*)"', match.group(1))
    return {quoted or bare: value for quoted, bare, value in pairs}


def _script_string(name: str) -> str:
    match = re.search(rf'\bvar {name} = "([^"]*)";', SCRIPT.read_text(encoding="utf-8"))
    assert match, f'hetero.js has no `var {name} = "...";`'
    return match.group(1)


def test_script_button_words_are_the_builds() -> None:
    # The script rewrites the button when the visitor's clock moves an event
    # into a later state; it must say what the build would have written.
    assert _script_object("LABELS") == views.STATE_LABELS


def test_script_format_and_status_words_are_the_builds() -> None:
    assert _script_object("FORMATS") == views.FORMAT_LABELS
    assert _script_object("STATUSES") == {k: v for k, v in views.EVENT_STATUS_LABELS.items() if v}


def test_script_next_event_words_are_the_builds() -> None:
    from hetero.pages import home

    assert _script_string("NEXT_OPEN_LABEL") == home.NEXT_OPEN_LABEL
    assert _script_string("NEXT_LABEL") == home.NEXT_LABEL
