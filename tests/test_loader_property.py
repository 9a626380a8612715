"""Whatever a file holds, `validate` reports problems and never raises.

Each example writes one file into an otherwise empty repository (the loader
tolerates missing folders) and checks that every diagnostic points into that
file with a 1-based line and column.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import yaml
from conftest import NOW
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hetero.validate import validate

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

EVENT = "events/2026/2026-12-22-uji.md"
PROGRAM = "programs/uji.yml"
PARTNERS = "content/partners.yml"
BRANCH = "content/branches/uji.md"
FRONT_MATTER = {EVENT, BRANCH}
TARGETS = [EVENT, PROGRAM, PARTNERS, BRANCH]


def check_file(relpath: str, data: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = root / relpath
        path.parent.mkdir(parents=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8", newline="")
        _, found = validate(root, NOW)
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    # The loosest count of lines any editor or parser could use.
    most_lines = len(text.splitlines()) + 1
    for diagnostic in found:
        assert diagnostic.path == relpath, diagnostic
        assert diagnostic.severity in ("error", "warning")
        assert 1 <= diagnostic.line <= most_lines, diagnostic
        assert diagnostic.col >= 1, diagnostic
        assert diagnostic.message.strip()
        assert "Traceback" not in diagnostic.message


def wrap(relpath: str, body: str) -> str:
    return f"---\n{body}---\n\nIsi halaman.\n" if relpath in FRONT_MATTER else body


# --- (1) arbitrary text -----------------------------------------------------------

YAMLISH = st.text(
    alphabet=st.sampled_from(list("ab09:-[]{}&*!#'\"\n\r \t|>~.,+@%`?=\\\x00\x07\x0b\x1b\x85\u2028\ufeffé")),
    max_size=80,
)


@pytest.mark.parametrize("relpath", TARGETS)
@SETTINGS
@given(text=st.one_of(st.text(), YAMLISH))
def test_any_text_never_raises(relpath: str, text: str) -> None:
    check_file(relpath, text)


@pytest.mark.parametrize("relpath", [EVENT, BRANCH])
@SETTINGS
@given(text=st.one_of(st.text(), YAMLISH))
def test_any_text_inside_front_matter_never_raises(relpath: str, text: str) -> None:
    check_file(relpath, f"---\n{text}\n---\n")


# --- (2) arbitrary YAML structures ---------------------------------------------------

PLAUSIBLE = [
    "2026-12-22 09:00",
    "2026-12-22 10:00+08:00",
    "2026-12-21 23:00Z",
    "2026-12-22",
    "2019-01-01 09:00",
    "9999-12-31 23:59-23:59",
    "0001-01-01 00:00+23:59",
    "semarang",
    "banyumas",
    "aula",
    "offline",
    "online",
    "hybrid",
    "cancelled",
    "rescheduled",
    "open",
    "planned",
    "https://forms.gle/abc",
    "http://forms.gle/abc",
    "+6281234567890",
    "09:00",
    "0",
    "-1",
    "50.000",
    "1e3",
    "no",
    "on",
    "~",
    "",
    "images/x.jpg",
    "../x.jpg",
    "/",
]
FIELDS = [
    "title", "program", "format", "branch", "room", "start", "end", "sessions", "online",
    "registration", "status", "previous_start", "speakers", "partners", "tags", "image",
    "attendance", "url", "whatsapp", "opens", "closes", "capacity", "fee", "platform", "name",
    "role", "organization", "city", "opened", "address", "street", "geo", "lat", "lon", "hours",
    "days", "open", "close", "contact", "spaces", "id", "kind", "pillar", "summary",
    "description", "audience", "duration", "weeks", "outcomes", "requirements", "branches",
    "logo", "postal_code",
]  # fmt: skip

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(PLAUSIBLE),
    st.dates(),
    st.datetimes(),
)
KEYS = st.one_of(st.sampled_from(FIELDS), st.text(max_size=8))
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=4)),
    max_leaves=15,
)

VALID = {
    EVENT: {
        "title": "Kelas Uji",
        "format": "hybrid",
        "branch": "semarang",
        "room": "aula",
        "start": "2026-12-22 09:00",
        "end": "2026-12-22 12:00",
        "online": {"platform": "Zoom"},
        "sessions": [{"start": "2026-12-22 09:00", "end": "2026-12-22 10:00"}],
        "registration": {"url": "https://forms.gle/abc", "opens": "2026-12-01 09:00"},
        "partners": ["bank-jateng"],
        "program": "uji",
    },
    PROGRAM: {
        "title": "Kelas Uji",
        "pillar": "mbangun",
        "kind": "class",
        "summary": "Ringkas.",
        "description": "Panjang.",
        "duration": {"days": "3"},
        "branches": ["semarang"],
        "registration": {"url": "https://forms.gle/abc"},
    },
    PARTNERS: {"bank-jateng": {"name": "Bank Jateng", "kind": "bank", "url": "https://x.id"}},
    BRANCH: {
        "name": "Hetero Space Uji",
        "city": "Semarang",
        "status": "open",
        "opened": "2020-01-31",
        "address": {"street": "Jl. Uji 1"},
        "hours": [{"days": "Senin", "open": "09:00", "close": "17:00"}],
        "spaces": [{"id": "aula", "name": "Aula", "kind": "event", "capacity": "10"}],
    },
}


def dump(value: object) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False)


@pytest.mark.parametrize("relpath", TARGETS)
@SETTINGS
@given(data=st.dictionaries(KEYS, VALUES, max_size=8))
def test_any_yaml_mapping_never_raises(relpath: str, data: dict) -> None:
    check_file(relpath, wrap(relpath, dump(data)))


@pytest.mark.parametrize("relpath", TARGETS)
@SETTINGS
@given(changes=st.dictionaries(KEYS, VALUES, max_size=3), drop=st.sets(st.sampled_from(FIELDS)))
def test_almost_valid_content_never_raises(relpath: str, changes: dict, drop: set) -> None:
    """A valid file with a few fields dropped or replaced by anything at all."""
    data = {k: v for k, v in VALID[relpath].items() if k not in drop}
    if relpath == PARTNERS:
        partner = {k: v for k, v in data["bank-jateng"].items() if k not in drop}
        data = {"bank-jateng": {**partner, **changes}}
    else:
        data.update(changes)
    check_file(relpath, wrap(relpath, dump(data)))


@pytest.mark.parametrize("relpath", TARGETS)
@SETTINGS
@given(value=VALUES)
def test_any_yaml_value_never_raises(relpath: str, value: object) -> None:
    """Top-level lists and scalars where a mapping is expected."""
    check_file(relpath, wrap(relpath, dump(value)))


OTHER_EVENT = "events/2026/2026-12-22-lain.md"
COMPANIONS = {
    "content/branches/semarang.md": wrap(BRANCH, dump(VALID[BRANCH])),
    PROGRAM: dump(VALID[PROGRAM]),
    PARTNERS: dump(VALID[PARTNERS]),
    OTHER_EVENT: wrap(
        EVENT,
        dump({**VALID[EVENT], "start": "2026-12-22 10:00", "end": "2026-12-22 11:00", "sessions": []}),
    ),
}


@SETTINGS
@given(changes=st.dictionaries(KEYS, VALUES, max_size=3), drop=st.sets(st.sampled_from(FIELDS)))
def test_almost_valid_event_among_its_references_never_raises(changes: dict, drop: set) -> None:
    """With the branch, program, partner and a second event in the same room present,
    the cross-file checks (opening date, rooms, bookings, registration) run too."""
    data = {k: v for k, v in VALID[EVENT].items() if k not in drop}
    data.update(changes)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for relpath, text in {**COMPANIONS, EVENT: wrap(EVENT, dump(data))}.items():
            path = root / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        _, found = validate(root, NOW)
    for diagnostic in found:
        # A double booking may be reported on either event; a program whose
        # only event moved into the past gets a warning.
        allowed = {EVENT, OTHER_EVENT} if diagnostic.severity == "error" else {EVENT, OTHER_EVENT, PROGRAM}
        assert diagnostic.path in allowed, diagnostic
        assert diagnostic.line >= 1
        assert diagnostic.col >= 1


def test_companions_are_valid_on_their_own() -> None:
    """The starting point of the test above loads, with only the intended double booking."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for relpath, text in {**COMPANIONS, EVENT: wrap(EVENT, dump(VALID[EVENT]))}.items():
            path = root / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        catalog, found = validate(root, NOW)
    # The two events share the room at 10:00-11:00: exactly that one error.
    assert [(d.path, d.severity) for d in found] == [(OTHER_EVENT, "error")]
    assert "aula" in found[0].message
    assert len(catalog.events) == 2


# --- (3) arbitrary bytes -----------------------------------------------------------------


@pytest.mark.parametrize("relpath", TARGETS)
@SETTINGS
@given(
    data=st.one_of(
        st.binary(),
        st.binary().map(lambda b: b"---\n" + b + b"\n---\n"),
        st.tuples(st.integers(0, 200), st.binary(min_size=1, max_size=4)),
    )
)
def test_any_bytes_never_raise(relpath: str, data: bytes | tuple[int, bytes]) -> None:
    if isinstance(data, tuple):
        # A valid file with a few bytes dropped in somewhere.
        at, junk = data
        valid = wrap(relpath, dump(VALID[relpath])).encode()
        data = valid[:at] + junk + valid[at:]
    check_file(relpath, data)
