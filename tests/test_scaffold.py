"""`hetero new event` and `hetero new program`: the file they write validates."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sitehelpers import NOW, NOW_TEXT, copy_repo, front_matter

from hetero.scaffold import new_event
from hetero.validate import validate


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_repo(tmp_path / "repo", ("content", "programs", "events"))


def _hetero(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hetero", "--root", str(root), *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )


def _errors(root: Path) -> list:
    return [d for d in validate(root, NOW)[1] if d.severity == "error"]


def test_new_event_from_flags_writes_a_file_that_validates(repo: Path) -> None:
    title = 'Kelas Foto: Batch #3 "Spesial"'
    result = _hetero(
        repo, "new", "event", "--now", NOW_TEXT, "--title", title, "--date", "2027-04-10",
        "--time", "09:00", "--end-time", "12:00", "--branch", "semarang", "--room", "kelas",
        "--program", "foto-produk-umkm", "--registration-url", "https://forms.gle/abc", "--fee", "25000",
        "--description", "Memotret produk dengan ponsel.",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    relative = result.stdout.strip()
    assert relative == "events/2027/2027-04-10-kelas-foto-batch-3-spesial.md"
    data, _ = front_matter(repo / relative)
    assert data["title"] == title
    assert data["room"] == "kelas"
    assert data["registration"] == {"url": "https://forms.gle/abc", "fee": 25000}
    assert _errors(repo) == []


def test_new_online_event_gets_its_platform_and_no_room(repo: Path) -> None:
    result = _hetero(
        repo, "new", "event", "--now", NOW_TEXT, "--title", "Kelas Daring Baru", "--date", "2027-05-02",
        "--format", "online", "--platform", "Zoom", "--description", "Temu daring.",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data, _ = front_matter(repo / result.stdout.strip())
    assert data["online"] == {"platform": "Zoom"}
    assert "branch" not in data and "room" not in data
    assert _errors(repo) == []


def test_missing_answer_without_a_terminal_is_a_usage_error(repo: Path) -> None:
    result = _hetero(repo, "new", "event", "--now", NOW_TEXT, "--title", "Tanpa Tanggal")
    assert result.returncode == 2
    assert "--date" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_that_would_not_validate_is_not_kept(repo: Path) -> None:
    result = _hetero(
        repo, "new", "event", "--now", NOW_TEXT, "--title", "Di Cabang Salah", "--date", "2027-04-10",
        "--branch", "semarangg", "--description", "Cabangnya salah ketik.",
    )  # fmt: skip
    assert result.returncode == 1
    assert "events/2027/2027-04-10-di-cabang-salah.md:" in result.stderr
    assert "Maksud Anda `semarang`?" in result.stderr
    assert not (repo / "events" / "2027" / "2027-04-10-di-cabang-salah.md").exists()


def test_questions_are_asked_when_flags_are_missing(repo: Path) -> None:
    answers = {"Judul acara": "Temu Komunitas Baru", "Tanggal mulai": "2027-06-05", "Jam mulai": "14:00"}
    answers["Deskripsi acara"] = "Temu."
    asked: list[str] = []

    def ask(question: str) -> str:
        asked.append(question)
        return next((answer for lead, answer in answers.items() if question.startswith(lead)), "")

    path, diagnostics = new_event(repo, argparse.Namespace(), NOW, ask=ask)
    assert [d for d in diagnostics if d.severity == "error"] == []
    assert path == repo / "events" / "2027" / "2027-06-05-temu-komunitas-baru.md"
    data, _ = front_matter(path)
    assert (data["title"], str(data["start"]), str(data["end"])) == (
        "Temu Komunitas Baru",
        "2027-06-05 14:00",
        "2027-06-05 16:00",  # the default: two hours
    )
    assert asked[0].startswith("Judul acara")


def test_new_program_writes_a_file_that_validates(repo: Path) -> None:
    result = _hetero(
        repo, "new", "program", "--now", NOW_TEXT, "--title", "Kelas Ekspor Pemula", "--pillar", "mbangun",
        "--kind", "class", "--summary", "Langkah pertama menjual produk UMKM ke luar negeri.",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "programs/kelas-ekspor-pemula.yml"
    data = yaml.safe_load((repo / "programs" / "kelas-ekspor-pemula.yml").read_text(encoding="utf-8"))
    assert (data["title"], data["pillar"], data["kind"]) == ("Kelas Ekspor Pemula", "mbangun", "class")
    assert _errors(repo) == []
    again = _hetero(
        repo, "new", "program", "--now", NOW_TEXT, "--title", "Kelas Ekspor Pemula", "--summary", "Lagi.",
    )  # fmt: skip
    assert again.returncode == 2
    assert "sudah ada" in again.stderr


def test_new_story_and_showcase_need_the_owners_consent_date(repo: Path) -> None:
    story = _hetero(
        repo, "new", "story", "--now", NOW_TEXT, "--name", "Kopi Lereng: Ungaran", "--business-kind", "Kopi",
        "--city", "Kabupaten Semarang", "--programs", "digital-marketing-ecommerce, foto-produk-umkm",
        "--quote", 'Pembeli "datang" dari luar Jawa', "--consent-date", "2026-10-01",
    )  # fmt: skip
    assert story.returncode == 0, story.stderr
    data, _ = front_matter(repo / story.stdout.strip())
    assert data["programs"] == ["digital-marketing-ecommerce", "foto-produk-umkm"]
    assert data["quote"] == 'Pembeli "datang" dari luar Jawa'
    assert (data["consent"], str(data["consent_date"])) == (True, "2026-10-01")
    showcase = _hetero(
        repo, "new", "showcase", "--now", NOW_TEXT, "--name", "Kopi Lereng", "--category", "kuliner",
        "--city", "Kabupaten Semarang", "--description", "Kopi robusta.",
        "--products", "Kopi bubuk, Biji kopi",
        "--whatsapp", "+6281234567890", "--consent-date", "2026-10-01",
    )  # fmt: skip
    assert showcase.returncode == 0, showcase.stderr
    entry = yaml.safe_load((repo / showcase.stdout.strip()).read_text(encoding="utf-8"))
    assert entry["products"] == ["Kopi bubuk", "Biji kopi"]
    assert entry["links"] == {"whatsapp": "+6281234567890"}
    assert _errors(repo) == []
    without = _hetero(
        repo, "new", "showcase", "--now", NOW_TEXT, "--name", "Tanpa Izin", "--category", "kuliner",
        "--city", "Kota Semarang", "--description", "x", "--products", "y",
    )  # fmt: skip
    assert without.returncode == 2
    assert "--consent-date" in without.stderr
    assert not (repo / "content" / "showcase" / "tanpa-izin.yml").exists()


def test_new_multi_day_event_with_sessions_and_registration(repo: Path) -> None:
    result = _hetero(
        repo, "new", "event", "--now", NOW_TEXT, "--title", "Kelas Startup Tiga Hari", "--date", "2027-03-16",
        "--end-date", "2027-03-18", "--time", "09:00", "--end-time", "16:00", "--format", "hybrid",
        "--branch", "semarang", "--room", "kelas", "--platform", "Zoom", "--online-url", "https://zoom.us/j/555",
        "--session", "2027-03-16 09:00-16:00 Hari 1: Masalah", "--session", "2027-03-17 09:00-16:00",
        "--session", "2027-03-18 09:00-12:00 Hari 3",
        "--whatsapp", "+6281225550263", "--opens", "2027-02-15 08:00", "--closes", "2027-03-14 20:00",
        "--capacity", "25", "--fee", "0", "--description", "Tiga hari dari ide ke presentasi.",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data, _ = front_matter(repo / result.stdout.strip())
    assert (str(data["start"]), str(data["end"])) == ("2027-03-16 09:00", "2027-03-18 16:00")
    assert [(str(s["start"]), str(s["end"]), s.get("title")) for s in data["sessions"]] == [
        ("2027-03-16 09:00", "2027-03-16 16:00", "Hari 1: Masalah"),
        ("2027-03-17 09:00", "2027-03-17 16:00", None),
        ("2027-03-18 09:00", "2027-03-18 12:00", "Hari 3"),
    ]
    assert data["online"] == {"platform": "Zoom", "url": "https://zoom.us/j/555"}
    registration = {key: str(value) for key, value in data["registration"].items()}
    assert registration == {
        "whatsapp": "+6281225550263",
        "opens": "2027-02-15 08:00",
        "closes": "2027-03-14 20:00",
        "capacity": "25",
        "fee": "0",
    }
    assert _errors(repo) == []


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (("--time", "9.00"), "hetero new: `--time` bernilai `9.00`; pakai titik dua: `09:00`"),
        (
            ("--date", "10-04-2027"),
            "hetero new: `--date` bernilai `10-04-2027`; tulis tahun dulu, lalu bulan, lalu hari "
            "(TTTT-BB-HH): `2027-04-10` (Sabtu, 10 April 2027)",
        ),
        (("--end-time", "12.00 WIB"), "dan pakai titik dua: `12:00`"),
        (
            ("--opens", "2027-04-01 8.00"),
            "`--opens` bernilai `2027-04-01 8.00`; pakai titik dua: `2027-04-01 08:00`",
        ),
        (
            ("--fee", "Rp 50.000"),
            "`--fee` bernilai `Rp 50.000`; tulis angkanya saja, tanpa Rp, titik atau koma: `50000`",
        ),
        (("--fee", "gratis"), "`--fee` bernilai `gratis`; untuk acara gratis tulis angka 0: `0`"),
        (("--capacity", "0"), "`--capacity` bernilai `0`; nilainya harus lebih dari 0"),
        (("--whatsapp", "0812-2555-0263"), ": `+6281225550263`"),
        (("--registration-url", "forms.gle/abc"), "nilainya harus alamat web lengkap yang diawali https://"),
        (("--session", "2027-04-10 9.00-12:00"), "`--session` bernilai `9.00`; pakai titik dua: `09:00`"),
        (("--session", "besok pagi"), "misalnya `2027-01-23 09:00-12:00 Hari 1`"),
    ],
)
def test_a_wrong_flag_value_gets_the_validators_words(
    repo: Path, flags: tuple[str, ...], message: str
) -> None:
    base = {"--title": "Kelas Uji", "--date": "2027-04-10", "--description": "Uji."}
    args = [arg for key, value in base.items() if key not in flags for arg in (key, value)]
    result = _hetero(repo, "new", "event", "--now", NOW_TEXT, *args, *flags)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not list((repo / "events" / "2027").glob("2027-04-10-*"))


def test_a_session_outside_the_event_is_the_validators_error_and_no_file(repo: Path) -> None:
    result = _hetero(
        repo, "new", "event", "--now", NOW_TEXT, "--title", "Kelas Uji", "--date", "2027-04-10",
        "--session", "2027-04-11 09:00-12:00", "--description", "Uji.",
    )  # fmt: skip
    assert result.returncode == 1
    assert "sesi ini berada di luar waktu acara" in result.stderr
    assert "Berkas tidak disimpan" in result.stderr
    assert not (repo / "events" / "2027" / "2027-04-10-kelas-uji.md").exists()


def test_a_wrong_answer_in_the_terminal_is_explained_and_asked_again(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = {
        "Judul acara": ["Kelas Dua Hari"],
        "Tanggal mulai": ["2027-06-05"],
        "Jam mulai": ["9.00", "09:00"],
        "Tanggal selesai": ["2027-06-06"],
        "Jam selesai": ["15:00"],
        "Sesi ke-1": ["2027-06-05 9.00-15:00", "2027-06-05 09:00-15:00 Hari 1"],
        "Sesi ke-2": ["2027-06-06 09:00-15:00 Hari 2"],
        "Deskripsi acara": ["Dua hari praktik."],
        "Biaya": ["Rp 25.000", "25000"],
    }
    asked: list[str] = []

    def ask(question: str) -> str:
        asked.append(question)
        lead = next((lead for lead in answers if question.startswith(lead)), None)
        return answers[lead].pop(0) if lead and answers[lead] else ""

    path, diagnostics = new_event(repo, argparse.Namespace(), NOW, ask=ask)
    assert [d for d in diagnostics if d.severity == "error"] == []
    data, _ = front_matter(path)
    assert (str(data["start"]), str(data["end"])) == ("2027-06-05 09:00", "2027-06-06 15:00")
    assert [s["title"] for s in data["sessions"]] == ["Hari 1", "Hari 2"]
    assert data["registration"] == {"fee": 25000}
    told = capsys.readouterr().err
    assert "`--time` bernilai `9.00`; pakai titik dua: `09:00`" in told
    assert "`--session` bernilai `9.00`; pakai titik dua: `09:00`" in told
    assert "`--fee` bernilai `Rp 25.000`; tulis angkanya saja, tanpa Rp, titik atau koma: `25000`" in told
    assert sum(question.startswith("Jam mulai") for question in asked) == 2
