"""`hetero proposal`: turn an "Usulan acara" issue into an event file that validates.

GitHub renders an issue form as Markdown: one `### <label>` heading per field,
a blank line, the answer, a blank line. This module reads that text, checks
every answer, and writes the event file. The issue text never reaches a
shell: the workflow hands us the path of GitHub's event JSON and we read the
body from it.

Everything a stranger typed is treated as hostile:

- only the known headings, in the form's order, split the body, so `### ` inside
  an answer stays part of that answer;
- every text value is written to YAML double-quoted by `hetero.eventfile`, so
  quotes, colons, `---` and `$(...)` stay text;
- the description goes into the Markdown body, never into YAML, with `<` escaped
  so that no raw HTML reaches the site;
- long answers are refused with a readable problem instead of being written.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, get_args

from hetero.diagnostics import Diagnostic, visible
from hetero.eventfile import event_text
from hetero.kinds import EVENTS
from hetero.messages import CLOCK_PATTERN, fix_clock, fix_whole_number, what_to_write
from hetero.models import ID_PATTERN, WIB, EventFormat
from hetero.scaffold import slugify
from hetero.validate import validate

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2

NO_RESPONSE = "_No response_"


@dataclass(frozen=True)
class FormField:
    """One field of `.github/ISSUE_TEMPLATE/usulan-acara.yml`, in the form's order."""

    id: str
    label: str
    kind: Literal["input", "dropdown", "textarea"]
    required: bool
    limit: int


# The labels must match the issue form exactly: they are the headings GitHub
# writes into the issue body. tests/test_proposal.py checks both agree.
FIELDS: tuple[FormField, ...] = (
    FormField("judul", "Judul acara", "input", True, 150),
    FormField("tanggal", "Tanggal (TTTT-BB-HH)", "input", True, 40),
    FormField("jam_mulai", "Jam mulai (JJ:MM, WIB)", "input", True, 20),
    FormField("jam_selesai", "Jam selesai (JJ:MM, WIB)", "input", True, 20),
    FormField("format", "Format acara", "dropdown", True, 20),
    FormField("cabang", "Cabang", "dropdown", False, 60),
    FormField("ruang", "Ruang (opsional)", "input", False, 60),
    FormField("program", "Program (opsional)", "input", False, 80),
    FormField("platform", "Platform daring (opsional)", "input", False, 80),
    FormField("pendaftaran", "Tautan pendaftaran (opsional)", "input", False, 500),
    FormField("biaya", "Biaya (rupiah)", "input", True, 40),
    FormField("kuota", "Kuota peserta (opsional)", "input", False, 20),
    FormField("deskripsi", "Deskripsi acara", "textarea", True, 10_000),
)
FIELD_BY_ID = {field.id: field for field in FIELDS}

# Which form field a key of the written event file came from, to point a
# validator message at the answer the proposer can change.
_FIELD_OF_KEY = {
    "title": "judul",
    "program": "program",
    "format": "format",
    "branch": "cabang",
    "room": "ruang",
    "start": "tanggal",
    "end": "jam_selesai",
    "platform": "platform",
    "url": "pendaftaran",
    "capacity": "kuota",
    "fee": "biaya",
}

FORMATS: tuple[str, ...] = get_args(EventFormat)


@dataclass(frozen=True)
class Proposal:
    """The answers of one issue form, checked and in the content model's terms."""

    title: str
    day: date
    start_time: str  # HH:MM, WIB
    end_time: str
    format: str
    branch: str | None
    room: str | None
    program: str | None
    platform: str | None
    registration_url: str | None
    fee: int
    capacity: int | None
    description: str

    @property
    def start(self) -> datetime:
        return datetime.fromisoformat(f"{self.day.isoformat()}T{self.start_time}").replace(tzinfo=WIB)


# --- Reading the issue body -------------------------------------------------


def _printable(char: str) -> bool:
    """Characters YAML and Markdown accept as text: no controls, separators or surrogates."""
    if char in "\n\t":
        return True
    return unicodedata.category(char) not in ("Cc", "Cs", "Zl", "Zp", "Cn") and char != "\ufeff"


def _clean(text: str) -> str:
    """Windows and old Mac line endings as `\\n`, invisible control characters dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(char for char in text if _printable(char))


def _sections(body: str) -> tuple[dict[str, str], list[str]]:
    """The raw answer under each known heading, found in the form's order."""
    answers: dict[str, str] = {}
    problems: list[str] = []
    starts: list[tuple[FormField, int, int]] = []
    position = 0
    for field in FIELDS:
        heading = re.compile(rf"^###[ \t]+{re.escape(field.label)}[ \t]*$", re.MULTILINE)
        match = heading.search(body, position)
        if match is None:
            problems.append(
                f"bagian `### {field.label}` tidak ditemukan; isi issue ini harus dibuat dari formulir "
                "Usulan acara, dan judul bagiannya jangan diubah atau dihapus"
            )
            continue
        starts.append((field, match.start(), match.end()))
        position = match.end()
    for index, (field, _, answer_start) in enumerate(starts):
        answer_end = starts[index + 1][1] if index + 1 < len(starts) else len(body)
        answers[field.id] = body[answer_start:answer_end]
    return answers, problems


def _shown(value: str) -> str:
    """A value quoted back to the proposer, short and on one line."""
    text = " ".join(value.split())
    text = text if len(text) <= 40 else text[:39] + "…"
    return "`" + text.replace("`", "'") + "`"


class _Answers:
    """Answers by field id, collecting a problem for each one that cannot be used."""

    def __init__(self, raw: dict[str, str]) -> None:
        self.raw = raw
        self.problems: list[str] = []

    def problem(self, field_id: str, message: str) -> None:
        self.problems.append(f"{FIELD_BY_ID[field_id].label}: {message}")

    def left_empty(self, field_id: str) -> bool:
        """Whether the field's heading is there with no answer under it."""
        value = self.raw.get(field_id)
        if value is None:
            return False
        # An optional dropdown left unchosen shows as "None" in some renderings.
        unchosen = FIELD_BY_ID[field_id].kind == "dropdown" and value.strip() == "None"
        return value.strip() in ("", NO_RESPONSE) or unchosen

    def text(self, field_id: str) -> str | None:
        """The trimmed answer, None when left empty; a problem when unusable."""
        field = FIELD_BY_ID[field_id]
        if field_id not in self.raw:
            return None  # the missing heading is already reported
        value = self.raw[field_id].strip()
        if self.left_empty(field_id):
            if field.required:
                self.problem(field_id, "wajib diisi")
            return None
        if len(value) > field.limit:
            self.problem(
                field_id,
                f"terlalu panjang ({len(value)} karakter); paling banyak {field.limit} karakter",
            )
            return None
        if field.kind != "textarea":
            if "\n" in value:
                self.problem(field_id, "harus satu baris saja; hapus baris baru di dalamnya")
                return None
            value = " ".join(value.split())
        return value

    def choice(self, field_id: str, allowed: tuple[str, ...]) -> str | None:
        value = self.text(field_id)
        if value is None:
            return None
        word = value.split()[0].lower()
        if word not in allowed:
            self.problem(field_id, f"{_shown(value)} bukan pilihan yang ada; pilih {', '.join(allowed)}")
            return None
        return word

    def identifier(self, field_id: str, example: str) -> str | None:
        value = self.text(field_id)
        if value is None:
            return None
        if not re.fullmatch(ID_PATTERN, value.lower()):
            self.problem(
                field_id,
                f"{_shown(value)} bukan id; id hanya berisi huruf kecil, angka dan tanda hubung, "
                f"misalnya `{example}`",
            )
            return None
        return value.lower()

    # The form's help texts invite `9.00`, `09.00 WIB`, `Rp 50.000` and
    # `gratis`, the way the site and price lists write them: such answers are
    # written into the file as the validator wants them (`messages.fix_*`, the
    # fixes its own messages suggest). Anything else is refused with the
    # validator's words for the same value.

    def day(self) -> date | None:
        value = self.text("tanggal")
        if value is None:
            return None
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                self.problem("tanggal", f"tanggal {_shown(value)} tidak ada di kalender")
                return None
        # Day first is not rewritten: `02-03-2027` may be either month.
        self.problem("tanggal", f"{_shown(value)}; {what_to_write('date', value)}")
        return None

    def clock(self, field_id: str) -> str | None:
        value = self.text(field_id)
        if value is None:
            return None
        if re.fullmatch(CLOCK_PATTERN, value):
            return value
        fix = fix_clock(value)
        if fix is not None:
            return fix.value
        self.problem(field_id, f"{_shown(value)}; {what_to_write(CLOCK_PATTERN, value)}")
        return None

    def rupiah(self) -> int | None:
        value = self.text("biaya")
        if value is None:
            return None
        fix = fix_whole_number(value, free=True)
        number = fix.value if fix else value
        if re.fullmatch(r"[0-9]+", number):
            return int(number)
        rule = what_to_write("whole_number", value, "fee")
        self.problem("biaya", f"{_shown(value)}; {rule}, atau 0 bila gratis")
        return None

    def count(self, field_id: str) -> int | None:
        value = self.text(field_id)
        if value is None:
            return None
        fix = fix_whole_number(value)
        number = fix.value if fix else value
        if re.fullmatch(r"[0-9]+", number) and int(number) > 0:
            return int(number)
        self.problem(field_id, f"{_shown(value)} harus bilangan bulat lebih dari 0, misalnya 30")
        return None

    def https_url(self) -> str | None:
        value = self.text("pendaftaran")
        if value is None:
            return None
        if not re.fullmatch(r"https://\S+", value):
            self.problem(
                "pendaftaran",
                f"{_shown(value)} harus alamat web lengkap yang diawali https://, "
                "misalnya https://forms.gle/abc123",
            )
            return None
        return value


def parse_issue_form(body: str) -> Proposal | list[str]:
    """The proposal in an issue body, or the problems with it in plain Indonesian."""
    answers, problems = _sections(_clean(body))
    form = _Answers(answers)
    title = form.text("judul")
    day = form.day()
    start_time = form.clock("jam_mulai")
    end_time = form.clock("jam_selesai")
    event_format = form.choice("format", FORMATS)
    branch = form.identifier("cabang", "semarang")
    room = form.identifier("ruang", "aula")
    program = form.identifier("program", "foto-produk-umkm")
    platform = form.text("platform")
    registration_url = form.https_url()
    fee = form.rupiah()
    capacity = form.count("kuota")
    description = form.text("deskripsi")
    if start_time and end_time and end_time <= start_time:
        form.problem("jam_selesai", f"{end_time} harus lebih akhir dari jam mulai {start_time}")
    if event_format in ("offline", "hybrid") and form.left_empty("cabang"):
        form.problem("cabang", f"wajib dipilih untuk acara {event_format}")
    if event_format in ("online", "hybrid") and form.left_empty("platform"):
        form.problem("platform", f"wajib diisi untuk acara {event_format}, misalnya Zoom atau YouTube Live")
    if event_format == "offline" and platform is not None:
        form.problem("platform", "acara offline tidak memakai platform daring; kosongkan atau pilih hybrid")
    if event_format == "online" and room is not None:
        form.problem("ruang", "acara online tidak memakai ruang; kosongkan isian ini")
    problems += form.problems
    if problems:
        return problems
    assert title and day and start_time and end_time and event_format and fee is not None and description
    return Proposal(
        title=title,
        day=day,
        start_time=start_time,
        end_time=end_time,
        format=event_format,
        branch=branch,
        room=room,
        program=program,
        platform=platform,
        registration_url=registration_url,
        fee=fee,
        capacity=capacity,
        description=description,
    )


# --- Writing the event file -------------------------------------------------


def event_path(proposal: Proposal) -> str:
    """`events/<YYYY>/<YYYY-MM-DD>-<slug>.md`, relative to the repository."""
    return EVENTS.new_file(f"{proposal.day.isoformat()}-{slugify(proposal.title)}")


def render_event_file(proposal: Proposal) -> tuple[str, str]:
    """The event file's path relative to the repository, and its text."""
    day = proposal.day.isoformat()
    fields = {
        "title": proposal.title,
        "program": proposal.program,
        "format": proposal.format,
        "branch": proposal.branch,
        "room": proposal.room,
        "start": f"{day} {proposal.start_time}",
        "end": f"{day} {proposal.end_time}",
        "online": {"platform": proposal.platform} if proposal.platform else None,
        "registration": {
            "url": proposal.registration_url,
            "capacity": proposal.capacity,
            "fee": proposal.fee,
        },
    }
    # Markdown body: raw HTML is switched off by escaping `<`; the text is otherwise
    # what the proposer wrote, and a reviewer reads it in the pull request.
    return event_path(proposal), event_text(fields, proposal.description.replace("<", "&lt;"))


# --- The command ------------------------------------------------------------


def _field_of(diagnostic: Diagnostic, text: str) -> str | None:
    """The form label a diagnostic in the written file is about, if any."""
    lines = text.splitlines()
    if not 1 <= diagnostic.line <= len(lines):
        return None
    key = re.match(r"\s*([a-z_]+):", lines[diagnostic.line - 1])
    field_id = _FIELD_OF_KEY.get(key[1]) if key else None
    return FIELD_BY_ID[field_id].label if field_id else None


def comment_body(problems: list[str]) -> str:
    """The Markdown comment posted on the issue.

    The problems quote what the proposer typed, so they go inside a code block:
    there no `@mention`, link or image from the issue text can do anything.
    """
    shown = [problem if len(problem) <= 400 else problem[:399] + "…" for problem in problems[:30]]
    if len(problems) > len(shown):
        shown.append(f"... dan {len(problems) - len(shown)} masalah lain")
    listing = "\n".join(f"- {problem}" for problem in shown)
    longest = max((len(run) for run in re.findall(r"`+", listing)), default=0)
    fence = "`" * max(3, longest + 1)
    return "\n".join(
        [
            "### Usulan acara belum dapat dijadikan berkas acara",
            "",
            "Terima kasih atas usulannya. Sebelum menjadi acara di situs, isian berikut perlu diperbaiki:",
            "",
            f"{fence}text",
            listing,
            fence,
            "",
            "Cara memperbaiki: buka menu **⋯** di kanan atas issue ini, pilih **Edit**, perbaiki isiannya "
            "lalu simpan. Setelah itu pengelola melepas dan memasang lagi label `disetujui`.",
            "",
        ]
    )


def _issue_body(event_file: Path) -> str:
    """The issue body from GitHub's event JSON; ValueError when there is none."""
    try:
        event: Any = json.loads(event_file.read_text(encoding="utf-8"))
    except OSError as error:
        raise ValueError(f"berkas peristiwa {event_file} tidak dapat dibaca ({error.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValueError(f"berkas peristiwa {event_file} bukan JSON yang sah") from None
    issue = event.get("issue") if isinstance(event, dict) else None
    if not isinstance(issue, dict):
        raise ValueError(f"berkas peristiwa {event_file} tidak memuat issue")
    body = issue.get("body")
    return body if isinstance(body, str) else ""


def _errors(diagnostics: list[Diagnostic]) -> set[Diagnostic]:
    return {d for d in diagnostics if d.severity == "error"}


def _write_checked(root: Path, proposal: Proposal, now: datetime) -> tuple[str, list[str]]:
    """Write the event file and validate everything; remove it again on any new error."""
    relative, text = render_event_file(proposal)
    path = root / relative
    if path.exists():
        return relative, [
            f"sudah ada berkas acara {relative} dengan tanggal dan judul yang sama; "
            "bila ini acara lain, ubah judulnya"
        ]
    if proposal.start < now:
        return relative, [
            f"{FIELD_BY_ID['tanggal'].label}: acara ini mulai di masa lalu; pilih tanggal mendatang"
        ]
    _, before = validate(root, now)
    created_folder = not path.parent.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    try:
        _, after = validate(root, now)
    except BaseException:
        path.unlink()
        raise
    new_errors = sorted(_errors(after) - _errors(before))
    if not new_errors:
        for warning in after:
            if warning.path == relative and warning.severity == "warning":
                print(warning, file=sys.stderr)
        return relative, []
    path.unlink()
    if created_folder:
        path.parent.rmdir()
    problems = []
    for error in new_errors:
        label = _field_of(error, text) if error.path == relative else None
        where = f"[{error.path}:{error.line}:{error.col}]"
        problems.append(f"{label}: {error.message} {where}" if label else f"{error.message} {where}")
    return relative, problems


def run_proposal(root: Path, event_file: Path, now: datetime, comment_out: Path | None) -> int:
    """`hetero proposal`: 0 with the new file's path printed, 1 with problems, 2 for usage."""
    try:
        body = _issue_body(event_file)
    except ValueError as error:
        print(f"hetero proposal: {error}", file=sys.stderr)
        return EXIT_USAGE
    parsed = parse_issue_form(body)
    if isinstance(parsed, Proposal):
        relative, problems = _write_checked(root, parsed, now)
    else:
        relative, problems = "", parsed
    if not problems:
        print(relative)
        return EXIT_OK
    for problem in problems:
        print(f"usulan: {visible(problem)}", file=sys.stderr)
    if comment_out is not None:
        comment_out.write_text(comment_body(problems), encoding="utf-8")
    return EXIT_CONTENT
