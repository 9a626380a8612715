"""Plain-Indonesian messages for values that do not fit the content model.

Pydantic reports problems in English and in programmers' terms; staff need to
read what is wrong with the value they typed and how to fix it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, get_args

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from hetero import models
from hetero.timefmt import format_day


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """A " Maksud Anda `x`?" hint for a near miss, or an empty string."""
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" Maksud Anda `{close[0]}`?" if close else ""


def _field_name(loc: tuple[int | str, ...]) -> str:
    names = [part for part in loc if isinstance(part, str) and "[" not in part]
    return names[-1] if names else "nilai"


def _shown(value: Any) -> str:
    if value is None:
        return "kosong"
    if isinstance(value, (dict, list)):
        return "sebuah daftar" if isinstance(value, list) else "sebuah peta kolom"
    text = str(value)
    shown = _visible(text[:60])
    return f"`{shown}…`" if len(text) > 60 else f"`{shown}`"


def _visible(text: str) -> str:
    """`text` with line breaks and invisible characters written as escapes (`\\n`),
    so that a message stays on its one line and shows what is wrong."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


# --- How staff write dates, times and amounts, and what to write instead ------
# The site prints `19.00 WIB` and people write dates day first, so `9.00`,
# `09.00 WIB`, `23-01-2027` and `Rp 50.000` are what staff type most often.
# Each reader below turns such a value into the one the content model takes,
# with the reasons in words; the validator shows it as the fix, and
# `hetero proposal` applies it to what the issue form invites.


@dataclass(frozen=True)
class Fix:
    """What to write instead of a mistyped value, and why."""

    value: str
    reasons: tuple[str, ...]
    # The date in words when its parts were reordered, so a guess at day
    # and month can be seen for what it is before it is copied.
    spelled: str = ""

    def hint(self) -> str:
        spelled = f" ({self.spelled})" if self.spelled else ""
        return f"{' dan '.join(self.reasons)}: `{self.value}`{spelled}"


CLOCK_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"
_WIB_SUFFIX = re.compile(r"\s*\bWIB\.?$", re.IGNORECASE)
_CLOCK = re.compile(r"(\d{1,2})([.:])(\d{2})")
_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_YEAR_FIRST = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_SPELLED_DATE = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "jan"),
            ("februari", "feb", "pebruari"),
            ("maret", "mar"),
            ("april", "apr"),
            ("mei",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("agustus", "agu", "agt", "ags"),
            ("september", "sep", "sept"),
            ("oktober", "okt"),
            ("november", "nov", "nop"),
            ("desember", "des"),
        ),
        start=1,
    )
    for name in names
}
_DROP_WIB = "hapus `WIB` (semua jam sudah dibaca sebagai WIB)"
_YEAR_FIRST_REASON = "tulis tahun dulu, lalu bulan, lalu hari (TTTT-BB-HH)"


def _without_wib(text: str, reasons: list[str]) -> str:
    stripped = _WIB_SUFFIX.sub("", text)
    if stripped != text:
        reasons.append(_DROP_WIB)
    return stripped


def _clock(text: str, reasons: list[str], pad_reason: bool) -> str | None:
    match = _CLOCK.fullmatch(text)
    if match is None:
        return None
    hour, separator, minute = match.groups()
    if separator == ".":
        reasons.append("pakai titik dua")
    elif len(hour) == 1 and pad_reason:
        reasons.append("tulis jam dengan dua angka")
    fixed = f"{int(hour):02d}:{minute}"
    return fixed if re.fullmatch(CLOCK_PATTERN, fixed) else None


def _day(text: str, reasons: list[str]) -> tuple[str, bool] | None:
    """The date as TTTT-BB-HH, and whether its parts were reordered."""
    reordered = True
    if match := _DAY_FIRST.fullmatch(text):
        day, month, year = match.groups()
        reasons.append(_YEAR_FIRST_REASON)
    elif (match := _SPELLED_DATE.fullmatch(text)) and match[2].lower() in _MONTHS:
        day, year = match[1], match[3]
        month = str(_MONTHS[match[2].lower()])
        reasons.append("tulis tanggal dengan angka, tahun dulu (TTTT-BB-HH)")
    elif match := _YEAR_FIRST.fullmatch(text):
        year, separator, month, day = match.groups()
        reordered = False
        if separator != "-":
            reasons.append("pisahkan tahun, bulan dan hari dengan tanda hubung `-`")
        elif len(month) == 1 or len(day) == 1:
            reasons.append("tulis bulan dan hari dengan dua angka")
    else:
        return None
    fixed = f"{year}-{int(month):02d}-{int(day):02d}"
    try:
        parsed = date.fromisoformat(fixed)
    except ValueError:
        return None
    if not models.MIN_YEAR <= parsed.year <= models.MAX_YEAR:
        return None
    return fixed, reordered


def _fix(value: str, reasons: list[str], day: tuple[str, bool] | None = None) -> Fix | None:
    if not reasons:
        return None
    spelled = format_day(models.parse_datetime(f"{day[0]} 00:00")) if day and day[1] else ""
    return Fix(value, tuple(dict.fromkeys(reasons)), spelled)


def fix_clock(text: str) -> Fix | None:
    """`9.00`, `9:00` or `09.00 WIB` as `09:00`; None when it is right or beyond guessing."""
    reasons: list[str] = []
    fixed = _clock(_without_wib(text.strip(), reasons), reasons, pad_reason=True)
    return _fix(fixed, reasons) if fixed else None


def fix_date(text: str) -> Fix | None:
    """`23-01-2027` or `23 Januari 2027` as `2027-01-23`; None when it is right or beyond guessing."""
    reasons: list[str] = []
    day = _day(text.strip(), reasons)
    return _fix(day[0], reasons, day) if day else None


def fix_datetime(text: str) -> Fix | None:
    """`2027-01-23 9.00 WIB` or `23-01-2027 09:00` as `2027-01-23 09:00`.

    None when the value is right or beyond guessing.
    """
    reasons: list[str] = []
    rest = _without_wib(text.strip(), reasons)
    day_part, _, clock_part = rest.rpartition(" ")
    day = _day(day_part.strip().rstrip(","), reasons)
    clock = _clock(clock_part, reasons, pad_reason=False)
    if day is None or clock is None:
        return None
    return _fix(f"{day[0]} {clock}", reasons, day)


_AMOUNT = re.compile(r"(rp\.?\s*)?(\d{1,3}(?:\.\d{3})+|\d+)(,-|,00)?", re.IGNORECASE)
FREE_WORDS = ("gratis",)


def fix_whole_number(text: str, free: bool = False) -> Fix | None:
    """`Rp 50.000`, `50.000` or `Rp50.000,-` as `50000`, and `gratis` as `0` when `free`."""
    value = text.strip()
    if free and value.lower() in FREE_WORDS:
        return Fix("0", ("untuk acara gratis tulis angka 0",))
    match = _AMOUNT.fullmatch(value)
    if match is None or value.isdigit():
        return None
    return Fix(match[2].replace(".", ""), ("tulis angkanya saja, tanpa Rp, titik atau koma",))


WHATSAPP_PATTERN = r"^\+62\d{7,13}$"


def fix_whatsapp(text: str) -> Fix | None:
    """`0812-2555-0263` or `62 812 2555 0263` as `+6281225550263`."""
    digits = re.sub(r"[\s().-]", "", text.strip())
    if digits.startswith("0"):
        digits = "+62" + digits[1:]
    elif digits.startswith("62"):
        digits = "+" + digits
    if digits == text.strip() or not re.fullmatch(WHATSAPP_PATTERN, digits):
        return None
    return Fix(digits, ("tulis +62 lalu angkanya saja, tanpa spasi atau tanda hubung",))


def _fix_for(kind: str, name: str, value: Any) -> Fix | None:
    """The fix for the value of a refused field, if it is one of the usual slips."""
    if not isinstance(value, str):
        return None
    if kind in ("datetime", "datetime_needs_time"):
        return fix_datetime(value)
    if kind == "date":
        return fix_date(value)
    if kind == CLOCK_PATTERN:
        return fix_clock(value)
    if kind == "whole_number":
        return fix_whole_number(value, free=name.lstrip("-") == "fee")
    if kind == WHATSAPP_PATTERN:
        return fix_whatsapp(value)
    return None


# An id's example is one of its own kind: a room's id is not `kelas-startup-3-hari`.
_ID_EXAMPLES = {"id": "ruang-kelas", "branch": "semarang", "room": "aula", "story": "kopi-lereng-ungaran"}
_ID_RULE = "hanya boleh berisi huruf kecil, angka dan tanda hubung, misalnya `{}`"

_PATTERN_MESSAGES = {
    WHATSAPP_PATTERN: (
        "harus nomor WhatsApp berawalan +62 lalu angka saja, tanpa spasi atau tanda hubung, "
        "misalnya +6281234567890"
    ),
    CLOCK_PATTERN: "harus jam dalam bentuk JJ:MM, misalnya 09:00 atau 17:30",
    r"^\d{5}$": "harus kode pos lima angka, misalnya 50263",
}

_VALUE_ERRORS = {
    "whole_number": "harus bilangan bulat tanpa titik atau koma, misalnya 50000",
    "https_url": "harus alamat web lengkap yang diawali https://, misalnya https://forms.gle/abc123",
    "datetime": "harus tanggal dan jam, misalnya 2027-01-23 09:00",
    "datetime_needs_time": "perlu jam juga, bukan hanya tanggal; misalnya 2027-01-23 09:00",
    "date": "harus tanggal dalam bentuk TTTT-BB-HH, misalnya 2020-01-31",
    "offset_range": (
        "harus memakai zona waktu antara -12:00 dan +14:00; untuk WIB tulis tanpa zona, "
        "misalnya 2027-01-23 09:00"
    ),
}


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None


def fields_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The field names allowed in the mapping at `loc` inside `model`."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return []
        if isinstance(part, str) and part in current.model_fields:
            current = _model_in(current.model_fields[part].annotation)
    return list(current.model_fields) if current else []


def what_to_write(kind: str, value: str, name: str = "") -> str:
    """The fix for `value`, else the rule it breaks: the second half of a message.

    `kind` is a value error's reason (`date`, `whole_number`) or a pattern
    (`CLOCK_PATTERN`); `hetero proposal` and `hetero new` explain a refused
    answer with it, in the words the validator uses for the same value in a file.
    """
    fix = _fix_for(kind, name, value)
    rule = _VALUE_ERRORS.get(kind) or _PATTERN_MESSAGES.get(kind, "tidak sesuai format yang diminta")
    return fix.hint() if fix else f"nilainya {rule}"


def _rule_or_fix(name: str, value: Any, rule: str, fix: Fix | None) -> str:
    """`name` bernilai ...; then what to write instead when we can tell, else the rule."""
    return f"`{name}` bernilai {_shown(value)}; {fix.hint() if fix else 'nilainya ' + rule}"


def describe(error: ErrorDetails, model: type[BaseModel]) -> str:
    """One Indonesian sentence for one pydantic error."""
    loc = error["loc"]
    kind = error["type"]
    name = _field_name(loc)
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"kolom wajib `{name}` belum diisi; tambahkan `{name}: ...`"
    if kind == "extra_forbidden":
        hint = did_you_mean(name, fields_at(model, loc[:-1])) or " Hapus kolom ini atau periksa ejaannya."
        return f"kolom `{name}` tidak dikenal.{hint}"
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        if value is None:
            return f"`{name}` kosong; pilih salah satu: {', '.join(allowed)}"
        hint = did_you_mean(str(value), allowed)
        return f"`{name}` bernilai {_shown(value)}, padahal pilihannya: {', '.join(allowed)}.{hint}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern"))
        if pattern == models.ID_PATTERN:
            rule = _ID_RULE.format(_ID_EXAMPLES.get(name, "kelas-startup-3-hari"))
        else:
            rule = _PATTERN_MESSAGES.get(pattern, "tidak sesuai format yang diminta")
        return _rule_or_fix(name, value, rule, _fix_for(pattern, name, value))
    if kind == "value_error":
        reason = str(ctx.get("error", ""))
        rule = _VALUE_ERRORS.get(reason, reason)
        if reason == "datetime_needs_time" and isinstance(value, str):
            # The date was typed right: the example adds a time to it.
            rule = f"perlu jam juga, bukan hanya tanggal; misalnya `{value.strip()} 09:00`"
        return _rule_or_fix(name, value, rule, _fix_for(reason, name, value))
    if kind == "string_too_long":
        return (
            f"`{name}` terlalu panjang ({len(str(value))} karakter); "
            f"paling banyak {ctx.get('max_length')} karakter"
        )
    if kind == "too_long":
        return (
            f"`{name}` berisi {ctx.get('actual_length')} butir; paling banyak {ctx.get('max_length')} butir"
        )
    if kind == "one_line":
        return (
            f"`{name}` harus ditulis dalam satu baris, tetapi berisi ganti baris ({_shown(value)}); "
            "gabungkan menjadi satu baris tanpa Enter, dan tulis penjelasan panjang di deskripsi"
        )
    if kind == "control_character":
        return (
            f"`{name}` berisi karakter tak terlihat ({ctx.get('code')}) yang biasanya terbawa saat "
            "menyalin teks; hapus karakter itu atau ketik ulang teksnya"
        )
    if kind == "year_range":
        return (
            f"`{name}` bernilai {_shown(value)}; tahunnya harus antara {models.MIN_YEAR} dan "
            f"{models.MAX_YEAR}, misalnya 2026"
        )
    if kind == "int_parsing_size":
        return f"`{name}` bernilai angka yang terlalu besar; periksa kembali angkanya"
    if kind == "string_too_short" or (kind == "string_type" and value is None):
        return f"`{name}` kosong; isi dengan teks"
    if kind == "string_type":
        return f"`{name}` harus teks, bukan {_shown(value)}"
    if kind in ("greater_than", "greater_than_equal", "less_than_equal", "less_than"):
        bound = ctx.get("gt", ctx.get("ge", ctx.get("le", ctx.get("lt"))))
        word = {
            "greater_than": "lebih dari",
            "greater_than_equal": "paling sedikit",
            "less_than_equal": "paling banyak",
            "less_than": "kurang dari",
        }[kind]
        return f"`{name}` bernilai {_shown(value)}; nilainya harus {word} {bound}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"`{name}` bernilai {_shown(value)}; nilainya {_VALUE_ERRORS['whole_number']}"
    if kind in ("float_parsing", "float_type", "finite_number"):
        return f"`{name}` bernilai {_shown(value)}; nilainya harus angka, misalnya -7.0556"
    if kind in ("date_parsing", "date_type", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return _rule_or_fix(name, value, _VALUE_ERRORS["date"], _fix_for("date", name, value))
    if kind.startswith("datetime"):
        return f"`{name}` bernilai {_shown(value)}; nilainya {_VALUE_ERRORS['datetime']}"
    if kind == "list_type":
        return (
            f"`{name}` harus daftar; tulis setiap butir di baris sendiri diawali `- `, bukan {_shown(value)}"
        )
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return (
            f"`{name}` harus berisi kolom-kolom di baris berikutnya (menjorok dua spasi), "
            f"bukan {_shown(value)}"
        )
    if kind == "bool_parsing":
        return f"`{name}` harus `true` atau `false`, bukan {_shown(value)}"
    return f"`{name}` bernilai {_shown(value)} yang tidak dapat dipakai ({error['msg']})"
