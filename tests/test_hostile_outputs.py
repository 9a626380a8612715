"""Hostile text in every output: each format escapes for its own context.

Content is untrusted (staff, the public proposal form, later a web editor),
so each writer must be safe whatever string reaches it. Validation may come
to refuse some of these strings (a line break in a title), so the writers are
called directly here with models whose fields were replaced without
validation: the tests keep checking the escaping layer either way.

Every file is read back with an independent parser (icalendar and ical.js,
ElementTree and minidom, `json`, `csv`, an HTML parser) and compared with
the text that went in.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.dom import minidom

import icalendar
import pytest
from bs4 import BeautifulSoup
from conftest import NOW_TEXT, run_hetero, write
from test_calendar import NOW, SITE, ical_js, make_catalog, make_event

from hetero import impact
from hetero.calendar import calendar_files, event_calendar
from hetero.catalog import Catalog, EventRecord
from hetero.diagnostics import Diagnostic, github_annotation, step_summary
from hetero.feeds import atom_feed, json_feed
from hetero.models import Speaker
from hetero.safetext import clean_text
from hetero.structured import event_jsonld, program_jsonld, script_json

HOSTILE = {
    "crlf": "Kelas\r\nX-EVIL:1\r\nBaris",
    "cr": "Kelas\rEND:VEVENT\rBEGIN:VEVENT",
    "lf": "Kelas\nstatus: cancelled",
    "ics-syntax": "Titik;koma, dan \\ garis\\n miring: DESCRIPTION:x",
    "controls": "Nul\x00 bel\x07 bs\x08 vt\x0b ff\x0c esc\x1b[31m del\x7f nel\x85 csi\x9b",
    "long": "Panjang " + "é🎉x" * 120,
    "emoji": "🎉 Pesta 👩🏽‍💻 UMKM 🇮🇩",
    "html": "</script><script>alert(1)</script> <!-- ]]> &amp; & <b>",
    "xml-illegal": "Lone\ud800 surrogate \udfff and \ufffe\uffff",
    "separators": "LS\u2028PS\u2029 bidi\u202eevil",
    "formula": '=HYPERLINK("http://evil","x")',
    "workflow": "::stop-commands::tok\n::error::palsu",
}
CASES = pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))

EVENT_ID = "2026-12-01-uji"
# An id can only come from a file name, which validation checks; the writers
# must not trust that either.
HOSTILE_ID = "2026-12-02-a\r\nX-EVIL:1 <b>&"
HELD_ID = "2026-11-01-selesai"


def machine_safe(text: str, *, multiline: bool) -> bool:
    """No character a machine-read file must not carry, checked by Unicode category."""
    allowed = "\n\t" if multiline else ""
    return not any(
        (unicodedata.category(c) in ("Cc", "Cs") and c not in allowed) or c in "\ufffe\uffff" for c in text
    )


def _replace(model, **changes):
    # model_copy skips validation: the writers get the string as it is.
    return model.model_copy(update=changes)


def hostile_catalog(text: str) -> Catalog:
    """A catalog where every text a writer prints is `text`: titles, names, places, body."""
    upcoming = make_event(
        EVENT_ID,
        program="kelas-startup",
        format="hybrid",
        room="aula",
        online={"platform": "Zoom", "url": "https://zoom.us/j/1"},
        speakers=[{"name": "Sari", "role": "Pemateri", "organization": "UMKM"}],
        tags=["foto"],
        start="2026-12-01 09:00",
        end="2026-12-01 12:00",
    )
    data = upcoming.data
    upcoming = dataclasses.replace(
        upcoming,
        data=_replace(
            data,
            title=text,
            online=_replace(data.online, platform=text),
            speakers=[Speaker.model_construct(name=text, role=text, organization=text)],
            tags=[text],
        ),
        body=f"Pembuka {text}\n\nPenutup.",
    )
    sessions = make_event(
        HOSTILE_ID,
        title="Acara sesi",
        sessions=[{"start": "2026-12-02 09:00", "end": "2026-12-02 10:00", "title": "Sesi"}],
        start="2026-12-02 09:00",
        end="2026-12-02 10:00",
    )
    (session,) = sessions.data.sessions or []
    sessions = dataclasses.replace(
        sessions, data=_replace(sessions.data, title=text, sessions=[_replace(session, title=text)])
    )
    held = make_event(HELD_ID, program="kelas-startup", start="2026-11-01 09:00", end="2026-11-01 12:00")
    base = make_catalog(upcoming, sessions, held)
    branch = base.branches["semarang"]
    branch_data = branch.data
    branch = dataclasses.replace(
        branch,
        data=_replace(
            branch_data,
            name=text,
            address=_replace(branch_data.address, street=text),
            spaces=[_replace(space, name=text) for space in branch_data.spaces or []],
        ),
    )
    program = base.programs["kelas-startup"]
    program = dataclasses.replace(program, data=_replace(program.data, title=text, summary=text))
    return dataclasses.replace(base, branches={"semarang": branch}, programs={"kelas-startup": program})


def event_of(catalog: Catalog, event_id: str) -> EventRecord:
    return next(e for e in catalog.events if e.id == event_id)


# --- The shared cleaning rule ----------------------------------------------------


def test_clean_text_keeps_text_and_drops_what_no_format_may_carry() -> None:
    text = "a\r\nb\rc\nd\te\x00f\x1b[1mg\x85h\ud800i\ufffej\U0010ffffk🎉l\u2028m;,\\"
    assert clean_text(text) == "a b c d ef[1mghijk🎉l\u2028m;,\\"
    assert clean_text(text, multiline=True) == "a\nb\nc\nd\tef[1mghijk🎉l\u2028m;,\\"


# --- iCalendar ------------------------------------------------------------------


def ics_files(text: str) -> dict[str, bytes]:
    catalog = hostile_catalog(text)
    files = calendar_files(catalog, NOW, SITE)
    files["acara/uji.ics"] = event_calendar(event_of(catalog, EVENT_ID), catalog, SITE)
    return files


ICS_PROPERTIES = {
    "UID",
    "DTSTAMP",
    "DTSTART",
    "DTEND",
    "SUMMARY",
    "DESCRIPTION",
    "LOCATION",
    "URL",
    "SEQUENCE",
    "STATUS",
    "LAST-MODIFIED",
    "CATEGORIES",
    "GEO",
}


def assert_content_lines_are_safe(name: str, data: bytes) -> None:
    text = data.decode("utf-8")
    lines = text.split("\r\n")
    assert lines[-1] == "", name
    for line in lines[:-1]:
        assert len(line.encode("utf-8")) <= 75, (name, line)
        assert machine_safe(line.replace("\t", " "), multiline=False), (name, line)


@CASES
def test_calendars_escape_every_text_property(text: str) -> None:
    expected = clean_text(text)
    assert machine_safe(expected, multiline=False)
    for name, data in ics_files(text).items():
        assert_content_lines_are_safe(name, data)
        calendar = icalendar.Calendar.from_ical(data)
        assert "X-EVIL" not in calendar
        found = calendar.walk("VEVENT")
        if name == "acara/uji.ics":
            assert str(calendar["X-WR-CALNAME"]) == expected
        for vevent in found:
            assert set(vevent) <= ICS_PROPERTIES, (name, set(vevent))
            description = str(vevent["DESCRIPTION"])
            assert machine_safe(description, multiline=True)
            assert description.endswith("/"), description
            assert "Halaman acara: " + SITE + "acara/" in description
            uid = str(vevent["UID"])
            if uid.startswith(HELD_ID):
                assert [str(c) for c in vevent["CATEGORIES"].cats] == [expected]
                assert str(vevent["LOCATION"]).startswith(f"{expected}, {expected}, Semarang")
            elif uid.startswith(EVENT_ID):
                assert str(vevent["SUMMARY"]) == expected
                assert str(vevent["LOCATION"]).startswith(f"{expected} ({expected}), {expected}, Semarang")
                assert [str(c) for c in vevent["CATEGORIES"].cats] == [expected]
                assert description.startswith("Pembuka ")
                assert str(vevent["URL"]) == f"{SITE}acara/{EVENT_ID}/"
            else:
                # The session's own title follows the event's.
                assert str(vevent["SUMMARY"]) == f"{expected}: {expected}"
                assert uid == "2026-12-02-a X-EVIL:1 <b>&-sesi-1@heterospace.id"
                assert str(vevent["URL"]) == f"{SITE}acara/2026-12-02-a%0AX-EVIL:1%20<b>&/"


def test_calendars_with_hostile_text_read_the_same_in_ical_js(tmp_path: Path) -> None:
    files = {
        f"{case}-{index}.ics": data
        for case, text in HOSTILE.items()
        for index, data in enumerate(ics_files(text).values())
    }
    parsed = ical_js(files, tmp_path)
    for name, data in files.items():
        assert parsed[name]["errors"] == [], name
        summaries = sorted(e["summary"] for e in parsed[name]["events"])
        assert summaries == sorted(
            str(v["SUMMARY"]) for v in icalendar.Calendar.from_ical(data).walk("VEVENT")
        )


# --- Atom and the JSON feed -----------------------------------------------------

ATOM_TAGS = {"feed", "id", "title", "link", "updated", "author", "name", "entry", "summary"}


@CASES
def test_atom_feed_is_well_formed_xml_with_the_text_inert(text: str) -> None:
    data = atom_feed(hostile_catalog(text), NOW, SITE)
    minidom.parseString(data)
    root = ET.fromstring(data)
    assert b"]]>" not in data
    assert {element.tag.split("}")[1] for element in root.iter()} <= ATOM_TAGS
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    titles = [entry.findtext("{http://www.w3.org/2005/Atom}title") for entry in entries]
    assert titles == [clean_text(text), clean_text(text)]
    for entry in entries:
        summary = entry.findtext("{http://www.w3.org/2005/Atom}summary") or ""
        assert machine_safe(summary, multiline=True)
        for element in entry.iter():
            assert all(machine_safe(value, multiline=False) for value in element.attrib.values())
    first = entries[0]
    assert clean_text(text) in (first.findtext("{http://www.w3.org/2005/Atom}summary") or "")
    link = first.find("{http://www.w3.org/2005/Atom}link")
    assert link is not None and link.get("href") == f"{SITE}acara/{EVENT_ID}/"


@CASES
def test_json_feed_is_valid_json_with_the_text_kept(text: str) -> None:
    feed = json.loads(json_feed(hostile_catalog(text), NOW, SITE))
    expected = clean_text(text, multiline=True)
    by_id = {event["id"]: event for event in feed["events"]}
    event = by_id[EVENT_ID]
    assert event["title"] == expected
    assert event["speakers"] == [{"name": expected, "role": expected, "organization": expected}]
    assert event["tags"] == [expected]
    assert event["branch"]["name"] == expected
    assert event["program"]["title"] == expected
    assert by_id[clean_text(HOSTILE_ID, multiline=True)]["sessions"][0]["title"] == expected


# --- The impact CSV -------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil","x")', "@SUM(1)", "+1", "-1+1", "\t=1", "\r=1", " =1"]


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_text_that_a_spreadsheet_would_run_is_neutralised(formula: str) -> None:
    section = impact.Section("acara-per-cabang", formula, "", (impact.Figure("a", formula, -5, "acara"),))
    rows = read_csv(impact.impact_csv(impact.Impact(NOW, (section,))))
    assert rows[0] == ["bagian", "uraian", "nilai", "per_tanggal"]
    title, label, value, _ = rows[1]
    assert title == label == "'" + clean_text(formula)
    # A number we write ourselves stays a number, sign and all.
    assert value == "-5"


def test_csv_plain_labels_are_left_alone() -> None:
    for label in ("Hetero Space Semarang", "Kelas 3-Hari", "Rp 50.000 = gratis?", "2026"):
        section = impact.Section("s", "Bagian", "", (impact.Figure("a", label, 1, "acara"),))
        assert read_csv(impact.impact_csv(impact.Impact(NOW, (section,))))[1][:3] == ["Bagian", label, "1"]


@CASES
def test_impact_csv_and_json_from_hostile_names(text: str) -> None:
    report = impact.compute(hostile_catalog(text), NOW)
    rows = read_csv(impact.impact_csv(report))
    assert all(len(row) == 4 for row in rows)
    cells = [cell for row in rows for cell in row[:2]]
    assert all(machine_safe(cell, multiline=False) for cell in cells)
    labels = {row[1] for row in rows if row[0] in ("Acara per cabang", "Acara per program")}
    # The held event's branch and program are the hostile names.
    assert [e.id for e in impact.held_events(hostile_catalog(text), NOW)] == [HELD_ID]
    expected = clean_text(text)
    assert labels == {"'" + expected if expected.lstrip().startswith(("=", "+", "-", "@")) else expected}
    document = json.loads(impact.impact_json(report))
    program_section = next(s for s in document["sections"] if s["id"] == "acara-per-program")
    assert program_section["figures"][0]["label"] == clean_text(text, multiline=True)


# --- JSON-LD inside a script element --------------------------------------------

SCRIPT_HOSTILE = [
    "</script><script>alert(1)</script>",
    "<!-- <script>",
    "]]> & &amp; <![CDATA[x]]>",
    "</SCRIPT >\u2028\u2029",
    HOSTILE["controls"],
    HOSTILE["xml-illegal"],
]


@pytest.mark.parametrize("text", SCRIPT_HOSTILE)
def test_json_ld_stays_inside_its_script_element(text: str) -> None:
    catalog = hostile_catalog(text)
    documents = [
        event_jsonld(event_of(catalog, EVENT_ID), catalog, NOW, SITE, "images/x.png"),
        program_jsonld(catalog.programs["kelas-startup"], catalog, NOW, SITE),
    ]
    for document in documents:
        script = script_json(document)
        assert not re.search("[<>&\u2028\u2029]", script)
        page = f'<html><head><script type="application/ld+json">{script}</script></head><body></body></html>'
        soup = BeautifulSoup(page, "html.parser")
        (element,) = soup.find_all("script")
        assert not soup.body.contents
        parsed = json.loads(element.string)
        # The same document, with only what no machine-read file carries dropped.
        assert parsed == json.loads(json.dumps(document), object_hook=_cleaned)
    event = json.loads(script_json(documents[0]))
    expected = clean_text(text, multiline=True)
    assert event["name"] == expected
    assert event["performer"] == [{"@type": "Person", "name": expected}]
    assert event["description"] == expected
    place = event["location"][0]
    assert place["name"] == expected
    assert place["address"]["streetAddress"] == expected


def _cleaned(value: dict) -> dict:
    return {k: clean_text(v, multiline=True) if isinstance(v, str) else v for k, v in value.items()}


# --- Diagnostics for people and for GitHub Actions --------------------------------


def parse_annotation(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command line read back the way GitHub's runner reads it."""
    match = re.fullmatch(r"::(\w+) ([^:]*)::(.*)", line)
    assert match, line

    def data(text: str) -> str:
        return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")

    def prop(text: str) -> str:
        return data(text.replace("%3A", ":").replace("%2C", ","))

    props = dict(item.split("=", 1) for item in match[2].split(","))
    return match[1], {k: prop(v) for k, v in props.items()}, data(match[3])


PAYLOAD = "a\n::stop-commands::tok\r\n::error file=palsu.md,line=1::palsu\x1b[2J\u202e%0A"


def test_human_line_shows_controls_as_escapes_and_never_starts_a_command() -> None:
    diagnostic = Diagnostic("events/2026/x\n::error::y.md", 3, 4, "error", f"kolom `{PAYLOAD}` salah")
    line = str(diagnostic)
    assert "\n" not in line and "\r" not in line and "\x1b" not in line and "\u202e" not in line
    assert line == (
        "events/2026/x\\n::error::y.md:3:4: error: kolom "
        "`a\\n::stop-commands::tok\\r\\n::error file=palsu.md,line=1::palsu\\x1b[2J\\u202e%0A` salah"
    )
    assert str(Diagnostic("  ::warning::x.md", 1, 1, "warning", "m")).startswith("./  ::warning::x.md:1:1:")
    assert str(Diagnostic("##[error]x.md", 1, 1, "warning", "m")).startswith("./##[error]x.md:1:1:")


def test_annotation_escapes_by_githubs_rules_and_reads_back() -> None:
    path = "events/2026/a\n,b:c%d.md"
    line = github_annotation(Diagnostic(path, 7, 2, "warning", PAYLOAD))
    assert "\n" not in line and "\r" not in line and "\x1b" not in line
    command, props, message = parse_annotation(line)
    assert command == "warning"
    assert props == {"file": path, "line": "7", "col": "2"}
    assert message == PAYLOAD.replace("\x1b", "\\x1b").replace("\u202e", "\\u202e")


def test_step_summary_cells_cannot_break_the_table_or_add_html() -> None:
    diagnostics = [
        Diagnostic(
            "events/2026/a|`b`<i>.md", 1, 1, "error", "<img src=x onerror=alert(1)> | **tebal** [x](y)"
        ),
        Diagnostic("events/2026/c.md", 2, 3, "warning", PAYLOAD),
    ]
    summary = step_summary(diagnostics)
    rows = [line for line in summary.splitlines() if line.startswith("|")]
    assert len(rows) == 4
    table = summary.split("| Berkas")[1]
    assert all(line.startswith("|") for line in ("| Berkas" + table).splitlines())
    for row in rows:
        # Six pipes that are not escaped: the edges and four between five cells.
        assert len(re.findall(r"(?<!\\)\|", row)) == 6, row
    assert "\x1b" not in summary and "\r" not in summary
    # The path is inline code, where nothing is syntax; the message is text.
    assert rows[2].startswith("| ``events/2026/a\\|`b`<i>.md`` | 1 | 1 | kesalahan | ")
    message = rows[2].rsplit("|", 2)[1]
    assert message == " &#60;img src=x onerror=alert(1)&#62; &#124; &#42;&#42;tebal&#42;&#42; &#91;x&#93;(y) "


def test_validate_in_github_actions_prints_only_real_annotations(repo: Path, tmp_path: Path) -> None:
    hostile_name = "events/2026/2026-12-01-a\n::error file=palsu.md,line=1::palsu.md"
    write(repo, hostile_name, "---\ntitle: x\n---\n")
    event = next(iter(sorted((repo / "events").glob("2026/*.md"))))
    lines = event.read_text(encoding="utf-8").split("\n")
    lines[1:1] = [
        '"kunci\\n::stop-commands::tok": 1',
        'format2: "x\\r\\n::error file=palsu.md,line=9::palsu\\u001b[2J"',
    ]
    lines = [
        'format: "offline\\n::stop-commands::tok\\u001b[31m"' if line.startswith("format:") else line
        for line in lines
    ]
    event.write_text("\n".join(lines), encoding="utf-8")
    summary = tmp_path / "summary.md"
    result = run_hetero(
        repo,
        "validate",
        "--now",
        NOW_TEXT,
        env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert result.returncode == 1, result.stderr
    output = result.stdout + result.stderr
    assert "\x1b" not in output and "\r" not in output
    human = [line for line in result.stdout.splitlines() if re.search(r":\d+:\d+: (error|warning): ", line)]
    commands = [line for line in output.splitlines() if re.match(r"\s*(::|##\[)", line)]
    assert len(commands) == len(human) >= 4
    relative = event.relative_to(repo).as_posix()
    files = []
    for line in commands:
        command, props, _ = parse_annotation(line)
        assert command in ("error", "warning")
        assert (repo / props["file"]).is_file(), props
        assert int(props["line"]) >= 1
        files.append(props["file"])
    assert hostile_name in files and relative in files
    assert any(line.startswith("events/2026/2026-12-01-a\\n::error file=palsu.md") for line in human)
    table = "| Berkas" + summary.read_text(encoding="utf-8").split("| Berkas", 1)[1]
    assert all(line.startswith("|") for line in table.splitlines())
