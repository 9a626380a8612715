"""Every kind of content mistake the contract says must be refused.

Each case writes one broken file into a copy of the sample content (which is
clean at `NOW`) and checks what the staff member would see: the file, the
line and column of the mistake (counted by hand from the literal below, lines
and columns 1-based) and a key Indonesian word or the hint of the message.

Most cases call `hetero.validate.validate` in-process to stay fast; one test
writes all of them at once and runs the real command, to check that every
error is reported in one run, sorted, and without a traceback.
"""

from __future__ import annotations

import textwrap
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import (
    NOW,
    NOW_TEXT,
    diagnostic_lines,
    diagnostics,
    errors,
    errors_in,
    run_hetero,
    write,
    write_bytes,
)

from hetero.validate import validate


@dataclass(frozen=True)
class Case:
    id: str
    path: str
    text: str
    line: int
    col: int
    words: tuple[str, ...]
    bug: str | None = None


def event_path(slug: str, day: str = "2026-12-22") -> str:
    return f"events/{day[:4]}/{day}-{slug}.md"


CASES: list[Case] = []


def case(
    id: str,
    text: str,
    at: tuple[int, int],
    words: tuple[str, ...],
    path: str | None = None,
    bug: str | None = None,
) -> None:
    """One mistake: the file, where the error must point (line, col) and words of its message."""
    CASES.append(Case(id, path or event_path(id), textwrap.dedent(text), *at, words, bug))


# --- YAML that does not parse -------------------------------------------------

case(
    "titik-dua-ganda",
    """\
    ---
    title: Kelas: Foto Produk
    format: online
    online:
      platform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    ---
    """,
    (2, 13),
    ("titik dua", "tanda kutip"),
)
case(
    "kurung-siku-terbuka",
    """\
    ---
    title: Kelas Uji
    format: online
    online:
      platform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    tags: [umkm, foto
    registration:
      url: https://forms.gle/abc123
    ---
    """,
    (8, 7),
    ("kurung siku",),
)
case(
    "kutip-terbuka",
    """\
    ---
    title: "Kelas Uji
    format: online
    online:
      platform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    ---
    """,
    (2, 8),
    ("kutip",),
)
case(
    "indentasi-tab",
    """\
    ---
    title: Kelas Uji
    format: online
    online:
    \tplatform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    ---
    """,
    (5, 1),
    ("karakter tab",),
)
case(
    "tab-setelah-spasi",
    """\
    ---
    title: Kelas Uji
    format: online
    online:
      platform: Zoom
    \turl: https://zoom.us/j/123
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    ---
    """,
    (6, 1),
    ("karakter tab",),
)
case(
    "karakter-kontrol",
    """\
    ---
    title: Kelas Uji
    format: online
    online:
      platform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    tags:
      - foto\x07produk
    ---
    """,
    (9, 9),
    ("karakter",),
)
case(
    "tanpa-penutup",
    """\
    ---
    title: Kelas Uji
    format: online
    online:
      platform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00

    Deskripsi acara tanpa garis penutup bagian data.
    """,
    (1, 1),
    ("ditutup", "---"),
)
case(
    "tanpa-pembuka",
    """\
    title: Kelas Uji
    format: online
    ---

    Deskripsi.
    """,
    (1, 1),
    ("baris pertama", "---"),
)
case("kosong", "", (1, 1), ("kosong",))
case("hanya-spasi", "   \n\n  \t \n", (1, 1), ("kosong",))
case("data-kosong", "---\n---\n\nHanya deskripsi.\n", (2, 1), ("kosong",))

# --- Keys, types and choices --------------------------------------------------

case(
    "kolom-ganda",
    """\
    ---
    title: Kelas Uji
    format: online
    online:
      platform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    registration:
      url: https://forms.gle/abc123
    title: Kelas Uji Lagi
    ---
    """,
    (10, 1),
    ("dua kali", "baris 2"),
)
case(
    "kolom-salah-eja",
    """\
    ---
    title: Kelas Uji
    format: online
    online:
      platform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    registraton:
      url: https://forms.gle/abc123
    ---
    """,
    (8, 1),
    ("tidak dikenal", "Maksud Anda `registration`?"),
)
case(
    "kolom-dalam-salah-eja",
    """\
    ---
    title: Kelas Uji
    format: online
    online:
      platform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    registration:
      url: https://forms.gle/abc123
      capasity: 30
    ---
    """,
    (10, 3),
    ("tidak dikenal", "Maksud Anda `capacity`?"),
)
case(
    "kolom-wajib-hilang",
    """\
    ---
    title: Kelas Uji
    branch: semarang
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    ---
    """,
    (2, 1),
    ("wajib", "`format`"),
)
case(
    "daftar-untuk-teks",
    """\
    ---
    title: [Kelas, Uji]
    format: online
    online:
      platform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    ---
    """,
    (2, 8),
    ("`title`", "teks"),
)
case(
    "teks-untuk-daftar",
    """\
    ---
    title: Kelas Uji
    format: online
    online:
      platform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    tags: fotografi
    ---
    """,
    (8, 7),
    ("`tags`", "daftar", "- "),
)
case(
    "pilihan-format",
    """\
    ---
    title: Kelas Uji
    format: ofline
    branch: semarang
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    ---
    """,
    (3, 9),
    ("pilihannya", "Maksud Anda `offline`?"),
)
case(
    "pilihan-status",
    """\
    ---
    title: Kelas Uji
    format: online
    online:
      platform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    status: canceled
    ---
    """,
    (8, 9),
    ("pilihannya", "Maksud Anda `cancelled`?"),
)
case(
    "tanggal-tanpa-jam",
    """\
    ---
    title: Kelas Uji
    format: online
    online:
      platform: Zoom
    start: 2026-12-22
    end: 2026-12-22 12:00
    ---
    """,
    (6, 8),
    ("`start`", "jam"),
)

# --- YAML tags and 1.1 surprises ----------------------------------------------

case(
    "tag-python",
    """\
    ---
    title: Kelas Uji
    format: online
    online:
      platform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    tags: !!python/object/apply:os.system ["echo dibobol"]
    ---
    """,
    (8, 7),
    ("tag YAML", "tidak diizinkan"),
)
case(
    "tag-str",
    """\
    ---
    title: !!str 2020
    format: online
    online:
      platform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    ---
    """,
    (2, 8),
    ("tag YAML", "tidak diizinkan"),
)
case(
    "biaya-titik-ribuan",
    """\
    ---
    title: Kelas Uji
    format: online
    online:
      platform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    registration:
      url: https://forms.gle/abc123
      fee: 50.000
    ---
    """,
    (10, 8),
    ("`fee`", "50000"),
)

# --- References ---------------------------------------------------------------

case(
    "cabang-tidak-ada",
    """\
    ---
    title: Kelas Uji
    format: offline
    branch: semarng
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    ---
    """,
    (4, 9),
    ("tidak ditemukan", "Maksud Anda `semarang`?"),
)
case(
    "ruang-tidak-ada",
    """\
    ---
    title: Kelas Uji
    format: offline
    branch: semarang
    room: ruang-rpat
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    ---
    """,
    (5, 7),
    ("tidak ditemukan", "Maksud Anda `ruang-rapat`?"),
)
case(
    "program-tidak-ada",
    """\
    ---
    title: Kelas Uji
    program: foto-produk
    format: online
    online:
      platform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    ---
    """,
    (3, 10),
    ("program", "tidak ditemukan", "Maksud Anda `foto-produk-umkm`?"),
)
case(
    "mitra-tidak-ada",
    """\
    ---
    title: Kelas Uji
    format: online
    online:
      platform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    partners:
      - dinkop-ukm-jateng
      - bank-jatim
    ---
    """,
    (10, 5),
    ("mitra", "tidak ditemukan", "Maksud Anda `bank-jateng`?"),
)
PROGRAM_HEAD = """\
title: Kelas Uji
pillar: mbangun
kind: class
summary: Kelas untuk menguji pemeriksa konten.
description: Deskripsi program.
"""
case(
    "program-cabang-tidak-ada",
    PROGRAM_HEAD + "branches:\n  - semarang\n  - solo-baru\n",
    (8, 5),
    ("cabang", "tidak ditemukan"),
    path="programs/program-cabang-tidak-ada.yml",
)
case(
    "program-mitra-tidak-ada",
    PROGRAM_HEAD + "partners:\n  - bank-jatim\n",
    (7, 5),
    ("mitra", "Maksud Anda `bank-jateng`?"),
    path="programs/program-mitra-tidak-ada.yml",
)

# --- File names ---------------------------------------------------------------

VALID_ONLINE = """\
---
title: Kelas Uji
format: online
online:
  platform: Zoom
start: 2026-12-22 09:00
end: 2026-12-22 12:00
registration:
  url: https://forms.gle/abc123
---

Deskripsi acara.
"""
case(
    "tanggal-nama-berkas",
    VALID_ONLINE.replace("2026-12-22", "2026-12-23"),
    (6, 8),
    ("nama berkas", "2026-12-22"),
)
case("nama-tanpa-tanggal", VALID_ONLINE, (1, 1), ("nama berkas",), path="events/2026/Kelas Uji Desember.md")
case("tanggal-mustahil", VALID_ONLINE, (1, 1), ("2026-02-30",), path="events/2026/2026-02-30-kelas-uji.md")
case(
    "folder-tahun-salah", VALID_ONLINE, (1, 1), ("events/2026/",), path="events/2027/2026-12-22-kelas-uji.md"
)

# --- Times ----------------------------------------------------------------------

case(
    "selesai-sebelum-mulai",
    """\
    ---
    title: Kelas Uji
    format: online
    online:
      platform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 08:00
    ---
    """,
    (7, 6),
    ("`end`", "setelah"),
)
case(
    "selesai-sama-dengan-mulai",
    """\
    ---
    title: Kelas Uji
    format: online
    online:
      platform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 09:00
    ---
    """,
    (7, 6),
    ("`end`", "setelah"),
)
case(
    "sesi-di-luar-acara",
    """\
    ---
    title: Kelas Uji
    format: online
    online:
      platform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    sessions:
      - start: 2026-12-22 09:00
        end: 2026-12-22 10:00
      - start: 2026-12-22 11:00
        end: 2026-12-22 13:00
    ---
    """,
    (11, 12),
    ("sesi", "di luar"),
)
case(
    "sesi-tumpang-tindih",
    """\
    ---
    title: Kelas Uji
    format: online
    online:
      platform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    sessions:
      - start: 2026-12-22 09:00
        end: 2026-12-22 10:30
        title: Pembukaan
      - start: 2026-12-22 10:00
        end: 2026-12-22 12:00
        title: Praktik
    ---
    """,
    (12, 12),
    ("sesi", "tumpang tindih"),
)
case(
    "pendaftaran-tutup-setelah-acara",
    """\
    ---
    title: Kelas Uji
    format: online
    online:
      platform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    registration:
      url: https://forms.gle/abc123
      closes: 2026-12-22 13:00
    ---
    """,
    (10, 11),
    ("`closes`", "selesai"),
)
case(
    "pendaftaran-buka-setelah-tutup",
    """\
    ---
    title: Kelas Uji
    format: online
    online:
      platform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    registration:
      url: https://forms.gle/abc123
      opens: 2026-12-20 10:00
      closes: 2026-12-19 10:00
    ---
    """,
    (10, 10),
    ("`opens`", "lebih awal"),
)
case(
    "pendaftaran-buka-setelah-acara-mulai",
    """\
    ---
    title: Kelas Uji
    format: online
    online:
      platform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    registration:
      url: https://forms.gle/abc123
      opens: 2026-12-22 10:00
    ---
    """,
    (10, 10),
    ("`opens`", "lebih awal"),
)
case(
    "jadwal-ulang-tanpa-jadwal-lama",
    """\
    ---
    title: Kelas Uji
    format: online
    online:
      platform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    status: rescheduled
    ---
    """,
    (8, 9),
    ("`previous_start`",),
)

# --- Numbers --------------------------------------------------------------------

for slug, value, words in [
    ("kapasitas-nol", "0", ("`capacity`", "lebih dari 0")),
    ("kapasitas-negatif", "-5", ("`capacity`", "lebih dari 0")),
]:
    case(
        slug,
        f"""\
---
title: Kelas Uji
format: online
online:
  platform: Zoom
start: 2026-12-22 09:00
end: 2026-12-22 12:00
registration:
  url: https://forms.gle/abc123
  capacity: {value}
---
""",
        (10, 13),
        words,
    )
case(
    "biaya-negatif",
    """\
    ---
    title: Kelas Uji
    format: online
    online:
      platform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    registration:
      url: https://forms.gle/abc123
      fee: -25000
    ---
    """,
    (10, 8),
    ("`fee`", "0"),
)

# --- Place ------------------------------------------------------------------------

case(
    "offline-tanpa-cabang",
    """\
    ---
    title: Kelas Uji
    format: offline
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    ---
    """,
    (3, 9),
    ("`branch`",),
)
case(
    "hybrid-tanpa-cabang",
    """\
    ---
    title: Kelas Uji
    format: hybrid
    online:
      platform: YouTube Live
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    ---
    """,
    (3, 9),
    ("`branch`",),
)
case(
    "online-tanpa-peta-online",
    """\
    ---
    title: Kelas Uji
    format: online
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    ---
    """,
    (3, 9),
    ("`online`", "`platform`"),
)
case(
    "online-dengan-ruang",
    """\
    ---
    title: Kelas Uji
    format: online
    online:
      platform: Zoom
    room: aula
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    ---
    """,
    (6, 7),
    ("online", "`room`"),
)
case(
    "sebelum-cabang-buka",
    """\
    ---
    title: Kelas Uji
    format: offline
    branch: semarang
    start: 2019-12-01 09:00
    end: 2019-12-01 12:00
    attendance: 20
    ---
    """,
    (5, 8),
    ("semarang", "2020-01-31"),
    path=event_path("sebelum-cabang-buka", "2019-12-01"),
)
case(
    "cabang-direncanakan",
    """\
    ---
    title: Kelas Uji
    format: offline
    branch: banyumas
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    ---
    """,
    (4, 9),
    ("banyumas", "belum dibuka"),
)

# --- URLs, WhatsApp, images -----------------------------------------------------

case(
    "url-pendaftaran-http",
    """\
    ---
    title: Kelas Uji
    format: online
    online:
      platform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    registration:
      url: http://forms.gle/abc123
    ---
    """,
    (9, 8),
    ("https://",),
)
case(
    "url-online-http",
    """\
    ---
    title: Kelas Uji
    format: online
    online:
      platform: Zoom
      url: http://zoom.us/j/123456
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    ---
    """,
    (6, 8),
    ("https://",),
)
case(
    "url-program-http",
    PROGRAM_HEAD + "registration:\n  url: http://forms.gle/program\n",
    (7, 8),
    ("https://",),
    path="programs/url-program-http.yml",
)
case(
    "whatsapp-nol",
    """\
    ---
    title: Kelas Uji
    format: online
    online:
      platform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    registration:
      whatsapp: 0812-3456-7890
    ---
    """,
    (9, 13),
    ("+62",),
)
case(
    "whatsapp-cabang-berspasi",
    """\
    ---
    name: Hetero Space Kudus
    city: Kudus
    status: planned
    contact:
      whatsapp: "+62 812 3456 7890"
    ---
    """,
    (6, 13),
    ("+62", "spasi"),
    path="content/branches/whatsapp-cabang-berspasi.md",
)
case(
    "gambar-tidak-ada",
    """\
    ---
    title: Kelas Uji
    format: online
    online:
      platform: Zoom
    start: 2026-12-22 09:00
    end: 2026-12-22 12:00
    image: images/acara/tidak-ada.jpg
    ---
    """,
    (8, 8),
    ("gambar", "images/acara/tidak-ada.jpg"),
)
case(
    "gambar-program-tidak-ada",
    PROGRAM_HEAD + "image: images/program/tidak-ada.jpg\n",
    (6, 8),
    ("gambar",),
    path="programs/gambar-program-tidak-ada.yml",
)


CASES_BY_ID = {c.id: c for c in CASES}


def _param(c: Case):
    marks = [pytest.mark.xfail(strict=True, reason=f"BUG: {c.bug}")] if c.bug else []
    return pytest.param(c, id=c.id, marks=marks)


@pytest.mark.parametrize("c", [_param(c) for c in CASES])
def test_each_mistake_is_reported_at_its_place(repo: Path, c: Case) -> None:
    write(repo, c.path, c.text)
    found = errors_in(repo, c.path)
    assert [(d.path, d.line, d.col) for d in found] == [(c.path, c.line, c.col)], found
    for word in c.words:
        assert word in found[0].message
    assert "Traceback" not in found[0].message


def test_all_mistakes_in_one_command_run(repo: Path) -> None:
    """Every error of every file in one run, sorted by file then line, no traceback."""
    cases = [c for c in CASES if c.bug is None]
    for c in cases:
        write(repo, c.path, c.text)
    result = run_hetero(repo, "validate", "--now", NOW_TEXT)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = diagnostic_lines(result.stdout)
    for c in cases:
        prefix = f"{c.path}:{c.line}:{c.col}: error: "
        matching = [line for line in lines if line.startswith(prefix)]
        assert len(matching) == 1, (prefix, lines)
        assert all(word in matching[0] for word in c.words)
    assert len(lines) == len(cases)
    positions = []
    for line in lines:
        path, number, col, _ = line.split(":", 3)
        positions.append((path, int(number), int(col)))
    assert positions == sorted(positions)


def test_errors_in_one_file_sorted_by_line_number(repo: Path) -> None:
    """Line 10 comes after line 3 (numbers, not text)."""
    path = event_path("dua-kesalahan")
    write(
        repo,
        path,
        """\
        ---
        title: Kelas Uji
        format: onlin
        online:
          platform: Zoom
        start: 2026-12-22 09:00
        end: 2026-12-22 12:00
        registration:
          url: https://forms.gle/abc123
          fee: 25.000
        ---
        """,
    )
    result = run_hetero(repo, "validate", "--now", NOW_TEXT)
    assert result.returncode == 1
    lines = diagnostic_lines(result.stdout)
    assert [line.split(": error:")[0] for line in lines] == [f"{path}:3:9", f"{path}:10:8"]


# --- Cases that need more than one file, or bytes -----------------------------


def test_latin1_byte_points_at_the_byte(repo: Path) -> None:
    path = event_path("latin-1")
    write_bytes(repo, path, b"---\ntitle: Kafe Ria\nformat: online\ntags:\n  - caf\xe9\n---\n")
    found = errors_in(repo, path)
    assert [(d.line, d.col) for d in found] == [(5, 8)]
    assert "UTF-8" in found[0].message


def test_latin1_byte_column_counts_characters(repo: Path) -> None:
    path = event_path("latin-1-campur")
    # "title: Kafé Ria " is 16 characters (17 bytes); the bad byte is character 17.
    write_bytes(repo, path, "---\ntitle: Kafé Ria ".encode() + b"\xe9\n---\n")
    found = errors_in(repo, path)
    assert [(d.line, d.col) for d in found] == [(2, 17)]


def test_utf8_bom_and_crlf_are_accepted_and_lines_still_count(repo: Path) -> None:
    path = event_path("bom-crlf")
    text = textwrap.dedent(VALID_ONLINE).replace("format: online", "format: onlien")
    write_bytes(repo, path, b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    found = errors_in(repo, path)
    assert [(d.line, d.col) for d in found] == [(3, 9)]
    assert "Maksud Anda `online`?" in found[0].message
    write_bytes(repo, path, b"\xef\xbb\xbf" + VALID_ONLINE.replace("\n", "\r\n").encode())
    assert errors(repo) == []


def test_alias_bomb_is_refused_quickly(repo: Path) -> None:
    path = event_path("bom-alias")
    levels = ["tags: &a [" + ", ".join(['"ha"'] * 10) + "]"]
    for name, previous in zip("bcdefghij", "abcdefghi", strict=True):
        levels.append(f"x{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    # Lines 1-7 are the head, line 8 the anchor, the alias lines are 9 to 17
    # (10**10 values in all).
    head = VALID_ONLINE.split("registration:")[0]
    write(repo, path, head + "\n".join(levels) + "\n---\n")
    started = time.monotonic()
    found = errors_in(repo, path)
    assert time.monotonic() - started < 5
    assert len(found) == 1
    assert 9 <= found[0].line <= 17
    assert "alias" in found[0].message


def test_small_alias_is_accepted(repo: Path) -> None:
    path = event_path("alias-kecil")
    write(
        repo,
        path,
        """\
        ---
        title: Kelas Uji
        format: online
        online:
          platform: Zoom
        start: 2026-12-22 09:00
        end: 2026-12-22 12:00
        registration:
          url: https://forms.gle/abc123
        sessions:
          - start: 2026-12-22 09:00
            end: 2026-12-22 10:00
            title: &judul Praktik Memotret
          - start: 2026-12-22 10:00
            end: 2026-12-22 12:00
            title: *judul
        ---
        """,
    )
    catalog, found = validate(repo, NOW)
    assert [d for d in found if d.path == path] == []
    event = _event(catalog, path)
    assert [s.title for s in event.data.sessions] == ["Praktik Memotret", "Praktik Memotret"]


def _event(catalog, path: str):
    stem = Path(path).stem
    (event,) = [e for e in catalog.events if e.id == stem]
    return event


def test_yaml_11_words_keep_what_was_typed(repo: Path) -> None:
    """`no`, `on`, dates and `+62...` numbers stay the text the person typed."""
    no_path = event_path("judul-no")
    on_path = event_path("judul-on")
    for path, title in ((no_path, "no"), (on_path, "on")):
        write(
            repo,
            path,
            f"""\
            ---
            title: {title}
            format: online
            online:
              platform: Zoom
            start: 2026-12-22 09:00
            end: 2026-12-22 12:00
            registration:
              whatsapp: +6281234567890
            tags: [2020-01-31, off, yes, 1e3]
            ---
            """,
        )
    catalog, found = validate(repo, NOW)
    assert [d for d in found if d.severity == "error"] == []
    for path, title in ((no_path, "no"), (on_path, "on")):
        event = _event(catalog, path)
        assert event.data.title == title
        assert event.data.tags == ["2020-01-31", "off", "yes", "1e3"]
        assert event.data.registration.whatsapp == "+6281234567890"


def test_branch_hours_stay_clock_times(repo: Path) -> None:
    write(
        repo,
        "content/branches/kudus.md",
        """\
        ---
        name: Hetero Space Kudus
        city: Kudus
        status: open
        opened: 2024-05-02
        address:
          street: Jl. Sunan Kudus 1
        hours:
          - days: Senin-Jumat
            open: 09:00
            close: 17:30
        ---

        Cabang Kudus.
        """,
    )
    catalog, found = validate(repo, NOW)
    assert [d for d in found if d.severity == "error"] == []
    hours = catalog.branches["kudus"].data.hours
    assert (hours[0].open, hours[0].close) == ("09:00", "17:30")


def test_hours_with_a_dot_is_refused(repo: Path) -> None:
    path = "content/branches/kudus.md"
    write(
        repo,
        path,
        """\
        ---
        name: Hetero Space Kudus
        city: Kudus
        status: planned
        hours:
          - days: Senin-Jumat
            open: 9.00
            close: 17:30
        ---
        """,
    )
    found = errors_in(repo, path)
    assert [(d.line, d.col) for d in found] == [(7, 11)]
    assert "09:00" in found[0].message


def test_offset_is_kept(repo: Path) -> None:
    path = event_path("waktu-wita")
    write(
        repo,
        path,
        """\
        ---
        title: Kelas dari Makassar
        format: online
        online:
          platform: Zoom
        start: 2026-12-22 15:00+08:00
        end: 2026-12-22 17:00+08:00
        registration:
          url: https://forms.gle/abc123
        ---
        """,
    )
    catalog, found = validate(repo, NOW)
    assert [d for d in found if d.path == path] == []
    start = _event(catalog, path).data.start
    assert start.utcoffset() == timedelta(hours=8)
    assert (start.hour, start.minute) == (15, 0)


def test_duplicate_program_id(repo: Path) -> None:
    write(repo, "programs/kelas-uji.yml", PROGRAM_HEAD)
    write(repo, "programs/kelas-uji.yaml", PROGRAM_HEAD)
    found = errors(repo)
    assert len(found) == 1
    (error,) = found
    assert (error.line, error.col) == (1, 1)
    paths = {"programs/kelas-uji.yml", "programs/kelas-uji.yaml"}
    assert error.path in paths
    (other,) = paths - {error.path}
    assert other in error.message
    assert "kelas-uji" in error.message


def test_partner_url_must_be_https(repo: Path) -> None:
    partners = repo / "content/partners.yml"
    existing = partners.read_text(encoding="utf-8")
    assert existing.endswith("\n")
    first_new_line = existing.count("\n") + 1
    partners.write_text(
        existing + "mitra-uji:\n  name: Mitra Uji\n  kind: company\n  url: http://mitra-uji.id\n",
        encoding="utf-8",
    )
    found = errors_in(repo, "content/partners.yml")
    assert [(d.line, d.col) for d in found] == [(first_new_line + 3, 8)]
    assert "https://" in found[0].message


def test_event_at_closed_branch(repo: Path) -> None:
    branch = repo / "content/branches/banyumas.md"
    text = branch.read_text(encoding="utf-8")
    assert "status: planned" in text
    branch.write_text(text.replace("status: planned", "status: closed"), encoding="utf-8")
    path = event_path("cabang-tutup")
    write(repo, path, CASES_BY_ID["cabang-direncanakan"].text)
    found = errors_in(repo, path)
    assert [(d.line, d.col) for d in found] == [(4, 9)]
    assert "banyumas" in found[0].message
    assert "tutup" in found[0].message


ROOM_EVENT = """\
---
title: {title}
format: offline
branch: semarang
room: ruang-rapat
start: 2026-12-22 {start}
end: 2026-12-22 {end}
registration:
  url: https://forms.gle/abc123
{status}---
"""


def test_room_double_booking(repo: Path) -> None:
    first = event_path("rapat-pagi")
    second = event_path("rapat-siang")
    write(repo, first, ROOM_EVENT.format(title="Rapat Pagi", start="09:00", end="11:00", status=""))
    write(repo, second, ROOM_EVENT.format(title="Rapat Siang", start="10:30", end="12:00", status=""))
    found = errors(repo)
    assert len(found) == 1
    (error,) = found
    assert error.path in (first, second)
    assert (error.line, error.col) == (5, 7)
    other = first if error.path == second else second
    assert other in error.message
    assert "ruang-rapat" in error.message


@pytest.mark.parametrize("cancelled", ["rapat-pagi", "rapat-siang"])
def test_room_double_booking_with_a_cancelled_event_is_fine(repo: Path, cancelled: str) -> None:
    for slug, start, end in (("rapat-pagi", "09:00", "11:00"), ("rapat-siang", "10:30", "12:00")):
        status = "status: cancelled\n" if slug == cancelled else ""
        write(repo, event_path(slug), ROOM_EVENT.format(title=slug, start=start, end=end, status=status))
    assert errors(repo) == []


def test_back_to_back_bookings_are_fine(repo: Path) -> None:
    write(repo, event_path("rapat-pagi"), ROOM_EVENT.format(title="A", start="09:00", end="11:00", status=""))
    write(
        repo, event_path("rapat-siang"), ROOM_EVENT.format(title="B", start="11:00", end="12:00", status="")
    )
    assert errors(repo) == []


def test_existing_image_is_accepted(repo: Path) -> None:
    write_bytes(repo, "content/images/acara/uji.jpg", b"\xff\xd8\xff\xe0 not really a jpeg")
    write(
        repo,
        event_path("gambar-ada"),
        VALID_ONLINE.replace("---\n\n", "image: images/acara/uji.jpg\n---\n\n"),
    )
    assert errors(repo) == []


@pytest.mark.parametrize("outside", ["../rahasia.jpg", "{root}/rahasia.jpg"])
def test_image_outside_content_is_refused(repo: Path, outside: str) -> None:
    write_bytes(repo, "rahasia.jpg", b"\xff\xd8\xff\xe0")
    path = event_path("gambar-di-luar")
    image = outside.format(root=repo.as_posix())
    write(repo, path, VALID_ONLINE.replace("---\n\n", f"image: {image}\n---\n\n"))
    found = errors_in(repo, path)
    assert [(d.line, d.col) for d in found] == [(10, 8)]
    assert "content/" in found[0].message


def test_every_overlapping_session_is_reported(repo: Path) -> None:
    path = event_path("sesi-bertumpuk")
    write(
        repo,
        path,
        """\
        ---
        title: Kelas Uji
        format: online
        online:
          platform: Zoom
        start: 2026-12-22 09:00
        end: 2026-12-22 12:00
        registration:
          url: https://forms.gle/abc123
        sessions:
          - start: 2026-12-22 09:00
            end: 2026-12-22 12:00
          - start: 2026-12-22 09:30
            end: 2026-12-22 10:00
          - start: 2026-12-22 10:30
            end: 2026-12-22 11:00
        ---
        """,
    )
    found = errors_in(repo, path)
    assert [(d.line, d.col) for d in found] == [(13, 12), (15, 12)]
    assert all("tumpang tindih" in d.message for d in found)


def test_value_and_reference_errors_of_one_file_in_one_run(repo: Path) -> None:
    path = event_path("dua-jenis")
    write(
        repo,
        path,
        """\
        ---
        title: Kelas Uji
        format: offline
        branch: semarng
        start: 2026-12-22 09:00
        end: 2026-12-22 12:00
        registration:
          url: https://forms.gle/abc123
          fee: 50.000
        ---
        """,
    )
    found = errors_in(repo, path)
    assert [(d.line, d.col) for d in found] == [(4, 9), (9, 8)]


def test_missing_folders_are_tolerated(tmp_path: Path) -> None:
    """A repository with no content yet is not an error (and does not crash)."""
    assert diagnostics(tmp_path) == []


def test_stray_file_in_events_folder(repo: Path) -> None:
    write(repo, "events/2026/catatan.txt", "catatan rapat\n")
    found = errors_in(repo, "events/2026/catatan.txt")
    assert [(d.line, d.col) for d in found] == [(1, 1)]
    assert "nama berkas" in found[0].message
