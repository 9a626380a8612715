"""Tests that kill mutants `make mutate` found surviving (docs/quality.md, "Mutation testing").

Each test asserts what a person sees or gets: the line, column and words of
an error, a rendered value, the state of a registration button. They run in
this process, so mutmut can link them to the functions they reach (a
`python -m hetero` subprocess imports the installed package, never a mutant).
"""

from __future__ import annotations

import pytest

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
