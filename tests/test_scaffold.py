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
