"""`hetero new`: write a new event or program file that already validates.

Answers come from flags, or from questions when someone runs the command in
a terminal. The file is checked with the rest of the content before we keep
it, so what we hand back is never a file that fails the build.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import get_args

from hetero.checks import EVENT_PLACEHOLDER, PROGRAM_PLACEHOLDER, STORY_PLACEHOLDER
from hetero.diagnostics import Diagnostic
from hetero.eventfile import event_text, quoted
from hetero.kinds import EVENTS, PROGRAMS, SHOWCASE, STORIES
from hetero.models import ID_PATTERN, MAX_YEAR, MIN_YEAR, WIB, Category, EventFormat, Pillar, ProgramKind
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
    flag = "--" + name.replace("_", "-").removeprefix("program-")
    raise ScaffoldError(f"{question} belum diisi; berikan dengan {flag}")


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


def new_event(
    root: Path, args: argparse.Namespace, now: datetime, ask: Ask | None = None
) -> tuple[Path, list[Diagnostic]]:
    ask = ask or _asker()
    title = _answer(args, "title", "Judul acara", ask)
    day = _answer(args, "date", "Tanggal (TTTT-BB-HH)", ask)
    start_time = _answer(args, "time", "Jam mulai (JJ:MM)", ask, "09:00")
    try:
        start = datetime.fromisoformat(f"{day}T{start_time}").replace(tzinfo=WIB)
    except ValueError:
        raise ScaffoldError(f"tanggal `{day}` atau jam `{start_time}` tidak dapat dibaca") from None
    if not MIN_YEAR <= start.year <= MAX_YEAR:
        raise ScaffoldError(f"tahun acara harus antara {MIN_YEAR} dan {MAX_YEAR}, bukan {start.year}")
    default_end = (start + timedelta(hours=2)).strftime("%H:%M")
    end_time = _answer(args, "end_time", "Jam selesai (JJ:MM)", ask, default_end)
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
    fields["start"], fields["end"] = f"{day} {start_time}", f"{day} {end_time}"
    if event_format != "offline":
        fields["online"] = {"platform": _answer(args, "platform", "Platform daring", ask, "Zoom")}
    # No default: a placeholder in an upcoming event is an error (checks.py),
    # so a file written with one would not be kept.
    description = _answer(
        args, "description", "Deskripsi acara: untuk siapa, apa yang dipelajari, apa yang dibawa", ask
    )
    url = _answer(
        args, "registration_url", "Tautan pendaftaran (https://, kosongkan bila belum ada)", ask, "-"
    )
    fee = _answer(args, "fee", "Biaya dalam rupiah (0 = gratis)", ask, "0")
    fields["registration"] = {"url": None if url == "-" else url, "fee": _number(fee)}
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
