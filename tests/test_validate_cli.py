"""`hetero validate` as staff and CI call it: output format, exit codes, clock, GitHub."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path
from typing import IO

import pytest
from conftest import NOW_TEXT, clean_env, diagnostic_lines, run_hetero, write

BROKEN_EVENT = "events/2026/2026-12-22-kelas-uji.md"
BROKEN_TEXT = """\
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

Deskripsi acara.
"""
# `fee: 50.000` is on line 10; its value starts in column 8.
BROKEN_PREFIX = f"{BROKEN_EVENT}:10:8: error: "

# An upcoming event with no way to register (no program to inherit from).
NO_REGISTRATION_EVENT = "events/2026/2026-12-22-tanpa-pendaftaran.md"
NO_REGISTRATION_TEXT = """\
---
title: Temu Komunitas
format: online
online:
  platform: Zoom
start: 2026-12-22 19:00
end: 2026-12-22 21:00
---
"""


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr


def test_clean_content_exits_0(repo: Path) -> None:
    result = run_hetero(repo, "validate", "--now", NOW_TEXT)
    no_traceback(result)
    assert result.returncode == 0, result.stdout + result.stderr
    assert diagnostic_lines(result.stdout, "error") == []
    assert diagnostic_lines(result.stdout, "warning") == []
    assert "::" not in result.stdout


def test_content_error_exits_1_with_path_line_col(repo: Path) -> None:
    write(repo, BROKEN_EVENT, BROKEN_TEXT)
    result = run_hetero(repo, "validate", "--now", NOW_TEXT)
    no_traceback(result)
    assert result.returncode == 1
    (line,) = diagnostic_lines(result.stdout)
    assert line.startswith(BROKEN_PREFIX)
    assert "50000" in line
    # Plain runs (not in GitHub Actions) print no workflow commands.
    assert "::error" not in result.stdout


def test_warnings_only_exit_0(repo: Path) -> None:
    write(repo, NO_REGISTRATION_EVENT, NO_REGISTRATION_TEXT)
    write(
        repo,
        "events/2025/2025-06-14-arsip-tanpa-peserta.md",
        """\
        ---
        title: Diskusi Arsip
        format: online
        online:
          platform: Zoom
        start: 2025-06-14 19:00
        end: 2025-06-14 21:00
        ---
        """,
    )
    write(
        repo,
        "programs/kelas-tanpa-jadwal.yml",
        """\
        title: Kelas Tanpa Jadwal
        pillar: mbangun
        kind: class
        summary: Program baru yang belum punya angkatan.
        description: Deskripsi program.
        """,
    )
    result = run_hetero(repo, "validate", "--now", NOW_TEXT)
    no_traceback(result)
    assert result.returncode == 0
    assert diagnostic_lines(result.stdout, "error") == []
    warnings = diagnostic_lines(result.stdout, "warning")
    assert len(warnings) == 3, warnings
    # Sorted by file: events/2025/..., events/2026/..., programs/...
    past, upcoming, program = warnings
    assert upcoming.startswith(f"{NO_REGISTRATION_EVENT}:2:8: warning: ")
    assert "mendaftar" in upcoming
    assert past.startswith("events/2025/2025-06-14-arsip-tanpa-peserta.md:2:8: warning: ")
    assert "`attendance`" in past
    assert program.startswith("programs/kelas-tanpa-jadwal.yml:1:8: warning: ")
    assert "mendatang" in program


def test_hetero_now_environment_variable_is_honoured(repo: Path) -> None:
    write(repo, NO_REGISTRATION_EVENT, NO_REGISTRATION_TEXT)
    before = run_hetero(repo, "validate", env={"HETERO_NOW": NOW_TEXT})
    after = run_hetero(repo, "validate", env={"HETERO_NOW": "2027-01-05T12:00+07:00"})
    for result in (before, after):
        no_traceback(result)
        assert result.returncode == 0
    prefix = f"{NO_REGISTRATION_EVENT}:2:8: warning: "
    (mine_before,) = [w for w in diagnostic_lines(before.stdout, "warning") if w.startswith(prefix)]
    (mine_after,) = [w for w in diagnostic_lines(after.stdout, "warning") if w.startswith(prefix)]
    # Before the event: no way to register. After it: attendance not recorded.
    assert "mendaftar" in mine_before
    assert "`attendance`" in mine_after


def test_now_option_wins_over_environment(repo: Path) -> None:
    write(repo, NO_REGISTRATION_EVENT, NO_REGISTRATION_TEXT)
    result = run_hetero(repo, "validate", "--now", NOW_TEXT, env={"HETERO_NOW": "2027-01-05T12:00+07:00"})
    no_traceback(result)
    assert result.returncode == 0
    # At the --now time the event is upcoming (the environment's time would make it past).
    (warning,) = diagnostic_lines(result.stdout, "warning")
    assert warning.startswith(f"{NO_REGISTRATION_EVENT}:2:8: warning: ")
    assert "mendaftar" in warning


@pytest.mark.parametrize("bad", ["besok", "2026-13-45T25:00", "24/11/2026 12:00"])
def test_bad_now_is_a_usage_error(repo: Path, bad: str) -> None:
    result = run_hetero(repo, "validate", "--now", bad)
    no_traceback(result)
    assert result.returncode == 2
    assert bad in result.stderr
    assert diagnostic_lines(result.stdout) == []


def test_bad_hetero_now_is_a_usage_error(repo: Path) -> None:
    result = run_hetero(repo, "validate", env={"HETERO_NOW": "kemarin sore"})
    no_traceback(result)
    assert result.returncode == 2
    assert "kemarin sore" in result.stderr


@pytest.mark.parametrize("args", [["validasi"], []], ids=["unknown", "missing"])
def test_unknown_or_missing_subcommand_is_a_usage_error(repo: Path, args: list[str]) -> None:
    result = run_hetero(repo, *args)
    no_traceback(result)
    assert result.returncode == 2


PYTHON_M = [sys.executable, "-m", "hetero"]


def validate_in(
    repo: Path,
    command: list[str],
    *,
    env: dict[str, str] | None = None,
    stdout: IO[str] | int = subprocess.PIPE,
) -> subprocess.CompletedProcess[str]:
    """`validate --now ...` by `command` (the installed script, `python -m hetero`), run in the repository."""
    return subprocess.run(
        [*command, "validate", "--now", NOW_TEXT],
        cwd=repo,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=env or clean_env(),
        timeout=60,
        check=False,
    )


def test_python_dash_m_from_the_repository_root(repo: Path) -> None:
    """`python -m hetero validate`, run in the repository without --root."""
    write(repo, BROKEN_EVENT, BROKEN_TEXT)
    result = validate_in(repo, PYTHON_M)
    no_traceback(result)
    assert result.returncode == 1
    (line,) = diagnostic_lines(result.stdout)
    assert line.startswith(BROKEN_PREFIX)


def test_console_script_from_the_repository_root(repo: Path) -> None:
    """`.venv/bin/hetero validate`, as the README's set-up leaves it."""
    script = Path(sys.executable).parent / "hetero"
    assert script.exists()
    write(repo, BROKEN_EVENT, BROKEN_TEXT)
    result = validate_in(repo, [str(script)])
    no_traceback(result)
    assert result.returncode == 1
    (line,) = diagnostic_lines(result.stdout)
    assert line.startswith(BROKEN_PREFIX)


def test_github_actions_annotations_and_step_summary(repo: Path, tmp_path_factory) -> None:
    write(repo, BROKEN_EVENT, BROKEN_TEXT)
    write(repo, NO_REGISTRATION_EVENT, NO_REGISTRATION_TEXT)
    summary = tmp_path_factory.mktemp("gh") / "summary.md"
    summary.write_text("", encoding="utf-8")
    result = run_hetero(
        repo,
        "validate",
        "--now",
        NOW_TEXT,
        env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)},
    )
    no_traceback(result)
    assert result.returncode == 1
    # The plain diagnostics are still there.
    assert any(line.startswith(BROKEN_PREFIX) for line in result.stdout.splitlines())
    errors = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert len(errors) == 1
    assert errors[0].startswith(f"::error file={BROKEN_EVENT},line=10,col=8::")
    assert "50000" in errors[0]
    warnings = [line for line in result.stdout.splitlines() if line.startswith("::warning ")]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"::warning file={NO_REGISTRATION_EVENT},line=2,col=8::")

    text = summary.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("|")]
    error_row = re.compile(rf"^\|\s*`?{re.escape(BROKEN_EVENT)}`?\s*\|\s*10\s*\|\s*8\s*\|.*50000.*\|\s*$")
    assert [row for row in rows if error_row.match(row)], text
    warning_row = re.compile(rf"^\|\s*`?{re.escape(NO_REGISTRATION_EVENT)}`?\s*\|\s*2\s*\|\s*8\s*\|")
    assert [row for row in rows if warning_row.match(row)], text


def test_github_actions_clean_run(repo: Path, tmp_path_factory) -> None:
    summary = tmp_path_factory.mktemp("gh") / "summary.md"
    result = run_hetero(
        repo,
        "validate",
        "--now",
        NOW_TEXT,
        env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)},
    )
    no_traceback(result)
    assert result.returncode == 0
    assert "::error" not in result.stdout
    assert "::warning" not in result.stdout
    assert summary.exists()
    assert not [line for line in summary.read_text(encoding="utf-8").splitlines() if "events/" in line]


def buffered_env() -> dict[str, str]:
    """The environment of a user's shell: output buffered (PYTHONUNBUFFERED unset), as outside CI."""
    return {name: value for name, value in clean_env().items() if name != "PYTHONUNBUFFERED"}


def test_every_line_of_a_long_report_reaches_a_pipe(repo: Path) -> None:
    """Hundreds of errors through a pipe (block-buffered): none lost when the command ends."""
    broken = 300
    for number in range(broken):
        write(repo, BROKEN_EVENT.replace("kelas-uji", f"kelas-uji-{number}"), BROKEN_TEXT)
    result = validate_in(repo, PYTHON_M, env=buffered_env())
    no_traceback(result)
    assert result.returncode == 1
    lines = diagnostic_lines(result.stdout, "error")
    # Several times Python's buffer for a pipe: written in pieces, the last one when the command ends.
    assert len(result.stdout.encode()) > 4 * io.DEFAULT_BUFFER_SIZE
    assert result.stdout.endswith(f"{broken} kesalahan, 0 peringatan.\n")
    assert len(lines) == broken
    assert {line.split(":", 1)[0] for line in lines} == {
        BROKEN_EVENT.replace("kelas-uji", f"kelas-uji-{number}") for number in range(broken)
    }


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
def test_a_report_that_cannot_be_written_fails_the_command(repo: Path) -> None:
    """Clean content, but the report cannot be written (a full disk): not a silent success."""
    with open("/dev/full", "w") as full:
        result = validate_in(repo, PYTHON_M, env=buffered_env(), stdout=full)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
