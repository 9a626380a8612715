"""Text made safe for the machine-read files: calendars, feeds, JSON and CSV.

Content is untrusted (staff, a public issue form, later a web editor), and
validation may not catch every odd character, so each writer cleans what it
writes whatever reached it. The rules here are the ones every format shares:
no control character except the line breaks a format can carry, no lone
surrogate (UTF-8 cannot encode it, so writing the file would fail) and no
noncharacter (XML 1.0 forbids U+FFFE and U+FFFF). Each writer still escapes
for its own syntax: icalendar, ElementTree, `json` and `csv` do that part.
Staff's Markdown goes into these files as plain text (`plain_text`,
`short_text`), since no calendar or feed reader renders Markdown.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, field_validator

# C0 and C1 controls (with DEL), lone surrogates and the Unicode noncharacters.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]"
)
_BREAKS = re.compile(r"\r\n?|\n|\t")


def clean_text(text: str, *, multiline: bool = False) -> str:
    """`text` without unsafe characters; one line unless `multiline`.

    CR LF and a lone CR become LF; on one line, every line break and tab
    becomes a space, so a title can never start a new line in a file.
    """
    # Printable text has no line break, tab, control, surrogate or
    # noncharacter, so nothing below would change it. Nearly every text is
    # printable, and a build cleans hundreds of thousands of them.
    if text.isprintable():
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n") if multiline else _BREAKS.sub(" ", text)
    return _UNSAFE.sub("", text)


def safe_url(url: str) -> str:
    """A URL without control characters, its white space percent-encoded.

    A URL is written as it is, unlike text, so a line break in one (icalendar
    refuses those, readers split on it) must not survive into a file.
    """
    return re.sub(r"\s", lambda m: quote(m[0]), clean_text(url, multiline=True))


def plain_text(markdown: str) -> str:
    """Markdown as readable plain text: links as `text (url)`, no markup, paragraphs kept."""
    text = re.sub(r"<!--.*?-->", "", markdown, flags=re.DOTALL)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\((\S+?)(?:\s+\"[^\"]*\")?\)", r"\1 (\2)", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)", r"\1", text)
    text = re.sub(r"`+([^`]*)`+", r"\1", text)
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines: list[str] = []
        for raw in block.splitlines():
            line = re.sub(r"^\s{0,3}(#{1,6}\s+|>\s?)", "", raw).strip()
            # A list item starts a line of its own; any other line continues
            # the sentence the author wrapped in the source.
            if lines and not re.match(r"([-*+]|\d+[.)])\s", line):
                lines[-1] = f"{lines[-1]} {line}".strip()
            else:
                lines.append(re.sub(r"^[*+]\s", "- ", line))
        paragraphs.append("\n".join(line for line in lines if line))
    return "\n\n".join(p for p in paragraphs if p)


def short_text(text: str, limit: int = 200) -> str:
    """The first paragraph, cut at a word so it fits in `limit` characters."""
    first = " ".join(next((p for p in text.split("\n\n") if p.strip()), "").split())
    if len(first) <= limit:
        return first
    # One character more than fits, so a cut that lands on a space keeps the word before it.
    cut = first[:limit]
    head = cut.rsplit(" ", 1)[0] if " " in cut else cut[: limit - 1]
    return head.rstrip(" ,.;:") + "…"


def clean_tree(value: object) -> object:
    """Every string in JSON-like data cleaned with `clean_text` (line breaks kept)."""
    if isinstance(value, str):
        return clean_text(value, multiline=True)
    if isinstance(value, dict):
        return {clean_tree(k): clean_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_tree(v) for v in value]
    return value


class CleanModel(BaseModel):
    """A frozen model of a published JSON file: every string is cleaned on the way in.

    pydantic refuses a lone surrogate outright, so cleaning after the model
    is built would be too late: one odd character would stop the build.
    """

    model_config = ConfigDict(frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _clean(cls, value: object) -> object:
        return clean_tree(value)


def json_file(document: object) -> bytes:
    """A downloadable JSON file: stable key order, UTF-8, ending in a newline."""
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema_file(model: type[BaseModel], title: str) -> bytes:
    """The published JSON Schema (draft 2020-12) of what `model` serialises to."""
    schema = model.model_json_schema(mode="serialization")
    return json_file({"$schema": JSON_SCHEMA_DIALECT, **schema, "title": title})
