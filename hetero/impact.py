"""The impact report ("Dampak"): figures counted from the catalog at build time.

Everything here is a pure function of the catalog and `now`: the figures, the
bar charts (inline SVG drawn in Python, no script and no chart library), and
the same figures as CSV and JSON downloads for government reporting. The same
content at the same `now` gives the same bytes.

"Held" is `facts.is_held`, the definition the archive and the home page
count with too.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Literal

from markupsafe import Markup
from pydantic import Field

from hetero.catalog import Catalog, EventRecord
from hetero.facts import HELD_DEFINITION, HELD_NOTE, attendance_mode, event_year, format_number, held_events
from hetero.models import WIB
from hetero.safetext import CleanModel, clean_text, json_file, json_schema_file
from hetero.stories import is_published
from hetero.timefmt import TZID, format_datetime, format_month, format_short_date
from hetero.views import FORMAT_LABELS, PILLAR_LABELS

STARTUP_CLASS = "kelas-startup-3-hari"

# Site paths of the page and its downloads.
PAGE_URL = "dampak/"
CSV_PATH = "dampak/dampak.csv"
JSON_PATH = "dampak/dampak.json"
SCHEMA_PATH = "dampak/dampak.schema.json"

NO_BRANCH = "Daring (tanpa cabang)"
NO_PROGRAM = "Acara mandiri (tanpa program)"

CATEGORY_LABELS = {
    "kuliner": "Kuliner",
    "fashion": "Fesyen",
    "kriya": "Kriya",
    "film": "Film",
    "musik": "Musik",
    "aplikasi": "Aplikasi dan digital",
    "jasa": "Jasa",
    "pertanian": "Pertanian",
    "pendidikan": "Pendidikan",
    "lainnya": "Lainnya",
}


# The column headings of each chart's table: what the label is, what is counted.
TABLE_HEADINGS = {
    "acara-per-tahun": ("Tahun", "Acara"),
    "acara-per-bulan": ("Bulan", "Acara"),
    "acara-per-format": ("Format", "Acara"),
    "acara-per-cabang": ("Cabang", "Acara"),
    "acara-per-pilar": ("Pilar", "Acara"),
    "acara-per-program": ("Program", "Acara"),
    "peserta-per-tahun": ("Tahun", "Peserta"),
    "kelas-startup-per-angkatan": ("Angkatan (bulan mulai)", "Peserta"),
    "usaha-per-kategori": ("Kategori", "Usaha"),
}


@dataclass(frozen=True)
class Figure:
    """One number: a stable key within its section, the words shown, the value."""

    key: str
    label: str
    value: int
    unit: str


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    note: str
    figures: tuple[Figure, ...]
    # Drawn as a bar chart with its table; otherwise shown as a table only.
    chart: bool = True


@dataclass(frozen=True)
class Impact:
    now: datetime
    sections: tuple[Section, ...]

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)


def _month_key(moment: datetime) -> tuple[int, int]:
    local = moment.astimezone(WIB)
    return (local.year, local.month)


def _month_label(year: int, month: int) -> str:
    return format_month(datetime(year, month, 1, tzinfo=WIB))


def _last_months(now: datetime, count: int = 12) -> list[tuple[int, int]]:
    """The `count` calendar months up to and including the month of `now`, oldest first."""
    year, month = _month_key(now)
    months = []
    for _ in range(count):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _ranked(counts: Counter[str], labels: dict[str, str], unit: str, last: str | None = None) -> tuple:
    """Figures by value, largest first, then by label; the key `last` (if any) goes at the end."""
    keys = sorted(labels, key=lambda k: (k == last, -counts[k], labels[k]))
    return tuple(Figure(k, labels[k], counts[k], unit) for k in keys)


def _events_per(counts: Counter[str], names: dict[str, str], without: str) -> tuple[Figure, ...]:
    """Events per branch or program, most first; those with none (key "") last as `without`."""
    labels = {**names, "": without} if counts[""] else names
    return _ranked(counts, labels, "acara", last="")


def _summary(catalog: Catalog, held: list[EventRecord], now: datetime) -> Section:
    startup = [e for e in held if e.data.program == STARTUP_CLASS]
    published = [s for s in catalog.showcase.values() if is_published(s.data, now)]
    figures = [
        Figure("acara-terselenggara", "Acara terselenggara", len(held), "acara"),
        Figure("peserta-tercatat", "Peserta tercatat", sum(e.data.attendance or 0 for e in held), "orang"),
        Figure(
            "acara-dengan-data-peserta",
            "Acara dengan jumlah peserta tercatat",
            sum(1 for e in held if e.data.attendance is not None),
            "acara",
        ),
    ]
    if STARTUP_CLASS in catalog.programs:
        figures += [
            Figure("kelas-startup-angkatan", "Angkatan Kelas Startup 3 Hari", len(startup), "angkatan"),
            Figure(
                "kelas-startup-peserta",
                "Peserta Kelas Startup 3 Hari",
                sum(e.data.attendance or 0 for e in startup),
                "orang",
            ),
        ]
    figures += [
        Figure(
            "cerita-alumni",
            "Cerita alumni",
            sum(1 for s in catalog.stories.values() if is_published(s.data, now)),
            "cerita",
        ),
        Figure("usaha-etalase", "Usaha anggota di etalase", len(published), "usaha"),
        Figure(
            "wilayah-etalase",
            "Kabupaten/kota asal usaha di etalase",
            len({s.data.city for s in published}),
            "kabupaten/kota",
        ),
    ]
    note = f"Angka utama per tanggal data; acara terselenggara {HELD_NOTE}."
    return Section("ringkasan", "Ringkasan", note, tuple(figures), chart=False)


def compute(catalog: Catalog, now: datetime) -> Impact:
    """Every figure of the impact report at `now`."""
    held = held_events(catalog, now)
    sections = [_summary(catalog, held, now)]

    first_year = min((event_year(e) for e in held), default=now.year)
    years = list(range(first_year, _month_key(now)[0] + 1))
    by_year = Counter(event_year(e) for e in held)
    sections.append(
        Section(
            "acara-per-tahun",
            "Acara per tahun",
            f"Acara yang terselenggara setiap tahun, menurut tanggal mulainya ({HELD_NOTE}).",
            tuple(Figure(str(y), str(y), by_year[y], "acara") for y in years),
        )
    )
    by_month = Counter(_month_key(e.data.start) for e in held)
    sections.append(
        Section(
            "acara-per-bulan",
            "Acara per bulan (12 bulan terakhir)",
            "Acara yang terselenggara setiap bulan dalam dua belas bulan terakhir, termasuk bulan ini.",
            tuple(
                Figure(f"{y}-{m:02d}", _month_label(y, m), by_month[(y, m)], "acara")
                for y, m in _last_months(now)
            ),
        )
    )
    current = _month_key(now)
    all_months = [(y, m) for y in years for m in range(1, 13) if (y, m) <= current]
    sections.append(
        Section(
            "acara-per-tahun-bulan",
            "Acara per tahun dan bulan",
            "Jumlah acara yang terselenggara pada setiap bulan sejak acara pertama.",
            tuple(
                Figure(f"{y}-{m:02d}", _month_label(y, m), by_month[(y, m)], "acara") for y, m in all_months
            ),
            chart=False,
        )
    )
    # How each event was held: one moved online counts as online.
    by_format = Counter(attendance_mode(e) for e in held)
    sections.append(
        Section(
            "acara-per-format",
            "Acara per format",
            "Luring (tatap muka), daring (online) atau hibrida (keduanya sekaligus).",
            tuple(Figure(k, label, by_format[k], "acara") for k, label in FORMAT_LABELS.items()),
        )
    )
    by_branch = Counter(e.data.branch or "" for e in held)
    branch_names = {b.id: b.data.name for b in catalog.branches.values()}
    sections.append(
        Section(
            "acara-per-cabang",
            "Acara per cabang",
            "Cabang tempat acara luring dan hibrida; acara daring tanpa cabang dihitung tersendiri.",
            _events_per(by_branch, branch_names, NO_BRANCH),
        )
    )
    pillar_of = {p.id: p.data.pillar for p in catalog.programs.values()}
    by_pillar = Counter(pillar_of.get(e.data.program or "", "") for e in held)
    pillar_figures = [
        Figure(key, f"{name} ({tagline.lower()})", by_pillar[key], "acara")
        for key, (name, tagline) in PILLAR_LABELS.items()
    ]
    if by_pillar[""]:
        pillar_figures.append(Figure("", NO_PROGRAM, by_pillar[""], "acara"))
    sections.append(
        Section(
            "acara-per-pilar",
            "Acara per pilar",
            "Srawung (bertemu dan berdiskusi), Mbangun (belajar) dan Melesat (melaju lebih cepat), "
            "menurut program acaranya.",
            tuple(pillar_figures),
        )
    )
    by_program = Counter(e.data.program or "" for e in held)
    program_titles = {p.id: p.data.title for p in catalog.programs.values()}
    sections.append(
        Section(
            "acara-per-program",
            "Acara per program",
            "Berapa kali setiap program sudah berjalan.",
            _events_per(by_program, program_titles, NO_PROGRAM),
        )
    )
    attendance_by_year: Counter[int] = Counter()
    for event in held:
        attendance_by_year[event_year(event)] += event.data.attendance or 0
    sections.append(
        Section(
            "peserta-per-tahun",
            "Peserta tercatat per tahun",
            "Jumlah peserta hadir yang dicatat pengelola setelah setiap acara.",
            tuple(Figure(str(y), str(y), attendance_by_year[y], "orang") for y in years),
        )
    )
    if STARTUP_CLASS in catalog.programs:
        batches = [e for e in held if e.data.program == STARTUP_CLASS]
        sections.append(
            Section(
                "kelas-startup-per-angkatan",
                "Peserta Kelas Startup 3 Hari per angkatan",
                f"{format_number(len(batches))} angkatan sudah berjalan; "
                "angkatan tanpa catatan peserta tertulis 0.",
                tuple(
                    Figure(e.id, format_month(e.data.start), e.data.attendance or 0, "orang") for e in batches
                ),
            )
        )
    published = [s for s in catalog.showcase.values() if is_published(s.data, now)]
    by_category = Counter(s.data.category for s in published)
    sections.append(
        Section(
            "usaha-per-kategori",
            "Usaha anggota per kategori",
            "Usaha anggota yang tampil di Etalase, menurut kategorinya.",
            _ranked(by_category, dict(CATEGORY_LABELS), "usaha"),
        )
    )
    return Impact(now, tuple(sections))


# --- Charts -------------------------------------------------------------------

# The chart is drawn in a 320-unit-wide box: at a phone's 360 px screen it
# shows at about its own size, so 13-unit text reads as 13 px; CSS caps its
# width on wider screens. Each bar has its label on the line above it, so
# long program names need no room beside the bars.
CHART_WIDTH = 320
ROW_HEIGHT = 40
FONT_SIZE = 13
BAR_HEIGHT = 14
VALUE_ROOM = 56
MAX_LABEL = 44
BAR_COLOUR = "#0f5b66"


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def chart_description(section: Section) -> str:
    """What the chart shows, in words, for screen readers."""
    items = "; ".join(f"{f.label}: {format_number(f.value)} {f.unit}" for f in section.figures)
    return f"Diagram batang {section.title.lower()}. {items}."


def bar_chart(section: Section) -> Markup:
    """A horizontal bar chart as inline SVG, labelled for screen readers."""
    chart_id = f"grafik-{section.id}"
    largest = max((f.value for f in section.figures), default=0) or 1
    room = CHART_WIDTH - VALUE_ROOM
    height = len(section.figures) * ROW_HEIGHT
    parts = [
        f'<svg class="hs-chart__svg" role="img" aria-labelledby="{chart_id}-judul {chart_id}-uraian" '
        f'viewBox="0 0 {CHART_WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="{FONT_SIZE}">',
        f'<title id="{chart_id}-judul">{escape(section.title)}</title>',
        f'<desc id="{chart_id}-uraian">{escape(chart_description(section))}</desc>',
    ]
    for index, figure in enumerate(section.figures):
        top = index * ROW_HEIGHT
        width = round(figure.value / largest * room, 1)
        if figure.value and width < 2:
            width = 2
        parts.append(
            f'<text x="0" y="{top + 14}" fill="currentColor">{escape(_short(figure.label))}</text>'
            f'<rect x="0" y="{top + 19}" width="{width:g}" height="{BAR_HEIGHT}" rx="2" fill="{BAR_COLOUR}"/>'
            f'<text x="{width + 6:g}" y="{top + 31}" fill="currentColor" font-weight="700">'
            f"{format_number(figure.value)}</text>"
        )
    parts.append("</svg>")
    return Markup("\n".join(parts))


def year_month_grid(section: Section) -> tuple[list[dict], list[dict]]:
    """The per-month figures as rows of years and twelve month columns ("–" for months to come)."""
    by_key = {f.key: f.value for f in section.figures}
    years = sorted({key[:4] for key in by_key})
    months = [
        {
            "short": format_short_date(datetime(2000, m, 1, tzinfo=WIB)).split()[1],
            "name": format_month(datetime(2000, m, 1, tzinfo=WIB)).split()[0],
        }
        for m in range(1, 13)
    ]
    rows = []
    for year in years:
        cells = [by_key.get(f"{year}-{m:02d}") for m in range(1, 13)]
        rows.append(
            {
                "year": year,
                "cells": ["–" if c is None else format_number(c) for c in cells],
                "total": format_number(sum(c or 0 for c in cells)),
            }
        )
    return months, rows


# --- Downloads ----------------------------------------------------------------


# What makes a spreadsheet read a cell as a formula (OWASP "CSV injection").
# OWASP lists tab and CR too: `clean_text` turns those into spaces, and the
# check below looks past leading white space.
_FORMULA_START = ("=", "+", "-", "@")


def csv_text(text: str) -> str:
    """A text cell a spreadsheet shows as text: a would-be formula gets a leading `'`.

    Labels are names staff typed (branches, programs), so `=HYPERLINK(...)`
    must not run when the report is opened in Excel or LibreOffice. The
    check looks past leading white space, which some importers trim.
    Numbers are written as numbers, never through here, so `-5` stays one.
    """
    text = clean_text(text)
    return "'" + text if text.lstrip().startswith(_FORMULA_START) else text


def impact_csv(impact: Impact) -> bytes:
    """One row per figure: section, label, value and the date of the data.

    UTF-8 with a byte order mark, so Excel reads the letters right, and
    Windows line ends, as RFC 4180 and Excel expect.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["bagian", "uraian", "nilai", "per_tanggal"])
    as_of = impact.now.astimezone(WIB).date().isoformat()
    for section in impact.sections:
        for figure in section.figures:
            writer.writerow([csv_text(section.title), csv_text(figure.label), figure.value, as_of])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


class FigureItem(CleanModel):
    """Satu angka."""

    key: str = Field(
        description="Kunci tetap angka ini di dalam bagiannya: tahun (`2024`), bulan (`2024-05`), "
        "format (`online`), id cabang, pilar, program, kategori atau acara; kosong untuk "
        "acara tanpa cabang atau tanpa program."
    )
    label: str = Field(description="Uraian angka dalam bahasa Indonesia, sama dengan di halaman.")
    value: int = Field(ge=0, description="Nilainya, bilangan bulat.")
    unit: str = Field(
        description="Satuan: `acara`, `orang`, `angkatan`, `cerita`, `usaha` atau `kabupaten/kota`."
    )


class SectionItem(CleanModel):
    """Satu bagian laporan, misalnya acara per tahun."""

    id: str = Field(description="Id tetap bagian ini, misalnya `acara-per-tahun`.")
    title: str = Field(description="Judul bagian, sama dengan di halaman dan di kolom `bagian` berkas CSV.")
    description: str = Field(description="Apa yang dihitung di bagian ini.")
    figures: list[FigureItem] = Field(description="Angka-angka bagian ini, dalam urutan di halaman.")


class ImpactReport(CleanModel):
    """Laporan dampak Hetero Space: angka yang dihitung dari data acara dan anggota saat situs dibangun."""

    version: Literal[1] = Field(
        description="Versi format berkas ini; naik hanya bila ada perubahan yang tidak cocok dengan versi "
        "sebelumnya."
    )
    generated_for: datetime = Field(
        description="Tanggal dan jam data (ISO 8601 dengan zona): acara yang selesai sampai waktu ini "
        "dihitung."
    )
    timezone: Literal["Asia/Jakarta"] = Field(description="Zona waktu (WIB, UTC+7).")
    held_definition: str = Field(description="Arti `acara terselenggara` dalam laporan ini.")
    sections: list[SectionItem] = Field(description="Bagian-bagian laporan, dalam urutan di halaman.")


def report(impact: Impact) -> ImpactReport:
    return ImpactReport(
        version=1,
        generated_for=impact.now,
        timezone=TZID,
        held_definition=HELD_DEFINITION,
        sections=[
            SectionItem(
                id=s.id,
                title=s.title,
                description=s.note,
                figures=[FigureItem(key=f.key, label=f.label, value=f.value, unit=f.unit) for f in s.figures],
            )
            for s in impact.sections
        ],
    )


def impact_json(impact: Impact) -> bytes:
    return json_file(report(impact).model_dump(mode="json"))


def impact_json_schema() -> bytes:
    return json_schema_file(ImpactReport, "Laporan dampak Hetero Space")


def impact_files(impact: Impact) -> dict[str, bytes]:
    """The downloads, by path in the docs folder."""
    return {
        CSV_PATH: impact_csv(impact),
        JSON_PATH: impact_json(impact),
        SCHEMA_PATH: impact_json_schema(),
    }


def as_of_text(impact: Impact) -> str:
    """`Selasa, 24 November 2026, 12.00 WIB`."""
    return format_datetime(impact.now.astimezone(WIB))
