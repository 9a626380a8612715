"""The last step of a build: audit every built page, then give it a Content-Security-Policy.

GitHub Pages sends no security headers, so the policy travels inside each page
as `<meta http-equiv="Content-Security-Policy">`. The pass reads only the
finished HTML, not MkDocs, so it keeps working if another engine writes the site.

The audit fails closed: a page with an event-handler attribute, a script URL,
a request to another host, a frame or an executable script inside the content
stops the build, whatever let it through (the sanitiser, a template, a theme
update). The policy is the second net: should the audit ever miss something,
the browser still refuses to run it.
"""

from __future__ import annotations

import base64
import hashlib
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from html.parser import HTMLParser
from itertools import repeat
from pathlib import Path

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
_SVG_ANIMATIONS = frozenset({"set", "animate", "animatemotion", "animatetransform"})
_FOREIGN = frozenset({"svg", "math"})

# The end of a raw-text element as a browser sees it. Python's html.parser
# (3.11) only accepts `</script>` exactly, so `</script x>` would hide the
# markup after it from the audit while a browser renders it.
_RAW_TEXT_END = {tag: re.compile(rf"</{tag}[\t\n\f\r />]", re.IGNORECASE) for tag in ("script", "style")}
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
# Browsers drop these from anywhere in a URL before reading its scheme.
_URL_NOISE = str.maketrans("", "", "\t\n\r")
# ... and these from either end.
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
_SHOWN_PROBLEMS = 20
# Below this many pages per process, starting a process costs more than it saves.
_PAGES_PER_PROCESS = 200

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
    url = value.strip(_C0_AND_SPACE).translate(_URL_NOISE).replace("\\", "/").lower()
    match = _SCHEME.match(url)
    return (match.group(1), url[match.end() :]) if match else ("", url)


def _srcset_urls(value: str) -> list[str]:
    # A candidate is "url [descriptor]"; splitting on commas too may cut a
    # data: URL in two, but its first part still starts with "data:".
    return [part.split()[0] for part in value.split(",") if part.split()]


class _Page(HTMLParser):
    """Streams one page once: collects its problems, its theme script hashes and where the policy goes."""

    def __init__(self, text: str, *, editor: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        # The editor page is the package's own, not a theme page around content.
        self.editor = editor
        self.problems: list[str] = []
        self.hashes: list[str] = []
        self.policy_at: int | None = None
        self._just_opened_head = False
        self._content_articles = 0
        self._article_depth = 0  # > 0 inside the content article
        self._foreign = 0  # > 0 inside <svg> or <math>
        self._raw_tag: str | None = None
        self._raw_text: list[str] = []
        self._raw_hashed = False
        self._raw_foreign = False

    def _refuse(self, problem: str) -> None:
        self.problems.append(problem)

    def _offset_after_tag(self) -> int:
        line, column = self.getpos()
        start = 0
        for _ in range(line - 1):
            start = self.text.index("\n", start) + 1
        return start + column + len(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Browsers ignore the slash of <div/> (the element stays open) but honour
        # it inside SVG and MathML; counting it otherwise could end the content
        # article, for the audit, where the browser has not.
        self.handle_starttag(tag, attrs)
        if tag in _FOREIGN or self._foreign:
            self.handle_endtag(tag)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # A browser keeps the first of two attributes with the same name.
        first = {name: value for name, value in reversed(attrs)}
        self._place_policy(tag, first)
        if tag in _FORBIDDEN_ELEMENTS:
            self._refuse(f"elemen <{tag}> tidak diizinkan (memuat halaman atau objek lain)")
        if tag == "meta" and first.get("http-equiv") is not None:
            equiv = (first["http-equiv"] or "").strip().lower()
            if equiv not in _ALLOWED_HTTP_EQUIV:
                self._refuse(f'<meta http-equiv="{_short(equiv)}"> tidak diizinkan')
        if tag in _SVG_ANIMATIONS and (first.get("attributename") or "").strip().lower() in (
            "href",
            "xlink:href",
        ):
            self._refuse(f"<{tag}> tidak boleh mengubah alamat tautan")
        for name, value in attrs:
            if name.startswith("on"):
                self._refuse(f"atribut `{name}` pada <{tag}> menjalankan skrip")
            elif value is not None and name in _URL_ATTRIBUTES:
                self._check_url(tag, name, value, first)
        if tag == "article":
            self._enter_article(first)
        elif tag == "script":
            self._open_script(first)
        elif tag == "style":
            self._open_raw_text(tag, hashed=False)
        if tag in _FOREIGN:
            self._foreign += 1

    def _place_policy(self, tag: str, attrs: dict[str, str | None]) -> None:
        """The policy goes right after <head>, or after <meta charset> when that comes first."""
        if tag == "head" and self.policy_at is None:
            self.policy_at = self._offset_after_tag()
            self._just_opened_head = True
            return
        if self._just_opened_head and tag == "meta" and "charset" in attrs:
            self.policy_at = self._offset_after_tag()
        self._just_opened_head = False
        if self.policy_at is None and tag in ("script", "link", "style", "meta", "base"):
            self._refuse(f"<{tag}> berada sebelum <head>, di luar jangkauan kebijakan keamanan")

    def _check_url(self, tag: str, name: str, value: str, attrs: dict[str, str | None]) -> None:
        urls = _srcset_urls(value) if name in ("srcset", "imagesrcset") else [value]
        for url in urls:
            scheme, rest = _url_scheme(url)
            if scheme in _FORBIDDEN_SCHEMES:
                self._refuse(f"alamat `{_short(url)}` pada <{tag} {name}> memakai skema `{scheme}:`")
            elif (scheme or rest.startswith("//")) and self._fetched(tag, name, attrs):
                self._refuse(
                    f"<{tag} {name}> memuat `{_short(url)}` dari luar situs; semua berkas "
                    "yang dimuat halaman harus berasal dari situs ini (alamat relatif)"
                )

    @staticmethod
    def _fetched(tag: str, name: str, attrs: dict[str, str | None]) -> bool:
        if name in _FETCHED:
            return True
        if tag not in _FETCHED_HREF_ELEMENTS:
            return False
        if tag != "link":
            return True
        rels = set((attrs.get("rel") or "").lower().split())
        return not rels or not rels <= _LINK_ONLY_RELS

    def _enter_article(self, attrs: dict[str, str | None]) -> None:
        if self._article_depth:
            self._article_depth += 1
        elif CONTENT_CLASS in (attrs.get("class") or "").split():
            self._content_articles += 1
            self._article_depth = 1
        else:
            # Content that closes the article early and opens a new one would
            # otherwise move its scripts out of the article for this audit.
            self._refuse("elemen <article> di luar isi halaman")

    def _open_script(self, attrs: dict[str, str | None]) -> None:
        kind = (attrs.get("type") or "").split(";")[0].strip().lower()
        executable = kind not in _DATA_SCRIPT_TYPES
        if executable and self._article_depth:
            self._refuse("skrip yang dapat dijalankan di dalam isi halaman (article.md-content__inner)")
        self._open_raw_text("script", hashed=executable and "src" not in attrs and not self._article_depth)

    def _open_raw_text(self, tag: str, *, hashed: bool) -> None:
        self._raw_tag = tag
        self._raw_text = []
        self._raw_hashed = hashed
        self._raw_foreign = bool(self._foreign)

    def handle_data(self, data: str) -> None:
        if self._raw_tag is not None:
            self._raw_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == self._raw_tag:
            self._close_raw_text()
        elif tag == "article":
            if self._article_depth:
                self._article_depth -= 1
            else:
                self._refuse("</article> tanpa pasangan: isi halaman menutup elemen templat")
        if tag in _FOREIGN and self._foreign:
            self._foreign -= 1

    def _close_raw_text(self) -> None:
        tag, text = self._raw_tag or "", "".join(self._raw_text)
        self._raw_tag = None
        if _RAW_TEXT_END[tag].search(text):
            self._refuse(f"penutup </{tag}> yang tidak baku di dalam <{tag}>")
        elif self._raw_foreign and "<" in text:
            # Inside SVG a browser parses <style> and <script> as markup, not text.
            self._refuse(f"markup di dalam <{tag}> pada SVG atau MathML")
        elif self._raw_hashed:
            digest = script_hash(text)
            if digest not in self.hashes:
                self.hashes.append(digest)

    def handle_comment(self, data: str) -> None:
        # Browsers end a comment at `<!-->`, `<!--->` and `--!>` too; the
        # parser here does not, and would skip markup a browser renders.
        if data.startswith((">", "->")) or "--!>" in data:
            self._refuse("komentar HTML dengan penutup tidak baku")

    def unknown_decl(self, data: str) -> None:
        # A browser ends <![CDATA[ at the first ">" in HTML, this parser at "]]>".
        self._refuse(f"bagian `<![{_short(data)}` … `]]>` tidak diizinkan")

    def check(self) -> None:
        if "\x00" in self.text:
            # html.parser reads `<a\0 onclick=…>` as text, a browser as an element.
            self._refuse("karakter NUL di dalam HTML")
        self.feed(self.text)
        self.close()
        if self._raw_tag is not None:
            self._refuse(f"<{self._raw_tag}> tidak ditutup")
        if self.policy_at is None:
            self._refuse("halaman tanpa <head>: kebijakan keamanan tidak dapat dipasang")
        if not self.editor and self._content_articles != 1:
            self._refuse(
                f'halaman harus punya tepat satu <article class="{CONTENT_CLASS}">, '
                f"ada {self._content_articles}"
            )


def audit(text: str, *, editor: bool = False) -> tuple[list[str], list[str], int | None]:
    """The problems of one page, the hashes of its theme scripts, and where its policy goes."""
    page = _Page(text, editor=editor)
    page.check()
    return page.problems, page.hashes, page.policy_at


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
    workers = min(os.cpu_count() or 1, len(paths) // _PAGES_PER_PROCESS)
    if workers > 1:
        # Parsing is most of the pass (about 1.5 ms a page); "spawn" because
        # forking a process that runs threads (a test server, say) is unsafe.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            results = list(
                pool.map(_harden_page, repeat(site), paths, repeat(policy), chunksize=_PAGES_PER_PROCESS // 4)
            )
    else:
        results = [_harden_page(site, path, policy) for path in paths]
    found = [line for lines in results for line in lines]
    if found:
        raise refused(found)
