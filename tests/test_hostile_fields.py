"""Green means safe: whatever `hetero validate` accepts, `hetero build` builds.

Each case writes hostile or careless values into a copy of the sample content
(clean at `NOW`) and checks the error staff would see, at its file, line and
column (counted by hand from the literal, 1-based), in plain Indonesian; or,
for values that are accepted, that the pages are generated without raising.
"""

from __future__ import annotations

import argparse
import tempfile
import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any, get_type_hints

import pytest
import yaml
from conftest import NOW, NOW_TEXT, diagnostic_lines, diagnostics, errors_in, run_hetero, write, write_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from hetero import models
from hetero.build import BuildFailed, stage
from hetero.checks import EVENT_PLACEHOLDER, PLACEHOLDERS, PROGRAM_PLACEHOLDER
from hetero.clock import ClockError, resolve_now
from hetero.scaffold import new_event
from hetero.validate import validate
from hetero.views import when

PROJECT = Path(__file__).resolve().parents[1]
EVENT = "events/2026/2026-12-22-uji.md"


def event(fields: str, body: str = "Kelas uji.\n") -> str:
    """An upcoming hybrid event at Semarang's hall, with `fields` added at line 11."""
    return (
        "---\n"
        "title: Kelas Uji\n"  # 2
        "format: hybrid\n"  # 3
        "branch: semarang\n"  # 4
        "room: aula\n"  # 5
        "start: 2026-12-22 09:00\n"  # 6
        "end: 2026-12-22 12:00\n"  # 7
        "online:\n"  # 8
        "  platform: Zoom\n"  # 9
        "registration: {url: 'https://forms.gle/abc123'}\n" + textwrap.dedent(fields) + "---\n\n" + body  # 10
    )


def only_error(root: Path, path: str, now: datetime = NOW) -> tuple[int, int, str]:
    found = errors_in(root, path, now)
    assert len(found) == 1, found
    return found[0].line, found[0].col, found[0].message


# --- (1) One-line fields -------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "at", "name"),
    [
        ('speakers:\n  - name: "Fajar\\nNugroho"\n', (12, 11), "name"),
        ('speakers:\n  - name: Fajar\n    role: "Mentor\\r\\nSenior"\n', (13, 11), "role"),
        (
            'speakers:\n  - name: Fajar\n    organization: "Komunitas\\u2028Startup"\n',
            (13, 19),
            "organization",
        ),
        ("tags:\n  - |\n    dua\n    baris\n", (12, 5), "tags"),
        ('tags: ["a\\x85b"]\n', (11, 8), "tags"),
        (
            'sessions:\n  - start: 2026-12-22 09:00\n    end: 2026-12-22 10:00\n    title: "A\\u2029B"\n',
            (14, 12),
            "title",
        ),
    ],
)
def test_line_break_in_a_one_line_event_field(
    repo: Path, fields: str, at: tuple[int, int], name: str
) -> None:
    write(repo, EVENT, event(fields))
    line, col, message = only_error(repo, EVENT)
    assert (line, col) == at
    assert f"`{name}` harus ditulis dalam satu baris" in message
    assert "\n" not in message


def test_line_break_in_the_title_is_refused(repo: Path) -> None:
    write(repo, EVENT, event("").replace("title: Kelas Uji", 'title: "Kelas\\nUji"'))
    assert only_error(repo, EVENT)[:2] == (2, 8)


@pytest.mark.parametrize(
    ("char", "code"),
    [
        ("\\t", "U+0009"),
        ("\\x1b", "U+001B"),
        ("\\x7f", "U+007F"),
        ("\\x9b", "U+009B"),
        ("\\0", "U+0000"),
        # Bidirectional overrides make a title read differently from what it says.
        ("\\u202e", "U+202E"),
        ("\\u2066", "U+2066"),
    ],
)
def test_control_character_in_a_one_line_field(repo: Path, char: str, code: str) -> None:
    write(repo, EVENT, event(f'speakers:\n  - name: "Fajar{char}Nugroho"\n'))
    line, col, message = only_error(repo, EVENT)
    assert (line, col) == (12, 11)
    assert f"karakter tak terlihat ({code})" in message


@pytest.mark.parametrize(
    ("path", "text", "at", "name"),
    [
        (
            "programs/uji.yml",
            'title: "Kelas\\nUji"\npillar: mbangun\nkind: class\nsummary: Ringkas.\ndescription: Panjang.\n',
            (1, 8),
            "title",
        ),
        (
            "programs/uji.yml",
            "title: Kelas Uji\npillar: mbangun\nkind: class\n"
            "summary: |\n  Dua\n  baris.\ndescription: Panjang.\n",
            (4, 10),
            "summary",
        ),
        (
            "programs/uji.yml",
            "title: Kelas Uji\npillar: mbangun\nkind: class\nsummary: Ringkas.\ndescription: Panjang.\n"
            'audience:\n  - "UMKM\\nkuliner"\n',
            (7, 5),
            "audience",
        ),
        ("content/partners.yml", 'mitra-uji:\n  name: "Bank\\nUji"\n  kind: bank\n', (2, 9), "name"),
    ],
)
def test_line_break_in_other_files(repo: Path, path: str, text: str, at: tuple[int, int], name: str) -> None:
    if path == "content/partners.yml":
        text = (repo / path).read_text(encoding="utf-8") + text
        at = (at[0] + (repo / path).read_text(encoding="utf-8").count("\n"), at[1])
    write(repo, path, text)
    line, col, message = only_error(repo, path)
    assert (line, col) == at
    assert f"`{name}` harus ditulis dalam satu baris" in message


def test_line_break_in_a_branch_room_name_and_address(repo: Path) -> None:
    path = "content/branches/semarang.md"
    text = (repo / path).read_text(encoding="utf-8")
    text = text.replace("    name: Kantor Privat", '    name: "Kantor\\nPrivat"')
    text = text.replace("  district: Srondol Wetan, Banyumanik", '  district: "Srondol\\u2028Wetan"')
    text = text.replace("  - days: Sabtu", '  - days: "Sab\\ntu"')
    write(repo, path, text)
    found = errors_in(repo, path)
    lines = text.splitlines()
    expected = [
        (number, line.index('"') + 1)
        for number, line in enumerate(lines, start=1)
        if "\\n" in line or "\\u2028" in line
    ]
    assert [(d.line, d.col) for d in found] == expected
    assert all("satu baris" in d.message for d in found)


def test_multi_line_text_keeps_its_lines_but_not_control_characters(repo: Path) -> None:
    path = "programs/uji.yml"
    base = "title: Kelas Uji\npillar: mbangun\nkind: class\nsummary: Ringkas.\n"
    write(repo, path, base + "description: |\n  Paragraf satu.\n\n  Paragraf\tdua.\n")
    assert errors_in(repo, path) == []
    write(repo, path, base + 'description: "Satu.\\n\\x1bDua."\n')
    line, col, message = only_error(repo, path)
    assert (line, col) == (5, 14)
    assert "U+001B" in message


def every_field() -> list[tuple[str, str, Any]]:
    fields = []
    for model in (
        models.Address, models.Hours, models.Contact, models.Space, models.Branch, models.Partner,
        models.Registration, models.Program, models.Session, models.Online, models.Speaker, models.Event,
        models.Story, models.ShowcaseLinks, models.Showcase,
    ):  # fmt: skip
        for name, hint in get_type_hints(model, include_extras=True).items():
            if name in model.model_fields:
                fields.append((model.__name__, name, hint))
    return fields


MULTI_LINE = {
    ("Program", "description"),
    ("Story", "quote"),
    ("Showcase", "description"),
    # How and when to pay: steps and account numbers on their own lines.
    ("Registration", "payment"),
}


def accepts(hint: Any, text: str) -> bool:
    """Whether a value of type `hint` may hold `text`, alone or as a list item."""
    adapter = TypeAdapter(hint)
    for value in (text, [text]):
        try:
            adapter.validate_python(value)
        except ValidationError:
            continue
        return True
    return False


@pytest.mark.parametrize(
    ("model", "name", "hint"), every_field(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_no_text_field_of_any_model_accepts_control_characters(model: str, name: str, hint: Any) -> None:
    """A new field declared as a plain `str` fails here: use `Line`, `Title` or `Text`."""
    for char in ("\x1b", "\x00", "\x7f", "\x9b", "\u2028", "\ud800", "\r"):
        assert not accepts(hint, f"a{char}b"), (model, name, repr(char))
    assert accepts(hint, "a\nb") == ((model, name) in MULTI_LINE), (model, name)


# --- (2) Bounds ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "words"),
    [
        ("9999-12-22 09:00-12:00", "antara 2000 dan 2100"),
        ("0001-12-22 09:00+14:00", "antara 2000 dan 2100"),
        ("1999-12-22 09:00", "antara 2000 dan 2100"),
        ("2026-12-22 09:00+23:59", "nilainya harus memakai zona waktu antara -12:00 dan +14:00"),
        ("2026-12-22 09:00-13:00", "nilainya harus memakai zona waktu antara -12:00 dan +14:00"),
    ],
)
def test_dates_outside_the_bounds(repo: Path, start: str, words: str) -> None:
    write(repo, EVENT, event("").replace("start: 2026-12-22 09:00", f"start: {start}"))
    found = errors_in(repo, EVENT)
    assert [(d.line, d.col) for d in found] == [(6, 8)]
    assert words in found[0].message


@pytest.mark.parametrize("field", ["opened: 2101-01-01", "opened: 0001-01-01"])
def test_plain_dates_outside_the_bounds(repo: Path, field: str) -> None:
    path = "content/branches/semarang.md"
    text = (repo / path).read_text(encoding="utf-8").replace("opened: 2020-01-31", field)
    write(repo, path, text)
    found = [d for d in errors_in(repo, path) if "2000 dan 2100" in d.message]
    assert [(d.line, d.col) for d in found] == [(5, 9)]


@pytest.mark.parametrize("offset", ["-12:00", "+14:00"])
def test_extreme_offsets_near_the_year_bounds_build(tmp_path: Path, offset: str) -> None:
    online = event("attendance: 10\n").replace(
        "format: hybrid\nbranch: semarang\nroom: aula\n", "format: online\n"
    )
    for day in ("2100-12-31", "2000-01-01"):
        text = online.replace("2026-12-22 09:00", f"{day} 00:00{offset}")
        write(
            tmp_path,
            f"events/{day[:4]}/{day}-uji.md",
            text.replace("2026-12-22 12:00", f"{day} 23:59{offset}"),
        )
    now = resolve_now("2100-12-31T23:00")
    assert [d for d in diagnostics(tmp_path, now) if d.severity == "error"] == []
    stage(tmp_path, now)


def test_two_megabyte_title(repo: Path) -> None:
    write(repo, EVENT, event("").replace("title: Kelas Uji", "title: " + "A" * 2_000_000))
    line, col, message = only_error(repo, EVENT)
    assert (line, col) == (2, 8)
    assert "terlalu panjang (2000000 karakter); paling banyak 150 karakter" in message


def test_long_body(repo: Path) -> None:
    write(repo, EVENT, event("", "Paragraf.\n\n" + "kata " * 5000))
    line, col, message = only_error(repo, EVENT)
    assert (line, col) == (13, 1)
    assert "paling banyak 20000 karakter" in message


def test_control_character_in_the_body(repo: Path) -> None:
    write(repo, EVENT, event("", "Baris satu.\nBaris\x1b dua.\n"))
    line, col, message = only_error(repo, EVENT)
    assert (line, col) == (14, 6)
    assert "U+001B" in message


def test_too_many_tags(repo: Path) -> None:
    write(repo, EVENT, event("tags:\n" + "".join(f"  - t{i}\n" for i in range(101))))
    line, col, message = only_error(repo, EVENT)
    assert (line, col) == (12, 3)
    assert "101 butir; paling banyak 100 butir" in message


@pytest.mark.parametrize(
    ("fields", "at", "words"),
    [
        ("attendance: " + "1" + "0" * 30 + "\n", (11, 13), "paling banyak 1000000"),
        ("attendance: " + "9" * 5000 + "\n", (11, 13), "terlalu besar"),
    ],
)
def test_huge_numbers(repo: Path, fields: str, at: tuple[int, int], words: str) -> None:
    write(repo, EVENT, event(fields))
    line, col, message = only_error(repo, EVENT)
    assert (line, col) == at
    assert words in message


def test_huge_capacity(repo: Path) -> None:
    write(repo, EVENT, event("").replace("url: 'https://forms.gle/abc123'", "capacity: 1" + "0" * 30))
    line, col, message = only_error(repo, EVENT)
    assert (line, col) == (10, 26)
    assert "paling banyak 1000000" in message


# --- (3) Times across offsets ------------------------------------------------------


def test_mixed_offsets_are_shown_in_wib(repo: Path) -> None:
    """Accepted, not refused: each instant is exact, and the site shows both on the WIB clock."""
    write(repo, EVENT, event("").replace("start: 2026-12-22 09:00", "start: 2026-12-22 09:00+08:00"))
    catalog, found = validate(repo, NOW)
    assert [d for d in found if d.path == EVENT] == []
    record = next(e for e in catalog.events if e.source.path == EVENT)
    assert when(record) == "Selasa, 22 Desember 2026, 08.00–12.00 WIB"


def test_an_offset_that_crosses_midnight_in_wib(repo: Path) -> None:
    path = "events/2026/2026-12-23-uji.md"
    text = event("").replace("start: 2026-12-22 09:00", "start: 2026-12-23 00:30+08:00")
    write(repo, path, text.replace("end: 2026-12-22 12:00", "end: 2026-12-23 02:00+08:00"))
    catalog, _ = validate(repo, NOW)
    record = next(e for e in catalog.events if e.source.path == path)
    assert when(record) == "Selasa, 22 Desember 2026, 23.30 WIB – Rabu, 23 Desember 2026, 01.00 WIB"


# --- (4) Every mistake of a file in one run ------------------------------------------


def test_five_ordinary_mistakes_in_one_run(repo: Path) -> None:
    write(
        repo,
        EVENT,
        """\
        ---
        title: Kelas Uji
        program: kelas-startup-3-hri
        format: offline
        branch: semarangg
        room: aulaa
        start: 2026-12-22 9.00
        end: 2026-12-22 12:00
        registration:
          url: http://forms.gle/abc123
        ---
        """,
    )
    found = errors_in(repo, EVENT)
    assert [(d.line, d.col) for d in found] == [(3, 10), (5, 9), (6, 7), (7, 8), (10, 8)]
    assert "Maksud Anda `kelas-startup-3-hari`?" in found[0].message
    assert "Maksud Anda `semarang`?" in found[1].message
    assert "Maksud Anda `aula`?" in found[2].message
    assert "`start`" in found[3].message
    assert "https://" in found[4].message


def test_broken_start_still_checks_the_room(repo: Path) -> None:
    text = event("").replace("start: 2026-12-22 09:00", "start: 22-12-2026 09:00").replace("aula", "aul")
    write(repo, EVENT, text)
    found = errors_in(repo, EVENT)
    assert [(d.line, d.col) for d in found] == [(5, 7), (6, 8)]
    assert "ruang" in found[0].message and "Maksud Anda `aula`?" in found[0].message


def test_a_reference_to_a_file_with_its_own_error_is_not_reported_as_missing(repo: Path) -> None:
    """Only the program's own mistake is reported, not every event that names it."""
    path = "programs/kelas-startup-3-hari.yml"
    text = (repo / path).read_text(encoding="utf-8")
    write(repo, path, text.replace("pillar: ", "pillar: x", 1))
    found = [d for d in diagnostics(repo) if d.severity == "error"]
    assert {d.path for d in found} == {path}


# --- (5) Placeholder text ------------------------------------------------------------


def test_every_template_placeholder_is_known() -> None:
    template = (PROJECT / "contoh-berkas" / "acara-baru.md").read_text(encoding="utf-8")
    body = " ".join(template.split("---\n")[-1].split())
    assert body in PLACEHOLDERS
    for example in ("Nama Pembicara", "Nama Usaha", "https://zoom.us/j/1234567890"):
        assert f": {example}\n" in template and example in PLACEHOLDERS


def test_placeholder_in_an_upcoming_event_is_an_error(repo: Path) -> None:
    write(repo, EVENT, event("", f"Pembuka.\n\n{EVENT_PLACEHOLDER}\n"))
    line, col, message = only_error(repo, EVENT)
    assert (line, col) == (15, 1)
    assert "teks contoh `Tulis deskripsi acara di sini:`" in message


def test_template_paragraph_in_an_upcoming_event_is_an_error(repo: Path) -> None:
    template = (PROJECT / "contoh-berkas" / "acara-baru.md").read_text(encoding="utf-8")
    write(repo, EVENT, event("", template.split("---\n")[-1].lstrip("\n")))
    assert only_error(repo, EVENT)[:2] == (13, 1)


def test_placeholder_in_a_speaker_of_an_upcoming_event(repo: Path) -> None:
    write(repo, EVENT, event("speakers:\n  - name: Nama Pembicara\n"))
    assert only_error(repo, EVENT)[:2] == (12, 11)


def test_placeholder_in_a_past_event_is_a_warning(repo: Path) -> None:
    now = resolve_now("2027-01-01T00:00")
    write(repo, EVENT, event("attendance: 10\n", EVENT_PLACEHOLDER + "\n"))
    mine = [d for d in diagnostics(repo, now) if d.path == EVENT]
    assert [(d.line, d.col, d.severity) for d in mine] == [(14, 1, "warning")]


def test_placeholder_in_a_program_is_a_warning(repo: Path) -> None:
    path = "programs/uji.yml"
    write(
        repo,
        path,
        "title: Kelas Uji\npillar: mbangun\nkind: class\nsummary: Ringkas.\n"
        f"description: |\n  {PROGRAM_PLACEHOLDER}\n",
    )
    mine = [d for d in diagnostics(repo) if d.path == path and "teks contoh" in d.message]
    assert [(d.line, d.col, d.severity) for d in mine] == [(5, 14, "warning")]


def test_scaffold_without_a_description_does_not_keep_an_upcoming_event(repo: Path) -> None:
    answers = iter(["Kelas Baru", "2027-06-05", "", "", "", "", "", "", "", "", ""])
    path, found = new_event(repo, argparse.Namespace(), NOW, ask=lambda _: next(answers, ""))
    assert not path.exists()
    assert [(d.line, d.col, d.severity) for d in found if "teks contoh" in d.message] == [(11, 1, "error")]


def test_scaffold_without_a_description_keeps_a_past_event_with_a_warning(repo: Path) -> None:
    answers = iter(["Kelas Lama", "2026-06-05", "", "", "", "", "", "", "", "", ""])
    path, found = new_event(repo, argparse.Namespace(), NOW, ask=lambda _: next(answers, ""))
    assert path.exists()
    assert [(d.line, d.severity) for d in found if "teks contoh" in d.message] == [(11, "warning")]


def test_non_interactive_scaffold_needs_a_description(repo: Path) -> None:
    result = run_hetero(
        repo, "new", "event", "--now", NOW_TEXT, "--title", "Kelas", "--date", "2027-04-10",
    )  # fmt: skip
    assert result.returncode == 2
    assert "--description" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_scaffold_refuses_years_out_of_bounds(repo: Path, day: str) -> None:
    result = run_hetero(
        repo, "new", "event", "--now", NOW_TEXT, "--title", "Kelas", "--date", day, "--time", "23:00",
        "--description", "Isi.",
    )  # fmt: skip
    assert result.returncode == 2
    assert "2000 dan 2100" in result.stderr and "Traceback" not in result.stderr


# --- (6) No traceback, whatever the input ------------------------------------------------


@pytest.mark.parametrize(
    ("now", "words"),
    [
        ("0001-01-01", "2000 dan 2100"),
        ("9999-12-31T23:59-23:59", "2000 dan 2100"),
        ("kemarin", "tidak dapat dibaca"),
        ("2026-13-45", "tidak dapat dibaca"),
    ],
)
def test_extreme_now(repo: Path, now: str, words: str) -> None:
    with pytest.raises(ClockError, match=words):
        resolve_now(now)
    for command in ("validate", "build"):
        result = run_hetero(repo, command, "--now", now)
        assert result.returncode == 2, result.stderr
        assert words in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("data", "line"),
    [(b"", 1), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1), (b"---\ntitle: x\n---\n\xff\xfe", 4)],
)
def test_empty_and_binary_files(repo: Path, data: bytes, line: int) -> None:
    write_bytes(repo, EVENT, data)
    result = run_hetero(repo, "validate", "--now", NOW_TEXT)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert diagnostic_lines(result.stdout)[0].startswith(f"{EVENT}:{line}:")


def test_title_with_a_line_break_end_to_end(repo: Path) -> None:
    write(repo, EVENT, event("").replace("title: Kelas Uji", 'title: "Kelas\\nUji"'))
    checked = run_hetero(repo, "validate", "--now", NOW_TEXT)
    assert checked.returncode == 1
    assert [line.split(": error: ")[0] for line in diagnostic_lines(checked.stdout)] == [f"{EVENT}:2:8"]
    built = run_hetero(repo, "build", "--now", NOW_TEXT)
    assert built.returncode == 1
    assert "Traceback" not in built.stderr + built.stdout
    assert f"{EVENT}:2:8: error:" in built.stderr


# --- (7) Whatever validates, builds ----------------------------------------------------------

# Text that may pass: markup, template syntax, quotes, bidi and emoji.
NASTY_TEXT = st.lists(
    st.sampled_from(
        ["</script>", "<b>", "{{ x }}", "{% raw %}", "<!--", "]]>", "---", '"', "'", "&amp;", "#", "*", "`",
         "\\", "|", ": ", "- ", "é", "😀", "\u202e", "\ufeff", "Kelas", " ", "%s", "${x}", "javascript:"]
    ),
    min_size=1,
    max_size=8,
).map("".join)  # fmt: skip
# Text that must be refused, or not, whatever it holds.
HOSTILE_TEXT = st.one_of(
    NASTY_TEXT,
    st.tuples(NASTY_TEXT, st.sampled_from(list("\n\r\t\x00\x1b\x7f\x85\u2028\u2029")), NASTY_TEXT).map(
        "".join
    ),
    st.text(min_size=1, max_size=20),
)
URL_PATHS = st.sampled_from(["abc", "a?b=<script>", "x#'\"", "%3C/script%3E", "😀", "a&b=1"])
YEARS = st.sampled_from([2020, 2026, 2100])
HOSTILE_YEARS = st.sampled_from([1, 1999, 2000, 2020, 2100, 2101, 9999])
OFFSETS = st.sampled_from(["", "Z", "+07:00", "+08:00", "-12:00", "+14:00"])
HOSTILE_OFFSETS = st.sampled_from(["", "Z", "-12:00", "+14:00", "+23:59", "-23:59", "+1400"])
EVENT_NOW = resolve_now(NOW_TEXT)


@st.composite
def hostile_events(draw: st.DrawFn) -> tuple[str, dict]:
    """An event whose every text, date and number is either nasty but acceptable or hostile.

    One draw decides for the whole event, so that a good share of examples
    validates and is built, rather than nearly all being refused."""
    acceptable = draw(st.booleans())
    text = NASTY_TEXT if acceptable else HOSTILE_TEXT
    path = URL_PATHS if acceptable else HOSTILE_TEXT
    year = draw(YEARS if acceptable else HOSTILE_YEARS)
    offset = OFFSETS if acceptable else HOSTILE_OFFSETS
    day = f"{year:04d}-12-22"
    start = f"{day} 09:00{draw(offset)}"
    # 23:59 at -12:00 is the latest instant of the day anywhere: always after the start.
    end = f"{day} 23:59-12:00"
    data = {
        "title": draw(text),
        "format": draw(st.sampled_from(["hybrid", "online"])),
        "branch": "semarang",
        "room": "aula",
        "start": start,
        "end": end,
        "online": {"platform": draw(text), "url": "https://zoom.us/j/" + draw(path)},
        "speakers": [{"name": draw(text), "role": draw(text), "organization": draw(text)}],
        "tags": draw(st.lists(text, max_size=3)),
        "sessions": [{"start": start, "end": f"{day} 23:00-12:00", "title": draw(text)}],
        "registration": {
            "url": "https://forms.gle/" + draw(path),
            "capacity": draw(st.integers(1, 10**6) if acceptable else st.integers(-1, 10**31)),
        },
    }
    if data["format"] == "online":
        del data["branch"], data["room"]
    return day, data


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=hostile_events(), body=st.one_of(NASTY_TEXT, HOSTILE_TEXT))
def test_whatever_validates_builds(case: tuple[str, dict], body: str) -> None:
    day, data = case
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write(
            root,
            "content/branches/semarang.md",
            (PROJECT / "content/branches/semarang.md").read_text("utf-8"),
        )
        front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        path = root / "events" / day[:4] / f"{day}-uji.md"
        path.parent.mkdir(parents=True)
        path.write_text(f"---\n{front}---\n\n{body}\n", encoding="utf-8", errors="surrogatepass")
        try:
            stage(root, EVENT_NOW)
        except BuildFailed as failure:
            assert failure.diagnostics, "a refused build names its reasons"
            for diagnostic in failure.diagnostics:
                assert diagnostic.line >= 1 and diagnostic.col >= 1
                assert "\n" not in diagnostic.message


@pytest.mark.parametrize("value", ["nan", "inf", "-Infinity"])
def test_coordinates_must_be_finite(repo: Path, value: str) -> None:
    path = "content/branches/semarang.md"
    text = (repo / path).read_text(encoding="utf-8").replace("  lat: -7.0556", f"  lat: {value}")
    write(repo, path, text)
    line, col, message = only_error(repo, path)
    assert (line, col) == (13, 8)
    assert "harus angka" in message
