"""The post-build pass (hetero/harden.py): the audit refuses what must never ship, and the
Content-Security-Policy it writes lets every page type work in Chromium while blocking
script that slipped past the audit and the sanitiser."""

from __future__ import annotations

import os
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from browser import PHONE, serve_folder
from conftest import BROWSER_BUILD_NOW, NOW, run_hetero

import hetero.build
import hetero.engines
import hetero.harden
from hetero.build import BuildFailed, build
from hetero.harden import (
    EDITOR_PAGE,
    audit,
    content_security_policy,
    finish_page,
    harden,
    refused,
    script_hash,
)

THEME_SCRIPT = (
    'document.documentElement.classList.add("hs-js");\n'
    "if (a < b) document.write('<script src=\"x.js\"><\\/script>');"
)


def page(content: str = "<p>Isi</p>", head: str = "", body: str = "") -> str:
    """A page shaped like Material's: inline theme scripts outside the content article."""
    return (
        '<!doctype html>\n<html lang="id">\n  <head>\n    <meta charset="utf-8">\n'
        f"    <title>Uji</title>\n    <script>{THEME_SCRIPT}</script>\n{head}\n  </head>\n"
        '  <body>\n    <div class="md-content">\n      <article class="md-content__inner md-typeset">\n'
        f"{content}\n      </article>\n    </div>\n{body}\n"
        '    <script id="__config" type="application/json">{"base": "."}</script>\n'
        '    <script src="assets/javascripts/bundle.js"></script>\n  </body>\n</html>\n'
    )


def before_head(markup: str) -> str:
    """A page with `markup` written between <html> and <head>."""
    return page().replace('<html lang="id">', '<html lang="id">' + markup)


# --- The audit ----------------------------------------------------------------------

FORBIDDEN_CONTENT = {
    "handler": '<img src="x.png" onerror="alert(1)">',
    "handler, upper case": '<p ONCLICK="alert(1)">x</p>',
    "handler after a slash": "<img/src/onerror=alert(1)>",
    "handler on svg": '<svg onload="alert(1)"></svg>',
    "javascript link": '<a href="javascript:alert(1)">x</a>',
    "javascript link, hidden by a tab and entities": '<a href=" jav&#x09;ascript&colon;alert(1)">x</a>',
    "vbscript link": '<a href="VBScript:msgbox(1)">x</a>',
    "data link": '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "data image": '<img src="data:image/svg+xml,<svg/onload=alert(1)>">',
    "data in srcset": '<img src="a.png" srcset="a.png 1x, data:image/png;base64,AAAA 2x">',
    "javascript form action": '<form action="javascript:alert(1)"></form>',
    "javascript formaction": '<button formaction="javascript:alert(1)">x</button>',
    "svg xlink:href": '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "video poster": '<video poster="javascript:alert(1)"></video>',
    "svg animation of a link": '<svg><a><set attributeName="href" to="javascript:alert(1)"/></a></svg>',
    "foreign image": '<img src="https://tracker.example/pixel.gif">',
    "protocol-relative image": '<img src="//tracker.example/pixel.gif">',
    "backslash host": '<img src="/\\tracker.example/pixel.gif">',
    "foreign srcset": '<img src="a.png" srcset="https://cdn.example/b.png 2x">',
    "foreign video": '<video src="https://cdn.example/v.mp4"></video>',
    "foreign form": '<form action="https://collect.example/"></form>',
    "link ping": '<a href="https://example.org/" ping="https://tracker.example/">x</a>',
    "svg image": '<svg><image href="https://cdn.example/x.png"/></svg>',
    "iframe": '<iframe src="pendaftaran/"></iframe>',
    "object": '<object data="x.swf"></object>',
    "embed": '<embed src="x.swf">',
    "frame": "<frameset><frame src=x></frameset>",
    "base": '<base href="https://evil.example/">',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "inline script": "<script>alert(1)</script>",
    "javascript-typed script": '<script type="text/javascript">alert(1)</script>',
    "module script": '<script type="module">alert(1)</script>',
    "local script file in the content": '<script src="../assets/x.js"></script>',
    "script closed the way only browsers accept": (
        '<script type="application/json"></script x><img src=x onerror=alert(1)></script>'
    ),
    "data script left open, swallowing the theme's markup": '<script type="application/json">{"a": 1}',
    "svg style holding markup": "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "comment a browser ends early": "<!--><img src=x onerror=alert(1)> -->",
    "comment closed with --!>": "<!-- x --!><img src=x onerror=alert(1)> -->",
    "cdata section": "<![CDATA[ > <img src=x onerror=alert(1)> ]]>",
    "nul byte": "<a\x00 onclick=alert(1)>x</a>",
    "content closing the article": "</article><script>alert(1)</script>",
    "content closing and reopening the article": '</article><script>alert(1)</script><article class="x">',
    "content closing the theme's elements around it": "</div></div><script>alert(1)</script>",
    "a script file moved out of the content": '</div></div><script src="../assets/x.js"></script>',
    "comment left open, swallowing the theme": "<!-- x",
    "noscript hiding a script from a parser without scripting": (
        '<noscript><p title="</noscript><script>alert(1)</script>"></p></noscript>'
    ),
    "handler in a template": "<template><img src=x onerror=alert(1)></template>",
    "script in a template": "<template><script>alert(1)</script></template>",
    "svg script": "<svg><script>alert(1)</script></svg>",
    "handler given to the body from inside it": '<body onload="alert(1)">',
    "handler inside a select": "<select><img src=x onerror=alert(1)></select>",
}


@pytest.mark.parametrize("markup", FORBIDDEN_CONTENT.values(), ids=FORBIDDEN_CONTENT.keys())
def test_each_forbidden_construct_is_refused(markup: str) -> None:
    problems, _, _ = audit(page(markup))
    assert problems


# What the audit says of a construct, among whatever else it finds there: the words a
# maintainer reads when a build stops. Each names the check that must see it.
SAID = "yang dimuat halaman harus berasal dari situs ini (alamat relatif)"
REFUSALS = {
    "nul byte": (page("<a\x00 onclick=alert(1)>x</a>"), "karakter NUL di dalam HTML"),
    "comment closed with --!>": (page("<!-- x --!> -->"), "komentar HTML dengan penutup tidak baku"),
    "comment a browser ends early": (page("<!--><p>x</p> -->"), "komentar HTML dengan penutup tidak baku"),
    "iframe": (
        page('<iframe src="pendaftaran/"></iframe>'),
        "elemen <iframe> tidak diizinkan (memuat halaman atau objek lain)",
    ),
    "script end tag with an attribute": (
        page('<script type="application/json"></script x></script>'),
        "penutup </script> yang tidak baku di dalam <script>",
    ),
    "cdata section": (
        page("<![CDATA[ > <b>x</b> ]]>"),
        "bagian `<![CDATA[ > <b>x</b> ` … `]]>` tidak diizinkan",
    ),
    # The page has closed scripts before: the last one must be found from the end.
    "script left open after closed ones": (page() + "<script>alert(1)", "<script> tidak ditutup"),
    "image from another host after a space": (
        page('<img src=" //tracker.example/p.gif">'),
        f"<img src> memuat ` //tracker.example/p.gif` dari luar situs; semua berkas {SAID}",
    ),
    "srcset from another host without a space after the comma": (
        page('<img src="a.png" srcset="a.png 1x,//cdn.example/b.png 2x">'),
        f"<img srcset> memuat `//cdn.example/b.png` dari luar situs; semua berkas {SAID}",
    ),
    "imagesrcset from another host": (
        page(head='<link rel="preload" as="image" imagesrcset="a.png 1x, //cdn.example/b.png 2x">'),
        f"<link imagesrcset> memuat `//cdn.example/b.png` dari luar situs; semua berkas {SAID}",
    ),
    # Browsers strip control characters from a URL's ends and drop newlines anywhere in it.
    "javascript link after a control character": (
        page('<a href="&#1;javascript:alert(1)">x</a>'),
        "alamat `\\x01javascript:alert(1)` pada <a href> memakai skema `javascript:`",
    ),
    "javascript link split by a newline": (
        page('<a href="java\nscript:alert(1)">x</a>'),
        "alamat `java\\nscript:alert(1)` pada <a href> memakai skema `javascript:`",
    ),
    "javascript link split by a carriage return": (
        page('<a href="java&#13;script:alert(1)">x</a>'),
        "alamat `java\\rscript:alert(1)` pada <a href> memakai skema `javascript:`",
    ),
    "a long address, shortened": (
        page(f'<a href="javascript:{"a" * 100}">x</a>'),
        f"alamat `javascript:{'a' * 46}...` pada <a href> memakai skema `javascript:`",
    ),
    "svg style holding markup": (
        page("<svg><style><a>x</a></style></svg>"),
        "markup di dalam <style> pada SVG atau MathML",
    ),
    "svg script holding markup, in the theme": (
        page(body="<svg><script><a>x</a></script></svg>"),
        "markup di dalam <script> pada SVG atau MathML",
    ),
    "inline script in the content": (
        page("<script>alert(1)</script>"),
        "skrip yang dapat dijalankan di dalam isi halaman (article.md-content__inner)",
    ),
    "svg animation of an xlink:href": (
        page('<svg><a><set attributeName="xlink:href" to="javascript:alert(1)"/></a></svg>'),
        "<set> tidak boleh mengubah alamat tautan",
    ),
    "meta refresh": (
        page('<meta http-equiv="refresh" content="0;url=x">'),
        '<meta http-equiv="refresh"> tidak diizinkan',
    ),
    "content opening an article of its own": (
        page('</article><article class="x">'),
        "elemen <article> di luar isi halaman",
    ),
    "content article never closed": (
        page().replace("</article>", ""),
        '<article class="md-content__inner"> tanpa </article>',
    ),
    # Text before <head> puts the browser in <body>, where the later <head> is ignored.
    "policy that would land in the body": (
        before_head("<p>x</p>"),
        "kebijakan keamanan tidak akan berada di dalam <head>: susunan awal halaman tidak baku",
    ),
    # Before <head> in the text, inside the head the browser builds before the policy.
    "stylesheet before the policy": (
        before_head('<link rel="stylesheet" href="a.css">'),
        "<link> berada sebelum kebijakan keamanan di <head>",
    ),
    "meta without charset before the policy": (
        before_head('<meta name="x" content="y">'),
        "<meta> berada sebelum kebijakan keamanan di <head>",
    ),
    "page without head": (
        "<!doctype html><p>Halaman tulisan tangan</p>",
        "halaman tanpa <head>: kebijakan keamanan tidak dapat dipasang",
    ),
}


@pytest.mark.parametrize(("text", "said"), REFUSALS.values(), ids=REFUSALS.keys())
def test_each_refusal_says_what_it_found(text: str, said: str) -> None:
    problems, _, _ = audit(text)
    assert said in problems


def test_a_lone_surrogate_in_a_page_is_read_not_a_crash() -> None:
    # Text read with errors="surrogateescape" may carry one; the audit must still answer.
    problems, _, at = audit(page("<p>a\udc80b</p>"))
    assert problems == []
    assert at is not None


FORBIDDEN_THEME = {
    "foreign script": '<script src="https://cdn.example/lib.js"></script>',
    "foreign stylesheet": '<link rel="stylesheet" href="https://fonts.example/css">',
    "foreign preconnect": '<link rel="preconnect" href="https://fonts.example">',
    "foreign icon": '<link rel="icon" href="//cdn.example/favicon.png">',
    "a second policy": '<meta http-equiv="Content-Security-Policy" content="script-src *">',
}


@pytest.mark.parametrize("markup", FORBIDDEN_THEME.values(), ids=FORBIDDEN_THEME.keys())
def test_theme_markup_that_leaves_the_site_is_refused(markup: str) -> None:
    problems, _, _ = audit(page(head=markup))
    assert problems


def test_a_page_without_the_content_article_or_head_is_refused() -> None:
    problems, _, at = audit("<!doctype html><p>Halaman tulisan tangan</p>")
    assert at is None
    assert any("<head>" in p for p in problems)
    assert any("md-content__inner" in p for p in problems)


def test_a_raw_text_element_left_open_at_the_end_is_refused() -> None:
    problems, _, _ = audit(page() + "<style>p { color: red }")
    assert problems == ["<style> tidak ditutup"]


def test_content_that_leaves_the_article_is_refused_by_where_the_browser_puts_it() -> None:
    """Whatever end tags it uses, content that closes the article cannot run a script outside it."""
    problems, _, _ = audit(page("</div></div><script>alert(1)</script><div><div>"))
    assert "isi halaman menutup elemen templat di sekitarnya" in problems
    problems, _, _ = audit(page('<script type="application/json">{"a": 1}'))
    assert "isi halaman membiarkan skrip, gaya, atau komentar terbuka hingga ke templat" in problems


def test_the_policy_place_is_checked_in_the_tree_a_browser_builds() -> None:
    # `<head>` inside a <title> is text to a browser: a policy written after it would be text too.
    problems, _, at = audit(before_head("<title>a <head> b</title>"))
    assert at is not None
    assert problems == [
        "kebijakan keamanan tidak akan berada di dalam <head>: susunan awal halaman tidak baku"
    ]


def test_lookalikes_of_refused_constructs_pass() -> None:
    content = (
        "<!--- a comment that starts with a dash --->"
        "<p>Kode <code>&lt;iframe&gt;</code>, <code>--!&gt;</code> dan <code>&lt;![CDATA[</code></p>"
        '<div>framework</div><a href="../objektif/">objektif</a>'
    )
    problems, _, _ = audit(page(content))
    assert problems == []


def test_theme_like_markup_passes() -> None:
    content = "\n".join(
        [
            '<h2 id="jadwal">Jadwal</h2>',
            '<p><a href="https://wa.me/6281225550263?text=Halo">WhatsApp</a> '
            '<a href="mailto:halo@heterospace.id">surel</a> <a href="#jadwal">jadwal</a> '
            '<a href="../program/inkubasi/">program</a> <a href="/acara/">acara</a></p>',
            '<img src="../images/ruang.webp" srcset="../images/ruang.webp 1x, ../images/ruang@2x.webp 2x" '
            'alt="Ruang" loading="lazy">',
            '<svg viewBox="0 0 24 24" role="img"><title>Grafik</title><path d="M3 6h18v2H3z"/></svg>',
            '<form class="hs-filters" hidden><select name="format"><option value="">Semua</option>'
            "</select><output>3 acara</output></form>",
            '<script type="application/ld+json">{"@type": "Event", "name": "a \\u003c b"}</script>',
            # A data block still, with parameters after its type.
            '<script type="application/ld+json; charset=utf-8">{}</script>',
            "<!-- a comment -->",
            '<table><tr><td style="text-align: left;">kiri</td></tr></table>',
            '<a class="hs-register" data-href="https://forms.example/" aria-disabled="true">Daftar</a>',
            "<article><h3>Artikel di dalam isi</h3></article>",
        ]
    )
    head = (
        '<link rel="canonical" href="https://heterospace.github.io/acara/">\n'
        '<link rel="alternate" type="application/atom+xml" href="https://heterospace.github.io/acara.xml">\n'
        '<link rel="stylesheet" href="../assets/stylesheets/main.css">\n'
        '<link rel="icon" href="../assets/images/favicon.png">\n'
        '<meta property="og:image" content="https://heterospace.github.io/images/social/x.png">\n'
        '<script type="application/ld+json">{"@context": "https://schema.org"}</script>\n'
        '<script>__md_scope=new URL(".",location)</script>'
    )
    body = "<script>var target=document.getElementById(location.hash.slice(1))</script>"
    problems, hashes, _ = audit(page(content, head, body))
    assert problems == []
    assert hashes == [
        script_hash(THEME_SCRIPT),
        script_hash('__md_scope=new URL(".",location)'),
        script_hash("var target=document.getElementById(location.hash.slice(1))"),
    ]


def test_the_policy_goes_after_the_charset_and_before_every_script(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(page(), encoding="utf-8")
    harden(tmp_path)
    text = (tmp_path / "a" / "index.html").read_text(encoding="utf-8")
    policy = content_security_policy([script_hash(THEME_SCRIPT)])
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    assert text.count("Content-Security-Policy") == 1
    assert text.index('<meta charset="utf-8">') < text.index(meta) < text.index("<script")
    assert text.replace("\n" + meta, "") == page()
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors" not in policy


def test_a_page_linked_from_the_site_being_replaced_is_written_anew(tmp_path: Path) -> None:
    """The audit writes its policy into a new file: the old site keeps its own until it is removed."""
    old = tmp_path / "lama" / "index.html"
    old.parent.mkdir()
    old.write_text(page(), encoding="utf-8")
    new = tmp_path / "baru" / "index.html"
    new.parent.mkdir()
    os.link(old, new)
    harden(new.parent)
    assert "Content-Security-Policy" in new.read_text(encoding="utf-8")
    assert old.read_text(encoding="utf-8") == page()


def _policy_of(text: str) -> tuple[str, str]:
    """The page's policy meta and the text without it."""
    found = re.search(r'\n<meta http-equiv="Content-Security-Policy" content="[^"]*">', text)
    assert found is not None
    return found.group(), text.replace(found.group(), "")


def test_the_policy_goes_after_a_self_closed_charset_on_a_one_line_page() -> None:
    one_line = page().replace("\n", "").replace('<meta charset="utf-8">', '<meta charset="utf-8"/>')
    problems, finished = finish_page("a/index.html", one_line)
    assert problems == []
    meta, rest = _policy_of(finished)
    assert rest == one_line
    assert finished.index('<meta charset="utf-8"/>') + len('<meta charset="utf-8"/>') == finished.index(meta)


def test_the_policy_goes_after_a_charset_far_below_head() -> None:
    # The head is read in growing pieces: the charset may come after a long comment.
    spaced = page().replace("<head>\n", "<head>\n<!-- " + "x" * 200 + " -->\n")
    problems, finished = finish_page("a/index.html", spaced)
    assert problems == []
    meta, rest = _policy_of(finished)
    assert rest == spaced
    assert finished.index('<meta charset="utf-8">') < finished.index(meta) < finished.index("<title>")


def test_a_self_closed_tag_before_head_is_refused_in_the_text() -> None:
    text = before_head('<link rel="stylesheet" href="a.css"/>')
    problems, _, _ = audit(text)
    assert "<link> berada sebelum <head>, di luar jangkauan kebijakan keamanan" in problems


def test_the_web_editor_gets_its_own_policy_and_other_pages_do_not() -> None:
    editor_page = '<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>'
    _, editor = finish_page(EDITOR_PAGE, editor_page)
    assert "https://api.github.com" in _policy_of(editor)[0]
    _, other = finish_page("a/index.html", page())
    assert "api.github.com" not in _policy_of(other)[0]


def test_a_folder_audited_without_policy_is_left_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(page(), encoding="utf-8")
    harden(tmp_path, policy=False)
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == page()


def test_the_refusal_lists_the_first_problems_and_counts_the_rest() -> None:
    found = [f"p{number}/index.html: masalah" for number in range(23)]
    detail = refused(found).detail
    assert detail.splitlines() == [
        "Pemeriksaan keamanan HTML menolak hasil build (perbaiki konten atau templat di overrides/):",
        *[f"  p{number}/index.html: masalah" for number in range(20)],
        "  … dan 3 masalah lain",
    ]
    exactly = refused(found[:20])
    assert exactly.detail.splitlines()[-1] == "  p19/index.html: masalah"
    assert exactly.diagnostics == []


def test_the_policy_allows_each_theme_script_by_its_own_hash() -> None:
    policy = content_security_policy(["sha256-a", "sha256-b"])
    assert "script-src 'self' 'sha256-a' 'sha256-b';" in policy


def test_hashes_follow_the_newlines_a_browser_sees() -> None:
    assert script_hash("a;\r\nb;") == script_hash("a;\nb;") == script_hash("a;\rb;")
    # The SHA-256 of the empty script, as CSP writes it.
    assert script_hash("") == "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="


def test_every_refused_page_is_named_and_the_folder_is_left_for_the_caller(tmp_path: Path) -> None:
    (tmp_path / "acara" / "x").mkdir(parents=True)
    (tmp_path / "acara" / "x" / "index.html").write_text(page('<img src=x onerror="a()">'), encoding="utf-8")
    (tmp_path / "index.html").write_text(page(), encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        harden(tmp_path)
    assert "acara/x/index.html: atribut `onerror` pada <img>" in failure.value.detail
    assert re.findall(r"^  (\S+): ", failure.value.detail, re.MULTILINE) == ["acara/x/index.html"]


def test_a_large_site_is_audited_in_several_processes_with_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Enough pages for two processes, on any machine.
    monkeypatch.setattr(hetero.harden, "usable_cpus", lambda: 2)
    pages = 2 * hetero.harden._PAGES_PER_PROCESS + 50
    for number in range(pages):
        folder = tmp_path / f"p{number:04}"
        folder.mkdir()
        bad = number in (7, pages - 6)
        (folder / "index.html").write_text(page("<embed src=x>" if bad else "<p>ok</p>"), encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        harden(tmp_path)
    assert re.findall(r"p\d+/index\.html", failure.value.detail) == [
        "p0007/index.html",
        f"p{pages - 6:04}/index.html",
    ]
    for number in (100, pages - 1):
        assert "Content-Security-Policy" in (tmp_path / f"p{number:04}" / "index.html").read_text(
            encoding="utf-8"
        )


# --- The build refuses and keeps the old site --------------------------------------


def test_build_with_a_forbidden_page_fails_and_keeps_the_old_site(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever writes the pages (MkDocs here is replaced), the audit runs before the swap."""
    content = {"html": "<p>Situs lama</p>"}

    def fake_engine(
        engine: str, root: Path, folder: Path, now: datetime, *, earlier: Path | None = None
    ) -> frozenset[str]:
        (folder / "index.html").write_text(page(content["html"]), encoding="utf-8")
        return frozenset()

    monkeypatch.setattr(hetero.engines, "run", fake_engine)
    out = repo / "site"
    build(repo, out, NOW)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert b"Content-Security-Policy" in before[Path("index.html")]

    content["html"] = '<p>Situs baru</p><iframe src="https://evil.example/"></iframe>'
    with pytest.raises(BuildFailed) as failure:
        build(repo, out, NOW)
    assert "index.html: elemen <iframe> tidak diizinkan" in failure.value.detail
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in repo.iterdir() if p.name.startswith((".site", "site"))) == ["site"]


def test_hetero_build_refuses_a_template_that_loads_a_script_from_another_host(repo: Path) -> None:
    shutil.copy(hetero.build.PROJECT / "mkdocs.yml", repo / "mkdocs.yml")
    shutil.copytree(hetero.build.PROJECT / "overrides", repo / "overrides")
    main = repo / "overrides" / "main.html"
    cdn = '<script src="https://cdn.example/lib.js"></script>'
    block = "\n{% block scripts %}{{ super() }}" + cdn + "{% endblock %}\n"
    main.write_text(main.read_text(encoding="utf-8") + block, encoding="utf-8")
    result = run_hetero(repo, "build", "--now", BROWSER_BUILD_NOW)
    assert result.returncode == 1, result.stderr
    assert "Pemeriksaan keamanan HTML menolak hasil build" in result.stderr
    assert "index.html: <script src> memuat `https://cdn.example/lib.js` dari luar situs" in result.stderr
    assert not (repo / "site").exists()


# --- In Chromium ---------------------------------------------------------------------

# Installed before the page's own scripts, so a violation during loading is seen too.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.effectiveDirective + " " + event.blockedURI);
}, true);
"""


def open_watched(browser, url: str):
    """A page at `url`, with the CSP violations and console errors it caused while loading."""
    page = browser.new_page(viewport=PHONE)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    page.add_init_script(WATCH_VIOLATIONS)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.console_errors = console
    return page


def assert_no_violation(page, name: str) -> None:
    assert page.evaluate("window.__violations") == [], name
    assert [m for m in page.console_errors if "Content Security Policy" in m] == [], name


def _first(site: Path, pattern: str, keep=lambda name: True) -> str:
    names = sorted(p.parent.name for p in site.glob(pattern) if keep(p.parent.name))
    assert names, pattern
    return names[0]


def page_of_every_type(site: Path) -> dict[str, str]:
    build_day = BROWSER_BUILD_NOW[:10]
    events = sorted(p.parent.name for p in site.glob("acara/[0-9]*/index.html"))
    return {
        "beranda": "",
        "acara": "acara/",
        "acara-mendatang": "acara/" + next(e for e in events if e[:10] > build_day) + "/",
        "acara-lalu": "acara/" + next(e for e in reversed(events) if e[:10] < build_day) + "/",
        "program": "program/" + _first(site, "program/*/index.html") + "/",
        "cabang": "cabang/semarang/",
        "dampak": "dampak/",
        "cerita": "cerita/" + _first(site, "cerita/*/index.html") + "/",
        "etalase": "etalase/",
        "mitra": "mitra/",
        "tentang": "tentang/",
        "api": "api/",
        "404": "404.html",
    }


def test_every_page_type_runs_under_its_policy(browser, browser_site, base_url) -> None:
    for name, path in page_of_every_type(browser_site).items():
        page = open_watched(browser, base_url + path)
        policy = page.locator('meta[http-equiv="Content-Security-Policy"]')
        assert policy.count() == 1, name
        # The theme's hashed inline scripts ran: the class that reveals the
        # filters, and Material's local-storage helpers.
        assert page.evaluate("document.documentElement.classList.contains('hs-js')"), name
        assert page.evaluate("typeof __md_get") == "function", name
        assert_no_violation(page, name)
        page.close()


def test_search_filters_and_directory_still_work(browser, base_url) -> None:
    page = open_watched(browser, base_url)
    # Material's search reacts to typing, not to a filled-in value.
    page.keyboard.press("/")
    page.locator("input.md-search__input").wait_for(state="visible")
    page.keyboard.type("foto")
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    assert page.locator(".md-search-result__item").count() > 0
    assert_no_violation(page, "pencarian")

    events = open_watched(browser, base_url + "acara/")
    assert events.locator("form.hs-filters").is_visible()
    events.select_option("select[name=format]", "online")
    assert events.locator("form.hs-filters output").text_content().endswith(" acara")
    assert_no_violation(events, "filter acara")

    showcase = open_watched(browser, base_url + "etalase/")
    assert showcase.locator("form.hs-filters[data-items]").is_visible()
    assert_no_violation(showcase, "etalase")


def test_an_injected_handler_and_script_are_blocked_by_the_policy(browser, browser_site, tmp_path) -> None:
    """If the sanitiser and the audit both missed them, the browser still refuses to run them."""
    site = tmp_path / "site"
    shutil.copytree(browser_site, site)
    target = site / "tentang" / "index.html"
    injected = '<img src="x" onerror="window.__pwned=1"><script>window.__pwned2=1</script>'
    text = target.read_text(encoding="utf-8")
    assert text.count("</article>") == 1
    target.write_text(text.replace("</article>", injected + "</article>"), encoding="utf-8")
    assert audit(target.read_text(encoding="utf-8"))[0], "the audit would have refused this page"

    with serve_folder(site) as url:
        page = open_watched(browser, url + "tentang/")
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.evaluate("typeof window.__pwned2") == "undefined"
        violations = page.evaluate("window.__violations")
        assert any(v.startswith("script-src-attr") for v in violations), violations
        assert any(v.startswith("script-src-elem inline") for v in violations), violations
        # The theme's own scripts on the same page still ran.
        assert page.evaluate("document.documentElement.classList.contains('hs-js')")
        page.close()
