"""Problems found in content, and how they are shown to staff.

A diagnostic always points at a file, a line and a column, so that a staff
member editing in GitHub's web editor can jump straight to the mistake.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TextIO

Severity = Literal["error", "warning"]

# Characters a terminal or a CI log acts on instead of showing: controls
# (line breaks, ESC of ANSI sequences, C1), line and paragraph separators,
# lone surrogates (a file name that is not UTF-8), and the bidirectional
# overrides that can make a line read differently from what it says.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Lines the Actions runner reads as a workflow command, after leading spaces.
_COMMAND_START = re.compile(r"\s*(::|##\[)")


def visible(text: str, keep: str = "") -> str:
    """`text` with each invisible character written as an escape: `\\n`, `\\x1b`, `\\u202e`.

    Paths and messages quote what someone typed, and printing a line break
    from it would let a file name or a YAML key start a line of its own,
    such as a fake `::error` or a `::stop-commands::` that hides every real
    annotation. `keep` lists characters the caller escapes its own way.
    """

    def shown(match: re.Match[str]) -> str:
        char = match[0]
        if char in keep:
            return char
        return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")

    return _INVISIBLE.sub(shown, text)


@dataclass(frozen=True, order=True)
class Diagnostic:
    # Field order is the sort order: by file, then by position in the file.
    path: str
    line: int
    col: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        """`path:line:col: severity: message` on one line, safe to print anywhere."""
        path = visible(self.path)
        # Only a path could start the line with a workflow command.
        if _COMMAND_START.match(path):
            path = "./" + path
        return f"{path}:{self.line}:{self.col}: {self.severity}: {visible(self.message)}"


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
    # GitHub's runner decodes %25, %0D and %0A in a command's message, so a
    # line break travels safely and a file with one in its name still gets
    # its annotation; other controls (ESC) cannot be encoded and are shown.
    text = visible(text, keep="\r\n")
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    # Properties are separated by `,` and end at `::`; the runner decodes these too.
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


# Characters that would be Markdown or HTML syntax in a summary table cell:
# `|` ends the cell, `<` starts HTML (GitHub renders the summary as a page),
# the rest make links, images, code or emphasis. As numeric character
# references they are shown as typed and never read as syntax.
_CELL_SYNTAX = re.compile(r"[|<>&`*_\[\]!~\\]")


def _escape_cell(text: str) -> str:
    return _CELL_SYNTAX.sub(lambda m: f"&#{ord(m[0])};", visible(text))


def _code_cell(text: str) -> str:
    """`text` as inline code in a table cell: shown as typed, whatever it holds.

    Inside a code span nothing is syntax, except a backtick run as long as
    the fence (so the fence is longer than any in the text) and, in a GFM
    table, `|`, which ends the cell unless escaped with a backslash.
    """
    text = visible(text).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


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
                f"| {_code_cell(d.path)} | {d.line} | {d.col} | {kind} | {_escape_cell(d.message)} |"
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
