"""Reading staff-written YAML safely, keeping where every value was written.

PyYAML's own constructors apply YAML 1.1 rules: `no` becomes False, `09:00`
becomes 540 and `2020-01-31` becomes a date, whatever the field means. Here we
build values straight from the parser's events instead: every scalar stays the
text the person typed (or None when left empty), and the models decide what a
field's text means. Building from events also lets us refuse tags, duplicate
keys and alias bombs, and record the line and column of every key and value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

# libyaml is about ten times faster than the pure-Python parser; both give the
# same events.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path = tuple[str | int, ...]
Position = tuple[int, int]

# Aliases may repeat a block, but a few lines must never expand into millions
# of values ("billion laughs").
MAX_NODES = 20_000
MAX_DEPTH = 40

_NULLS = {"", "~", "null", "Null", "NULL"}


class YamlProblem(Exception):
    """A mistake in the YAML itself, with a 1-based line and column."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.col = col
        self.message = message


@dataclass
class Located:
    """A parsed YAML document and where each part of it was written."""

    value: Any
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)


# Parser messages translated for staff; the keys are libyaml's and PyYAML's words.
_PARSER_MESSAGES = [
    (
        "mapping values are not allowed",
        "tanda titik dua (:) di tempat yang tidak terduga; jika teksnya memuat ': ', "
        'apit seluruh teks dengan tanda kutip ("...")',
    ),
    (
        "could not find expected ':'",
        "baris ini seharusnya berbentuk `kolom: nilai`; periksa titik dua dan indentasi",
    ),
    (
        "did not find expected key",
        "indentasi tidak rata; kolom yang sejajar harus diawali jumlah spasi yang sama",
    ),
    (
        "did not find expected '-' indicator",
        "indentasi daftar tidak rata; setiap butir daftar diawali `- ` pada kolom yang sama",
    ),
    (
        "found undefined alias",
        "alias (*nama) dipakai tanpa anchor (&nama) yang mendahuluinya",
    ),
    (
        "found unexpected end of stream",
        "tanda kutip atau kurung tidak ditutup",
    ),
    (
        "did not find expected ',' or ']'",
        "daftar dalam kurung siku [ ] tidak ditutup atau butirnya tidak dipisah koma",
    ),
    (
        "did not find expected ',' or '}'",
        "peta dalam kurung kurawal { } tidak ditutup atau butirnya tidak dipisah koma",
    ),
    (
        "found unknown escape character",
        "garis miring terbalik (\\) di dalam tanda kutip ganda; pakai tanda kutip tunggal atau tulis \\\\",
    ),
    (
        "special characters are not allowed",
        "ada karakter khusus yang tidak boleh ada di berkas teks",
    ),
    (
        "found character that cannot start any token",
        "ada karakter yang tidak boleh mengawali nilai (misalnya ` @ atau %); "
        'apit nilainya dengan tanda kutip ("...")',
    ),
    (
        "block sequence entries are not allowed",
        "butir daftar `- ` di tempat yang tidak terduga; periksa indentasinya",
    ),
]


# Problems about something left open: the place it was opened is where to look.
_UNCLOSED_CONTEXTS = ("while scanning a quoted scalar", "while parsing a flow")


def _leading_tab(text: str, last_line: int) -> Position | None:
    """The first tab used for indentation up to `last_line` (0-based), if any."""
    for number, line in enumerate(text.splitlines()[: last_line + 1]):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            return (number, indent.index("\t"))
    return None


def _translate(error: yaml.YAMLError, text: str, line_offset: int) -> YamlProblem:
    if isinstance(error, yaml.reader.ReaderError):
        # The reader knows only the character's offset in the text.
        before = text[: error.position]
        line = before.count("\n") + 1 + line_offset
        col = error.position - (before.rfind("\n") + 1) + 1
        return YamlProblem(
            line,
            col,
            f"ada karakter kontrol tak terlihat (kode {error.character:#04x}) yang tidak boleh ada "
            "di berkas teks; hapus karakter di posisi ini",
        )
    problem = getattr(error, "problem", None) or "struktur tidak dikenal"
    context = getattr(error, "context", None) or ""
    mark = getattr(error, "problem_mark", None)
    if context.startswith(_UNCLOSED_CONTEXTS):
        mark = getattr(error, "context_mark", None) or mark
    where = (mark.line, mark.column) if mark is not None else (0, 0)
    tab = _leading_tab(text, where[0])
    if tab is not None:
        return YamlProblem(
            tab[0] + 1 + line_offset,
            tab[1] + 1,
            "YAML tidak dapat dibaca: ada karakter tab untuk indentasi; YAML hanya menerima spasi",
        )
    line, col = where[0] + 1 + line_offset, where[1] + 1
    for english, indonesian in _PARSER_MESSAGES:
        if english in problem:
            return YamlProblem(line, col, f"YAML tidak dapat dibaca: {indonesian}")
    technical = " ".join(problem.split())
    return YamlProblem(
        line,
        col,
        "YAML tidak dapat dibaca di sini; periksa indentasi, titik dua dan tanda kutip "
        f"(keterangan teknis: {technical})",
    )


class _Builder:
    """Turns a stream of parser events into plain values and positions."""

    def __init__(self, parser: yaml.BaseLoader, line_offset: int) -> None:
        self.parser = parser
        self.line_offset = line_offset
        self.result = Located(None)
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.node_count = 0

    def position(self, event: yaml.Event) -> Position:
        return (event.start_mark.line + 1 + self.line_offset, event.start_mark.column + 1)

    def next(self) -> yaml.Event:
        # Straight from the parser: `yaml.parse`'s generator costs a third of
        # reading time on thousands of files.
        return self.parser.get_event()

    def document(self) -> Located:
        first = self.next()
        assert isinstance(first, yaml.StreamStartEvent)
        event = self.next()
        if isinstance(event, yaml.StreamEndEvent):
            return self.result
        assert isinstance(event, yaml.DocumentStartEvent)
        self.result.value = self.node(self.next(), (), 0)
        self.next()  # DocumentEndEvent
        extra = self.next()
        if isinstance(extra, yaml.DocumentStartEvent):
            line, col = self.position(extra)
            raise YamlProblem(
                line, col, "berkas ini memuat lebih dari satu dokumen YAML (`---`); hapus pemisahnya"
            )
        return self.result

    def count(self, amount: int, event: yaml.Event) -> None:
        self.node_count += amount
        if self.node_count > MAX_NODES:
            line, col = self.position(event)
            raise YamlProblem(
                line,
                col,
                "alias YAML (*nama) membuat berkas ini terlalu besar; tulis nilainya langsung",
            )

    def node(self, event: yaml.Event, path: Path, depth: int) -> Any:
        position = self.position(event)
        if depth > MAX_DEPTH:
            raise YamlProblem(*position, "struktur YAML terlalu dalam bersarang")
        self.result.values[path] = position
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                raise YamlProblem(*position, f"alias *{event.anchor} tidak punya anchor &{event.anchor}")
            value, size = self.anchors[event.anchor]
            self.count(size, event)
            return value
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise YamlProblem(
                *position, f"tag YAML `{shown}` tidak diizinkan; hapus tag itu dan tulis nilainya saja"
            )
        start = self.node_count
        self.count(1, event)
        if isinstance(event, yaml.ScalarEvent):
            plain = event.style in (None, "")
            value: Any = None if plain and event.value in _NULLS else event.value
        elif isinstance(event, yaml.SequenceStartEvent):
            value = self.sequence(path, depth)
        elif isinstance(event, yaml.MappingStartEvent):
            value = self.mapping(path, depth)
        else:  # pragma: no cover - the parser emits nothing else here
            raise YamlProblem(*position, "struktur YAML tidak dikenal")
        if getattr(event, "anchor", None):
            self.anchors[event.anchor] = (value, self.node_count - start)
        return value

    def sequence(self, path: Path, depth: int) -> list[Any]:
        items: list[Any] = []
        while not isinstance(event := self.next(), yaml.SequenceEndEvent):
            items.append(self.node(event, (*path, len(items)), depth + 1))
        return items

    def mapping(self, path: Path, depth: int) -> dict[str, Any]:
        items: dict[str, Any] = {}
        while not isinstance(key_event := self.next(), yaml.MappingEndEvent):
            key_position = self.position(key_event)
            if not isinstance(key_event, yaml.ScalarEvent) or getattr(key_event, "tag", None):
                raise YamlProblem(*key_position, "nama kolom harus teks biasa")
            key = key_event.value
            if key in items:
                first_line = self.result.keys[(*path, key)][0]
                raise YamlProblem(
                    *key_position,
                    f"kolom `{key}` ditulis dua kali (pertama di baris {first_line}); hapus salah satunya",
                )
            self.result.keys[(*path, key)] = key_position
            items[key] = self.node(self.next(), (*path, key), depth + 1)
        return items


def read_yaml(text: str, line_offset: int = 0) -> Located:
    """Parse one YAML document; `line_offset` shifts lines for front matter."""
    try:
        parser = _Loader(text)
        try:
            return _Builder(parser, line_offset).document()
        finally:
            parser.dispose()
    except yaml.YAMLError as error:
        raise _translate(error, text, line_offset) from None
