"""argparse speaking Indonesian: usage, help and the mistakes people make on the command line.

argparse writes its own words in English through gettext, and no Indonesian
catalogue ships with Python. Rather than swap `argparse._`, which every
argparse function reads at call time, we override the few places the words
come out: the usage prefix, the section titles, the `-h` help, and
`error()`, which receives each mistake as one finished English sentence.
Those sentences have been stable for years; one we do not know is still
shown, after an Indonesian lead-in.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Callable
from typing import NoReturn


class HelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, "cara pakai: " if prefix is None else prefix)


def _choices(text: str) -> list[str]:
    """`'a', 'b'` (Python 3.11) or `a, b` (later versions) as a list."""
    return [part.strip().strip("'") for part in text.split(",")]


def _invalid_choice(match: re.Match[str]) -> str:
    choices = _choices(match["choices"])
    close = difflib.get_close_matches(match["value"], choices, n=1, cutoff=0.6)
    hint = f" Maksud Anda `{close[0]}`?" if close else ""
    return f"pilihan `{match['value']}` tidak ada; pilih salah satu: {', '.join(choices)}.{hint}"


# Each English sentence argparse gives error(), and what we say instead.
_SENTENCES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"the following arguments are required: (?P<names>.+)"),
        lambda m: f"wajib diisi: {m['names']}",
    ),
    (
        re.compile(r"unrecognized arguments: (?P<words>.+)"),
        lambda m: f"tidak dikenal: {m['words']}; periksa ejaannya, atau lihat --help",
    ),
    (
        re.compile(r"invalid choice: '?(?P<value>.*?)'? \(choose from (?P<choices>.+)\)"),
        _invalid_choice,
    ),
    (re.compile(r"expected one argument"), lambda m: "perlu satu nilai sesudahnya"),
    (re.compile(r"expected at most one argument"), lambda m: "paling banyak satu nilai"),
    (re.compile(r"expected at least one argument"), lambda m: "perlu paling sedikit satu nilai"),
    (
        re.compile(r"invalid (?P<type>\w+) value: '?(?P<value>.*?)'?"),
        lambda m: f"nilai `{m['value']}` tidak dapat dipakai",
    ),
    (
        re.compile(r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)"),
        lambda m: f"{m['option']} bisa berarti {m['matches']}; tulis lebih lengkap",
    ),
    (
        re.compile(r"not allowed with argument (?P<other>.+)"),
        lambda m: f"tidak boleh bersama {m['other']}",
    ),
    (
        re.compile(r"one of the arguments (?P<names>.+) is required"),
        lambda m: f"isi salah satu dari {m['names']}",
    ),
    (re.compile(r"ignored explicit argument '?(?P<value>.*?)'?"), lambda m: f"`{m['value']}` diabaikan"),
]
_ARGUMENT = re.compile(r"argument (?P<name>[^:]+): (?P<rest>.+)", re.DOTALL)


def indonesian(message: str) -> str:
    """argparse's English sentence for a command-line mistake, in Indonesian."""
    argument = _ARGUMENT.fullmatch(message)
    if argument is not None:
        return f"{argument['name']}: {indonesian(argument['rest'])}"
    for pattern, say in _SENTENCES:
        found = pattern.fullmatch(message)
        if found is not None:
            return say(found)
    return f"perintah tidak dapat dibaca ({message})"


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose every word is Indonesian; its subcommands are Parsers too."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", HelpFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "argumen"
        self._optionals.title = "pilihan"
        if add_help:
            self.add_argument("-h", "--help", action="help", help="tampilkan bantuan ini lalu selesai")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {indonesian(message)}\nBantuan: {self.prog} --help\n")
