"""The "Usulan acara" issue form: from the Markdown GitHub renders to a valid event file.

Every body here is written the way GitHub renders an issue form: `### <label>`,
a blank line, the answer, a blank line. Whatever a stranger types, the parser
either produces a file that validates together with the sample content, or a
list of problems in plain Indonesian that name the form field to fix.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import NOW, NOW_TEXT, PROJECT, clean_env, errors, run_hetero
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hetero.proposal import (
    FIELDS,
    FORMATS,
    NO_RESPONSE,
    Proposal,
    comment_body,
    parse_issue_form,
    render_event_file,
    run_proposal,
)
from hetero.validate import validate
from hetero.yamlread import read_yaml

FORM = PROJECT / ".github" / "ISSUE_TEMPLATE" / "usulan-acara.yml"
WORKFLOW = PROJECT / ".github" / "workflows" / "proposal.yml"

# A complete, realistic proposal; tests change one answer at a time.
ANSWERS: dict[str, str | None] = {
    "judul": "Kelas Foto Produk untuk Kuliner",
    "tanggal": "2027-02-20",
    "jam_mulai": "09:00",
    "jam_selesai": "12:00",
    "format": "hybrid",
    "cabang": "semarang",
    "ruang": "kelas",
    "program": "foto-produk-umkm",
    "platform": "Zoom",
    "pendaftaran": "https://forms.heterospace.id/foto-produk-kuliner",
    "biaya": "25000",
    "kuota": "30",
    "deskripsi": (
        "Kelas praktik memotret produk makanan dan minuman dengan ponsel.\n\n"
        "Bawa ponsel berkamera dan dua contoh produk.\n\n"
        "- tata cahaya dari jendela\n- latar sederhana"
    ),
}
EXPECTED_PATH = "events/2027/2027-02-20-kelas-foto-produk-untuk-kuliner.md"


def issue_body(newline: str = "\n", **changes: str | None) -> str:
    """The issue body GitHub renders for the form answers; None is an empty answer."""
    answers = {**ANSWERS, **changes}
    sections = []
    for field in FIELDS:
        answer = answers[field.id]
        sections.append(f"### {field.label}\n\n{NO_RESPONSE if answer is None else answer}")
    return "\n\n".join(sections).replace("\n", newline)


def proposal(**changes: str | None) -> Proposal:
    parsed = parse_issue_form(issue_body(**changes))
    assert isinstance(parsed, Proposal), parsed
    return parsed


def problems(body: str) -> list[str]:
    parsed = parse_issue_form(body)
    assert isinstance(parsed, list), parsed
    assert parsed, "a refused proposal names at least one problem"
    for problem in parsed:
        assert isinstance(problem, str) and problem.strip()
        assert "Traceback" not in problem and "Error" not in problem
    return parsed


def written(repo: Path, parsed: Proposal) -> tuple[str, str]:
    relative, text = render_event_file(parsed)
    path = repo / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return relative, text


def front_matter(text: str) -> dict:
    """The front matter as the validator's reader sees it."""
    _, data, _ = text.split("---\n", 2)
    return read_yaml(data).value


def assert_validates(repo: Path, relative: str) -> None:
    found = errors(repo)
    assert not found, [str(d) for d in found]
    catalog, _ = validate(repo, NOW)
    assert Path(relative).stem in {event.id for event in catalog.events}


# --- The form and the parser agree ------------------------------------------


def _form() -> dict:
    return yaml.safe_load(FORM.read_text(encoding="utf-8"))


def _form_fields() -> list[dict]:
    return [item for item in _form()["body"] if item["type"] != "markdown"]


def test_form_fields_are_the_parsers_fields_in_order():
    fields = _form_fields()
    assert [item["id"] for item in fields] == [field.id for field in FIELDS]
    assert [item["attributes"]["label"] for item in fields] == [field.label for field in FIELDS]
    assert [item["type"] for item in fields] == [field.kind for field in FIELDS]
    assert [item["validations"]["required"] for item in fields] == [field.required for field in FIELDS]


def test_form_is_well_formed_and_labelled():
    form = _form()
    assert form["name"] == "Usulan acara"
    assert form["labels"] == ["usulan-acara"]
    ids = [item["id"] for item in _form_fields()]
    assert len(ids) == len(set(ids))
    for item in _form_fields():
        assert re.fullmatch(r"[a-z_]+", item["id"])
        assert item["attributes"]["description"].strip()
    assert "'usulan-acara'" in WORKFLOW.read_text(encoding="utf-8")


def test_form_dropdowns_offer_the_content_models_choices():
    by_id = {item["id"]: item for item in _form_fields()}
    assert tuple(by_id["format"]["attributes"]["options"]) == FORMATS
    branches = sorted(path.stem for path in (PROJECT / "content" / "branches").glob("*.md"))
    assert sorted(by_id["cabang"]["attributes"]["options"]) == branches


def test_form_asks_for_no_personal_data():
    personal = re.compile(r"\b(nama|name|telepon|phone|hp|whatsapp|wa|email|e-mail|alamat)\b", re.I)
    for item in _form_fields():
        asked = f"{item['id']} {item['attributes']['label']}"
        assert not personal.search(asked), asked
    assert "data pribadi" in _form()["body"][0]["attributes"]["value"]


# --- Realistic bodies -------------------------------------------------------


def test_realistic_proposal_becomes_a_file_that_validates(repo: Path):
    parsed = proposal()
    relative, text = written(repo, parsed)
    assert relative == EXPECTED_PATH
    data = front_matter(text)
    assert data == {
        "title": "Kelas Foto Produk untuk Kuliner",
        "program": "foto-produk-umkm",
        "format": "hybrid",
        "branch": "semarang",
        "room": "kelas",
        "start": "2027-02-20 09:00",
        "end": "2027-02-20 12:00",
        "online": {"platform": "Zoom"},
        "registration": {
            "url": "https://forms.heterospace.id/foto-produk-kuliner",
            "capacity": "30",
            "fee": "25000",
        },
    }
    # The description is the Markdown body, never YAML.
    assert text.endswith("- tata cahaya dari jendela\n- latar sederhana\n")
    assert_validates(repo, relative)


def test_windows_line_endings_read_the_same():
    assert parse_issue_form(issue_body("\r\n")) == parse_issue_form(issue_body())
    assert parse_issue_form(issue_body("\r")) == parse_issue_form(issue_body())


def test_empty_optional_answers_leave_their_fields_out(repo: Path):
    parsed = proposal(format="offline", ruang=None, program=None, platform=None, pendaftaran=None, kuota=None)
    relative, text = written(repo, parsed)
    data = front_matter(text)
    assert set(data) == {"title", "format", "branch", "start", "end", "registration"}
    assert data["registration"] == {"fee": "25000"}
    assert_validates(repo, relative)


def test_an_unchosen_optional_dropdown_counts_as_empty():
    assert proposal(format="online", cabang="None", ruang=None).branch is None


def test_online_proposal_needs_no_branch(repo: Path):
    parsed = proposal(format="online", cabang=None, ruang=None, platform="YouTube Live")
    relative, text = written(repo, parsed)
    assert "branch" not in front_matter(text)
    assert_validates(repo, relative)


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("0", 0), ("gratis", 0), ("Gratis", 0), ("Rp 50.000", 50000), ("Rp50.000,-", 50000), ("75000", 75000)],
)
def test_fee_is_read_the_way_people_write_rupiah(typed: str, amount: int):
    assert proposal(biaya=typed).fee == amount


@pytest.mark.parametrize(("typed", "clock"), [("9:00", "09:00"), ("09.30", "09:30"), ("13:00 WIB", "13:00")])
def test_times_are_read_the_way_people_write_them(typed: str, clock: str):
    assert proposal(jam_mulai=typed, jam_selesai="18:00").start_time == clock


def test_empty_required_answers_are_named():
    found = problems(issue_body(judul=None, tanggal=None, biaya=None, deskripsi=None))
    assert found == [
        "Judul acara: wajib diisi",
        "Tanggal (TTTT-BB-HH): wajib diisi",
        "Biaya (rupiah): wajib diisi",
        "Deskripsi acara: wajib diisi",
    ]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"tanggal": "14/02/2027"},
            "Tanggal (TTTT-BB-HH): `14/02/2027`; tulis tahun dulu, lalu bulan, lalu hari (TTTT-BB-HH): "
            "`2027-02-14` (Minggu, 14 Februari 2027)",
        ),
        (
            {"tanggal": "besok"},
            "Tanggal (TTTT-BB-HH): `besok`; nilainya harus tanggal dalam bentuk TTTT-BB-HH",
        ),
        ({"tanggal": "2027-02-30"}, "tidak ada di kalender"),
        ({"jam_mulai": "25:00"}, "Jam mulai (JJ:MM, WIB): `25:00`; nilainya harus jam dalam bentuk JJ:MM"),
        ({"jam_selesai": "08:00"}, "Jam selesai (JJ:MM, WIB): 08:00 harus lebih akhir dari jam mulai"),
        ({"format": "tatap muka"}, "Format acara: `tatap muka` bukan pilihan yang ada"),
        ({"cabang": None}, "Cabang: wajib dipilih untuk acara hybrid"),
        ({"ruang": "Aula Hetero"}, "Ruang (opsional): `Aula Hetero` bukan id"),
        ({"platform": None}, "Platform daring (opsional): wajib diisi untuk acara hybrid"),
        ({"pendaftaran": "http://forms.gle/x"}, "harus alamat web lengkap yang diawali https://"),
        ({"biaya": "lima puluh ribu"}, "Biaya (rupiah): `lima puluh ribu`; nilainya harus bilangan bulat"),
        ({"biaya": "free"}, "Biaya (rupiah): `free`; nilainya harus bilangan bulat"),
        ({"kuota": "0"}, "Kuota peserta (opsional): `0` harus bilangan bulat lebih dari 0"),
        ({"format": "online", "cabang": None}, "Ruang (opsional): acara online tidak memakai ruang"),
        ({"format": "offline"}, "Platform daring (opsional): acara offline tidak memakai platform"),
    ],
)
def test_unusable_answers_get_a_readable_problem(changes: dict[str, str | None], expected: str):
    found = problems(issue_body(**changes))
    assert any(expected in problem for problem in found), found


def test_a_body_not_from_the_form_is_refused():
    found = problems("Tolong tambahkan acara kelas foto tanggal 20 Februari ya.")
    assert len(found) == len(FIELDS)
    assert found[0].startswith("bagian `### Judul acara` tidak ditemukan")


# --- Hostile text -----------------------------------------------------------

HOSTILE_TITLES = [
    "$(rm -rf /)",
    "`rm -rf /` dan ${HOME}",
    'Kelas "Foto": Produk: Batch #3',
    "- title: palsu",
    "'; DROP TABLE acara; --",
    "{{ 7 * 7 }} &amp; <b>tebal</b>",
    "no",
    "09:00",
    "&anchor *alias !!python/object",
    "Kelas \\ garis miring \\n terbalik",
    "🎉 Pesta UMKM 🎉",
    "🎉🎉🎉",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_stay_text_in_a_file_that_validates(repo: Path, title: str):
    relative, text = written(repo, proposal(judul=title))
    assert front_matter(text)["title"] == title
    assert_validates(repo, relative)
    catalog, _ = validate(repo, NOW)
    (event,) = [e for e in catalog.events if e.id == Path(relative).stem]
    assert event.data.title == title


def test_hostile_description_stays_in_the_markdown_body(repo: Path):
    description = (
        "Pembuka $(rm -rf /) dan `whoami`.\n\n"
        "### Judul acara\n\n"
        "### Biaya (rupiah)\n\n"
        "1000000\n\n"
        "---\n"
        "title: palsu\n"
        "---\n\n"
        "<script>alert(1)</script> <img src=x onerror=alert(1)>\n"
        "### bukan bagian formulir"
    )
    parsed = proposal(deskripsi=description)
    # Only the form's own headings, in order, split the body.
    assert parsed.fee == 25000
    assert parsed.title == ANSWERS["judul"]
    relative, text = written(repo, parsed)
    assert set(front_matter(text)) >= {"title", "registration"}
    assert "title: palsu" in text.split("---\n", 2)[2]
    assert "<script>" not in text and "<img" not in text
    assert "&lt;script>" in text
    assert_validates(repo, relative)
    catalog, _ = validate(repo, NOW)
    (event,) = [e for e in catalog.events if e.id == Path(relative).stem]
    assert event.data.title == ANSWERS["judul"]
    assert "$(rm -rf /)" in event.body


def test_a_heading_typed_inside_an_earlier_answer_does_not_take_over():
    # The fake `### Biaya` sits inside the room's answer; the real one comes later.
    found = problems(issue_body(ruang="aula\n\n### Biaya (rupiah)\n\n0"))
    assert found == ["Ruang (opsional): harus satu baris saja; hapus baris baru di dalamnya"]
    assert proposal(judul="Kelas ### Biaya (rupiah) gratis").fee == 25000


def test_a_newline_and_front_matter_fence_in_the_title_are_refused():
    found = problems(issue_body(judul="Kelas Foto\n---\nformat: online"))
    assert found == ["Judul acara: harus satu baris saja; hapus baris baru di dalamnya"]


def test_control_characters_are_dropped(repo: Path):
    parsed = proposal(judul="Kelas\x00 Foto\x1b[31m\u2028 Produk\x85", deskripsi="Isi\x07 acara\ufeff")
    assert parsed.title == "Kelas Foto[31m Produk"
    relative, _ = written(repo, parsed)
    assert_validates(repo, relative)


@pytest.mark.parametrize("field_id", ["judul", "deskripsi", "ruang", "pendaftaran", "biaya"])
def test_100_kb_of_text_is_refused_quickly_and_readably(field_id: str):
    started = time.perf_counter()
    found = problems(issue_body(**{field_id: "A" * 100_000}))
    assert time.perf_counter() - started < 1
    label = next(field.label for field in FIELDS if field.id == field_id)
    assert len(found) == 1
    assert found[0].startswith(f"{label}: terlalu panjang (100000 karakter); paling banyak ")


def test_100_kb_everywhere_is_one_short_problem_per_field():
    found = problems(issue_body(**{field.id: "x" * 100_000 for field in FIELDS}))
    assert len(found) == len(FIELDS)
    assert all(len(problem) < 200 for problem in found)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.text(max_size=200), description=st.text(min_size=0, max_size=500))
def test_any_text_gives_a_proposal_whose_yaml_reads_back_or_problems(title: str, description: str):
    parsed = parse_issue_form(issue_body(judul=title, deskripsi=description))
    if isinstance(parsed, list):
        assert parsed and all(isinstance(p, str) and ": " in p for p in parsed)
        return
    _, text = render_event_file(parsed)
    data = front_matter(text)
    assert data["title"] == parsed.title
    keys = {"title", "program", "format", "branch", "room", "start", "end", "online", "registration"}
    assert set(data) == keys


# --- The command, end to end ------------------------------------------------


def event_json(tmp_path: Path, body: str | None, name: str = "event.json") -> Path:
    """A trimmed GitHub `issues` event, as Actions writes it to $GITHUB_EVENT_PATH."""
    path = tmp_path / name
    event = {
        "action": "labeled",
        "label": {"name": "disetujui"},
        "issue": {"number": 42, "title": "Usulan acara: kelas foto", "body": body, "labels": []},
    }
    path.write_text(json.dumps(event), encoding="utf-8")
    return path


def workflow_command() -> str:
    steps = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["usulan"]["steps"]
    return next(step["run"] for step in steps if "hetero proposal" in step.get("run", ""))


def run_as_the_workflow(repo: Path, event_file: Path) -> subprocess.CompletedProcess[str]:
    """The workflow's own `run:` line, in the repository folder, with its environment."""
    venv = repo / ".venv"
    if not venv.exists():
        venv.symlink_to(PROJECT / ".venv", target_is_directory=True)
    env = clean_env({"GITHUB_EVENT_PATH": str(event_file), "HETERO_NOW": NOW_TEXT})
    return subprocess.run(
        ["bash", "-c", workflow_command()], cwd=repo, env=env, capture_output=True, text=True, timeout=60
    )


def test_workflow_command_writes_the_file_and_prints_its_path(repo: Path, tmp_path: Path):
    event_file = event_json(tmp_path, issue_body("\r\n"))
    result = run_as_the_workflow(repo, event_file)
    assert result.returncode == 0, result.stderr
    assert result.stdout == EXPECTED_PATH + "\n"
    assert (repo / EXPECTED_PATH).is_file()
    assert not (repo / "komentar.md").exists()
    validated = run_hetero(repo, "validate", "--now", NOW_TEXT)
    assert validated.returncode == 0, validated.stdout


def test_workflow_command_comments_instead_when_validation_fails(repo: Path, tmp_path: Path):
    before = sorted(p.relative_to(repo) for p in (repo / "events").rglob("*"))
    event_file = event_json(tmp_path, issue_body(ruang="aulaa", program="foto-produk"))
    result = run_as_the_workflow(repo, event_file)
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert sorted(p.relative_to(repo) for p in (repo / "events").rglob("*")) == before
    comment = (repo / "komentar.md").read_text(encoding="utf-8")
    assert comment.startswith("### Usulan acara belum dapat dijadikan berkas acara\n")
    assert (
        "Ruang (opsional): ruang di cabang semarang: `aulaa` tidak ditemukan. Maksud Anda `aula`?" in comment
    )
    assert "Program (opsional): program `foto-produk` tidak ditemukan." in comment
    assert f"[{EXPECTED_PATH}:" in comment
    assert "Traceback" not in result.stderr


def test_form_problems_go_to_the_comment_too(repo: Path, tmp_path: Path):
    event_file = event_json(tmp_path, issue_body(tanggal="20 Februari 2027", biaya=None))
    result = run_hetero(
        repo, "proposal", "--event-file", str(event_file), "--comment-out", "komentar.md", "--now", NOW_TEXT
    )
    assert result.returncode == 1
    comment = (repo / "komentar.md").read_text(encoding="utf-8")
    assert "- Tanggal (TTTT-BB-HH): `20 Februari 2027`; tulis tanggal dengan angka" in comment
    assert ": `2027-02-20` (Sabtu, 20 Februari 2027)" in comment
    assert "- Biaya (rupiah): wajib diisi" in comment
    assert "usulan: Biaya (rupiah): wajib diisi" in result.stderr


def test_a_clash_reported_on_another_file_still_refuses_the_proposal(repo: Path, tmp_path: Path):
    # The proposal starts first, so the room clash is reported on the existing event's file.
    body = issue_body(
        judul="Aaa bentrok", tanggal="2026-12-12", ruang="aula", program=None, jam_mulai="08:00"
    )
    result = run_hetero(repo, "proposal", "--event-file", str(event_json(tmp_path, body)), "--now", NOW_TEXT)
    assert result.returncode == 1
    assert "sudah dipakai acara" in result.stderr
    assert not (repo / "events/2026/2026-12-12-aaa-bentrok.md").exists()


def test_a_past_date_is_refused(repo: Path, tmp_path: Path):
    body = issue_body(tanggal="2026-11-20")
    result = run_hetero(repo, "proposal", "--event-file", str(event_json(tmp_path, body)), "--now", NOW_TEXT)
    assert result.returncode == 1
    assert "Tanggal (TTTT-BB-HH): acara ini mulai di masa lalu" in result.stderr


def test_the_same_proposal_twice_is_refused_the_second_time(repo: Path, tmp_path: Path):
    event_file = event_json(tmp_path, issue_body())
    first = run_hetero(repo, "proposal", "--event-file", str(event_file), "--now", NOW_TEXT)
    second = run_hetero(repo, "proposal", "--event-file", str(event_file), "--now", NOW_TEXT)
    assert (first.returncode, second.returncode) == (0, 1)
    assert "sudah ada berkas acara" in second.stderr


def test_root_may_follow_the_subcommand(repo: Path, tmp_path: Path):
    event_file = event_json(tmp_path, issue_body())
    result = subprocess.run(
        [sys.executable, "-m", "hetero", "proposal", "--event-file", str(event_file), "--root", str(repo)],
        cwd=tmp_path,
        env=clean_env({"HETERO_NOW": NOW_TEXT}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert (repo / EXPECTED_PATH).is_file()


@pytest.mark.parametrize("content", ["not json", json.dumps({"action": "labeled"}), None])
def test_an_unusable_event_file_is_a_usage_error(repo: Path, tmp_path: Path, content: str | None):
    event_file = tmp_path / "event.json"
    if content is not None:
        event_file.write_text(content, encoding="utf-8")
    result = run_hetero(repo, "proposal", "--event-file", str(event_file), "--comment-out", "k.md")
    assert result.returncode == 2
    assert result.stderr.startswith("hetero proposal: berkas peristiwa")
    assert not (repo / "k.md").exists()


def test_missing_event_file_option_is_a_usage_error(repo: Path):
    assert run_hetero(repo, "proposal").returncode == 2


def test_an_issue_without_a_body_gets_a_comment(repo: Path, tmp_path: Path):
    result = run_hetero(
        repo,
        "proposal",
        "--event-file",
        str(event_json(tmp_path, None)),
        "--comment-out",
        "komentar.md",
        "--now",
        NOW_TEXT,
    )
    assert result.returncode == 1
    assert "tidak ditemukan" in (repo / "komentar.md").read_text(encoding="utf-8")


def test_comment_keeps_quoted_text_inside_a_code_block():
    hostile = "Judul acara: `a` ```` @pengelola [klik](https://contoh.invalid) ![x](https://t.invalid/p.png)"
    comment = comment_body([hostile])
    fence = re.search(r"^(`{3,})text$", comment, re.MULTILINE)
    assert fence and len(fence[1]) == 5
    inside = comment.split(fence[0] + "\n", 1)[1].split("\n" + fence[1] + "\n", 1)[0]
    assert inside == f"- {hostile}"


def test_comment_stays_short_for_many_long_problems():
    comment = comment_body(["x" * 5000] * 100)
    assert len(comment) < 20_000
    assert "... dan 70 masalah lain" in comment


def test_shell_syntax_in_the_issue_runs_nothing(repo: Path, tmp_path: Path):
    # The command runs in the repository folder: a `touch` that ran would leave a file there.
    body = issue_body(judul="$(touch dijalankan) `touch dijalankan`", deskripsi="; touch dijalankan")
    result = run_as_the_workflow(repo, event_json(tmp_path, body))
    assert result.returncode == 0, result.stderr
    assert not (repo / "dijalankan").exists()


# --- YAML injection and stray characters, end to end -------------------------------

YAML_TITLES = [
    "---",
    "{}",
    "[]",
    '!!python/object/apply:os.system ["id"]',
    "null",
    "~",
    "|",
    ">-",
    "%YAML 1.1",
    '"',
    '\\"',
    "*alias",
    "? kunci",
    "title: x status: cancelled",
    "# komentar",
    "Kelas\u202e bidi",
]


@pytest.mark.parametrize("title", YAML_TITLES)
def test_yaml_typed_as_a_title_is_plain_text_or_refused_cleanly(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], title: str
):
    comment = tmp_path / "komentar.md"
    code = run_proposal(repo, event_json(tmp_path, issue_body(judul=title)), NOW, comment)
    printed = capsys.readouterr()
    if code == 1:
        # Refused: a readable problem about the title, nothing written.
        assert "Judul acara" in comment.read_text(encoding="utf-8")
        assert not list((repo / "events").glob("2027/2027-02-20-*"))
        assert all(char.isprintable() for char in printed.err.replace("\n", ""))
        return
    assert code == 0, printed.err
    relative = printed.out.strip()
    assert set(front_matter((repo / relative).read_text(encoding="utf-8"))) == {
        "title",
        "program",
        "format",
        "branch",
        "room",
        "start",
        "end",
        "online",
        "registration",
    }
    catalog, _ = validate(repo, NOW)
    (event,) = [e for e in catalog.events if e.id == Path(relative).stem]
    assert event.data.title == title
    assert event.data.status == "scheduled"
    assert event.data.registration and event.data.registration.fee == 25000


@pytest.mark.parametrize(
    ("field_id", "answer"),
    [
        ("judul", "Kelas\nstatus: cancelled"),
        ("judul", "Kelas\r\n---\r\nstatus: cancelled"),
        ("platform", "Zoom\n  url: https://contoh.invalid"),
        ("ruang", 'kelas", "status": "cancelled'),
        ("kuota", "30\nstatus: cancelled"),
    ],
)
def test_a_second_yaml_line_in_a_one_line_answer_is_refused(field_id: str, answer: str):
    (found,) = problems(issue_body(**{field_id: answer}))
    label = next(field.label for field in FIELDS if field.id == field_id)
    assert found.startswith(f"{label}: ")


def test_front_matter_typed_into_the_description_stays_body_text(repo: Path):
    description = '---\nstatus: cancelled\nregistration: {fee: 1}\n---\n\n{} [] !!python/object "\\'
    relative, _ = written(repo, proposal(deskripsi=description))
    assert_validates(repo, relative)
    catalog, _ = validate(repo, NOW)
    (event,) = [e for e in catalog.events if e.id == Path(relative).stem]
    assert event.data.status == "scheduled"
    assert event.data.registration and event.data.registration.fee == 25000
    assert "status: cancelled" in event.body and "!!python/object" in event.body


def test_platform_with_quotes_and_colons_stays_one_value(repo: Path):
    platform = 'Zoom", "url": "javascript:alert(1)'
    relative, text = written(repo, proposal(platform=platform))
    assert front_matter(text)["online"] == {"platform": platform}
    assert_validates(repo, relative)


# --- The form's help texts, the proposal and the validator agree -------------

# What the form's help texts invite besides the plain value, and what the file gets.
INVITED = {
    "jam_mulai": {"9.00": "09:00", "9:00": "09:00", "09.00 WIB": "09:00"},
    "jam_selesai": {"12.00": "12:00", "12.00 WIB": "12:00"},
    "biaya": {"Rp 50.000": "50000", "Rp 50.000,-": "50000", "50.000": "50000", "gratis": "0"},
}
WRITTEN_AS = {"jam_mulai": ("start",), "jam_selesai": ("end",), "biaya": ("registration", "fee")}


def _description(field_id: str) -> str:
    return next(item for item in _form_fields() if item["id"] == field_id)["attributes"]["description"]


@pytest.mark.parametrize(
    ("field_id", "typed", "stored"),
    [
        (field_id, typed, stored)
        for field_id, spellings in INVITED.items()
        for typed, stored in spellings.items()
    ],
)
def test_what_the_form_invites_is_written_as_the_validator_wants(
    repo: Path, field_id: str, typed: str, stored: str
):
    assert typed in _description(field_id) and stored in _description(field_id)
    relative, text = written(repo, proposal(**{field_id: typed}))
    value = front_matter(text)
    for key in WRITTEN_AS[field_id]:
        value = value[key]
    assert value.endswith(stored)
    assert_validates(repo, relative)


@pytest.mark.parametrize(
    ("field", "typed", "stored"),
    [
        ("start", "2027-02-20 9.00", "2027-02-20 09:00"),
        ("start", "2027-02-20 09.00 WIB", "2027-02-20 09:00"),
        ("fee", "Rp 50.000", "50000"),
        ("fee", "Rp 50.000,-", "50000"),
        ("fee", "50.000", "50000"),
        ("fee", "gratis", "0"),
    ],
)
def test_the_validator_suggests_what_the_proposal_would_have_written(
    repo: Path, field: str, typed: str, stored: str
):
    """Staff who later edit the file and type as the form allowed are given the same value."""
    relative, text = written(repo, proposal())
    old = 'start: "2027-02-20 09:00"' if field == "start" else "fee: 25000"
    assert old in text
    (repo / relative).write_text(text.replace(old, f'{field}: "{typed}"'), encoding="utf-8")
    found = errors(repo)
    assert len(found) == 1 and found[0].message.endswith(f": `{stored}`"), [str(d) for d in found]
