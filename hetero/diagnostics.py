"""Problems found in content, and how they are shown to staff.

A diagnostic always points at a file, a line and a column, so that a staff
member editing in GitHub's web editor can jump straight to the mistake.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TextIO

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    # Field order is the sort order: by file, then by position in the file.
    path: str
    line: int
    col: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"


class ContentError(Exception):
    """Raised inside the loader for a mistake that stops reading one file."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.col = col
        self.message = message


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)


def _escape_annotation(text: str) -> str:
    # GitHub workflow commands treat %, CR and LF specially in messages.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_annotation(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(diagnostic: Diagnostic) -> str:
    return (
        f"::{diagnostic.severity} file={_escape_property(diagnostic.path)},"
        f"line={diagnostic.line},col={diagnostic.col}::{_escape_annotation(diagnostic.message)}"
    )


def github_annotations(diagnostics: Iterable[Diagnostic], changed_files: set[str]) -> list[str]:
    """Annotations with the files changed in the pull request first.

    GitHub shows only the first ten annotations of a step, so the ones about
    the files the author touched must come before older problems.
    """
    ordered = sorted(diagnostics, key=lambda d: (d.path not in changed_files, d))
    return [github_annotation(d) for d in ordered]


def _escape_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def step_summary(diagnostics: list[Diagnostic]) -> str:
    """A Markdown table of every problem for `$GITHUB_STEP_SUMMARY`."""
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    lines = [
        "## Hasil pemeriksaan konten",
        "",
        f"{errors} kesalahan, {warnings} peringatan.",
        "",
    ]
    if diagnostics:
        lines += ["| Berkas | Baris | Kolom | Jenis | Pesan |", "|---|---|---|---|---|"]
        for d in sorted(diagnostics):
            kind = "kesalahan" if d.severity == "error" else "peringatan"
            lines.append(
                f"| `{_escape_cell(d.path)}` | {d.line} | {d.col} | {kind} | {_escape_cell(d.message)} |"
            )
    return "\n".join(lines) + "\n"


def _summary_line(diagnostics: list[Diagnostic]) -> str:
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    if not diagnostics:
        return "Konten valid: tidak ada kesalahan."
    return f"{errors} kesalahan, {warnings} peringatan."


def _changed_files(root: Path) -> set[str]:
    """Files changed in the pull request, so their annotations come first."""
    base = os.environ.get("GITHUB_BASE_REF")
    if not base:
        return set()
    try:
        result = subprocess.run(
            ["git", "diff", "--name-only", f"origin/{base}...HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return set()
    return set(result.stdout.split())


def report(diagnostics: list[Diagnostic], root: Path, stream: TextIO | None = None) -> None:
    """Print diagnostics for people, and for GitHub when running in Actions."""
    stream = stream or sys.stdout
    for diagnostic in diagnostics:
        print(diagnostic, file=stream)
    print(_summary_line(diagnostics), file=stream)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for line in github_annotations(diagnostics, _changed_files(root)):
            print(line)
        summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_path:
            with open(summary_path, "a", encoding="utf-8") as summary:
                summary.write(step_summary(diagnostics))
