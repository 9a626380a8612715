"""`hetero new`: write a new event or program file that already validates.

Answers come from flags, or from questions when someone runs the command in
a terminal. The file is checked with the rest of the content before we keep
it, so what we hand back is never a file that fails the build.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
import unicodedata
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, get_args

from pydantic import TypeAdapter, ValidationError

from hetero.checks import EVENT_PLACEHOLDER, PROGRAM_PLACEHOLDER, STORY_PLACEHOLDER
from hetero.diagnostics import Diagnostic
from hetero.eventfile import event_text, quoted
from hetero.kinds import EVENTS, PROGRAMS, SHOWCASE, STORIES
from hetero.messages import describe
from hetero.models import (
    ID_PATTERN,
    Category,
    ClockTime,
    Event,
    EventFormat,
    HttpsUrl,
    LocalDateTime,
    Pillar,
    PlainDate,
    PositiveCount,
    ProgramKind,
    Rupiah,
    WhatsApp,
)
from hetero.validate import validate


class ScaffoldError(Exception):
    pass


Ask = Callable[[str], str]


def slugify(text: str, limit: int = 60) -> str:
    """`Kelas Foto Produk: Batch #3` → `kelas-foto-produk-batch-3`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "acara"


def _terminal_ask(question: str) -> str:
    return input(f"{question}: ").strip()


def _answer(args: argparse.Namespace, name: str, question: str, ask: Ask | None, default: str = "") -> str:
    """A flag's value, else the person's answer, else the default."""
    value = getattr(args, name, None)
    if value:
        return str(value)
    if ask is not None:
        prompt = f"{question} [{default}]" if default else question
        return ask(prompt) or default
    if default:
        return default
    raise ScaffoldError(f"{question} belum diisi; berikan dengan {_flag(name)}")


def _number(text: str) -> int | str:
    """A whole number as a number, so editors' schemas see one; anything else as the text typed.

    The validator reads both alike and explains a wrong amount; 18 digits is
    past every bound and far from Python's limit on converting long digit strings.
    """
    return int(text) if re.fullmatch(r"-?[0-9]{1,18}", text) else text


def _keep_if_valid(root: Path, path: Path, text: str, now: datetime) -> tuple[Path, list[Diagnostic]]:
    if path.exists():
        raise ScaffoldError(f"berkas {path.relative_to(root).as_posix()} sudah ada")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    rel = path.relative_to(root).as_posix()
    _, diagnostics = validate(root, now)
    mine = [d for d in diagnostics if d.path == rel]
    if any(d.severity == "error" for d in mine):
        path.unlink()
    return path, mine


def _asker() -> Ask | None:
    return _terminal_ask if sys.stdin.isatty() else None


def _problem(flag: str, kind: Any, value: str) -> str | None:
    """What is wrong with an answer, in the words the validator uses for the same value in a file."""
    try:
        _adapter(kind).validate_python(value)
    except ValidationError as error:
        return describe({**error.errors(include_url=False)[0], "loc": (flag,)}, Event)
    return None


@functools.cache
def _adapter(kind: Any) -> TypeAdapter[Any]:
    return TypeAdapter(kind)


def _valid(
    args: argparse.Namespace, name: str, question: str, ask: Ask | None, kind: Any, default: str = ""
) -> str:
    """An answer the content model takes; `-` means none. Asked again in a terminal until it fits."""
    value = _answer(args, name, question, ask, default)
    while value != "-" and (problem := _problem(_flag(name), kind, value)) is not None:
        if getattr(args, name, None) or ask is None:
            raise ScaffoldError(problem)
        print(problem, file=sys.stderr)
        value = _answer(args, name, question, ask, default)
    return value


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-").removeprefix("program-")


_SESSION = re.compile(r"(?P<day>\S+)\s+(?P<start>[^\s-]+)\s*-\s*(?P<end>[^\s-]+)(?:\s+(?P<title>.+))?")
SESSION_EXAMPLE = "2027-01-23 09:00-12:00 Hari 1"


def _session(text: str) -> dict[str, str]:
    """`2027-01-23 09:00-12:00 Hari 1` as a session's start, end and title; ValueError with the problem."""
    found = _SESSION.fullmatch(text.strip())
    if found is None:
        raise ValueError(
            f"`--session` bernilai `{text}`; tulis tanggal, jam mulai-selesai, lalu judul sesi bila ada, "
            f"misalnya `{SESSION_EXAMPLE}`"
        )
    for value, kind in ((found["day"], PlainDate), (found["start"], ClockTime), (found["end"], ClockTime)):
        problem = _problem("--session", kind, value)
        if problem is not None:
            raise ValueError(problem)
    session = {"start": f"{found['day']} {found['start']}", "end": f"{found['day']} {found['end']}"}
    return {**session, "title": found["title"]} if found["title"] else session


def _sessions(args: argparse.Namespace, ask: Ask | None, multi_day: bool) -> list[dict[str, str]]:
    """Sessions from each `--session`, or asked one by one for an event of several days."""
    given = getattr(args, "session", None) or []
    if given:
        try:
            return [_session(text) for text in given]
        except ValueError as problem:
            raise ScaffoldError(str(problem)) from None
    sessions: list[dict[str, str]] = []
    while ask is not None and multi_day:
        text = ask(f"Sesi ke-{len(sessions) + 1}, misalnya {SESSION_EXAMPLE} (kosongkan bila selesai)")
        if not text:
            break
        try:
            sessions.append(_session(text))
        except ValueError as problem:
            print(problem, file=sys.stderr)
    return sessions


def new_event(
    root: Path, args: argparse.Namespace, now: datetime, ask: Ask | None = None
) -> tuple[Path, list[Diagnostic]]:
    ask = ask or _asker()
    title = _answer(args, "title", "Judul acara", ask)
    day = _valid(args, "date", "Tanggal mulai (TTTT-BB-HH)", ask, PlainDate)
    start_time = _valid(args, "time", "Jam mulai (JJ:MM, WIB)", ask, ClockTime, "09:00")
    end_day = _valid(
        args, "end_date", "Tanggal selesai (TTTT-BB-HH), untuk acara beberapa hari", ask, PlainDate, day
    )
    start = datetime.fromisoformat(f"{day}T{start_time}")
    default_end = (start + timedelta(hours=2)).strftime("%H:%M")
    end_time = _valid(args, "end_time", "Jam selesai (JJ:MM, WIB)", ask, ClockTime, default_end)
    formats = get_args(EventFormat)
    event_format = _answer(args, "format", f"Format ({'/'.join(formats)})", ask, "offline")
    if event_format not in formats:
        choices = ", ".join(formats[:-1]) + f" atau {formats[-1]}"
        raise ScaffoldError(f"format `{event_format}` tidak dikenal; pilih {choices}")
    fields: dict[str, object] = {"title": title}
    program = _answer(args, "program", "Id program (kosongkan bila berdiri sendiri)", ask, "-")
    if program != "-":
        fields["program"] = program
    fields["format"] = event_format
    if event_format != "online":
        fields["branch"] = _answer(args, "branch", "Id cabang", ask, "semarang")
        room = _answer(args, "room", "Id ruang (kosongkan bila belum tahu)", ask, "-")
        if room != "-":
            fields["room"] = room
    fields["start"], fields["end"] = f"{day} {start_time}", f"{end_day} {end_time}"
    fields["sessions"] = _sessions(args, ask, multi_day=end_day != day) or None
    if event_format != "offline":
        platform = _answer(args, "platform", "Platform daring", ask, "Zoom")
        online_url = _valid(
            args,
            "online_url",
            "Tautan daring (https://, kosongkan bila dikirim setelah mendaftar)",
            ask,
            HttpsUrl,
            "-",
        )
        fields["online"] = {"platform": platform, "url": None if online_url == "-" else online_url}
    # No default: a placeholder in an upcoming event is an error (checks.py),
    # so a file written with one would not be kept.
    description = _answer(
        args, "description", "Deskripsi acara: untuk siapa, apa yang dipelajari, apa yang dibawa", ask
    )
    url = _valid(
        args,
        "registration_url",
        "Tautan pendaftaran (https://, kosongkan bila belum ada)",
        ask,
        HttpsUrl,
        "-",
    )
    whatsapp = "-"
    if url == "-":
        whatsapp = _valid(
            args,
            "whatsapp",
            "Atau WhatsApp pendaftaran, +62... (kosongkan bila belum ada)",
            ask,
            WhatsApp,
            "-",
        )
    opens = _valid(
        args, "opens", "Pendaftaran dibuka (TTTT-BB-HH JJ:MM, kosongkan bila sudah)", ask, LocalDateTime, "-"
    )
    closes = _valid(
        args,
        "closes",
        "Pendaftaran ditutup (TTTT-BB-HH JJ:MM, kosongkan = saat acara mulai)",
        ask,
        LocalDateTime,
        "-",
    )
    capacity = _valid(
        args, "capacity", "Kuota peserta (kosongkan bila tidak dibatasi)", ask, PositiveCount, "-"
    )
    fee = _valid(args, "fee", "Biaya dalam rupiah (0 = gratis)", ask, Rupiah, "0")
    registration = {
        "url": url,
        "whatsapp": whatsapp,
        "opens": opens,
        "closes": closes,
        "capacity": _number(capacity),
        "fee": _number(fee),
    }
    fields["registration"] = {key: value for key, value in registration.items() if value != "-"}
    text = event_text(fields, description or EVENT_PLACEHOLDER)
    return _keep_if_valid(root, root / EVENTS.new_file(f"{day}-{slugify(title)}"), text, now)


def new_program(
    root: Path, args: argparse.Namespace, now: datetime, ask: Ask | None = None
) -> tuple[Path, list[Diagnostic]]:
    ask = ask or _asker()
    title = _answer(args, "title", "Judul program", ask)
    program_id = _answer(args, "program_id", "Id program", ask, slugify(title))
    if not re.fullmatch(ID_PATTERN, program_id):
        raise ScaffoldError(f"id `{program_id}` hanya boleh huruf kecil, angka dan tanda hubung")
    pillar = _answer(args, "pillar", f"Pilar ({'/'.join(get_args(Pillar))})", ask, "mbangun")
    kind = _answer(args, "program_kind", f"Jenis ({'/'.join(get_args(ProgramKind))})", ask, "class")
    summary = _answer(args, "summary", "Ringkasan (paling banyak 200 karakter)", ask)
    text = "\n".join(
        [
            f"title: {quoted(title)}",
            f"pillar: {pillar}",
            f"kind: {kind}",
            f"summary: {quoted(summary)}",
            "description: |",
            f"  {PROGRAM_PLACEHOLDER}",
            "audience:",
            "  - umum",
            "fee: 0",
            "",
        ]
    )
    return _keep_if_valid(root, root / PROGRAMS.new_file(program_id), text, now)


def _list(text: str) -> list[str]:
    """`a, b` → `["a", "b"]`: how a terminal answer or a flag gives several values."""
    return [part.strip() for part in text.split(",") if part.strip() and part.strip() != "-"]


def _yaml_list(name: str, values: list[str], quote: bool = True) -> list[str]:
    return [f"{name}:", *(f"  - {quoted(v) if quote else v}" for v in values)]


def _consent(args: argparse.Namespace, ask: Ask | None) -> list[str]:
    # Consent is never assumed: the date the owner agreed must be given.
    day = _answer(args, "consent_date", "Tanggal pemilik memberi persetujuan (TTTT-BB-HH)", ask)
    return ["consent: true", f"consent_date: {day}"]


def new_story(
    root: Path, args: argparse.Namespace, now: datetime, ask: Ask | None = None
) -> tuple[Path, list[Diagnostic]]:
    ask = ask or _asker()
    name = _answer(args, "name", "Nama anggota atau usaha", ask)
    lines = [
        "---",
        f"name: {quoted(name)}",
        f"business_kind: {quoted(_answer(args, 'business_kind', 'Jenis usaha', ask))}",
        f"city: {quoted(_answer(args, 'city', 'Kabupaten/kota, misalnya Kota Semarang', ask))}",
        f"branch: {_answer(args, 'branch', 'Id cabang', ask, 'semarang')}",
        *_yaml_list(
            "programs",
            _list(_answer(args, "programs", "Id program yang diikuti (pisahkan koma)", ask)),
            False,
        ),
        f"quote: {quoted(_answer(args, 'quote', 'Kutipan singkat dari anggota', ask))}",
        *_consent(args, ask),
        "---",
        "",
        STORY_PLACEHOLDER,
        "",
    ]
    return _keep_if_valid(root, root / STORIES.new_file(slugify(name)), "\n".join(lines), now)


def new_showcase(
    root: Path, args: argparse.Namespace, now: datetime, ask: Ask | None = None
) -> tuple[Path, list[Diagnostic]]:
    ask = ask or _asker()
    name = _answer(args, "name", "Nama usaha", ask)
    category = _answer(args, "category", f"Kategori ({', '.join(get_args(Category)[:5])}, ...)", ask)
    lines = [
        f"name: {quoted(name)}",
        f"category: {category}",
        f"city: {quoted(_answer(args, 'city', 'Kabupaten/kota, misalnya Kota Semarang', ask))}",
        f"description: {quoted(_answer(args, 'description', 'Deskripsi (paling banyak 300 huruf)', ask))}",
        *_yaml_list("products", _list(_answer(args, "products", "Produk (pisahkan koma)", ask))),
    ]
    links = {
        "instagram": _answer(args, "instagram", "Instagram (kosongkan bila tidak ada)", ask, "-"),
        "whatsapp": _answer(args, "whatsapp", "WhatsApp +62... (kosongkan bila tidak ada)", ask, "-"),
        "marketplace": _answer(
            args, "marketplace", "Toko daring https://... (kosongkan bila tidak ada)", ask, "-"
        ),
    }
    given = {key: value for key, value in links.items() if value != "-"}
    if given:
        lines += ["links:", *(f"  {key}: {quoted(value)}" for key, value in given.items())]
    lines += [*_consent(args, ask), ""]
    return _keep_if_valid(root, root / SHOWCASE.new_file(slugify(name)), "\n".join(lines), now)


# `hetero new <word>`, for each kind with a `scaffold` word in hetero/kinds.py.
WRITERS: dict[str, Callable[[Path, argparse.Namespace, datetime], tuple[Path, list[Diagnostic]]]] = {
    kind.scaffold: writer
    for kind, writer in (
        (EVENTS, new_event),
        (PROGRAMS, new_program),
        (STORIES, new_story),
        (SHOWCASE, new_showcase),
    )
    if kind.scaffold
}
