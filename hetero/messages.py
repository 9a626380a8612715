"""Plain-Indonesian messages for values that do not fit the content model.

Pydantic reports problems in English and in programmers' terms; staff need to
read what is wrong with the value they typed and how to fix it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any, get_args

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from hetero import models


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


_PATTERN_MESSAGES = {
    models.ID_PATTERN: (
        "hanya boleh berisi huruf kecil, angka dan tanda hubung, misalnya `kelas-startup-3-hari`"
    ),
    r"^\+62\d{7,13}$": (
        "harus nomor WhatsApp berawalan +62 lalu angka saja, tanpa spasi atau tanda hubung, "
        "misalnya +6281234567890"
    ),
    r"^([01]\d|2[0-3]):[0-5]\d$": "harus jam dalam bentuk JJ:MM, misalnya 09:00 atau 17:30",
    r"^\d{5}$": "harus kode pos lima angka, misalnya 50263",
}

_VALUE_ERRORS = {
    "whole_number": "harus bilangan bulat tanpa titik atau koma, misalnya 50000",
    "https_url": "harus alamat web lengkap yang diawali https://, misalnya https://forms.gle/abc123",
    "datetime": "harus tanggal dan jam, misalnya 2026-12-12 09:00",
    "datetime_needs_time": "perlu jam juga, bukan hanya tanggal; misalnya 2026-12-12 09:00",
    "date": "harus tanggal dalam bentuk TTTT-BB-HH, misalnya 2020-01-31",
    "offset_range": (
        "zona waktunya harus antara -12:00 dan +14:00; untuk WIB tulis tanpa zona, misalnya 2026-12-12 09:00"
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
        rule = _PATTERN_MESSAGES.get(str(ctx.get("pattern")), "tidak sesuai format yang diminta")
        return f"`{name}` bernilai {_shown(value)}; nilainya {rule}"
    if kind == "value_error":
        reason = str(ctx.get("error", ""))
        rule = _VALUE_ERRORS.get(reason, reason)
        return f"`{name}` bernilai {_shown(value)}; nilainya {rule}"
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
        return f"`{name}` bernilai {_shown(value)}; nilainya {_VALUE_ERRORS['date']}"
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
