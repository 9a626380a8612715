"""Success stories (content/stories) and the showcase of members' businesses (content/showcase).

Three parts: the sample content itself (enough of it, all with consent), the
mistakes staff can make in these files (each refused with the file, line and
column, counted by hand from the literal, and "persetujuan" whenever consent
is missing), and the built pages, whose expected content is read here from
the files with `yaml.safe_load`, never through `hetero`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jsonschema
import pytest
import yaml
from bs4 import Tag
from conftest import NOW_TEXT, diagnostic_lines, errors_in, run_hetero, write
from sitehelpers import NOW, PROJECT, article, build_ok, copy_repo, facts, front_matter, page, resolve, text

from hetero.schema import render, schemas

STORIES = PROJECT / "content" / "stories"
SHOWCASE = PROJECT / "content" / "showcase"

# From the issue: the fixed list of categories, and Central Java's 29 regencies and 6 cities.
CATEGORIES = [
    "kuliner",
    "fashion",
    "kriya",
    "film",
    "musik",
    "aplikasi",
    "jasa",
    "pertanian",
    "pendidikan",
    "lainnya",
]
REGENCIES = [
    "Banjarnegara",
    "Banyumas",
    "Batang",
    "Blora",
    "Boyolali",
    "Brebes",
    "Cilacap",
    "Demak",
    "Grobogan",
    "Jepara",
    "Karanganyar",
    "Kebumen",
    "Kendal",
    "Klaten",
    "Kudus",
    "Magelang",
    "Pati",
    "Pekalongan",
    "Pemalang",
    "Purbalingga",
    "Purworejo",
    "Rembang",
    "Semarang",
    "Sragen",
    "Sukoharjo",
    "Tegal",
    "Temanggung",
    "Wonogiri",
    "Wonosobo",
]
CITIES = ["Magelang", "Pekalongan", "Salatiga", "Semarang", "Surakarta", "Tegal"]
CENTRAL_JAVA = {f"Kabupaten {name}" for name in REGENCIES} | {f"Kota {name}" for name in CITIES}


def _plain(value: object) -> object:
    """YAML dates as the text staff typed, for the JSON Schema."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value


def stories(root: Path = PROJECT) -> dict[str, tuple[dict, str]]:
    return {p.stem: front_matter(p) for p in sorted((root / "content" / "stories").glob("*.md"))}


def showcase(root: Path = PROJECT) -> dict[str, dict]:
    folder = root / "content" / "showcase"
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yml"))}


def place_key(place: str) -> str:
    return place.lower().replace(" ", "-")


# --- The sample content -------------------------------------------------------


def test_sample_has_enough_stories_and_businesses_all_with_consent():
    found_stories, found_showcase = stories(), showcase()
    assert len(found_stories) >= 5
    assert len(found_showcase) >= 15
    assert len({entry["category"] for entry in found_showcase.values()}) >= 6
    assert len({entry["city"] for entry in found_showcase.values()}) >= 5
    programs = {p.stem for p in (PROJECT / "programs").glob("*.yml")}
    branches = {p.stem for p in (PROJECT / "content" / "branches").glob("*.md")}
    for story_id, (data, body) in found_stories.items():
        assert data["consent"] is True and data["consent_date"] <= NOW.date(), story_id
        assert data["city"] in CENTRAL_JAVA, story_id
        assert data["branch"] in branches and set(data["programs"]) <= programs, story_id
        assert len(body.split()) > 40, story_id
    for entry_id, entry in found_showcase.items():
        assert entry["consent"] is True and entry["consent_date"] <= NOW.date(), entry_id
        assert entry["category"] in CATEGORIES and entry["city"] in CENTRAL_JAVA, entry_id
        assert len(entry["description"]) <= 300, entry_id


def test_the_fixed_lists_are_the_issues():
    from hetero.models import CENTRAL_JAVA as PRODUCT_PLACES
    from hetero.models import SHOWCASE_CATEGORIES

    assert list(SHOWCASE_CATEGORIES) == CATEGORIES
    assert set(PRODUCT_PLACES) == CENTRAL_JAVA and len(PRODUCT_PLACES) == 35


def test_schemas_are_up_to_date_and_accept_the_sample():
    """`hetero schema` was run after the last model change, and the sample passes the editor schemas."""
    for name, schema in schemas().items():
        assert (PROJECT / "schemas" / name).read_text(encoding="utf-8") == render(schema), (
            f"schemas/{name} is stale: run `.venv/bin/hetero schema`"
        )
    story_schema = json.loads((PROJECT / "schemas" / "story.schema.json").read_text(encoding="utf-8"))
    showcase_schema = json.loads((PROJECT / "schemas" / "showcase.schema.json").read_text(encoding="utf-8"))
    for data, _ in stories().values():
        jsonschema.Draft202012Validator(story_schema).validate(_plain(data))
    for entry in showcase().values():
        jsonschema.Draft202012Validator(showcase_schema).validate(_plain(entry))
    without_consent = {k: v for k, v in _plain(next(iter(showcase().values()))).items() if k != "consent"}
    assert not jsonschema.Draft202012Validator(showcase_schema).is_valid(without_consent)


# --- Mistakes staff can make --------------------------------------------------

STORY = """\
---
name: Warung Uji Coba
business_kind: Warung makan
city: Kota Semarang
branch: semarang
programs:
  - foto-produk-umkm
quote: Kutipan uji coba.
{extra}---

Cerita uji coba tentang warung ini.
"""

ENTRY = """\
name: Toko Uji Coba
category: kuliner
city: Kota Semarang
description: Usaha uji coba.
products:
  - Produk uji
links:
  instagram: tokoujicoba
{extra}"""

CONSENT = "consent: true\nconsent_date: 2026-01-15\n"


def story(extra: str = CONSENT, replace: dict[str, str] | None = None) -> str:
    text = STORY.format(extra=extra)
    for old, new in (replace or {}).items():
        assert old in text
        text = text.replace(old, new)
    return text


def entry(extra: str = CONSENT, replace: dict[str, str] | None = None) -> str:
    text = ENTRY.format(extra=extra)
    for old, new in (replace or {}).items():
        assert old in text
        text = text.replace(old, new)
    return text


STORY_PATH = "content/stories/warung-uji-coba.md"
ENTRY_PATH = "content/showcase/toko-uji-coba.yml"

# id, file, text, (line, col) of the first error, words of its message
MISTAKES = [
    ("cerita-tanpa-persetujuan", STORY_PATH, story(extra=""), (2, 1), ("persetujuan", "consent: true")),
    (
        "cerita-persetujuan-false",
        STORY_PATH,
        story(extra="consent: false\nconsent_date: 2026-01-15\n"),
        (9, 10),
        ("persetujuan", "false"),
    ),
    (
        "cerita-tanpa-tanggal",
        STORY_PATH,
        story(extra="consent: true\n"),
        (9, 10),
        ("persetujuan", "consent_date"),
    ),
    (
        "cerita-persetujuan-ya",
        STORY_PATH,
        story(extra="consent: ya\nconsent_date: 2026-01-15\n"),
        (9, 10),
        ("`true` atau `false`",),
    ),
    ("usaha-tanpa-persetujuan", ENTRY_PATH, entry(extra=""), (1, 1), ("persetujuan", "consent: true")),
    (
        "usaha-persetujuan-tanpa-tanggal",
        ENTRY_PATH,
        entry(extra="consent: true\n"),
        (9, 10),
        ("persetujuan", "consent_date"),
    ),
    (
        "usaha-tanggal-salah-ketik",
        ENTRY_PATH,
        entry(extra="consent: true\nconsent_data: 2026-01-15\n"),
        (9, 10),
        ("persetujuan", "consent_date"),
    ),
    (
        "cerita-program-salah-ketik",
        STORY_PATH,
        story(replace={"foto-produk-umkm": "foto-produk-umkn"}),
        (7, 5),
        ("program", "Maksud Anda `foto-produk-umkm`?"),
    ),
    (
        "cerita-cabang-salah-ketik",
        STORY_PATH,
        story(replace={"branch: semarang": "branch: semarng"}),
        (5, 9),
        ("cabang", "Maksud Anda `semarang`?"),
    ),
    (
        "cerita-kota-di-luar-jawa-tengah",
        STORY_PATH,
        story(replace={"city: Kota Semarang": "city: Kota Yogyakarta"}),
        (4, 7),
        ("`city`", "Kabupaten Banyumas"),
    ),
    (
        "cerita-gambar-tidak-ada",
        STORY_PATH,
        story(extra=CONSENT + "image: images/cerita/tidak-ada.jpg\n"),
        (11, 8),
        ("gambar", "tidak ada"),
    ),
    (
        "cerita-kosong",
        STORY_PATH,
        story().replace("\nCerita uji coba tentang warung ini.\n", ""),
        (2, 7),
        ("ceritanya belum ditulis",),
    ),
    (
        "usaha-marketplace-http",
        ENTRY_PATH,
        entry(extra="  marketplace: http://shopee.co.id/tokouji\n" + CONSENT),
        (9, 16),
        ("https://",),
    ),
    (
        "usaha-whatsapp-nol",
        ENTRY_PATH,
        entry(extra='  whatsapp: "081234567890"\n' + CONSENT),
        (9, 13),
        ("+62",),
    ),
    (
        "usaha-instagram-alamat-web",
        ENTRY_PATH,
        entry(replace={"instagram: tokoujicoba": "instagram: https://instagram.com/tokoujicoba"}),
        (8, 14),
        ("Instagram", "@"),
    ),
    (
        "usaha-kategori-salah-ketik",
        ENTRY_PATH,
        entry(replace={"category: kuliner": "category: kulinerr"}),
        (2, 11),
        ("`category`", "Maksud Anda `kuliner`?"),
    ),
    (
        "usaha-kota-tanpa-jenis",
        ENTRY_PATH,
        entry(replace={"city: Kota Semarang": "city: Semarang"}),
        (3, 7),
        ("`city`", "Maksud Anda `Kota Semarang`?"),
    ),
    (
        "usaha-deskripsi-terlalu-panjang",
        ENTRY_PATH,
        entry(replace={"description: Usaha uji coba.": "description: " + "Kue kering. " * 30}),
        (4, 14),
        ("terlalu panjang", "300"),
    ),
    (
        "usaha-tanpa-produk",
        ENTRY_PATH,
        entry(replace={"products:\n  - Produk uji": "products: []"}),
        (5, 11),
        ("`products` kosong",),
    ),
    (
        "usaha-cerita-salah-ketik",
        ENTRY_PATH,
        entry(extra=CONSENT + "story: pasarkit\n"),
        (11, 8),
        ("cerita", "Maksud Anda `pasarkita`?"),
    ),
]


@pytest.mark.parametrize(
    ("path", "content", "at", "words"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES]
)
def test_mistake_is_refused_at_its_line_and_column(repo: Path, path, content, at, words):
    write(repo, path, content)
    found = errors_in(repo, path)
    assert found, "no error reported"
    first = found[0]
    assert (first.line, first.col) == at, found
    message = " ".join(d.message for d in found)
    for word in words:
        assert word in message, (word, found)
    assert "Traceback" not in message


def test_every_mistake_is_reported_in_one_run_with_file_and_line(repo: Path):
    """All the files at once through the real command: one line per error, sorted, exit 1."""
    for number, (_, path, content, _, _) in enumerate(MISTAKES):
        folder, name = path.rsplit("/", 1)
        stem, suffix = name.rsplit(".", 1)
        write(repo, f"{folder}/{stem}-{number:02d}.{suffix}", content)
    result = run_hetero(repo, "validate", "--now", NOW_TEXT)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = diagnostic_lines(result.stdout + result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    files = {line.split(":", 1)[0] for line in lines}
    assert len(files) == len(MISTAKES)
    for line in lines:
        assert re.match(r"^content/(stories|showcase)/[a-z0-9-]+\.(md|yml):\d+:\d+: error: \S", line), line


def test_a_story_without_consent_is_never_published(repo: Path, tmp_path: Path):
    copy_repo(repo, ("overrides", "mkdocs.yml"))
    write(repo, STORY_PATH, story(extra=""))
    validate = run_hetero(repo, "validate", "--now", NOW_TEXT)
    assert validate.returncode == 1
    (line,) = diagnostic_lines(validate.stdout + validate.stderr)
    assert line.startswith(f"{STORY_PATH}:2:1: error: ") and "persetujuan" in line
    build = run_hetero(repo, "build", "--now", NOW_TEXT, "--out", str(tmp_path / "site"))
    assert build.returncode == 1
    assert f"{STORY_PATH}:2:1: error: " in build.stderr
    assert not (tmp_path / "site").exists()


def test_a_business_without_consent_is_refused_by_the_command(repo: Path):
    write(repo, ENTRY_PATH, entry(extra="consent: false\n"))
    result = run_hetero(repo, "validate", "--now", NOW_TEXT)
    assert result.returncode == 1
    (line,) = diagnostic_lines(result.stdout + result.stderr)
    assert line.startswith(f"{ENTRY_PATH}:9:10: error: ") and "persetujuan" in line


def test_a_consent_dated_after_now_waits_for_its_day(repo: Path):
    """A warning, so the same content still builds at an earlier --now; the page appears on the day."""
    from hetero.pages import generate
    from hetero.validate import validate

    write(repo, STORY_PATH, story(extra="consent: true\nconsent_date: 2026-12-01\n"))
    result = run_hetero(repo, "validate", "--now", NOW_TEXT)
    assert result.returncode == 0, result.stdout
    (line,) = [w for w in diagnostic_lines(result.stdout + result.stderr, "warning") if STORY_PATH in w]
    assert line.startswith(f"{STORY_PATH}:10:15: warning: ") and "belum terjadi" in line
    catalog, _ = validate(repo, NOW)
    assert "cerita/warung-uji-coba.md" not in generate(catalog, NOW, repo, "https://example.invalid/")
    later = NOW.replace(year=2027)
    assert "cerita/warung-uji-coba.md" in generate(catalog, later, repo, "https://example.invalid/")


def test_a_business_without_any_link_is_a_warning(repo: Path):
    write(repo, ENTRY_PATH, entry(replace={"links:\n  instagram: tokoujicoba\n": ""}))
    result = run_hetero(repo, "validate", "--now", NOW_TEXT)
    assert result.returncode == 0, result.stdout
    (line,) = [w for w in diagnostic_lines(result.stdout + result.stderr, "warning") if ENTRY_PATH in w]
    assert line.startswith(f"{ENTRY_PATH}:1:7: warning: ") and "links" in line


# --- The built pages ------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("stories-repo"))
    return build_ok(root, tmp_path_factory.mktemp("stories-site") / "site")


def _latest(count: int | None = None) -> list[str]:
    ordered = sorted(stories().items(), key=lambda pair: (-pair[1][0]["consent_date"].toordinal(), pair[0]))
    return [story_id for story_id, _ in ordered][:count]


def _story_links(container: Tag, from_url: str) -> list[str]:
    return [
        resolve(from_url, a["href"]).removeprefix("cerita/")
        for a in container.select("ul.hs-stories a.hs-card__title")
    ]


def test_stories_page_lists_every_story_latest_first(site: Path):
    body = article(page(site, "cerita/"))
    assert _story_links(body, "cerita/") == _latest()


def test_each_story_page_shows_the_story_its_facts_and_links(site: Path):
    programs = {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (PROJECT / "programs").glob("*.yml")
    }
    linked_from_showcase = {e["story"]: entry_id for entry_id, e in showcase().items() if e.get("story")}
    for story_id, (data, body) in stories().items():
        url = f"cerita/{story_id}/"
        soup = page(site, url)
        assert text(soup.select_one("article h1")) == data["name"]
        shown = text(article(soup))
        assert data["quote"] in shown
        first_sentence = re.sub(r"[*_]", "", body.strip().split(".")[0])
        assert " ".join(first_sentence.split()) in shown, story_id
        found = facts(soup)
        assert text(found["Usaha"]) == data["business_kind"]
        assert text(found["Asal"]) == data["city"]
        program_links = [resolve(url, a["href"]) for a in found["Program yang diikuti"].select("a")]
        assert program_links == [f"program/{p}" for p in data["programs"]]
        assert [text(a) for a in found["Program yang diikuti"].select("a")] == [
            programs[p]["title"] for p in data["programs"]
        ]
        assert resolve(url, found["Cabang"].a["href"]) == f"cabang/{data['branch']}"
        if story_id in linked_from_showcase:
            link = found["Etalase"].a["href"]
            assert resolve(url, link) == "etalase" and link.endswith(
                f"#usaha-{linked_from_showcase[story_id]}"
            )
        image = soup.select_one("article figure img")
        if data.get("image"):
            assert resolve(url, image["src"]) == data["image"]
            assert (site / data["image"]).is_file()
            assert image["alt"].strip()
        else:
            assert image is None
        assert "persetujuan" in shown


def test_home_page_shows_the_three_latest_stories(site: Path):
    body = article(page(site, ""))
    heading = next(h for h in body.find_all("h2") if text(h) == "Cerita alumni")
    cards = heading.find_next_sibling("ul")
    assert _story_links(cards, "") == _latest(3)


def test_program_pages_show_their_alumni_stories(site: Path):
    seen = 0
    for program in sorted(p.stem for p in (PROJECT / "programs").glob("*.yml")):
        expected = [s for s in _latest() if program in stories()[s][0]["programs"]]
        body = article(page(site, f"program/{program}/"))
        heading = next((h for h in body.find_all("h2") if text(h) == "Cerita alumni"), None)
        if not expected:
            assert heading is None, program
            continue
        assert heading is not None, program
        assert _story_links(heading.find_next_sibling("ul"), f"program/{program}/") == expected
        seen += 1
    assert seen >= 3


def test_showcase_lists_every_business_with_its_data_attributes(site: Path):
    entries = showcase()
    body = article(page(site, "etalase/"))
    cards = body.select("li.hs-business")
    assert len(cards) == len(entries)
    by_id = {card["id"].removeprefix("usaha-"): card for card in cards}
    assert set(by_id) == set(entries)
    for entry_id, data in entries.items():
        card = by_id[entry_id]
        assert card["data-category"] == data["category"]
        assert card["data-city"] == place_key(data["city"])
        shown = text(card)
        assert text(card.find("h3")) == data["name"]
        assert data["description"] in shown and data["city"] in shown
        for product in data["products"]:
            assert product in shown
        hrefs = [a["href"] for a in card.select("a[href]") if not a["href"].startswith("../")]
        assert all(href.startswith("https://") for href in hrefs), hrefs
        links = data.get("links") or {}
        for key in ("marketplace", "website"):
            if links.get(key):
                assert links[key] in hrefs
        if links.get("instagram"):
            assert f"https://www.instagram.com/{links['instagram'].lstrip('@')}/" in hrefs
        if links.get("whatsapp"):
            chat = next(h for h in hrefs if h.startswith("https://wa.me/"))
            assert urlsplit(chat).path == "/" + links["whatsapp"].lstrip("+")
            assert data["name"] in parse_qs(urlsplit(chat).query)["text"][0]
        story_link = card.select_one("a.hs-card__story")
        if data.get("story"):
            assert resolve("etalase/", story_link["href"]) == f"cerita/{data['story']}"
        else:
            assert story_link is None


def test_showcase_filters_offer_each_category_and_place_present(site: Path):
    entries = showcase().values()
    form = article(page(site, "etalase/")).select_one("form.hs-filters")
    assert form.has_attr("hidden"), "without JavaScript the filters stay hidden and the list is whole"
    categories = [o["value"] for o in form.select("select[name=category] option") if o["value"]]
    assert sorted(categories) == sorted({e["category"] for e in entries})
    places = {o["value"]: text(o) for o in form.select("select[name=city] option") if o["value"]}
    assert places == {place_key(e["city"]): e["city"] for e in entries}


def test_showcase_counts_businesses_per_regency(site: Path):
    counts = Counter(e["city"] for e in showcase().values())
    body = article(page(site, "etalase/"))
    heading = next(h for h in body.find_all("h2") if "per kabupaten/kota" in text(h))
    table = heading.find_next("table")
    rows = {text(tr.th): int(text(tr.td)) for tr in table.select("tbody tr")}
    assert rows == dict(counts)
    values = list(rows.values())
    assert values == sorted(values, reverse=True)
    assert f"{len(counts)} dari 35 kabupaten/kota" in text(body)


def test_story_and_showcase_files_are_not_copied_as_pages(site: Path):
    assert not (site / "stories").exists() and not (site / "showcase").exists()
    # The web editor's generated configuration is the only YAML the site serves.
    assert [p.relative_to(site).as_posix() for p in site.rglob("*.yml")] == ["admin/config.yml"]
