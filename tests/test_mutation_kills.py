"""Tests that kill mutants `make mutate` found surviving (docs/quality.md, "Mutation testing").

Each test asserts what a person sees or gets: the line, column and words of
an error, a rendered value, the state of a registration button. They run in
this process, so mutmut can link them to the functions they reach (a
`python -m hetero` subprocess imports the installed package, never a mutant).
"""

from __future__ import annotations

import re
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import write
from test_calendar import NOW, SITE, make_catalog, make_event

from hetero.calendar import calendar_files
from hetero.catalog import Catalog, EventRecord, Record
from hetero.models import WIB, Registration
from hetero.registration import effective_registration, registration_state
from hetero.structured import branch_jsonld, event_jsonld, image_for, program_jsonld, social, website_jsonld
from hetero.timefmt import format_clock, format_datetime, format_month, format_short_date
from hetero.validate import validate
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


def test_tags_are_shown_as_staff_wrote_them() -> None:
    refused = "tidak diizinkan; hapus tag itu dan tulis nilainya saja"
    assert _problem("a: !!str 1\n") == (1, 4, f"tag YAML `!!str` {refused}")
    assert _problem("a: !rahasia x\n") == (1, 4, f"tag YAML `!rahasia` {refused}")


def test_key_that_is_not_plain_text_is_refused_at_the_key() -> None:
    assert _problem("a: 1\n[b]: 2\n") == (2, 1, "nama kolom harus teks biasa")


def test_a_tagged_key_is_refused_at_the_key() -> None:
    assert _problem("!!str nama: x\n") == (1, 1, "nama kolom harus teks biasa")


def test_an_alias_without_its_anchor_is_refused_where_it_is_used() -> None:
    assert _problem("a: 1\nb: *nope\n") == (2, 4, "alias *nope tidak punya anchor &nope")


def test_empty_tilde_and_null_are_empty_values_but_quoted_they_are_text() -> None:
    text = "a:\nb: ~\nc: null\nd: Null\ne: 'null'\nf: \"~\"\ng: ! teks\n"
    assert read_yaml(text).value == {
        "a": None,
        "b": None,
        "c": None,
        "d": None,
        "e": "null",
        "f": "~",
        # `!` alone is YAML's "no particular type": the text as written.
        "g": "teks",
    }


def test_unknown_parser_problem_keeps_the_technical_words_on_one_line() -> None:
    assert _problem("%FOO bar\n---\na: 1\n") == (
        1,
        5,
        "YAML tidak dapat dibaca di sini; periksa indentasi, titik dua dan tanda kutip "
        "(keterangan teknis: found unknown directive name)",
    )


# --- registration: what the registration button says, and when ---------------


def _event(**fields: object) -> EventRecord:
    """An offline event on 2026-12-10, 09.00-12.00 WIB, with `fields` as typed in a file."""
    return make_event("2026-12-10-uji", start="2026-12-10 09:00", end="2026-12-10 12:00", **fields)


def _state(event: EventRecord, now: datetime, catalog: Catalog | None = None) -> str:
    catalog = catalog or make_catalog(event)
    return registration_state(event, effective_registration(event, catalog), now)


FORM = {"url": "https://forms.gle/uji"}
START = datetime(2026, 12, 10, 9, 0, tzinfo=WIB)
END = datetime(2026, 12, 10, 12, 0, tzinfo=WIB)
SECOND = timedelta(seconds=1)


def test_event_is_finished_from_the_moment_it_ends() -> None:
    event = _event(registration=FORM)
    assert _state(event, END - SECOND) == "closed"
    assert _state(event, END) == "finished"


def test_cancelled_and_postponed_outrank_every_date() -> None:
    assert _state(_event(registration=FORM, status="cancelled"), END + SECOND) == "cancelled"
    postponed = _event(registration=FORM, status="postponed")
    assert _state(postponed, END + SECOND) == "postponed"
    assert _state(postponed, START - timedelta(days=30)) == "postponed"


def test_without_a_form_or_whatsapp_there_is_nothing_to_sign_up_for() -> None:
    assert _state(_event(), START - timedelta(days=1)) == "none"
    assert _state(_event(registration={"whatsapp": "+6281234567890"}), START - timedelta(days=1)) == "open"


def test_staff_status_overrides_the_dates_but_not_the_end() -> None:
    full = _event(registration={**FORM, "status": "full", "opens": "2026-12-01 08:00"})
    assert _state(full, datetime(2026, 11, 20, tzinfo=WIB)) == "full"
    assert _state(full, END) == "finished"


def test_registration_closes_at_closes_or_else_at_the_start() -> None:
    closes = datetime(2026, 12, 8, 17, 0, tzinfo=WIB)
    event = _event(registration={**FORM, "closes": "2026-12-08 17:00"})
    assert _state(event, closes - SECOND) == "open"
    assert _state(event, closes) == "closed"
    without = _event(registration=FORM)
    assert _state(without, START - SECOND) == "open"
    assert _state(without, START) == "closed"


def test_registration_opens_at_opens() -> None:
    opens = datetime(2026, 12, 1, 8, 0, tzinfo=WIB)
    event = _event(registration={**FORM, "opens": "2026-12-01 08:00"})
    assert _state(event, opens - SECOND) == "not-yet-open"
    assert _state(event, opens) == "open"


def test_event_inherits_its_programs_form_and_fee_and_overrides_them() -> None:
    plain = _event(program="kelas-startup")
    catalog = make_catalog(plain)
    inherited = effective_registration(plain, catalog)
    assert (inherited.url, inherited.fee) == ("https://forms.heterospace.id/startup", 0)
    own = _event(program="kelas-startup", registration={"url": "https://forms.gle/batch-2", "fee": "50000"})
    mine = effective_registration(own, make_catalog(own))
    assert (mine.url, mine.fee) == ("https://forms.gle/batch-2", 50000)
    assert _state(plain, START - SECOND, catalog) == "open"


def test_program_registration_fee_wins_over_the_programs_fee_field() -> None:
    event = _event(program="kelas-startup")
    catalog = make_catalog(event)
    program = catalog.programs["kelas-startup"]

    def with_program(**update: object) -> Catalog:
        data = program.data.model_copy(update=update)
        return replace(catalog, programs={program.id: Record(program.id, data, program.source)})

    both = with_program(fee=10000, registration=Registration(url="https://forms.gle/p", fee=20000))
    assert effective_registration(event, both).fee == 20000
    fee_only = effective_registration(event, with_program(fee=10000, registration=None))
    assert (fee_only.fee, fee_only.url) == (10000, None)


# --- timefmt: dates as an Indonesian reader sees them --------------------------


def test_short_date_and_month_are_the_day_in_wib() -> None:
    # 20.00 UTC on 12 October is 03.00 WIB on the 13th; New Year's Eve in UTC is January in Semarang.
    assert format_short_date(datetime(2026, 10, 12, 20, 0, tzinfo=UTC)) == "13 Okt"
    assert format_short_date(datetime(2026, 3, 5, 9, 0, tzinfo=WIB)) == "5 Mar"
    assert format_month(datetime(2026, 12, 31, 18, 0, tzinfo=UTC)) == "Januari 2027"
    assert format_month(datetime(2026, 8, 1, 9, 0, tzinfo=WIB)) == "Agustus 2026"
    # The calendar year, not the year of the ISO week (28 December 2026 is in week 1 of 2027).
    assert format_month(datetime(2026, 12, 28, 9, 0, tzinfo=WIB)) == "Desember 2026"


def test_time_without_a_zone_is_already_wib(monkeypatch: pytest.MonkeyPatch) -> None:
    # On a machine whose clock is in UTC a naive time must not be shifted by seven hours.
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        assert format_clock(datetime(2026, 1, 31, 9, 0)) == "09.00"
        assert format_datetime(datetime(2026, 1, 31, 23, 30)) == "Sabtu, 31 Januari 2026, 23.30 WIB"
    finally:
        monkeypatch.undo()
        time.tzset()


# --- structured: what search engines read --------------------------------------

PLACE = {
    "@type": "Place",
    "name": "Hetero Space Semarang",
    "url": SITE + "cabang/semarang/",
    "address": {
        "@type": "PostalAddress",
        "streetAddress": "Jl. Setiabudi",
        "addressLocality": "Semarang",
        "postalCode": "50263",
        "addressCountry": "ID",
    },
    "geo": {"@type": "GeoCoordinates", "latitude": -7.0556, "longitude": 110.414},
}
ORGANIZATION = {
    "@type": "Organization",
    "@id": SITE + "#organisasi",
    "name": "Hetero Space",
    "url": SITE,
    "logo": SITE + "images/social/hetero-space.png",
}


def _hybrid_and_online() -> tuple[EventRecord, EventRecord, Catalog]:
    hybrid = make_event(
        "2027-04-10-hibrida",
        format="hybrid",
        room="aula",
        start="2027-04-10 09:00",
        end="2027-04-10 12:00",
        status="rescheduled",
        previous_start="2027-04-03 09:00",
        online={"platform": "Zoom", "url": "https://zoom.us/j/1"},
        registration={"url": "https://forms.gle/h", "fee": "25000", "opens": "2027-03-01 08:00"},
        program="kelas-startup",
    )
    online = make_event(
        "2027-04-11-daring",
        format="online",
        branch=None,
        start="2027-04-11 19:00",
        end="2027-04-11 21:00",
        program="kelas-startup",
    )
    return hybrid, online, make_catalog(hybrid, online)


def test_event_jsonld_is_what_google_documents() -> None:
    hybrid, _, catalog = _hybrid_and_online()
    assert event_jsonld(hybrid, catalog, NOW, SITE, "images/x.png") == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "Acara 2027-04-10-hibrida",
        "url": SITE + "acara/2027-04-10-hibrida/",
        "startDate": "2027-04-10T09:00:00+07:00",
        "endDate": "2027-04-10T12:00:00+07:00",
        "eventAttendanceMode": "https://schema.org/MixedEventAttendanceMode",
        "eventStatus": "https://schema.org/EventRescheduled",
        "location": [PLACE, {"@type": "VirtualLocation", "url": "https://zoom.us/j/1"}],
        "image": [SITE + "images/x.png"],
        "organizer": ORGANIZATION,
        "inLanguage": "id",
        "previousStartDate": "2027-04-03T09:00:00+07:00",
        "description": "Tiga hari dari ide ke purwarupa.",
        "offers": {
            "@type": "Offer",
            "url": "https://forms.gle/h",
            "priceCurrency": "IDR",
            "availability": "https://schema.org/PreOrder",
            "price": 25000,
            "validFrom": "2027-03-01T08:00:00+07:00",
        },
    }


def test_program_jsonld_lists_coming_runs_with_their_place() -> None:
    _, _, catalog = _hybrid_and_online()
    instance = {
        "@type": "CourseInstance",
        "name": "Acara 2027-04-10-hibrida",
        "url": SITE + "acara/2027-04-10-hibrida/",
        "courseMode": "blended",
        "startDate": "2027-04-10T09:00:00+07:00",
        "endDate": "2027-04-10T12:00:00+07:00",
        "location": PLACE,
    }
    online = {
        "@type": "CourseInstance",
        "name": "Acara 2027-04-11-daring",
        "url": SITE + "acara/2027-04-11-daring/",
        "courseMode": "online",
        "startDate": "2027-04-11T19:00:00+07:00",
        "endDate": "2027-04-11T21:00:00+07:00",
    }
    assert program_jsonld(catalog.programs["kelas-startup"], catalog, NOW, SITE) == {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": "Kelas Startup 3 Hari",
        "description": "Tiga hari dari ide ke purwarupa.",
        "url": SITE + "program/kelas-startup/",
        "provider": ORGANIZATION,
        "inLanguage": "id",
        "isAccessibleForFree": True,
        "hasCourseInstance": [instance, online],
    }


def test_branch_jsonld_is_the_organisation_and_the_place() -> None:
    _, _, catalog = _hybrid_and_online()
    assert branch_jsonld(catalog.branches["semarang"], SITE) == {
        "@context": "https://schema.org",
        "@graph": [ORGANIZATION, PLACE],
    }


def test_branch_share_image_is_its_default_picture(tmp_path: Path) -> None:
    _, _, catalog = _hybrid_and_online()
    branch = catalog.branches["semarang"]
    assert image_for(tmp_path, branch=branch) == "images/social/hetero-space.png"
    picture = tmp_path / "images" / "social" / "cabang-semarang.png"
    picture.parent.mkdir(parents=True)
    picture.write_bytes(b"png")
    assert image_for(tmp_path, branch=branch) == "images/social/cabang-semarang.png"


# --- calendar: what a calendar app reads --------------------------------------


def test_every_feed_of_the_site_with_its_calendar_header() -> None:
    _, _, catalog = _hybrid_and_online()
    files = calendar_files(catalog, NOW, SITE)
    assert sorted(files) == [
        "acara/2027-04-10-hibrida.ics",
        "acara/2027-04-11-daring.ics",
        "kalender/cabang-semarang.ics",
        "kalender/program-kelas-startup.ics",
        "kalender/semua.ics",
    ]
    head = files["kalender/semua.ics"].decode().split("BEGIN:VTIMEZONE")[0]
    assert head.split("\r\n") == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Hetero Space//Portal Acara//ID",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "NAME:Acara Hetero Space",
        "X-WR-CALNAME:Acara Hetero Space",
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
        "X-PUBLISHED-TTL:PT6H",
        "X-WR-TIMEZONE:Asia/Jakarta",
        "",
    ]
    assert "NAME:Acara Hetero Space Semarang\r\n" in files["kalender/cabang-semarang.ics"].decode()
    assert (
        "NAME:Kelas Startup 3 Hari · Hetero Space\r\n" in files["kalender/program-kelas-startup.ics"].decode()
    )
    single = files["acara/2027-04-11-daring.ics"].decode()
    assert "NAME:Acara 2027-04-11-daring\r\n" in single
    assert "REFRESH-INTERVAL" not in single


# --- sanitize: unsafe markup in a page is refused where it is written ----------

UNSAFE_PAGE = """\
<u>garis</u> awal

Teks [tautan](/\\evil.example/) di sini.

Halo <b>tebal</b> lalu <iframe src="x"></iframe> akhir.

<table><tbody><tr><td style="text-align: left;">y</td><td style="color:red">x</td></tr></tbody></table>

Paragraf <!-- rahasia --> dan <b>teks</b>.

![foto](https://example.com/a.png)

![foto](/images/a.png)

[surel](javascript:alert(1))

## Judul {#__config}
"""
ALLOWED_HTML = (
    "a, abbr, b, blockquote, br, code, div, em, h1, h2, h3, h4, h5, h6, hr, i, img, li, ol, p, pre, "
    "strong, sub, sup, table, tbody, td, th, thead, tr, ul"
)
IMAGE_FIX = (
    "unggah gambarnya ke folder content/images/ dan tulis jalurnya dari halaman ini, "
    "misalnya `![Foto kegiatan](../images/acara/foto.jpg)`"
)


def test_unsafe_markup_in_a_hand_written_page_is_refused_at_each_place(repo: Path) -> None:
    write(repo, "content/uji.md", UNSAFE_PAGE)
    write(repo, "content/lain.md", '---\ntitle: Lain\n---\n\nHalo <b onmouseover="x">b</b>\n')
    _, diagnostics = validate(repo, NOW)
    found = [(d.path, d.line, d.col, d.severity, d.message) for d in diagnostics]
    assert found == [
        (
            "content/lain.md",
            5,
            9,
            "error",
            "atribut `onmouseover` tidak diizinkan di halaman ini: atribut `on…` menjalankan skrip "
            "di peramban pengunjung; hapus atribut ini",
        ),
        (
            "content/uji.md",
            1,
            1,
            "error",
            f"tag `<u>` tidak diizinkan di halaman ini; hapus tag ini. HTML yang boleh: {ALLOWED_HTML}",
        ),
        (
            "content/uji.md",
            3,
            15,
            "error",
            "tautan `/\\evil.example/` di halaman ini harus ditulis lengkap dengan https://",
        ),
        (
            "content/uji.md",
            5,
            24,
            "error",
            f"tag `<iframe>` tidak diizinkan di halaman ini; hapus tag ini. HTML yang boleh: {ALLOWED_HTML}",
        ),
        (
            "content/uji.md",
            7,
            23,
            "error",
            "atribut `style` tidak diizinkan di halaman ini; hapus atribut ini, tampilan diatur oleh situs",
        ),
        (
            "content/uji.md",
            9,
            10,
            "error",
            "komentar HTML `<!-- -->` tidak diizinkan di halaman ini; hapus komentar ini "
            "(isinya tetap terbaca di kode halaman)",
        ),
        (
            "content/uji.md",
            11,
            9,
            "error",
            "gambar dari situs lain (`https://example.com/a.png`) tidak diizinkan di halaman ini: "
            f"peramban setiap pengunjung akan memuatnya dari situs itu; {IMAGE_FIX}",
        ),
        (
            "content/uji.md",
            13,
            9,
            "error",
            f"jalur gambar `/images/a.png` di halaman ini tidak boleh diawali `/`; {IMAGE_FIX}",
        ),
        (
            "content/uji.md",
            15,
            9,
            "error",
            "tautan `javascript:` tidak diizinkan di halaman ini; "
            "pakai alamat https://…, mailto: (surel) atau tel: (telepon)",
        ),
        (
            "content/uji.md",
            17,
            12,
            "error",
            "id `__config` tidak diizinkan di halaman ini: nama yang diawali `__` dipakai situs sendiri; "
            "ganti id atau judulnya",
        ),
    ]


def test_pages_are_checked_with_the_extensions_of_the_sites_own_mkdocs_yml(repo: Path) -> None:
    write(repo, "content/uji.md", "# Judul\n\n## Bagian {#__config}\n")
    _, diagnostics = validate(repo, NOW)
    assert [(d.path, d.line, d.col) for d in diagnostics] == [("content/uji.md", 3, 13)]
    # Without attr_list, `{#__config}` is part of the heading's text, not its id.
    write(repo, "mkdocs.yml", "site_name: Uji\nmarkdown_extensions: []\n")
    _, diagnostics = validate(repo, NOW)
    assert diagnostics == []


# --- checks: an event's program written by its title -----------------------------


def test_an_events_program_written_by_its_title_is_answered_with_its_id(repo: Path) -> None:
    event = "events/2026/2026-12-05-foto-produk-akhir-tahun.md"
    path = repo / event
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("program: foto-produk-umkm", "program: Kelas Foto Produk UMKM"), encoding="utf-8"
    )
    _, diagnostics = validate(repo, NOW)
    line = text.splitlines().index("program: foto-produk-umkm") + 1
    assert [(d.path, d.line, d.col, d.severity, d.message) for d in diagnostics if d.path == event] == [
        (
            event,
            line,
            10,
            "error",
            "program `Kelas Foto Produk UMKM` tidak ditemukan. Maksud Anda `foto-produk-umkm`? "
            "Tulis id program, bukan namanya.",
        )
    ]


def test_an_events_contact_needs_whatsapp_or_email_and_either_is_enough(repo: Path) -> None:
    event = "events/2026/2026-12-05-foto-produk-akhir-tahun.md"
    path = repo / event
    text = path.read_text(encoding="utf-8")
    contact = '  whatsapp: "+6281225550263"\n  email: acara@heterospace.id\n'
    assert contact in text
    line = text.splitlines().index("contact:") + 1

    def contact_problems(lines: str) -> list[tuple[int, int, str, str]]:
        path.write_text(text.replace(contact, lines), encoding="utf-8")
        _, diagnostics = validate(repo, NOW)
        return [(d.line, d.col, d.severity, d.message) for d in diagnostics if d.path == event]

    # Only the contact person's name is left.
    assert contact_problems("") == [
        (
            line + 1,
            3,
            "error",
            "kontak acara perlu `whatsapp` atau `email` agar pengunjung bisa bertanya; "
            "tambahkan salah satunya di bawah `contact:`",
        )
    ]
    assert contact_problems('  whatsapp: "+6281225550263"\n') == []
    assert contact_problems("  email: acara@heterospace.id\n") == []


def test_an_event_with_a_broken_start_still_has_its_program_and_image_checked(repo: Path) -> None:
    event = "events/2026/2026-12-05-foto-produk-akhir-tahun.md"
    path = repo / event
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(number for number, line in enumerate(lines) if line.startswith("start:"))
    program = next(number for number, line in enumerate(lines) if line.startswith("program:"))
    lines[start] = "start: besok pagi\n"
    lines[program] = "program: foto-produk\nimage: images/acara/tidak-ada.jpg\n"
    path.write_text("".join(lines), encoding="utf-8")
    if start > program:
        start += 1  # the image line pushed it down
    _, diagnostics = validate(repo, NOW)
    found = {(d.line, d.col): d.message for d in diagnostics if d.path == event}
    # The id staff meant is offered where they wrote the wrong one.
    assert "program `foto-produk` tidak ditemukan" in found[(program + 1, 10)]
    assert "`foto-produk-umkm`" in found[(program + 1, 10)]
    assert found[(program + 2, 8)] == (
        "gambar `images/acara/tidak-ada.jpg` tidak ada di folder content/; unggah gambarnya atau "
        "perbaiki jalurnya"
    )
    assert "besok pagi" in found[(start + 1, 8)]


# --- checks: more of staff's slips, each where it was written ----------------------


def _problems(repo: Path, path: str) -> list[tuple[int, int, str]]:
    _, diagnostics = validate(repo, NOW)
    return [(d.line, d.col, d.message) for d in diagnostics if d.path == path]


def _line_of(text: str, start: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def _edited(repo: Path, path: str, *replacements: tuple[str, str]) -> str:
    """Write `path` with each (old, new) replaced once; return the new text."""
    text = (repo / path).read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, f"{old!r} not in {path}"
        text = text.replace(old, new, 1)
    write(repo, path, text)
    return text


def test_an_unknown_room_is_answered_with_the_rooms_the_branch_has(repo: Path) -> None:
    event = "events/2026/2026-12-12-dari-hobi-jadi-usaha.md"
    text = _edited(repo, event, ("room: aula\n", "room: gudang\n"))
    [(line, col, message)] = _problems(repo, event)
    assert (line, col) == (_line_of(text, "room:"), 7)
    assert "`gudang` tidak ditemukan" in message
    branch = (repo / "content/branches/semarang.md").read_text(encoding="utf-8")
    rooms = set(re.findall(r"^  - id: (\S+)$", branch, re.MULTILINE))
    shown = re.findall(r"`([^`]+)`", message.partition("Yang ada:")[2])
    assert shown and set(shown) <= rooms


def test_a_mistyped_branch_and_an_unknown_room_are_two_mistakes(repo: Path) -> None:
    event = "events/2026/2026-12-12-dari-hobi-jadi-usaha.md"
    text = _edited(
        repo, event, ("branch: semarang\n", "branch: semarng\n"), ("room: aula\n", "room: gudang\n")
    )
    problems = _problems(repo, event)
    assert [(line, col) for line, col, _ in problems] == [
        (_line_of(text, "branch:"), 9),
        (_line_of(text, "room:"), 7),
    ]
    assert "`semarng` tidak ditemukan" in problems[0][2] and "`semarang`" in problems[0][2]
    assert "`gudang` tidak ditemukan" in problems[1][2]


def test_template_text_in_an_upcoming_event_says_it_cannot_be_published(repo: Path) -> None:
    event = "events/2026/2026-12-05-foto-produk-akhir-tahun.md"
    text = (repo / event).read_text(encoding="utf-8") + "\nNama Pembicara menyusul.\n"
    write(repo, event, text)
    [(line, col, message)] = _problems(repo, event)
    assert (line, col) == (_line_of(text, "Nama Pembicara"), 1)
    assert message.startswith("teks contoh `Nama Pembicara` belum diganti; tulis isi yang sebenarnya")
    assert message.endswith("; acara mendatang tidak boleh terbit dengan teks contoh")


def test_a_program_registration_that_opens_after_it_closes_is_refused_at_opens(repo: Path) -> None:
    program = "programs/kelas-startup-3-hari.yml"
    window = "registration:\n  opens: 2027-02-01 09:00\n  closes: 2027-01-01 09:00\n"
    text = _edited(repo, program, ("registration:\n", window))
    assert (
        _line_of(text, "  opens:"),
        10,
        "pendaftaran dibuka (`opens`) setelah atau saat ditutup (`closes`); `opens` harus lebih awal",
    ) in _problems(repo, program)


def test_an_open_branch_needs_its_opening_date_and_address(repo: Path) -> None:
    branch = "content/branches/semarang.md"
    text = (repo / branch).read_text(encoding="utf-8")
    address = text[text.index("address:\n") : text.index("geo:\n")]
    write(repo, branch, text.replace("opened: 2020-01-31\n", "").replace(address, ""))
    status = _line_of(text, "status:")
    problems = _problems(repo, branch)
    assert (status, 9, "cabang yang buka perlu tanggal `opened`, misalnya 2020-01-31") in problems
    assert (status, 9, "cabang yang buka perlu `address` (alamat)") in problems


def test_a_past_event_without_attendance_is_warned_at_its_title(repo: Path) -> None:
    event = "events/2026/2026-10-14-konten-video-pendek-untuk-jualan.md"
    text = _edited(repo, event, ("attendance: 176\n", ""))
    assert _problems(repo, event) == [
        (
            _line_of(text, "title:"),
            8,
            "acara ini sudah lewat tetapi jumlah peserta belum dicatat; isi `attendance`",
        )
    ]


def test_a_partner_logo_that_is_missing_is_refused_at_the_logo(repo: Path) -> None:
    partners = "content/partners.yml"
    url = "  url: https://www.bankjateng.co.id\n"
    text = _edited(repo, partners, (url, url + "  logo: images/mitra/tidak-ada.png\n"))
    assert _problems(repo, partners) == [
        (
            _line_of(text, "  logo:"),
            9,
            "gambar `images/mitra/tidak-ada.png` tidak ada di folder content/; unggah gambarnya atau "
            "perbaiki jalurnya",
        )
    ]


def test_a_story_naming_a_program_by_a_wrong_id_is_offered_the_right_one(repo: Path) -> None:
    story = "content/stories/bandeng-presto-ibu-ratna.md"
    text = _edited(repo, story, ("  - foto-produk-umkm\n", "  - foto-produk\n"))
    [(line, col, message)] = _problems(repo, story)
    assert (line, col) == (_line_of(text, "  - foto-produk"), 5)
    assert "program `foto-produk` tidak ditemukan" in message and "`foto-produk-umkm`" in message


def test_unsafe_markup_in_a_program_description_is_refused_where_it_is(repo: Path) -> None:
    program = "programs/foto-produk-umkm.yml"
    script = "<script>alert(1)</script>"
    text = _edited(repo, program, ("  kertas putih, reflektor", f"  kertas putih, {script} reflektor"))
    line = _line_of(text, "  kertas putih")
    col = text.splitlines()[line - 1].index("<script") + 1
    [(found_line, found_col, message)] = _problems(repo, program)
    assert (found_line, found_col) == (line, col)
    assert "<script>" in message and "`description`" in message


def test_an_allowed_tag_out_of_its_place_is_not_called_forbidden(repo: Path) -> None:
    """A table cell outside a table is dropped by the browser's parser: the page cannot keep it,
    but staff must not be told that `<td>`, which the list of allowed HTML names, is forbidden."""
    write(repo, "content/uji.md", "# Uji\n\nIsi <td>sel</td> lepas.\n")
    [(line, col, message)] = _problems(repo, "content/uji.md")
    assert (line, col) == (3, 5)
    assert "tidak dapat diterbitkan dengan aman" in message
    assert "tidak diizinkan" not in message


def test_a_script_link_with_a_named_colon_is_refused_at_its_scheme(repo: Path) -> None:
    write(repo, "content/uji.md", "# Uji\n\nKlik [x](javascript&colon;alert(1)) sekarang.\n")
    [(line, col, message)] = _problems(repo, "content/uji.md")
    assert (line, col) == (3, len("Klik [x](") + 1)
    assert "javascript" in message


# --- checks: where a story's mistakes are reported ------------------------------


def test_story_without_consent_date_and_with_template_text_mid_line(repo: Path) -> None:
    path = repo / "content/stories/bandeng-presto-ibu-ratna.md"
    text = path.read_text(encoding="utf-8").replace("consent_date: 2026-11-17\n", "")
    text = text.replace(
        "oleh-oleh yang mampir", "oleh-oleh. Tulis ceritanya di sini: usaha sebelum ikut program, yang mampir"
    )
    path.write_text(text, encoding="utf-8")
    _, diagnostics = validate(repo, NOW)
    assert [(d.path, d.line, d.col, d.severity, d.message) for d in diagnostics] == [
        (
            "content/stories/bandeng-presto-ibu-ratna.md",
            13,
            10,
            "error",
            "persetujuan publikasi perlu tanggalnya; tambahkan `consent_date: TTTT-BB-HH`, "
            "misalnya `consent_date: 2026-11-24`",
        ),
        (
            "content/stories/bandeng-presto-ibu-ratna.md",
            18,
            12,
            "warning",
            "teks contoh `Tulis ceritanya di sini: usaha` belum diganti; tulis isi yang sebenarnya, "
            "karena teks ini tampil di situs dan di pratinjau tautan (WhatsApp)",
        ),
    ]


def test_more_unsafe_markup_with_its_place_and_advice(repo: Path) -> None:
    write(repo, "content/skrip.md", "# Uji\n\nKlik [x](javascript&#58;alert(1)) sekarang.\n")
    write(
        repo,
        "content/uji.md",
        "# Uji\n\n"
        "Awal <b>tebal</b> <?php echo 1; ?> akhir.\n\n"
        'Lihat <a href="https://x.id" target="_blank">ini</a>.\n\n'
        'Tautan <a href="http://contoh.id/halaman dengan spasi   panjang sekali yang melebihi '
        'enam puluh karakter">lama</a>.\n',
    )
    _, diagnostics = validate(repo, NOW)
    assert [(d.path, d.line, d.col, d.message) for d in diagnostics] == [
        # Written with an entity for the colon: found by its scheme as written, entity and all.
        (
            "content/skrip.md",
            3,
            10,
            "tautan `javascript:` tidak diizinkan di halaman ini; "
            "pakai alamat https://…, mailto: (surel) atau tel: (telepon)",
        ),
        (
            "content/uji.md",
            3,
            19,
            "bagian `<!…>` atau `<?…>` tidak diizinkan di halaman ini; hapus bagian ini",
        ),
        (
            "content/uji.md",
            5,
            30,
            "atribut `target` pada `<a>` tidak diizinkan di halaman ini; hapus atribut ini. "
            "Atribut yang boleh: class, href, id, title",
        ),
        (
            "content/uji.md",
            7,
            17,
            "tautan `http://contoh.id/halaman dengan spasi panjang sekali yang m…` di halaman ini "
            "tidak diizinkan karena tidak aman; pakai alamat yang diawali https://",
        ),
    ]


def test_share_preview_facts_use_full_addresses() -> None:
    assert social("Judul", "Ringkas.", "acara/x/", "images/x.png", SITE, kind="article") == {
        "title": "Judul",
        "description": "Ringkas.",
        "url": SITE + "acara/x/",
        "image": SITE + "images/x.png",
        "type": "article",
    }


def test_story_naming_its_branch_by_name_is_told_the_id(repo: Path) -> None:
    path = repo / "content/stories/bandeng-presto-ibu-ratna.md"
    text = path.read_text(encoding="utf-8").replace("branch: semarang", "branch: Hetero Space Semarang")
    path.write_text(text, encoding="utf-8")
    _, diagnostics = validate(repo, NOW)
    assert [(d.path, d.line, d.col, d.message) for d in diagnostics] == [
        (
            "content/stories/bandeng-presto-ibu-ratna.md",
            5,
            9,
            "cabang `Hetero Space Semarang` tidak ditemukan. Maksud Anda `semarang`? "
            "Tulis id cabang, bukan namanya.",
        )
    ]


def test_upcoming_event_without_a_way_to_register_is_warned_at_its_title(repo: Path) -> None:
    write(
        repo,
        "events/2027/2027-02-03-tanpa-daftar.md",
        "---\ntitle: Temu Tanpa Daftar\nformat: offline\nbranch: semarang\n"
        "start: 2027-02-03 09:00\nend: 2027-02-03 11:00\n---\n\nDeskripsi singkat.\n",
    )
    _, diagnostics = validate(repo, NOW)
    assert [(d.path, d.line, d.col, d.severity, d.message) for d in diagnostics] == [
        (
            "events/2027/2027-02-03-tanpa-daftar.md",
            2,
            8,
            "warning",
            "acara mendatang ini belum punya cara mendaftar; isi `registration` dengan `url` atau `whatsapp`",
        )
    ]


def test_showcase_entry_without_links_is_warned_at_its_name(repo: Path) -> None:
    path = repo / "content/showcase/bandeng-presto-ibu-ratna.yml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("links:\n"), text.index("story:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    _, diagnostics = validate(repo, NOW)
    assert [(d.path, d.line, d.col, d.severity, d.message) for d in diagnostics] == [
        (
            "content/showcase/bandeng-presto-ibu-ratna.yml",
            1,
            7,
            "warning",
            "usaha ini belum punya tautan untuk membeli atau menghubungi; isi `links` dengan "
            "`marketplace`, `instagram`, `whatsapp` atau `website`",
        )
    ]


def test_pages_in_sub_folders_after_other_files_are_checked_too(repo: Path) -> None:
    (repo / "content/panduan").mkdir()
    (repo / "content/panduan/denah.png").write_bytes(b"png")
    write(repo, "content/panduan/uji.md", "# Panduan\n\nTeks <u>garis</u>.\n")
    _, diagnostics = validate(repo, NOW)
    assert [(d.path, d.line, d.col) for d in diagnostics] == [("content/panduan/uji.md", 3, 6)]


# --- What search engines and calendar apps get -------------------------------------


def test_the_home_page_tells_search_engines_the_site_and_its_search() -> None:
    # What the home page carries as its structured data (pages/home.py); the
    # page itself is not built here: mutmut's copy of the package cannot render templates.
    site = website_jsonld(SITE)
    assert site["@type"] == "WebSite"
    assert (site["@id"], site["name"], site["url"], site["inLanguage"]) == (
        SITE + "#situs",
        "Hetero Space",
        SITE,
        "id",
    )
    assert site["potentialAction"]["target"]["urlTemplate"] == SITE + "cari/?q={search_term_string}"
    assert site["potentialAction"]["query-input"] == "required name=search_term_string"


def test_a_programs_calendar_holds_that_programs_events_only(repo: Path) -> None:
    catalog, _ = validate(repo, NOW)
    feed = calendar_files(catalog, NOW, SITE)["kalender/program-foto-produk-umkm.ics"].decode("utf-8")
    uids = re.findall(r"^UID:(\S+)@heterospace\.id\r?$", feed.replace("\r\n ", ""), re.MULTILINE)
    program_events = [
        path.stem
        for path in (repo / "events").rglob("*.md")
        if "\nprogram: foto-produk-umkm\n" in path.read_text()
    ]
    assert "2026-12-05-foto-produk-akhir-tahun" in uids
    assert all(any(uid.startswith(event) for event in program_events) for uid in uids), uids


# --- sanitize: where unsafe markup is reported, and in which words ---------------------


def test_unsafe_markup_is_found_where_written_in_any_case_each_time_after_a_bom(repo: Path) -> None:
    write(repo, "content/besar.md", "# Uji\n\nSatu <SCRIPT>a()</SCRIPT> dua.\n")
    write(repo, "content/dua.md", "# Uji\n\nSatu <iframe src=x></iframe>\n\nDua <iframe src=y></iframe>\n")
    # The editor shows no byte-order mark: columns count from the first letter.
    write(repo, "content/bom.md", "\ufeffIsi <script>a()</script>.\n")
    assert [(line, col) for line, col, _ in _problems(repo, "content/besar.md")] == [(3, 6)]
    assert [(line, col) for line, col, _ in _problems(repo, "content/dua.md")] == [(3, 6), (5, 5)]
    assert [(line, col) for line, col, _ in _problems(repo, "content/bom.md")] == [(1, 5)]


def test_each_mistake_of_a_page_is_reported_at_its_own_place(repo: Path) -> None:
    # The stray cell on the last line was reported at the first `<` of the page (the picture).
    write(
        repo,
        "content/uji.md",
        "# Uji\n\n![x](http://contoh.id/a.png) ![y](DATA:image/png;base64,AAAA)\n\n"
        '<img src="../images/a.png" onerror="x()">\n\nIsi <td>sel</td> lepas.\n',
    )
    found = _problems(repo, "content/uji.md")
    assert [(line, col) for line, col, _ in found] == [(3, 6), (3, 35), (5, 28), (7, 5)]
    [other_host, scheme, handler, stray] = [message for _, _, message in found]
    fix = (
        "unggah gambarnya ke folder content/images/ dan tulis jalurnya dari halaman ini, "
        "misalnya `![Foto kegiatan](../images/acara/foto.jpg)`"
    )
    assert "`http://contoh.id/a.png`" in other_host and other_host.endswith(fix)
    assert scheme == f"gambar `data:` tidak diizinkan di halaman ini; {fix}"
    assert handler.startswith("atribut `onerror` tidak diizinkan di halaman ini")
    assert stray == (
        "bagian ini di halaman ini tidak dapat diterbitkan dengan aman; periksa tanda `<` dan `>` "
        "di sekitarnya, atau tulis dengan Markdown"
    )


def test_unsafe_markup_in_the_last_value_of_a_program_file_is_found(repo: Path) -> None:
    program = "programs/foto-produk-umkm.yml"
    text = (repo / program).read_text(encoding="utf-8")
    text = text.replace("  kertas putih, reflektor", "  kertas putih, <script>a()</script> reflektor", 1)
    start = text.index("description: |")
    end = text.index("audience:")
    moved = text[:start] + text[end:] + text[start:end]
    write(repo, program, moved)
    line = _line_of(moved, "  kertas putih")
    col = moved.splitlines()[line - 1].index("<script") + 1
    assert [(found_line, found_col) for found_line, found_col, _ in _problems(repo, program)] == [(line, col)]


def test_script_links_hidden_by_characters_a_browser_drops_are_each_reported_where_written(
    repo: Path,
) -> None:
    # The first was reported at the second's plain `javascript:`, and the two were told as one.
    write(
        repo,
        "content/uji.md",
        '# Uji\n\nSatu <a href="java&#9;script:alert(1)">x</a>\n\n'
        'Dua <a href="&#1;javascript:alert(2)">y</a>\n',
    )
    message = (
        "tautan `javascript:` tidak diizinkan di halaman ini; "
        "pakai alamat https://…, mailto: (surel) atau tel: (telepon)"
    )
    assert _problems(repo, "content/uji.md") == [(3, 15, message), (5, 18, message)]


def test_each_unsafe_attribute_is_named_even_beside_a_clean_twin(repo: Path) -> None:
    # A paragraph that lost its `style` was matched with the plain paragraph after it, and
    # staff were told only that "this part" could not be published, at the wrong places.
    write(
        repo,
        "content/uji.md",
        "# Uji\n\n"
        '<p style="background:url(https://evil.example/x.png)">a</p>\n\n'
        '<img src="\\\\evil.example\\x.png" alt="b">\n\n'
        '<p target="_blank">c</p>\n\n'
        "Satu <!-- x --><iframe src=y></iframe>\n\n"
        "| a | b |\n|:--|--:|\n| 1 | 2 |\n",
    )
    found = _problems(repo, "content/uji.md")
    assert [(line, col) for line, col, _ in found] == [(3, 4), (5, 11), (7, 4), (9, 6), (9, 16)]
    style, picture, target, comment, frame = [message for _, _, message in found]
    assert style.startswith("atribut `style` tidak diizinkan di halaman ini")
    # A backslash is a slash to a browser: `\\host` is another site.
    assert picture.startswith("gambar dari situs lain (`\\\\evil.example\\x.png`)")
    assert target.startswith("atribut `target` pada `<p>` tidak diizinkan di halaman ini; hapus atribut ini.")
    assert comment.startswith("komentar HTML `<!-- -->` tidak diizinkan")
    assert frame.startswith("tag `<iframe>` tidak diizinkan")
