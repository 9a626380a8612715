"""The impact page ("Dampak"), its charts and its CSV and JSON downloads.

Every expected number is counted here from the content files, read with
`yaml.safe_load` through `sitehelpers`, never through `hetero`: events held
(ended at the build's --now and not cancelled) by year, month, format,
branch, pillar and program, recorded attendance, and the 3-day class.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import timedelta
from pathlib import Path

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from sitehelpers import (
    BULAN,
    NOW,
    Content,
    article,
    build_ok,
    copy_repo,
    hari_tanggal,
    load_content,
    page,
    ribuan,
    text,
)

STARTUP_CLASS = "kelas-startup-3-hari"
# Labels the page uses for events without a branch or a program, and for each pillar and category.
NO_BRANCH = "Daring (tanpa cabang)"
NO_PROGRAM = "Acara mandiri (tanpa program)"
# The pillars as content/tentang.md explains them.
PILLARS = {
    "srawung": "Srawung (bertemu dan berdiskusi)",
    "mbangun": "Mbangun (belajar)",
    "melesat": "Melesat (melaju lebih cepat)",
}
FORMATS = {"offline": "Luring", "online": "Daring", "hybrid": "Hibrida"}
CATEGORY_LABELS = {
    "kuliner": "Kuliner",
    "fashion": "Fesyen",
    "kriya": "Kriya",
    "film": "Film",
    "musik": "Musik",
    "aplikasi": "Aplikasi dan digital",
    "jasa": "Jasa",
    "pertanian": "Pertanian",
    "pendidikan": "Pendidikan",
    "lainnya": "Lainnya",
}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_repo(tmp_path_factory.mktemp("impact-repo"))


@pytest.fixture(scope="module")
def content(repo: Path) -> Content:
    return load_content(repo)


@pytest.fixture(scope="module")
def site(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_ok(repo, tmp_path_factory.mktemp("impact-site") / "site")


@pytest.fixture(scope="module")
def showcase(repo: Path) -> list[dict]:
    files = sorted((repo / "content" / "showcase").glob("*.yml"))
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in files]


def month_name(year: int, month: int) -> str:
    return f"{BULAN[month - 1]} {year}"


def last_twelve_months() -> list[tuple[int, int]]:
    months = []
    year, month = NOW.year, NOW.month
    for _ in range(12):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


@pytest.fixture(scope="module")
def expected(content: Content, showcase: list[dict], repo: Path) -> dict[str, dict[str, int]]:
    """Each chart's figures, label -> value, counted from the files."""
    held = content.held(NOW)
    assert len(held) >= 20, "the sample has years of past events"
    years = range(min(e.start.year for e in held), NOW.year + 1)
    pillar_of = {pid: p["pillar"] for pid, p in content.programs.items()}
    by_year = Counter(e.start.year for e in held)
    by_month = Counter((e.start.year, e.start.month) for e in held)
    attendance = Counter()
    for event in held:
        attendance[event.start.year] += event.data.get("attendance") or 0
    per_branch = {b["name"]: 0 for b in content.branches.values()}
    for event in held:
        name = content.branches[event.branch]["name"] if event.branch else NO_BRANCH
        per_branch[name] = per_branch.get(name, 0) + 1
    per_pillar = {label: 0 for label in PILLARS.values()}
    per_program = {p["title"]: 0 for p in content.programs.values()}
    for event in held:
        if event.program:
            per_pillar[PILLARS[pillar_of[event.program]]] += 1
            per_program[content.programs[event.program]["title"]] += 1
        else:
            per_pillar[NO_PROGRAM] = per_pillar.get(NO_PROGRAM, 0) + 1
            per_program[NO_PROGRAM] = per_program.get(NO_PROGRAM, 0) + 1
    batches = [e for e in held if e.program == STARTUP_CLASS]
    categories = Counter(entry["category"] for entry in showcase)
    stories = list((repo / "content" / "stories").glob("*.md"))
    return {
        "Ringkasan": {
            "Acara terselenggara": len(held),
            "Peserta tercatat": sum(e.data.get("attendance") or 0 for e in held),
            "Acara dengan jumlah peserta tercatat": sum(1 for e in held if "attendance" in e.data),
            "Angkatan Kelas Startup 3 Hari": len(batches),
            "Peserta Kelas Startup 3 Hari": sum(e.data.get("attendance") or 0 for e in batches),
            "Cerita alumni": len(stories),
            "Usaha anggota di etalase": len(showcase),
            "Kabupaten/kota asal usaha di etalase": len({entry["city"] for entry in showcase}),
        },
        "Acara per tahun": {str(y): by_year[y] for y in years},
        "Acara per bulan (12 bulan terakhir)": {month_name(*m): by_month[m] for m in last_twelve_months()},
        "Acara per format": {
            label: sum(1 for e in held if e.data["format"] == k) for k, label in FORMATS.items()
        },
        "Acara per cabang": per_branch,
        "Acara per pilar": per_pillar,
        "Acara per program": per_program,
        "Peserta tercatat per tahun": {str(y): attendance[y] for y in years},
        "Peserta Kelas Startup 3 Hari per angkatan": {
            month_name(e.start.year, e.start.month): e.data.get("attendance") or 0 for e in batches
        },
        "Usaha anggota per kategori": {label: categories[key] for key, label in CATEGORY_LABELS.items()},
        "Acara per tahun dan bulan": {
            month_name(y, m): by_month[(y, m)]
            for y in years
            for m in range(1, 13)
            if (y, m) <= (NOW.year, NOW.month)
        },
    }


def _chart_sections(body: Tag) -> dict[str, Tag]:
    """Each chart block (div.hs-chart) by the heading above it."""
    return {text(div.find_previous_sibling("h2")): div for div in body.select("div.hs-chart")}


def _table(table: Tag) -> dict[str, str]:
    return {text(tr.th): text(tr.td) for tr in table.select("tbody tr")}


# --- The page ------------------------------------------------------------------


def test_impact_page_says_as_of_when(site: Path):
    body = article(page(site, "dampak/"))
    assert text(body.select_one("h1")) == "Dampak"
    assert f"Data per {hari_tanggal(NOW)}, 12.00 WIB" in text(body)


def test_summary_numbers_are_counted_from_the_files(site: Path, expected):
    stats = {}
    for item in article(page(site, "dampak/")).select(".hs-stat"):
        number = text(item.find("strong"))
        stats[text(item).replace(number, "", 1).strip()] = number
    assert stats == {label.lower(): ribuan(value) for label, value in expected["Ringkasan"].items()}


def test_each_chart_table_shows_the_counted_figures(site: Path, expected):
    charts = _chart_sections(article(page(site, "dampak/")))
    chart_titles = [title for title in expected if title not in ("Ringkasan", "Acara per tahun dan bulan")]
    assert sorted(charts) == sorted(chart_titles)
    for title in chart_titles:
        shown = _table(charts[title].find("table"))
        assert shown == {label: ribuan(value) for label, value in expected[title].items()}, title


def test_three_day_class_batches_and_participants(site: Path, content: Content, expected):
    batches = [e for e in content.held(NOW) if e.program == STARTUP_CLASS]
    assert len(batches) >= 3 and all(e.end - e.start > timedelta(days=2) for e in batches)
    assert expected["Ringkasan"]["Angkatan Kelas Startup 3 Hari"] == len(batches)
    # A batch runs three days but is one event held, in the month it starts.
    assert expected["Acara per program"][content.programs[STARTUP_CLASS]["title"]] == len(batches)


def test_year_by_month_table(site: Path, expected):
    body = article(page(site, "dampak/"))
    heading = next(h for h in body.find_all("h2") if text(h) == "Acara per tahun dan bulan")
    table = heading.find_next("table")
    assert table.find_parent(class_="hs-scroll")["tabindex"] == "0"
    months = [th.abbr["title"] for th in table.select("thead th") if th.abbr]
    assert months == BULAN
    for row in table.select("tbody tr"):
        year = int(text(row.th))
        cells = [text(td) for td in row.find_all("td")]
        assert len(cells) == 13
        for month, cell in enumerate(cells[:12], start=1):
            if (year, month) > (NOW.year, NOW.month):
                assert cell == "–"
            else:
                assert cell == ribuan(expected["Acara per tahun dan bulan"][month_name(year, month)])
        assert cells[12] == ribuan(expected["Acara per tahun"][str(year)])


def test_charts_are_inline_svg_labelled_for_screen_readers(site: Path):
    soup = page(site, "dampak/")
    body = article(soup)
    charts = body.select("div.hs-chart")
    assert len(charts) >= 8
    for chart in charts:
        svg = chart.find("svg")
        assert svg["role"] == "img"
        assert svg["width"] == "100%" and svg.get("viewbox", svg.get("viewBox"))
        title_id, desc_id = svg["aria-labelledby"].split()
        title, desc = svg.find("title"), svg.find("desc")
        assert title["id"] == title_id and desc["id"] == desc_id
        assert text(title) == text(chart.find_previous_sibling("h2"))
        table = chart.find("table")
        assert table is not None and text(table.caption) == text(title)
        rows = _table(table)
        # One bar per row of the table, and the description reads every row out.
        assert len(svg.find_all("rect")) == len(rows)
        for label, value in rows.items():
            assert f"{label}: {value}" in text(desc)
        assert all(th["scope"] == "col" for th in table.select("thead th"))
        assert all(th["scope"] == "row" for th in table.select("tbody th"))
    ids = [element["id"] for element in soup.select("[id]")]
    assert len(ids) == len(set(ids)), "every id on the page is unique"
    assert not body.find("script") and not body.find("img")


def test_page_links_to_the_downloads(site: Path):
    body = article(page(site, "dampak/"))
    targets = {a["href"] for a in body.select("a[href]")}
    assert {"dampak.csv", "dampak.json", "dampak.schema.json"} <= targets
    for name in ("dampak.csv", "dampak.json", "dampak.schema.json"):
        assert (site / "dampak" / name).is_file()


def test_impact_page_is_in_the_navigation(site: Path):
    nav = [text(a) for a in page(site, "").select("nav.md-nav--primary a.md-nav__link")]
    for entry in ("Dampak", "Cerita", "Etalase"):
        assert entry in nav


def test_home_links_to_the_impact_page(site: Path):
    links = [a["href"] for a in article(page(site, "")).select("a[href]")]
    assert "dampak/" in links


# --- Downloads -----------------------------------------------------------------


def test_csv_download_has_one_row_per_figure(site: Path, expected):
    raw = (site / "dampak" / "dampak.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, for Excel"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert raw.count(b"\r\n") == len(rows)
    assert rows[0] == ["bagian", "uraian", "nilai", "per_tanggal"]
    found: dict[str, dict[str, int]] = {}
    for section, label, value, as_of in rows[1:]:
        assert as_of == NOW.date().isoformat()
        assert label not in found.setdefault(section, {}), (section, label)
        found[section][label] = int(value)
    assert found == expected


def test_json_download_has_the_same_figures_and_its_schema(site: Path, expected):
    report = json.loads((site / "dampak" / "dampak.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "dampak" / "dampak.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(report)
    assert report["generated_for"] == "2026-11-24T12:00:00+07:00"
    assert report["version"] == 1
    found = {s["title"]: {f["label"]: f["value"] for f in s["figures"]} for s in report["sections"]}
    assert found == expected
    ids = [s["id"] for s in report["sections"]]
    assert len(ids) == len(set(ids))
    assert {"acara-per-tahun", "acara-per-format", "acara-per-cabang", "acara-per-program"} <= set(ids)
    # Every field the schema names is described in Indonesian for the people who read it.
    for name, definition in schema["$defs"].items():
        for field, spec in definition["properties"].items():
            assert spec.get("description"), (name, field)


def test_downloads_are_the_same_bytes_for_the_same_content_and_now(repo: Path):
    from hetero.pages import generate
    from hetero.validate import validate

    catalog, _ = validate(repo, NOW)
    first = generate(catalog, NOW, repo, "https://example.invalid/")
    again = generate(catalog, NOW, repo, "https://example.invalid/")
    for name in ("dampak/dampak.csv", "dampak/dampak.json", "dampak/dampak.schema.json", "dampak/index.md"):
        assert first[name] == again[name], name


def test_figures_follow_the_now_of_the_build(repo: Path, content: Content):
    """Built at an earlier moment, only the events ended by then count."""
    from hetero.impact import compute
    from hetero.validate import validate

    earlier = NOW.replace(year=2021, month=1, day=1)
    catalog, _ = validate(repo, earlier)
    summary = {f.label: f.value for f in compute(catalog, earlier).section("ringkasan").figures}
    held = content.held(earlier)
    assert summary["Acara terselenggara"] == len(held)
    assert summary["Peserta tercatat"] == sum(e.data.get("attendance") or 0 for e in held)


def test_csv_reads_in_a_spreadsheet_program_as_numbers(site: Path):
    """The value column holds plain integers (no thousands dots), so a spreadsheet can add them up."""
    raw = (site / "dampak" / "dampak.csv").read_text(encoding="utf-8-sig")
    for row in list(csv.DictReader(io.StringIO(raw)))[:20]:
        assert row["nilai"].isdigit()


def test_page_html_is_well_formed_around_the_charts(site: Path):
    html = (site / "dampak" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    svgs = soup.select("article svg.hs-chart__svg")
    assert svgs and all(svg.find_parent("div", class_="hs-chart") for svg in svgs)
    # Markdown left the charts alone: no paragraph inside an SVG.
    assert not soup.select("svg p")
