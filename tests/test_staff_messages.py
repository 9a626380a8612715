"""The messages staff meet most: dates and times typed as the site prints them, names for ids.

Staff copy what they see: the site prints `19.00 WIB` and Indonesians write
dates day first, so `9.00`, `09.00 WIB` and `23-01-2027` are the usual slips;
and they write `Semarang` where the file wants the id `semarang`. Each such
slip must get the exact value to write instead, never a rule to decode.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from conftest import PROJECT, errors_in, run_hetero, write

from hetero.cliparser import indonesian
from hetero.messages import fix_clock, fix_date, fix_datetime, fix_whatsapp, fix_whole_number

EVENT = "events/2027/2027-01-23-kelas-uji.md"


def event(**fields: str | None) -> str:
    """A valid online event on 23 January 2027, with `fields` replaced, added or (None) left out."""
    values = {
        "title": "Kelas Uji",
        "format": "online",
        "online": "\n  platform: Zoom",
        "start": "2027-01-23 09:00",
        "end": "2027-01-23 12:00",
        "registration": "\n  url: https://forms.gle/abc123",
        **fields,
    }
    lines = [
        f"{key}:{'' if value.startswith(chr(10)) else ' '}{value}"
        for key, value in values.items()
        if value is not None
    ]
    return "---\n" + "\n".join(lines) + "\n---\n\nTeks.\n"


def only_error(repo: Path, path: str, text: str) -> str:
    write(repo, path, text)
    found = errors_in(repo, path)
    assert len(found) == 1, [str(d) for d in found]
    return found[0].message


# --- Dates and times --------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "typed", "expected"),
    [
        (
            "start",
            "2027-01-23 9.00",
            "`start` bernilai `2027-01-23 9.00`; pakai titik dua: `2027-01-23 09:00`",
        ),
        ("end", "2027-01-23 12.00", "pakai titik dua: `2027-01-23 12:00`"),
        (
            "start",
            "2027-01-23 09.00 WIB",
            "hapus `WIB` (semua jam sudah dibaca sebagai WIB) dan pakai titik dua: `2027-01-23 09:00`",
        ),
        (
            "start",
            "2027-01-23 09:00 WIB",
            "hapus `WIB` (semua jam sudah dibaca sebagai WIB): `2027-01-23 09:00`",
        ),
        (
            "start",
            "23-01-2027 09:00",
            "tulis tahun dulu, lalu bulan, lalu hari (TTTT-BB-HH): `2027-01-23 09:00` "
            "(Sabtu, 23 Januari 2027)",
        ),
        ("start", "23/01/2027 9.00", "(TTTT-BB-HH) dan pakai titik dua: `2027-01-23 09:00`"),
        ("start", "23 Januari 2027 09:00", "`2027-01-23 09:00` (Sabtu, 23 Januari 2027)"),
        ("start", "2027/01/23 09:00", "tanda hubung `-`: `2027-01-23 09:00`"),
    ],
)
def test_event_times_typed_as_people_write_them_get_the_value_to_write(
    repo: Path, field: str, typed: str, expected: str
) -> None:
    assert expected in only_error(repo, EVENT, event(**{field: typed}))


@pytest.mark.parametrize("field", ["opens", "closes"])
def test_registration_times_get_the_same_hint(repo: Path, field: str) -> None:
    registration = f"\n  url: https://forms.gle/abc123\n  {field}: 2027-01-20 8.00"
    message = only_error(repo, EVENT, event(registration=registration))
    assert message == f"`{field}` bernilai `2027-01-20 8.00`; pakai titik dua: `2027-01-20 08:00`"


def test_session_times_get_the_same_hint(repo: Path) -> None:
    sessions = "\n  - start: 2027-01-23 09:00\n    end: 2027-01-23 10.30"
    message = only_error(repo, EVENT, event(sessions=sessions))
    assert message == "`end` bernilai `2027-01-23 10.30`; pakai titik dua: `2027-01-23 10:30`"


def test_a_date_without_time_gets_its_own_date_in_the_example(repo: Path) -> None:
    message = only_error(repo, EVENT, event(end="2027-01-23"))
    assert message.endswith("perlu jam juga, bukan hanya tanggal; misalnya `2027-01-23 09:00`")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("9.00", "`open` bernilai `9.00`; pakai titik dua: `09:00`"),
        ("9:00", "`open` bernilai `9:00`; tulis jam dengan dua angka: `09:00`"),
        ("09.00 WIB", "hapus `WIB` (semua jam sudah dibaca sebagai WIB) dan pakai titik dua: `09:00`"),
        ("jam sembilan", "`open` bernilai `jam sembilan`; nilainya harus jam dalam bentuk JJ:MM"),
    ],
)
def test_opening_hours_typed_as_the_site_prints_them(repo: Path, typed: str, expected: str) -> None:
    path = "content/branches/kudus.md"
    text = f"""\
        ---
        name: Hetero Space Kudus
        city: Kudus
        status: planned
        hours:
          - days: Senin-Jumat
            open: {typed}
            close: "17:00"
        ---
        """
    assert expected in only_error(repo, path, text)


def test_a_day_first_date_gets_the_date_to_write(repo: Path) -> None:
    path = "content/branches/kudus.md"
    text = """\
        ---
        name: Hetero Space Kudus
        city: Kudus
        status: planned
        opened: 31-01-2020
        ---
        """
    message = only_error(repo, path, text)
    assert message.endswith("(TTTT-BB-HH): `2020-01-31` (Jumat, 31 Januari 2020)")


@pytest.mark.parametrize(
    "typed",
    ["2027-01-23 25.00", "2027-02-30 09.00", "32-01-2027 09:00", "2027-01-23 pagi", "besok 9.00", "1.2.3"],
)
def test_what_cannot_be_guessed_gets_the_rule_and_no_made_up_value(repo: Path, typed: str) -> None:
    message = only_error(repo, EVENT, event(start=typed))
    assert "nilainya harus tanggal dan jam, misalnya 2027-01-23 09:00" in message


def test_every_suggested_value_is_one_the_validator_accepts(repo: Path) -> None:
    """A hint that would be refused in turn sends staff round in circles."""
    typed = ["2027-01-23 9.00", "23-01-2027 09.00 WIB", "23 Jan 2027 9:00", "2027/1/23 09:00"]
    for value in typed:
        fix = fix_datetime(value)
        assert fix is not None, value
        write(repo, EVENT, event(start=fix.value, end="2027-01-23 12:00"))
        assert errors_in(repo, EVENT) == [], value
    assert fix_clock("9.00") and fix_clock("9.00").value == "09:00"
    assert fix_date("1-2-2027") and fix_date("1-2-2027").value == "2027-02-01"


def test_values_already_right_get_no_fix() -> None:
    assert fix_datetime("2027-01-23 09:00") is None
    assert fix_clock("09:00") is None
    assert fix_date("2027-01-23") is None
    assert fix_whole_number("50000") is None
    assert fix_whatsapp("+6281225550263") is None


@pytest.mark.parametrize(
    ("typed", "fixed"),
    [("Rp 50.000", "50000"), ("50.000", "50000"), ("Rp50.000,-", "50000"), ("1.500.000", "1500000")],
)
def test_fee_written_as_rupiah_gets_the_number(repo: Path, typed: str, fixed: str) -> None:
    registration = f'\n  url: https://forms.gle/abc123\n  fee: "{typed}"'
    message = only_error(repo, EVENT, event(registration=registration))
    assert message.endswith(f"tulis angkanya saja, tanpa Rp, titik atau koma: `{fixed}`")


def test_free_written_as_a_word_gets_zero(repo: Path) -> None:
    registration = "\n  url: https://forms.gle/abc123\n  fee: gratis"
    message = only_error(repo, EVENT, event(registration=registration))
    assert message == "`fee` bernilai `gratis`; untuk acara gratis tulis angka 0: `0`"


def test_a_local_whatsapp_number_gets_the_international_one(repo: Path) -> None:
    registration = "\n  whatsapp: 0812 2555 0263"
    message = only_error(repo, EVENT, event(registration=registration))
    assert message.endswith(": `+6281225550263`")


# --- Names where ids belong -------------------------------------------------


def test_branch_written_as_its_city_gets_its_id_and_no_false_missing_branch(repo: Path) -> None:
    message = only_error(repo, EVENT, event(format="offline", branch="Semarang", online=None))
    assert message == (
        "cabang `Semarang` tidak ditemukan. Maksud Anda `semarang`? Tulis id cabang, bukan namanya."
    )


@pytest.mark.parametrize(
    ("field", "typed", "meant", "noun"),
    [
        ("branch", "Hetero Space Solo", "solo", "cabang"),
        ("room", "Aula Hetero", "aula", "ruang"),
        ("program", "Kelas Foto Produk UMKM", "foto-produk-umkm", "program"),
    ],
)
def test_names_and_titles_get_the_id(repo: Path, field: str, typed: str, meant: str, noun: str) -> None:
    fields = {"format": "hybrid", "branch": "semarang", field: typed}
    message = only_error(repo, EVENT, event(**fields))
    assert f"Maksud Anda `{meant}`? Tulis id {noun}, bukan namanya." in message


def test_a_partner_written_by_name_gets_its_id(repo: Path) -> None:
    message = only_error(repo, EVENT, event(partners="\n  - Bank Jateng"))
    assert (
        "mitra `Bank Jateng` tidak ditemukan. Maksud Anda `bank-jateng`? Tulis id mitra, bukan namanya."
        in (message)
    )


def test_an_id_with_capitals_or_spaces_gets_the_id(repo: Path) -> None:
    message = only_error(repo, EVENT, event(program="Foto Produk UMKM"))
    assert message == (
        "program `Foto Produk UMKM` tidak ditemukan. Maksud Anda `foto-produk-umkm`? "
        "Id ditulis dengan huruf kecil dan tanda hubung, tanpa spasi."
    )


def test_a_program_names_its_branches_by_id(repo: Path) -> None:
    path = "programs/kelas-uji.yml"
    text = textwrap.dedent(
        """\
        title: Kelas Uji
        pillar: mbangun
        kind: class
        summary: Ringkasan.
        description: Deskripsi.
        branches:
          - Surakarta
        """
    )
    assert "Maksud Anda `solo`? Tulis id cabang, bukan namanya." in only_error(repo, path, text)


def test_a_space_id_example_is_a_room_id(repo: Path) -> None:
    path = "content/branches/kudus.md"
    text = """\
        ---
        name: Hetero Space Kudus
        city: Kudus
        status: planned
        spaces:
          - id: Ruang Kelas
            name: Ruang Kelas
            kind: classroom
        ---
        """
    assert only_error(repo, path, text).endswith("misalnya `ruang-kelas`")


# --- Examples that cannot be misread ----------------------------------------

# A date whose month and day are both 12 or less reads two ways; every
# example staff see has a day above 12.
AMBIGUOUS = re.compile(r"\b20\d\d-(0[1-9]|1[0-2])-(0[1-9]|1[0-2])\b")


@pytest.mark.parametrize(
    "path",
    [
        "hetero/messages.py",
        "hetero/cli.py",
        "hetero/scaffold.py",
        "hetero/proposal.py",
        ".github/ISSUE_TEMPLATE/usulan-acara.yml",
        "docs/content-model.md",
        "schemas/event.schema.json",
        "hetero/cms/config.yml",
    ],
)
def test_date_examples_have_an_unmistakable_month(path: str) -> None:
    text = (PROJECT / path).read_text(encoding="utf-8")
    assert not AMBIGUOUS.findall(text), AMBIGUOUS.search(text)


def test_the_staff_guide_examples_have_an_unmistakable_month() -> None:
    # File names of real sample events are quoted as they are.
    text = (PROJECT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    found = [m.group() for m in AMBIGUOUS.finditer(text) if not text[m.end() :].startswith("-")]
    assert found == []


# --- The command line in Indonesian -----------------------------------------

# What argparse says in English; none of it may reach staff.
ENGLISH = (
    "usage:",
    "show this help",
    "options:",
    "optional arguments",
    "positional arguments",
    "the following arguments are required",
    "invalid choice",
    "choose from",
    "unrecognized arguments",
    "expected one argument",
    "error:",
)


def _no_english(output: str) -> None:
    found = [phrase for phrase in ENGLISH if phrase in output]
    assert found == [], output


@pytest.mark.parametrize("args", [("--help",), ("build", "--help"), ("new", "event", "--help")])
def test_help_is_indonesian(repo: Path, args: tuple[str, ...]) -> None:
    result = run_hetero(repo, *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("cara pakai: hetero")
    assert "tampilkan bantuan ini lalu selesai" in result.stdout
    assert "pilihan:" in result.stdout
    _no_english(result.stdout + result.stderr)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ("biuld",),
            "hetero: PERINTAH: pilihan `biuld` tidak ada; pilih salah satu: validate, build, changes, serve, "
            "schema, new, deploy, proposal. Maksud Anda `build`?",
        ),
        (
            ("build", "--engine", "zensicl"),
            "hetero build: --engine: pilihan `zensicl` tidak ada; pilih salah satu: mkdocs, zensical. "
            "Maksud Anda `zensical`?",
        ),
        (("changes",), "hetero changes: wajib diisi: --preview, --artifact-url"),
        (("new",), "hetero new: wajib diisi: JENIS"),
        (("new", "event", "--date"), "hetero new event: --date: perlu satu nilai sesudahnya"),
        (("validate", "--xyz"), "hetero: tidak dikenal: --xyz; periksa ejaannya, atau lihat --help"),
    ],
)
def test_command_line_mistakes_are_explained_in_indonesian(
    repo: Path, args: tuple[str, ...], expected: str
) -> None:
    result = run_hetero(repo, *args)
    assert result.returncode == 2
    assert result.stderr.startswith("cara pakai: hetero")
    assert expected in result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    _no_english(result.stderr)


def test_later_pythons_list_choices_without_quotes_and_are_read_alike() -> None:
    assert indonesian("argument --engine: invalid choice: 'x' (choose from mkdocs, zensical)") == (
        "--engine: pilihan `x` tidak ada; pilih salah satu: mkdocs, zensical."
    )
    assert indonesian("argument --engine: invalid choice: 'x' (choose from 'mkdocs', 'zensical')") == (
        "--engine: pilihan `x` tidak ada; pilih salah satu: mkdocs, zensical."
    )


def test_an_unknown_argparse_sentence_still_gets_an_indonesian_lead() -> None:
    assert indonesian("something new").startswith("perintah tidak dapat dibaca (")
