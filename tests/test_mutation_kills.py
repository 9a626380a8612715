"""Tests that kill mutants `make mutate` found surviving (docs/quality.md, "Mutation testing").

Each test asserts what a person sees or gets: the line, column and words of
an error, a rendered value, the state of a registration button. They run in
this process, so mutmut can link them to the functions they reach (a
`python -m hetero` subprocess imports the installed package, never a mutant).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from test_calendar import make_catalog, make_event

from hetero.catalog import Catalog, EventRecord, Record
from hetero.models import WIB, Registration
from hetero.registration import effective_registration, registration_state
from hetero.yamlread import MAX_DEPTH, MAX_NODES, YamlProblem, read_yaml

# --- yamlread: what staff read when their YAML is refused --------------------


def _problem(text: str) -> tuple[int, int, str]:
    with pytest.raises(YamlProblem) as caught:
        read_yaml(text)
    problem = caught.value
    # The exception's own text is the message, for anything that prints it.
    assert str(problem) == problem.message
    return problem.line, problem.col, problem.message


def test_second_document_is_refused_at_its_marker() -> None:
    assert _problem("title: a\n---\ntitle: b\n") == (
        2,
        1,
        "berkas ini memuat lebih dari satu dokumen YAML (`---`); hapus pemisahnya",
    )


def _nested_lists(levels: int) -> str:
    return "[" * levels + "a" + "]" * levels


def test_nesting_up_to_the_limit_is_read_and_one_more_level_is_refused() -> None:
    assert MAX_DEPTH == 40
    located = read_yaml(_nested_lists(MAX_DEPTH))
    inner = located.value
    for _ in range(MAX_DEPTH):
        inner = inner[0]
    assert inner == "a"
    assert _problem(_nested_lists(MAX_DEPTH + 1)) == (1, 42, "struktur YAML terlalu dalam bersarang")


def test_nesting_of_mappings_is_refused_at_the_value_too_deep() -> None:
    def nested(levels: int) -> str:
        keys = "".join(" " * (2 * i) + f"k{i}:\n" for i in range(levels))
        return keys + " " * (2 * levels) + "v\n"

    assert read_yaml(nested(MAX_DEPTH)).value["k0"]["k1"] is not None
    assert _problem(nested(MAX_DEPTH + 1)) == (42, 83, "struktur YAML terlalu dalam bersarang")


def test_node_limit_counts_every_value_exactly() -> None:
    assert MAX_NODES == 20_000
    # The list itself and its items: exactly MAX_NODES values are fine.
    fits = "[" + ",".join(["a"] * (MAX_NODES - 1)) + "]"
    assert len(read_yaml(fits).value) == MAX_NODES - 1
    too_many = "[" + ",".join(["a"] * MAX_NODES) + "]"
    assert _problem(too_many) == (
        1,
        2 * MAX_NODES,
        "alias YAML (*nama) membuat berkas ini terlalu besar; tulis nilainya langsung",
    )


def test_alias_bomb_is_refused_at_the_alias_that_overflows() -> None:
    def row(name: str, item: str) -> str:
        return f"{name}: &{name} [{', '.join([item] * 10)}]\n"

    bomb = row("a", "x") + "".join(row(chr(98 + i), f"*{chr(97 + i)}") for i in range(5))
    assert _problem(bomb) == (
        5,
        8,
        "alias YAML (*nama) membuat berkas ini terlalu besar; tulis nilainya langsung",
    )


def test_invisible_control_character_is_shown_with_its_code() -> None:
    assert _problem('a: 1\nb: "x\x01"\n') == (
        2,
        6,
        "ada karakter kontrol tak terlihat (kode 0x01) yang tidak boleh ada di berkas teks; "
        "hapus karakter di posisi ini",
    )


TAB_MESSAGE = "YAML tidak dapat dibaca: ada karakter tab untuk indentasi; YAML hanya menerima spasi"
COLON_MESSAGE = (
    "YAML tidak dapat dibaca: tanda titik dua (:) di tempat yang tidak terduga; "
    "jika teksnya memuat ': ', apit seluruh teks dengan tanda kutip (\"...\")"
)


def test_tab_indentation_points_at_the_first_tab() -> None:
    assert _problem("a: 1\n \t\tb: 2\n") == (2, 2, TAB_MESSAGE)


def test_tab_after_the_error_line_is_not_blamed() -> None:
    assert _problem("a: b: c\n\tx: 1\n") == (1, 5, COLON_MESSAGE)


def test_tab_inside_a_value_is_not_blamed_as_indentation() -> None:
    assert _problem("a: b\tc\nd: e: f\n") == (2, 5, COLON_MESSAGE)


def test_unknown_parser_problem_keeps_the_technical_words_on_one_line() -> None:
    assert _problem("%FOO bar\n---\na: 1\n") == (
        1,
        5,
        "YAML tidak dapat dibaca di sini; periksa indentasi, titik dua dan tanda kutip "
        "(keterangan teknis: found unknown directive name)",
    )


# --- registration: what the registration button says, and when ---------------


def _event(**fields: object) -> EventRecord:
    """An offline event on 2026-12-10, 09.00-12.00 WIB, with `fields` as typed in a file."""
    return make_event("2026-12-10-uji", start="2026-12-10 09:00", end="2026-12-10 12:00", **fields)


def _state(event: EventRecord, now: datetime, catalog: Catalog | None = None) -> str:
    catalog = catalog or make_catalog(event)
    return registration_state(event, effective_registration(event, catalog), now)


FORM = {"url": "https://forms.gle/uji"}
START = datetime(2026, 12, 10, 9, 0, tzinfo=WIB)
END = datetime(2026, 12, 10, 12, 0, tzinfo=WIB)
SECOND = timedelta(seconds=1)


def test_event_is_finished_from_the_moment_it_ends() -> None:
    event = _event(registration=FORM)
    assert _state(event, END - SECOND) == "closed"
    assert _state(event, END) == "finished"


def test_cancelled_and_postponed_outrank_every_date() -> None:
    assert _state(_event(registration=FORM, status="cancelled"), END + SECOND) == "cancelled"
    postponed = _event(registration=FORM, status="postponed")
    assert _state(postponed, END + SECOND) == "postponed"
    assert _state(postponed, START - timedelta(days=30)) == "postponed"


def test_without_a_form_or_whatsapp_there_is_nothing_to_sign_up_for() -> None:
    assert _state(_event(), START - timedelta(days=1)) == "none"
    assert _state(_event(registration={"whatsapp": "+6281234567890"}), START - timedelta(days=1)) == "open"


def test_staff_status_overrides_the_dates_but_not_the_end() -> None:
    full = _event(registration={**FORM, "status": "full", "opens": "2026-12-01 08:00"})
    assert _state(full, datetime(2026, 11, 20, tzinfo=WIB)) == "full"
    assert _state(full, END) == "finished"


def test_registration_closes_at_closes_or_else_at_the_start() -> None:
    closes = datetime(2026, 12, 8, 17, 0, tzinfo=WIB)
    event = _event(registration={**FORM, "closes": "2026-12-08 17:00"})
    assert _state(event, closes - SECOND) == "open"
    assert _state(event, closes) == "closed"
    without = _event(registration=FORM)
    assert _state(without, START - SECOND) == "open"
    assert _state(without, START) == "closed"


def test_registration_opens_at_opens() -> None:
    opens = datetime(2026, 12, 1, 8, 0, tzinfo=WIB)
    event = _event(registration={**FORM, "opens": "2026-12-01 08:00"})
    assert _state(event, opens - SECOND) == "not-yet-open"
    assert _state(event, opens) == "open"


def test_event_inherits_its_programs_form_and_fee_and_overrides_them() -> None:
    plain = _event(program="kelas-startup")
    catalog = make_catalog(plain)
    inherited = effective_registration(plain, catalog)
    assert (inherited.url, inherited.fee) == ("https://forms.heterospace.id/startup", 0)
    own = _event(program="kelas-startup", registration={"url": "https://forms.gle/batch-2", "fee": "50000"})
    mine = effective_registration(own, make_catalog(own))
    assert (mine.url, mine.fee) == ("https://forms.gle/batch-2", 50000)
    assert _state(plain, START - SECOND, catalog) == "open"


def test_program_registration_fee_wins_over_the_programs_fee_field() -> None:
    event = _event(program="kelas-startup")
    catalog = make_catalog(event)
    program = catalog.programs["kelas-startup"]
    data = program.data.model_copy(
        update={"fee": 10000, "registration": Registration(url="https://forms.gle/p", fee=20000)}
    )
    catalog.programs["kelas-startup"] = Record(program.id, data, program.source)
    assert effective_registration(event, catalog).fee == 20000
    data = program.data.model_copy(update={"fee": 10000, "registration": None})
    catalog.programs["kelas-startup"] = Record(program.id, data, program.source)
    assert effective_registration(event, catalog).fee == 10000
    assert effective_registration(event, catalog).url is None
