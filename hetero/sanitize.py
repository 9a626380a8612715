"""Staff Markdown that could run script or load another host, refused before it is built.

MkDocs publishes the HTML that Markdown makes of staff text as it is. Each staff
text is therefore rendered here the way MkDocs renders it (the extensions of
mkdocs.yml) and passed through the allow-list sanitiser nh3; when nh3 would
change anything, the text is refused at the line where the problem is written.
The site never publishes nh3's output: the text must already be safe, so what
staff see in the preview is what visitors get.

`attr_list` stays enabled: the generated event list writes `## Month { .hs-month }`.
It lets staff write attributes too (`{onclick=...}`), which is why this check
compares what Markdown renders rather than looking for raw HTML in the text.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from markupsafe import escape

from hetero.catalog import Catalog, Source
from hetero.diagnostics import Diagnostic
from hetero.files import CONTENT_DIR, hand_written

if TYPE_CHECKING:
    import markdown
    import nh3

# MkDocs renders every page with these, whatever mkdocs.yml lists.
MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")

ALLOWED_TAGS = frozenset(
    {
        *(f"h{level}" for level in range(1, 7)),
        "p",
        "br",
        "hr",
        "ul",
        "ol",
        "li",
        "a",
        "em",
        "strong",
        "i",
        "b",
        "sub",
        "sup",
        "code",
        "pre",
        "blockquote",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "img",
        "abbr",
        "div",
    }
)
# `id` comes from toc (headings) and attr_list, `class` from admonition,
# fenced_code and attr_list; `style` only as the tables extension writes it.
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class"},
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"style"},
    "td": {"style"},
}
# Consistent with the content model, which takes only https:// addresses.
LINK_SCHEMES = {"https", "mailto", "tel"}

_TABLE_ALIGN = re.compile(r"text-align: (?:left|right|center);")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
# Browsers drop these anywhere in a URL, and spaces and controls at its ends.
_URL_DROPPED = "\t\n\r"
_URL_IGNORED = re.compile(f"[{_URL_DROPPED}]")
_URL_EDGES = "".join(map(chr, range(0x21)))


def _url(value: str) -> str:
    """The URL as a browser reads it."""
    return _URL_IGNORED.sub("", value).strip(_URL_EDGES)


def _other_host(url: str) -> bool:
    # Browsers read `\` as `/` in web addresses, so `/\host` is `//host`.
    return url[:2].replace("\\", "/") == "//"


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    url = _url(value)
    if attribute == "href" and _other_host(url):
        return None
    # Images load as the page opens: only files of the site itself.
    if attribute == "src" and (_SCHEME.match(url) or url[:1] in ("/", "\\")):
        return None
    if attribute == "style" and not _TABLE_ALIGN.fullmatch(value):
        return None
    # Material reads its settings from `#__config` and names its own parts
    # `__...`; a staff element with such an id would come first and replace them.
    if attribute == "id" and value.startswith("__"):
        return None
    return value


@functools.cache
def _cleaner() -> nh3.Cleaner:
    # Imported on first use: most runs of `hetero validate` render no text at all.
    import nh3

    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_keep_attribute,
        url_schemes=LINK_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


# --- Comparing the HTML with what the sanitiser keeps ------------------------

Token = tuple[Any, ...]


class _Tokens(HTMLParser):
    """What a page is made of, in a form that does not depend on how it was written.

    End tags are left out: nh3 closes elements that staff leave open, which is
    no danger, and no end tag can run anything. Text is compared as a whole.
    """

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.markup: list[Token] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.markup.append(("tag", tag, tuple(sorted((name, value or "") for name, value in attrs))))

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.markup.append(("comment", data))

    def handle_decl(self, decl: str) -> None:
        self.markup.append(("declaration", decl))

    handle_pi = unknown_decl = handle_decl


@dataclass(frozen=True)
class Finding:
    """One thing nh3 would take out: what it is, and the text to look for in the source."""

    kind: str  # "tag", "attribute", "comment", "declaration" or "other"
    tag: str = ""
    name: str = ""
    value: str = ""

    def needles(self) -> tuple[str, ...]:
        """Patterns (regular expressions) to search the source for, most precise first."""
        if self.kind == "tag":
            return (re.escape(f"<{self.tag}"),)
        if self.kind == "attribute" and self.name in ("href", "src"):
            # An address written with entities (`&#58;` for `:`) is found by its scheme as
            # written, entities and all; failing that by the attribute's name (HTML) or by
            # what follows the colon (Markdown).
            scheme = _SCHEME.match(_url(self.value))
            rest = _url(self.value)[scheme.end() :] if scheme else ""
            written = _as_written(scheme.group()) if scheme else ""
            return tuple(
                n for n in (re.escape(self.value), written, re.escape(self.name), re.escape(rest)) if n
            )
        if self.kind == "attribute":
            names = (self.value, self.name) if self.name == "id" else (self.name,)
            return tuple(map(re.escape, names))
        if self.kind == "comment":
            return (re.escape("<!--"),)
        if self.kind == "declaration":
            return (re.escape("<!"), re.escape("<?"))
        return (re.escape(f"<{self.tag}"), re.escape("<")) if self.tag else (re.escape("<"),)


# Named entities staff may write for characters of a URL.
_NAMED = {":": "colon", "/": "sol", ".": "period", "\t": "Tab", "\n": "NewLine"}


def _char_as_written(char: str) -> str:
    """A pattern for one character, as it is or as an HTML entity (`&#58;`, `&#x3a;`, `&colon;`)."""
    forms = [re.escape(char), f"&#0*{ord(char)};?", f"&#x0*{ord(char):x};?"]
    if char in _NAMED:
        forms.append(f"&{_NAMED[char]};")
    return f"(?:{'|'.join(forms)})"


# What a browser drops from anywhere in a URL, as staff may write it.
_DROPPED_AS_WRITTEN = f"(?:{'|'.join(map(_char_as_written, _URL_DROPPED))})*"


def _as_written(text: str) -> str:
    """A pattern for `text` with any character possibly written as an HTML entity,
    and with what a browser drops from a URL possibly between them (`java&#9;script:`)."""
    return _DROPPED_AS_WRITTEN.join(map(_char_as_written, text))


def _attribute_findings(tag: str, written: Iterable, kept: Iterable) -> Iterator[Finding]:
    for name, value in Counter(written) - Counter(kept):
        yield Finding("attribute", tag, name, value)


def findings(html: str) -> list[Finding]:
    """What nh3 would remove from `html`; empty when the HTML is safe as it is."""
    written, kept = _Tokens(html), _Tokens(_cleaner().clean(html))
    found: list[Finding] = []
    # Aligned by element, not by element and attributes: a paragraph that lost its
    # `style` must meet its cleaned self, not an identical paragraph further on.
    matcher = SequenceMatcher(
        None, [token[:2] for token in written.markup], [token[:2] for token in kept.markup], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for token, same in zip(written.markup[i1:i2], kept.markup[j1:j2], strict=True):
                if token[0] == "tag":
                    found.extend(_attribute_findings(token[1], token[2], same[2]))
            continue
        for token in written.markup[i1:i2]:
            if token[0] != "tag":
                found.append(Finding(token[0]))
            else:
                # Not kept where it stands. An allowed tag is dropped where the browser's parser
                # cannot keep it (a cell outside a table): not forbidden, but found by its own start tag.
                found.append(Finding("tag" if token[1] not in ALLOWED_TAGS else "other", token[1]))
        # The browser's parser saw markup where Python's saw text; a `tbody`
        # it adds to a table written without one is not such markup.
        found.extend(Finding("other") for token in kept.markup[j1:j2] if token[:2] != ("tag", "tbody"))
    if not found and "".join("".join(written.text).split()) != "".join("".join(kept.text).split()):
        found.append(Finding("other"))
    return found


# --- The extensions MkDocs renders with ------------------------------------

# The project this package comes from: its mkdocs.yml builds a content folder
# that has none of its own (the same rule as hetero.build.site_source, which
# cannot be imported here: hetero.build imports the validator).
_PROJECT = Path(__file__).resolve().parent.parent


def mkdocs_yml(root: Path) -> Path:
    """The mkdocs.yml `hetero build` uses for `root`."""
    own = root / "mkdocs.yml"
    return own if own.exists() or not (_PROJECT / "mkdocs.yml").exists() else _PROJECT / "mkdocs.yml"


def markdown_extensions(config: Path) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The Markdown extensions and their settings that MkDocs reads from `config`."""
    # The safe loader, in C when PyYAML has it: the Python one takes longer than the check.
    safe = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    settings_file = yaml.load(config.read_text(encoding="utf-8"), Loader=safe) if config.is_file() else None
    listed = (settings_file or {}).get("markdown_extensions") or []
    names = list(MKDOCS_BUILTIN_EXTENSIONS)
    settings: dict[str, dict[str, Any]] = {}
    for item in listed:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if name not in names:
            names.append(name)
        if options:
            settings[name] = options
    return names, settings


# With no other extension than these, Markdown writes an attribute or lets HTML
# through only where the text has `<` (HTML, autolinks), `[` (links, images,
# [TOC]) or `{` (attr_list), and a heading id starts with `__` only from `_`.
# toc folds letters with NFKD (`＿` becomes `_`), so the text is folded too.
_PLAIN_SAFE_EXTENSIONS = frozenset({*MKDOCS_BUILTIN_EXTENSIONS, "admonition", "attr_list"})
_MARKUP = re.compile(r"[<\[{_]")


class Renderer:
    """Staff Markdown to the HTML MkDocs would make of it."""

    def __init__(self, config: Path) -> None:
        self._extensions, self._settings = markdown_extensions(config)
        self._markdown: markdown.Markdown | None = None
        self._plain_is_safe = set(self._extensions) <= _PLAIN_SAFE_EXTENSIONS

    def html(self, text: str) -> str:
        if self._markdown is None:
            # Made on first use: loading the extensions (Pygments, for fenced code)
            # takes longer than looking at thousands of texts that need no rendering.
            import markdown

            self._markdown = markdown.Markdown(extensions=self._extensions, extension_configs=self._settings)
        return self._markdown.reset().convert(text)

    def findings(self, text: str) -> list[Finding]:
        """What nh3 would remove from the HTML of `text`."""
        # Rendering every text would triple the time `hetero validate` takes.
        if self._plain_is_safe and not _MARKUP.search(unicodedata.normalize("NFKD", text)):
            return []
        return findings(self.html(text))


# --- Messages for staff -------------------------------------------------------


def _short(value: str, limit: int = 60) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


_ALLOWED_HTML = ", ".join(sorted(ALLOWED_TAGS))
_IMAGE_FIX = (
    "unggah gambarnya ke folder content/images/ dan tulis jalurnya dari halaman ini, "
    "misalnya `![Foto kegiatan](../images/acara/foto.jpg)`"
)


def _link_message(url: str, where: str) -> str:
    scheme = _SCHEME.match(url)
    if scheme and scheme.group(1).lower() == "http":
        return (
            f"tautan `{_short(url)}` di {where} tidak diizinkan karena tidak aman; "
            "pakai alamat yang diawali https://"
        )
    if scheme:
        return (
            f"tautan `{scheme.group(1).lower()}:` tidak diizinkan di {where}; "
            "pakai alamat https://…, mailto: (surel) atau tel: (telepon)"
        )
    return f"tautan `{_short(url)}` di {where} harus ditulis lengkap dengan https://"


def _image_message(url: str, where: str) -> str:
    scheme = _SCHEME.match(url)
    if (scheme and scheme.group(1).lower() in ("http", "https")) or _other_host(url):
        return (
            f"gambar dari situs lain (`{_short(url)}`) tidak diizinkan di {where}: "
            f"peramban setiap pengunjung akan memuatnya dari situs itu; {_IMAGE_FIX}"
        )
    if scheme:
        return f"gambar `{scheme.group(1).lower()}:` tidak diizinkan di {where}; {_IMAGE_FIX}"
    return f"jalur gambar `{_short(url)}` di {where} tidak boleh diawali `/`; {_IMAGE_FIX}"


def message(finding: Finding, where: str) -> str:
    """The finding in plain Indonesian, with what to do about it."""
    name, value = finding.name, finding.value
    if finding.kind == "tag":
        return (
            f"tag `<{finding.tag}>` tidak diizinkan di {where}; hapus tag ini. "
            f"HTML yang boleh: {_ALLOWED_HTML}"
        )
    if finding.kind == "comment":
        return (
            f"komentar HTML `<!-- -->` tidak diizinkan di {where}; hapus komentar ini "
            "(isinya tetap terbaca di kode halaman)"
        )
    if finding.kind == "declaration":
        return f"bagian `<!…>` atau `<?…>` tidak diizinkan di {where}; hapus bagian ini"
    if finding.kind == "other":
        return (
            f"bagian ini di {where} tidak dapat diterbitkan dengan aman; periksa tanda `<` dan `>` "
            "di sekitarnya, atau tulis dengan Markdown"
        )
    if name.startswith("on"):
        return (
            f"atribut `{name}` tidak diizinkan di {where}: atribut `on…` menjalankan skrip "
            "di peramban pengunjung; hapus atribut ini"
        )
    if name == "style":
        return f"atribut `style` tidak diizinkan di {where}; hapus atribut ini, tampilan diatur oleh situs"
    if name == "href":
        return _link_message(_url(value), where)
    if name == "src" and finding.tag == "img":
        return _image_message(_url(value), where)
    if name == "id":
        return (
            f"id `{_short(value)}` tidak diizinkan di {where}: nama yang diawali `__` dipakai situs "
            "sendiri; ganti id atau judulnya"
        )
    allowed = ", ".join(sorted(ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(finding.tag, set())))
    return (
        f"atribut `{name}` pada `<{finding.tag}>` tidak diizinkan di {where}; hapus atribut ini. "
        f"Atribut yang boleh: {allowed}"
    )


# --- Pointing at the source ----------------------------------------------------


class _Source:
    """One content file's text, for finding where a problem is written."""

    def __init__(self, path: Path) -> None:
        # Read as the loader reads it, so lines and columns agree with its own.
        self.text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
        self._line_starts = [0, *(m.end() for m in re.finditer("\n", self.text))]

    def offset(self, line: int, col: int) -> int:
        return self._line_starts[line - 1] + col - 1

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1


def _locate(source: _Source, start: int, end: int, found: list[Finding]) -> Iterator[tuple[Finding, int]]:
    """Each finding with where it is written between `start` and `end`.

    The same needle found twice points at its first and then its second
    occurrence; what cannot be found points at the start of the text.
    """
    cursors: dict[str, int] = {}
    for finding in found:
        offset = start
        for needle in finding.needles():
            key = needle.lower()
            hit = re.compile(needle, re.IGNORECASE).search(source.text, cursors.get(key, start), end)
            if hit:
                cursors[key] = hit.start() + 1
                offset = hit.start()
                break
        yield finding, offset


@dataclass(frozen=True)
class _Text:
    """One piece of staff Markdown and where in its file it is written."""

    source: Source
    body: str
    where: str
    texts: tuple[str, ...]
    loc: tuple[str | int, ...] = ()  # a YAML value; empty for the text after the front matter


def _region(source: _Source, text: _Text) -> tuple[int, int]:
    """Where the text is written in its file: start and end offsets."""
    if not text.loc:
        # The body is the end of the file, less the blank lines the loader trims.
        return max(source.text.rfind(text.body.strip()), 0), len(source.text)
    line, col = text.source.at(*text.loc)
    start = source.offset(line, col)
    # The value ends where the next key or value written in the file begins.
    later = [
        source.offset(*p)
        for p in (*text.source.values.values(), *text.source.keys.values())
        if p > (line, col)
    ]
    return start, min(later, default=len(source.text))


# The front matter of a hand-written page: data for the theme, not Markdown.
_FRONT_MATTER = re.compile(r"\A---\r?\n.*?\r?\n(?:---|\.\.\.)\r?\n", re.DOTALL)


def _hand_written_pages(root: Path) -> Iterator[_Text]:
    """Pages in content/ published as written: staff edit them too."""
    content = root / CONTENT_DIR
    for relative in hand_written(content):
        if not relative.endswith(".md"):
            continue
        try:
            text = (content / relative).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # not a page MkDocs could render either; nothing to publish
        body = _FRONT_MATTER.sub("", text, count=1)
        yield _Text(Source(f"{CONTENT_DIR}/{relative}"), body, "halaman ini", (body,))


def _texts(catalog: Catalog, root: Path) -> Iterator[_Text]:
    for records, where in (
        (catalog.events, "deskripsi acara"),
        (catalog.branches.values(), "deskripsi cabang"),
        (catalog.stories.values(), "cerita"),
    ):
        for record in records:
            yield _Text(record.source, record.body, where, (record.body,))
    yield from _hand_written_pages(root)
    for program in catalog.programs.values():
        data = program.data
        yield _Text(program.source, "", "`description`", (data.description,), ("description",))
        for field, items in (("outcomes", data.outcomes), ("requirements", data.requirements)):
            for index, item in enumerate(items or []):
                # The page writes each item escaped into a Markdown list; the
                # text as typed is checked too, so every field follows one rule.
                texts = tuple(dict.fromkeys((f"- {item}", f"- {escape(item)}")))
                yield _Text(program.source, "", f"`{field}`", texts, (field, index))


def check_markup(catalog: Catalog, root: Path) -> list[Diagnostic]:
    """An error for everything in staff Markdown that nh3 would remove."""
    renderer = Renderer(mkdocs_yml(root))
    sources: dict[str, _Source] = {}
    diagnostics = []
    for text in _texts(catalog, root):
        found: Counter[Finding] = Counter()
        for markdown_text in text.texts:
            found |= Counter(renderer.findings(markdown_text))
        if not found:
            continue
        path = text.source.path
        source = sources.setdefault(path, _Source(root / path))
        start, end = _region(source, text)
        for finding, offset in _locate(source, start, end, list(found.elements())):
            line, col = source.position(offset)
            diagnostics.append(Diagnostic(path, line, col, "error", message(finding, text.where)))
    return diagnostics
