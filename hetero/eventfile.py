"""Writing content files: a mapping of fields (and a Markdown body) as file text.

Every tool that writes an event file (`hetero new`, `hetero proposal`,
scripts/synthetic.py) goes through here, so all of them quote the same way.
The rule: every text value is written double-quoted, with escapes for what
YAML would not keep as it is, and only whole numbers are written plain. A
quoted value is never reinterpreted: `no`, `09:00`, `2026-01-01`, `#`, `: `,
a leading `-`, `---` and line breaks all come back as the same text. Every
value sits on its key's line, so no line of the front matter is ever `---`.

The layout is what staff write by hand: block maps and lists indented by two
spaces, one field per line, in the order given.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from hetero.models import Event

# Written plain: a key made of these characters is never anything but text.
_PLAIN_KEY = re.compile(r"[a-z0-9][a-z0-9_-]*")

# Escaped inside the quotes: the quote and backslash themselves; C0 controls,
# DEL and C1 controls, which YAML refuses raw; NEL and the line and paragraph
# separators, which YAML 1.1 would fold as line breaks; the byte order mark
# and the two non-characters, which YAML refuses raw too.
_ESCAPED = re.compile('["\\\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]')
_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _SHORT_ESCAPES.get(char) or f"\\u{ord(char):04x}"


def quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar that reads back as exactly `text`."""
    return '"' + _ESCAPED.sub(_escape, text) + '"'


def _inline(value: object) -> str:
    """A value written on its key's line: text, a whole number, or an empty map or list."""
    if isinstance(value, Mapping | list | tuple) and not value:
        return "{}" if isinstance(value, Mapping) else "[]"
    # bool is an int, but `True` would be read back as text nobody wrote.
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError(f"cannot write {type(value).__name__} {value!r}; give text or a whole number")
    return quoted(value) if isinstance(value, str) else str(value)


def _nested(value: object) -> bool:
    """Whether `value` is written as an indented block below its key or dash."""
    return isinstance(value, Mapping | list | tuple) and bool(value)


def _key(key: str) -> str:
    return key if _PLAIN_KEY.fullmatch(key) else quoted(key)


def _present(value: object) -> object:
    """`value` without its absent (None) fields, at every depth: staff leave them out too."""
    if isinstance(value, Mapping):
        return {key: _present(item) for key, item in value.items() if item is not None}
    if isinstance(value, list | tuple):
        return [_present(item) for item in value]
    return value


def _lines(value: Mapping[str, object] | Sequence[object], indent: str) -> list[str]:
    lines: list[str] = []
    if isinstance(value, Mapping):
        for key, item in value.items():
            if _nested(item):
                lines += [f"{indent}{_key(key)}:", *_lines(item, indent + "  ")]  # type: ignore[arg-type]
            else:
                lines.append(f"{indent}{_key(key)}: {_inline(item)}")
        return lines
    for item in value:
        if _nested(item):
            inner = _lines(item, indent + "  ")  # type: ignore[arg-type]
            lines += [f"{indent}- {inner[0].lstrip()}", *inner[1:]]
        else:
            lines.append(f"{indent}- {_inline(item)}")
    return lines


def yaml_text(fields: Mapping[str, object]) -> str:
    """A YAML file holding `fields`; keys whose value is None are left out."""
    return "".join(line + "\n" for line in _lines(_present(fields), ""))  # type: ignore[arg-type]


def front_matter_text(fields: Mapping[str, object], body: str) -> str:
    """`fields` between `---` lines, a blank line, then the Markdown `body`."""
    # The loader drops blank lines around the body; so do we, so a file reads back as written.
    text = body.strip("\n")
    return f"---\n{yaml_text(fields)}---\n\n{text}\n"


def event_text(fields: Mapping[str, object], body: str) -> str:
    """An event file: its fields as front matter, its description below.

    A field the Event model does not have is a mistake in the calling code,
    not in content, so it raises instead of writing a file that fails.
    """
    unknown = [key for key in fields if key not in Event.model_fields]
    if unknown:
        raise ValueError(f"not fields of an event: {', '.join(unknown)}")
    return front_matter_text(fields, body)
