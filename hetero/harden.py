"""The last step of a build: audit every built page, then give it a Content-Security-Policy.

GitHub Pages sends no security headers, so the policy travels inside each page
as `<meta http-equiv="Content-Security-Policy">`. The pass reads only the
finished HTML, not MkDocs, so it keeps working if another engine writes the site.

The audit fails closed: a page with an event-handler attribute, a script URL,
a request to another host, a frame or an executable script inside the content
stops the build, whatever let it through (the sanitiser, a template, a theme
update). The policy is the second net: should the audit ever miss something,
the browser still refuses to run it.

How a page is read, in three passes:
- The raw text, for what no parser must be trusted with: NUL, comments a browser
  ends early, CDATA, `</script x>`, a raw-text element left open at the end, and
  the start tag of any forbidden element, even one a parser would drop (a
  `<frame>` in the body). Pagefind and hetero/search.py read the same HTML with
  other parsers; refusing what parsers disagree on keeps them all seeing one page.
- The head, with Python's html.parser, up to the tag after `<head>` only: where
  the policy goes, and what stands before it.
- The whole page with Lexbor (selectolax), an HTML5 parser in C that builds the
  tree a browser builds (with scripting on, as for a visitor). Two markers are
  put in first: a stand-in for the policy, which must come out first in <head>,
  and a sentinel before the last `</article`, which must come out inside the
  content article. Once a page's content has closed the article, nothing can
  reopen it, so the sentinel proves that every element the content wrote is in
  the article, whatever end tags or open elements it used.
It used to be html.parser alone: 1.7 ms of CPU for a page of 18 KB (8.7 s at
5,000 events), nearly all of it html.parser's tokenizer, which is Python and must
see every tag, so no skipping within it could remove most of that. Lexbor parses
the page in under 0.1 ms; with the walk over its elements, the raw checks and
the head, a page now costs about 0.4 ms (about 2 s at 5,000 events), and the
browser's tree ends a class of parser mismatches the old audit had to guard
against one by one (a `<noscript>` read without scripting was one it missed).
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from itertools import repeat
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from hetero.helper import process_pool, usable_cpus

# Material wraps each page's own content (what staff wrote and what the
# generator made from their data) in this element; a script there is never the
# theme's, so it is refused rather than allowed by a hash. A successor theme
# must keep or rename this marker: a page without it fails the build.
CONTENT_CLASS = "md-content__inner"

# Script types a browser never runs; any other type might be run (a JavaScript
# type, "module", "importmap", or whatever a future browser adds).
_DATA_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json"})

_FORBIDDEN_ELEMENTS = frozenset(
    {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "fencedframe"}
)
_FORBIDDEN_SCHEMES = frozenset({"javascript", "vbscript", "data"})
# Attributes a browser reads as a URL, on any element.
_URL_ATTRIBUTES = frozenset(
    {
        "href",
        "xlink:href",
        "src",
        "srcset",
        "imagesrcset",
        "poster",
        "background",
        "action",
        "formaction",
        "ping",
        "data",
        "manifest",
        "cite",
    }
)
# Of those, all but links (href) and citations are fetched, or submitted to, by the browser itself.
_FETCHED = _URL_ATTRIBUTES - {"href", "xlink:href", "cite"}
# `href` is fetched only on these; on <a> and <area> it is a link to follow.
_FETCHED_HREF_ELEMENTS = frozenset({"link", "script", "image", "use", "feimage"})
# <link> relations that name a page rather than load it (canonical, feeds).
_LINK_ONLY_RELS = frozenset(
    {"alternate", "author", "bookmark", "canonical", "external", "help", "license", "me", "next", "prev"}
)
_ALLOWED_HTTP_EQUIV = frozenset({"content-type", "x-ua-compatible"})
# As Lexbor names them inside SVG (camelCase), and as written elsewhere.
_SVG_ANIMATIONS = frozenset(
    {"set", "animate", "animateMotion", "animateTransform", "animatemotion", "animatetransform"}
)

# What the raw text shows, in one pass over its `<`: a forbidden element's start tag,
# `</script x>` (a browser ends the script there, other parsers read on), a
# comment a browser ends early, CDATA. `--!>` and NUL are looked for on their own.
# Matched against the page's UTF-8 bytes, which Lexbor reads anyway: faster than text.
_RAW_MARKUP = re.compile(
    rb"<(?:(?P<forbidden>"
    + "|".join(sorted(_FORBIDDEN_ELEMENTS)).encode()
    + rb")[\t\n\f\r />]|/(?P<odd_end>script|style)[\t\n\f\r /]|(?P<comment>!---?>)|(?P<cdata>!\[))",
    re.IGNORECASE,
)
# The last start tag of a raw-text element, found from the end of the page.
_LAST_RAW_TEXT_START = {
    tag: re.compile(rb"(?s:.*)<" + tag + rb"[\t\n\f\r />]", re.IGNORECASE) for tag in (b"script", b"style")
}
_RAW_TEXT_END = {
    tag: re.compile(rb"</" + tag + rb"[\t\n\f\r />]", re.IGNORECASE) for tag in (b"script", b"style")
}
_LAST_ARTICLE_END = re.compile(r"(?s:.*)</article", re.IGNORECASE)
_HEAD = re.compile(r"<head[\t\n\f\r />]", re.IGNORECASE)
# How much of the page after `<head` the head pass reads first; the tag after it is near.
_HEAD_READ = 64
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
# Browsers strip these from either end of a URL.
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
_SHOWN_PROBLEMS = 20
# Below this many pages per process, starting a process costs more than it saves:
# a spawned process starts in about 0.1 s, the audit of 500 pages takes about 0.2 s.
_PAGES_PER_PROCESS = 500

# What the tree pass puts into the page before parsing it: a stand-in for the
# policy where the policy will go, and a sentinel before the last `</article`.
_POLICY_MARK = "hetero-audit-policy"
_MARKED_POLICY = f'\n<meta http-equiv="Content-Security-Policy" content="{_POLICY_MARK}">'
_SENTINEL = "hetero-audit-end"
_MARKED_END = f"<{_SENTINEL}></{_SENTINEL}>"
# Elements that must not come before the policy: what it governs.
_BEFORE_POLICY = frozenset({"script", "link", "style", "meta", "base"})

# Every directive is what the site really uses, checked in Chromium (tests/test_csp.py):
#   script-src   the theme's scripts and hetero.js are files on this site; the few
#                inline scripts of the theme (its local-storage helpers, the class
#                that shows the filters before first paint) are allowed by hash.
#   style-src    'unsafe-inline': Markdown tables with aligned columns write
#                style="text-align: …" on their cells, which hetero/sanitize.py keeps;
#                without it browsers drop that alignment. Material itself styles only
#                through the CSSOM (element.style), which CSP does not govern. A style
#                cannot run script, and with img-src, font-src and connect-src kept to
#                this site it cannot send anything to another host either.
#   img-src      data: because Material's stylesheet draws its icons (navigation
#                arrows, admonitions, search results) from data: SVG URLs in CSS.
#                The audit still refuses data: URLs in the HTML itself.
#   connect-src  the search index (search/search_index.json) is fetched from here.
#   worker-src   the search runs in a worker loaded from assets/javascripts/workers/.
#   font-src     theme.font is false: no font is loaded, and none may come from elsewhere.
# frame-ancestors is left out: browsers ignore it in a <meta> policy.
_POLICY = (
    "default-src 'self'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)


# The web editor at /admin/ (hetero/admin.py) has a policy of its own: the editor script
# (vendored, served from here) talks to GitHub's API and shows images it fetched as blob:
# URLs (reading them, and its own data: logo, back with fetch), and the avatar of whoever
# signed in. Svelte adds its styles as <style> elements.
# Anything else it would reach (update checks on unpkg.com, code highlighting, HEIC
# conversion) stays refused; docs/quality.md lists them.
EDITOR_PAGE = "admin/index.html"
_EDITOR_POLICY = (
    "default-src 'self'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob: https://avatars.githubusercontent.com; media-src 'self' blob:; "
    "font-src 'self'; connect-src 'self' blob: data: https://api.github.com; worker-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)


def content_security_policy(script_hashes: list[str], *, editor: bool = False) -> str:
    policy = _EDITOR_POLICY if editor else _POLICY
    return policy.format(hashes="".join(f" '{h}'" for h in script_hashes))


def script_hash(text: str) -> str:
    """The CSP source for an inline script, over the text the browser sees (newlines normalised)."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(normalised.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _short(value: str) -> str:
    """A value quoted in a message: shortened, control characters made visible."""
    value = value if len(value) <= 60 else value[:57] + "..."
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in value)


def _url_scheme(value: str) -> tuple[str, str]:
    """The scheme and the rest of a URL, read the way a browser reads it."""
    # Browsers drop tabs and newlines from anywhere in a URL before reading its scheme.
    url = value.strip(_C0_AND_SPACE).replace("\t", "").replace("\n", "").replace("\r", "")
    url = url.replace("\\", "/").lower()
    match = _SCHEME.match(url)
    return (match.group(1), url[match.end() :]) if match else ("", url)


def _srcset_urls(value: str) -> list[str]:
    # A candidate is "url [descriptor]"; splitting on commas too may cut a
    # data: URL in two, but its first part still starts with "data:".
    return [part.split()[0] for part in value.split(",") if part.split()]


def _raw_problems(page: bytes) -> list[str]:
    """What the raw page alone shows: constructs that parsers read differently, and forbidden tags."""
    problems = []
    if b"\x00" in page:
        # html.parser reads `<a\0 onclick=…>` as text, a browser as an element.
        problems.append("karakter NUL di dalam HTML")
    if b"--!>" in page:
        problems.append("komentar HTML dengan penutup tidak baku")
    for match in _RAW_MARKUP.finditer(page):
        if match["forbidden"]:
            # By its start tag, so that even one a parser drops (a <frame> in the body) is refused.
            tag = match["forbidden"].decode().lower()
            problems.append(f"elemen <{tag}> tidak diizinkan (memuat halaman atau objek lain)")
        elif match["odd_end"]:
            tag = match["odd_end"].decode().lower()
            problems.append(f"penutup </{tag}> yang tidak baku di dalam <{tag}>")
        elif match["comment"]:
            # Browsers end a comment at `<!-->`, `<!--->` and `--!>`; other parsers
            # read on and would skip markup a browser renders.
            problems.append("komentar HTML dengan penutup tidak baku")
        else:
            # A browser ends <![CDATA[ at the first ">" in HTML, inside SVG at "]]>".
            section = page[match.end() : match.end() + 240].decode(errors="replace").split("]]>", 1)[0]
            problems.append(f"bagian `<![{_short(section)}` … `]]>` tidak diizinkan")
    for tag, last_start in _LAST_RAW_TEXT_START.items():
        last = last_start.match(page)
        if last and not _RAW_TEXT_END[tag].search(page, last.end()):
            problems.append(f"<{tag.decode()}> tidak ditutup")
    return problems


class _Head(HTMLParser):
    """Reads a page up to the tag after <head>: where the policy goes, and what stands before it."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.problems: list[str] = []
        self.policy_at: int | None = None
        self._just_opened_head = False

    def read(self) -> None:
        head = _HEAD.search(self.text)
        # Without <head>, the whole page, so that every tag it lacks a policy for is named.
        end = len(self.text) if head is None else head.end() + _HEAD_READ
        done = 0
        while done < len(self.text):
            self.feed(self.text[done:end])
            done, end = end, end * 2
            if self.policy_at is not None and not self._just_opened_head:
                return
        self.close()

    def _offset_after_tag(self) -> int:
        line, column = self.getpos()
        start = 0
        for _ in range(line - 1):
            start = self.text.index("\n", start) + 1
        return start + column + len(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """The policy goes right after <head>, or after <meta charset> when that comes first."""
        if tag == "head" and self.policy_at is None:
            self.policy_at = self._offset_after_tag()
            self._just_opened_head = True
            return
        if self._just_opened_head and tag == "meta" and any(name == "charset" for name, _ in attrs):
            self.policy_at = self._offset_after_tag()
        self._just_opened_head = False
        if self.policy_at is None and tag in _BEFORE_POLICY:
            self.problems.append(f"<{tag}> berada sebelum <head>, di luar jangkauan kebijakan keamanan")


class _Tree:
    """Walks the page as a browser builds it: its problems and its theme script hashes."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        self.hashes: list[str] = []
        self.policy: LexborNode | None = None
        self.sentinels: list[bool] = []  # for each sentinel, whether it is in the content
        self.articles: list[LexborNode] = []
        self._article_ids: set[int] = set()
        self._templates: list[LexborNode] = []  # those whose content is being walked

    def _refuse(self, problem: str) -> None:
        self.problems.append(problem)

    def in_content(self, node: LexborNode) -> bool:
        if not self._article_ids:
            return False
        # A template's content has no parent: its ancestors are the template's.
        for start in (node, *reversed(self._templates)):
            parent = start.parent
            while parent is not None:
                if parent.mem_id in self._article_ids:
                    return True
                parent = parent.parent
        return False

    def walk(self, root: LexborNode) -> None:
        # The elements looked at beyond their attributes. This loop runs for every
        # element of every page: it does as little as it can.
        watched = {
            "meta": self._check_meta,
            "article": self._enter_article,
            "script": self._check_script,
            "style": self._check_style,
            "template": self._enter_template,
            _SENTINEL: self._note_sentinel,
        } | dict.fromkeys(_SVG_ANIMATIONS, self._check_animation)
        for node in root.traverse(include_text=False):
            tag = node.tag
            attrs = node.attributes
            if attrs:
                for name in attrs:
                    # Lexbor gives attribute names in lower case, some of SVG's aside (none of these).
                    if name[:2] == "on":
                        self._refuse(f"atribut `{name}` pada <{tag.lower()}> menjalankan skrip")
                    elif name in _URL_ATTRIBUTES and attrs[name] is not None:
                        self._check_url(tag.lower(), name, attrs[name], attrs)
            check = watched.get(tag)
            if check is not None:
                check(node, attrs)

    def _check_url(self, tag: str, name: str, value: str, attrs: dict[str, str | None]) -> None:
        fetched = _fetched(tag, name, attrs)
        # Without a scheme, a URL stays on this site, unless it starts with `//` (or a
        # browser makes it do so) and is loaded rather than followed.
        if ":" not in value and (
            not fetched
            or (value[:1] > " " and value[0] not in "/\\" and name not in ("srcset", "imagesrcset"))
        ):
            return
        urls = _srcset_urls(value) if name in ("srcset", "imagesrcset") else [value]
        for url in urls:
            scheme, rest = _url_scheme(url)
            if scheme in _FORBIDDEN_SCHEMES:
                self._refuse(f"alamat `{_short(url)}` pada <{tag} {name}> memakai skema `{scheme}:`")
            elif fetched and (scheme or rest.startswith("//")):
                self._refuse(
                    f"<{tag} {name}> memuat `{_short(url)}` dari luar situs; semua berkas "
                    "yang dimuat halaman harus berasal dari situs ini (alamat relatif)"
                )

    def _enter_template(self, node: LexborNode, attrs: dict[str, str | None]) -> None:
        # Inert until a script clones it; audited as if it stood where it is.
        self._templates.append(node)
        for fragment in node.template_fragments():
            self.walk(fragment)
        self._templates.pop()

    def _note_sentinel(self, node: LexborNode, attrs: dict[str, str | None]) -> None:
        self.sentinels.append(self.in_content(node))

    def _check_animation(self, node: LexborNode, attrs: dict[str, str | None]) -> None:
        names = {name.lower(): value for name, value in attrs.items()}
        if (names.get("attributename") or "").strip().lower() in ("href", "xlink:href"):
            self._refuse(f"<{(node.tag or '').lower()}> tidak boleh mengubah alamat tautan")

    def _check_meta(self, node: LexborNode, attrs: dict[str, str | None]) -> None:
        if "http-equiv" not in attrs:
            return
        equiv = (attrs["http-equiv"] or "").strip().lower()
        if (
            equiv == "content-security-policy"
            and attrs.get("content") == _POLICY_MARK
            and self.policy is None
        ):
            self.policy = node
        elif equiv not in _ALLOWED_HTTP_EQUIV:
            self._refuse(f'<meta http-equiv="{_short(equiv)}"> tidak diizinkan')

    def _enter_article(self, node: LexborNode, attrs: dict[str, str | None]) -> None:
        if self.in_content(node):
            return
        if CONTENT_CLASS in (attrs.get("class") or "").split():
            self.articles.append(node)
            self._article_ids.add(node.mem_id)
        else:
            # Content that closes the article early and opens a new one would
            # otherwise move its scripts out of the article for this audit.
            self._refuse("elemen <article> di luar isi halaman")

    def _check_script(self, node: LexborNode, attrs: dict[str, str | None]) -> None:
        kind = (attrs.get("type") or "").split(";")[0].strip().lower()
        executable = kind not in _DATA_SCRIPT_TYPES
        if executable and self.in_content(node):
            self._refuse("skrip yang dapat dijalankan di dalam isi halaman (article.md-content__inner)")
        elif self._markup_free(node, "script") and executable and "src" not in attrs:
            digest = script_hash(node.text())
            if digest not in self.hashes:
                self.hashes.append(digest)

    def _check_style(self, node: LexborNode, attrs: dict[str, str | None]) -> None:
        self._markup_free(node, "style")

    def _markup_free(self, node: LexborNode, tag: str) -> bool:
        """Inside SVG and MathML, <style> and <script> hold markup, not text; refused."""
        for _ in node.iter(include_text=False):
            self._refuse(f"markup di dalam <{tag}> pada SVG atau MathML")
            return False
        return True

    def check_policy_place(self) -> None:
        """The policy stand-in must open <head> as the browser builds it, after <meta charset> at most."""
        if self.policy is None or (self.policy.parent is None or self.policy.parent.tag != "head"):
            self._refuse(
                "kebijakan keamanan tidak akan berada di dalam <head>: susunan awal halaman tidak baku"
            )
            return
        before = self.policy.prev
        while before is not None:
            tag = (before.tag or "").lower()
            if tag in _BEFORE_POLICY and not (tag == "meta" and "charset" in before.attributes):
                self._refuse(f"<{tag}> berada sebelum kebijakan keamanan di <head>")
            before = before.prev

    def check_content(self, *, closed: bool) -> None:
        if len(self.articles) != 1:
            self._refuse(
                f'halaman harus punya tepat satu <article class="{CONTENT_CLASS}">, ada {len(self.articles)}'
            )
        elif not closed:
            self._refuse(f'<article class="{CONTENT_CLASS}"> tanpa </article>')
        elif not self.sentinels:
            self._refuse("isi halaman membiarkan skrip, gaya, atau komentar terbuka hingga ke templat")
        elif self.sentinels != [True]:
            self._refuse("isi halaman menutup elemen templat di sekitarnya")


def _fetched(tag: str, name: str, attrs: dict[str, str | None]) -> bool:
    if name in _FETCHED:
        return True
    if tag not in _FETCHED_HREF_ELEMENTS:
        return False
    if tag != "link":
        return True
    rels = set((attrs.get("rel") or "").lower().split())
    return not rels or not rels <= _LINK_ONLY_RELS


def audit(text: str, *, editor: bool = False) -> tuple[list[str], list[str], int | None]:
    """The problems of one page, the hashes of its theme scripts, and where its policy goes."""
    head = _Head(text)
    head.read()
    at = head.policy_at
    # The editor page is the package's own, not a theme page around content.
    last_end = None if editor else _LAST_ARTICLE_END.match(text)
    end = last_end.end() - len("</article") if last_end else -1
    marked = text
    if end >= 0 and (at is None or at <= end):
        marked = marked[:end] + _MARKED_END + marked[end:]
    if at is not None:
        marked = marked[:at] + _MARKED_POLICY + marked[at:]
    # The markers hold nothing the raw checks look for.
    page = marked.encode("utf-8", "surrogatepass")
    problems = _raw_problems(page) + head.problems
    if at is None:
        problems.append("halaman tanpa <head>: kebijakan keamanan tidak dapat dipasang")
    tree = _Tree(problems)
    tree.walk(LexborHTMLParser(page, scripting=True).root)
    if at is not None:
        tree.check_policy_place()
    if not editor:
        tree.check_content(closed=end >= 0)
    return list(dict.fromkeys(problems)), tree.hashes, at


def finish_page(page: str, text: str, *, policy: bool = True) -> tuple[list[str], str]:
    """Audit the page at site path `page`; return its problems and its text with the policy written in.

    The MkDocs build calls this on each page before it is written
    (hetero/render.py); `harden` calls it on the files another engine wrote.
    """
    editor = page == EDITOR_PAGE
    problems, hashes, at = audit(text, editor=editor)
    if problems or at is None:
        return [f"{page}: {problem}" for problem in problems], text
    if not policy:
        return [], text
    policy_text = content_security_policy(hashes, editor=editor)
    meta = f'\n<meta http-equiv="Content-Security-Policy" content="{policy_text}">'
    return [], text[:at] + meta + text[at:]


def _harden_page(site: Path, path: Path, policy: bool = True) -> list[str]:
    """Audit one page file and write its policy in (unless `policy` is false); return its problems."""
    page = path.relative_to(site).as_posix()
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return [f"{page}: berkas HTML bukan UTF-8"]
    problems, finished = finish_page(page, text, policy=policy)
    if finished is not text:
        # A new file, not the one read: that one may be linked from the site being replaced
        # (hetero/outdir.py, `write_file`), which must stay as it was until the new one is in place.
        path.unlink()
        path.write_bytes(finished.encode("utf-8"))
    return problems


def refused(found: list[str]) -> Exception:
    """The build error that lists the audit's problems, the first few of them."""
    # hetero.build imports this module, so BuildFailed is imported when needed.
    from hetero.build import BuildFailed

    shown = found[:_SHOWN_PROBLEMS]
    more = len(found) - len(shown)
    return BuildFailed(
        [],
        "Pemeriksaan keamanan HTML menolak hasil build (perbaiki konten atau templat di overrides/):\n"
        + "\n".join(f"  {line}" for line in shown)
        + (f"\n  … dan {more} masalah lain" if more else ""),
    )


def harden(site: Path, *, policy: bool = True, done: frozenset[str] = frozenset()) -> None:
    """Audit and add the policy to every .html file below `site`; raise BuildFailed on any problem.

    `done` names the pages (site paths) already finished while they were
    rendered. `policy=False` audits only. The preview opened from a folder
    needs it (hetero/preview.py): its search worker shim writes an inline
    script that holds the worker's file:// address, which depends on where
    the reviewer unpacked the folder, so no hash can allow it.
    """
    paths = [path for path in sorted(site.rglob("*.html")) if path.relative_to(site).as_posix() not in done]
    workers = min(usable_cpus(), len(paths) // _PAGES_PER_PROCESS)
    if workers > 1:
        # Parsing is most of the pass (about 0.4 ms a page).
        with process_pool(workers) as pool:
            results = list(
                pool.map(_harden_page, repeat(site), paths, repeat(policy), chunksize=_PAGES_PER_PROCESS // 4)
            )
    else:
        results = [_harden_page(site, path, policy) for path in paths]
    found = [line for lines in results for line in lines]
    if found:
        raise refused(found)
