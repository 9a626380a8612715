"""What a visitor sees on an event page, its share image, the footer and the 404 page.

Events of each kind that changes the page (upcoming and paid, postponed,
cancelled, ended recently, ended long ago) are added to a copy of the sample
content and the site is built as a user builds it. The expected values come
from the content files and the rules written out here, never from `hetero`.
A second build of the same events, with the footer's office renamed in
`content/site.yml`, shows that the footer comes from content and that the
share images are the same bytes from one build to the next.
"""

from __future__ import annotations

import io
import textwrap
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from conftest import errors_in, write
from PIL import Image
from sitehelpers import (
    NOW,
    article,
    build_ok,
    copy_repo,
    facts,
    front_matter,
    hari_tanggal,
    page,
    parse_dt,
    rentang_satu_hari,
    resolve,
    text,
    write_events,
)

PROJECT = Path(__file__).resolve().parents[1]

UPCOMING = "2027-06-05-uji-kelas-berbayar"
POSTPONED = "2027-06-12-uji-kelas-tunda"
CANCELLED = "2027-06-19-uji-seminar-batal"
RECENT = "2026-11-07-uji-selesai-baru"
OLD = "2026-03-07-uji-selesai-lama"

EXTRA_EVENTS = {
    UPCOMING: """
        title: Kelas Berbayar Uji
        format: hybrid
        branch: semarang
        room: kelas
        start: 2027-06-05 09:00
        end: 2027-06-05 12:00
        online: {platform: Zoom, url: "https://zoom.us/j/555"}
        registration:
          url: https://forms.gle/berbayar
          capacity: 30
          fee: 75000
          payment: |
            Transfer ke Bank Jateng 123 a.n. Hetero Space <b>Semarang</b>
            paling lambat 1 Juni 2027.
        contact:
          name: Rina Kartika
          whatsapp: "+6281225550263"
          email: acara@heterospace.id
        materials:
          - {title: Salindia yang belum boleh tampil, url: "https://contoh.id/awal.pdf", kind: slides}
    """,
    POSTPONED: """
        title: Kelas Tunda Uji
        format: offline
        status: postponed
        branch: semarang
        room: aula
        start: 2027-06-12 09:00
        end: 2027-06-12 11:00
        registration: {url: "https://forms.gle/tunda", capacity: 40}
    """,
    CANCELLED: """
        title: Seminar Batal Uji
        format: offline
        status: cancelled
        branch: semarang
        room: aula
        start: 2027-06-19 09:00
        end: 2027-06-19 11:00
        registration: {url: "https://forms.gle/batal", capacity: 50}
    """,
    RECENT: """
        title: Temu Hibrida Selesai Uji
        format: hybrid
        branch: semarang
        room: aula
        start: 2026-11-07 09:00
        end: 2026-11-07 12:00
        online: {platform: Zoom, url: "https://zoom.us/j/777"}
        registration: {url: "https://forms.gle/selesai", capacity: 40, payment: "Bayar di tempat."}
        attendance: 176
        materials:
          - {title: Salindia temu, url: "https://contoh.id/salindia.pdf", kind: slides}
          - {title: Rekaman temu, url: "https://contoh.id/rekaman", kind: recording}
    """,
    OLD: """
        title: Kelas Lama Uji
        format: offline
        branch: semarang
        room: kelas
        start: 2026-03-07 09:00
        end: 2026-03-07 12:00
        attendance: 20
    """,
}

OFFICE_CHANGED = "Kantor Uji Kaki Situs"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("repo"))
    write_events(root, EXTRA_EVENTS)
    return root


@pytest.fixture(scope="module")
def site(root: Path) -> Path:
    return build_ok(root, root / "site")


@pytest.fixture(scope="module")
def second_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same events built again in another folder, with the footer's office renamed."""
    root = copy_repo(tmp_path_factory.mktemp("repo-footer"))
    write_events(root, EXTRA_EVENTS)
    info = yaml.safe_load((root / "content" / "site.yml").read_text(encoding="utf-8"))
    info["office"] = OFFICE_CHANGED
    (root / "content" / "site.yml").write_text(yaml.safe_dump(info, allow_unicode=True), encoding="utf-8")
    return build_ok(root, root / "site")


def _data(event_id: str) -> dict:
    return yaml.safe_load(textwrap.dedent(EXTRA_EVENTS[event_id]))


def _page(site: Path, event_id: str) -> BeautifulSoup:
    return page(site, f"acara/{event_id}/")


def _hrefs(element: Tag) -> list[str]:
    return [a["href"] for a in element.select("a[href]")]


def _when(event_id: str) -> str:
    data = _data(event_id)
    return rentang_satu_hari(parse_dt(data["start"]), parse_dt(data["end"]))


def _branch() -> dict:
    data, _ = front_matter(PROJECT / "content" / "branches" / "semarang.md")
    return data


def _og(soup: BeautifulSoup, name: str) -> str:
    tag = soup.find("meta", property=f"og:{name}")
    assert tag is not None, name
    return tag["content"]


# --- The page --------------------------------------------------------------------


@pytest.mark.parametrize("event_id", list(EXTRA_EVENTS))
def test_every_event_page_links_back_to_all_events(site: Path, event_id: str):
    body = article(_page(site, event_id))
    back = body.select_one("nav.hs-back a")
    assert text(back) == "← Semua acara"
    assert resolve(f"acara/{event_id}/", back["href"]) == "acara"


@pytest.mark.parametrize(
    ("event_id", "badge"),
    [(POSTPONED, "Ditunda"), (CANCELLED, "Dibatalkan"), (RECENT, "Selesai"), (UPCOMING, None)],
)
def test_status_is_a_badge_of_its_own_not_part_of_the_format(site: Path, event_id: str, badge: str | None):
    soup = _page(site, event_id)
    shown = [text(b) for b in article(soup).select(".hs-status .hs-badge")]
    assert shown == ([badge] if badge else [])
    fmt = {"offline": "Luring", "hybrid": "Hibrida", "online": "Daring"}[_data(event_id)["format"]]
    assert text(facts(soup)["Format"]) == fmt


@pytest.mark.parametrize(("event_id", "word"), [(POSTPONED, "ditunda"), (CANCELLED, "dibatalkan")])
def test_a_date_that_no_longer_holds_is_struck_and_offers_no_calendar(site: Path, event_id: str, word: str):
    soup = _page(site, event_id)
    when = facts(soup)["Waktu"]
    struck = when.find(["del", "s"])
    assert struck is not None and text(struck) == _when(event_id)
    # A screen reader does not announce strike-through: the words say it.
    assert text(when).startswith(f"Jadwal semula, {word}:")
    body = article(soup)
    assert "Tambah ke kalender" not in text(body)
    assert not [h for h in _hrefs(body) if h.endswith(".ics") or "calendar.google.com" in h]


def test_a_finished_event_shows_what_happened_not_what_to_join(site: Path):
    soup = _page(site, RECENT)
    body = article(soup)
    shown = facts(soup)
    data = _data(RECENT)
    # No calendar, no meeting link, no capacity or payment beside the attendance.
    assert "Tambah ke kalender" not in text(body)
    assert data["online"]["url"] not in _hrefs(body)
    assert text(shown["Daring"]) == "Zoom"
    assert "Kuota" not in shown and "Cara membayar" not in shown
    assert text(shown["Peserta hadir"]) == f"{data['attendance']} orang"
    # The material shared afterwards, each with its kind.
    heading = body.find("h2", string="Materi acara")
    assert heading is not None
    items = heading.find_next("ul").find_all("li")
    assert [(text(li.a), li.a["href"]) for li in items] == [(m["title"], m["url"]) for m in data["materials"]]
    kinds = [text(li.select_one(".hs-materials__kind")) for li in items]
    assert kinds == ["(Materi presentasi)", "(Rekaman)"]


@pytest.mark.parametrize(("event_id", "capacity"), [(POSTPONED, "40 peserta"), (CANCELLED, None)])
def test_capacity_only_for_an_event_that_will_still_take_place(site: Path, event_id: str, capacity):
    shown = facts(_page(site, event_id))
    assert (text(shown["Kuota"]) if "Kuota" in shown else None) == capacity


def test_an_upcoming_paid_event_shows_how_to_join_pay_and_ask(site: Path):
    soup = _page(site, UPCOMING)
    body = article(soup)
    shown = facts(soup)
    data = _data(UPCOMING)
    assert "Tambah ke kalender" in text(body)
    assert f"../{UPCOMING}.ics" in _hrefs(body)
    assert data["online"]["url"] in _hrefs(body)
    assert text(shown["Kuota"]) == "30 peserta"
    # The payment text keeps its lines, and markup in it stays text.
    payment = shown["Cara membayar"]
    assert len(payment.find_all("br")) == 1 and not payment.find("b")
    assert text(payment) == " ".join(data["registration"]["payment"].split())
    contact = shown["Narahubung"]
    assert text(contact).startswith("Rina Kartika")
    links = _hrefs(contact)
    assert links[0].startswith("https://wa.me/6281225550263?text=")
    assert links[1] == "mailto:acara@heterospace.id"
    # Materials wait until the event has happened.
    assert body.find("h2", string="Materi acara") is None
    assert "Salindia yang belum boleh tampil" not in text(body)


def test_map_links_point_both_maps_at_the_branch_coordinates(site: Path):
    soup = _page(site, UPCOMING)
    place = facts(soup)["Tempat"]
    geo = _branch()["geo"]
    links = {text(a): a["href"] for a in place.select("a[href]")}
    osm = urlsplit(links["OpenStreetMap"])
    assert osm.hostname == "www.openstreetmap.org"
    assert parse_qs(osm.query) == {"mlat": [str(geo["lat"])], "mlon": [str(geo["lon"])]}
    google = urlsplit(links["Google Maps"])
    assert google.hostname == "www.google.com" and google.path == "/maps/search/"
    assert parse_qs(google.query)["query"] == [f"{geo['lat']},{geo['lon']}"]
    # Plain links: nothing from either host loads with the page.
    assert not soup.find("iframe")


# --- Share previews ------------------------------------------------------------------


@pytest.mark.parametrize("event_id", [UPCOMING, POSTPONED, CANCELLED, RECENT])
def test_events_in_the_calendar_window_share_their_own_card(site: Path, event_id: str):
    soup = _page(site, event_id)
    assert _og(soup, "image") == f"https://heterospace.github.io/acara/{event_id}.png"
    with Image.open(site / "acara" / f"{event_id}.png") as image:
        assert image.format == "PNG" and image.size == (1200, 630)
    data = _data(event_id)
    start = parse_dt(data["start"])
    description = _og(soup, "description")
    # The date first, then the place.
    assert description.startswith(hari_tanggal(start))
    assert description.split(" · ")[1].startswith("Hetero Space Semarang")


def test_an_event_past_the_window_keeps_a_default_image(site: Path):
    assert not (site / "acara" / f"{OLD}.png").exists()
    image = _og(_page(site, OLD), "image")
    assert not image.endswith(f"acara/{OLD}.png")
    assert (site / urlsplit(image).path.lstrip("/")).is_file()


def test_share_cards_are_the_same_bytes_in_every_build(site: Path, second_site: Path):
    cards = sorted(p.name for p in (site / "acara").glob("*.png"))
    assert cards and cards == sorted(p.name for p in (second_site / "acara").glob("*.png"))
    for name in cards:
        assert (site / "acara" / name).read_bytes() == (second_site / "acara" / name).read_bytes(), name
    # Every upcoming or recent event of the sample content has one too.
    for path in sorted((PROJECT / "events").rglob("*.md")):
        data, _ = front_matter(path)
        recent = parse_dt(data["end"]) > NOW - timedelta(days=90)
        assert (site / "acara" / f"{path.stem}.png").is_file() == recent, path.stem


def test_a_card_names_a_cancelled_event_as_such_and_fits_its_size(site: Path):
    data = (site / "acara" / f"{CANCELLED}.png").read_bytes()
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (1200, 630)
    # Small enough for WhatsApp's preview (it skips images over about 300 kB).
    assert len(data) < 60_000


# --- Footer and 404 ----------------------------------------------------------------------


def _footer(soup: BeautifulSoup) -> Tag:
    found = soup.select_one("footer.md-footer .hs-footer")
    assert found is not None
    return found


@pytest.mark.parametrize("url", ["", "acara/", f"acara/{UPCOMING}/", "tentang/", "404.html"])
def test_footer_shows_the_office_branch_contact_hours_and_social_links_from_content(site: Path, url: str):
    info = yaml.safe_load((PROJECT / "content" / "site.yml").read_text(encoding="utf-8"))
    branch = _branch()
    footer = _footer(page(site, url))
    shown = text(footer)
    assert f"Hetero Space diselenggarakan oleh {info['office']}" in shown
    assert branch["address"]["street"] in shown and branch["address"]["postal_code"] in shown
    assert branch["contact"]["whatsapp"] in shown
    for hours in branch["hours"]:
        assert hours["days"] in shown
    links = _hrefs(footer)
    for account in info["social"]:
        assert account["url"] in links
    assert info["office_url"] in links


def test_footer_changes_when_the_content_file_changes(site: Path, second_site: Path):
    assert OFFICE_CHANGED not in text(_footer(page(site, "")))
    for url in ("", "404.html", f"acara/{UPCOMING}/"):
        assert f"diselenggarakan oleh {OFFICE_CHANGED}" in text(_footer(page(second_site, url)))


def test_404_links_stay_on_the_host_the_site_is_served_from(site: Path):
    body = article(page(site, "404.html"))
    links = {text(a): a["href"] for a in body.select("a[href]")}
    assert set(links) == {"Ke beranda", "Lihat acara"}
    # Paths from the site's root, right at any depth a missing address has, on any host.
    assert all(href.startswith("/") and not href.startswith("//") for href in links.values())
    assert resolve("tidak/ada/sama/sekali/", links["Ke beranda"]) == ""
    assert resolve("tidak/ada/sama/sekali/", links["Lihat acara"]) == "acara"


# --- Hostile values in the new fields -----------------------------------------------------


def _event_file(extra: str) -> str:
    return (
        "---\ntitle: Kelas Uji\nformat: offline\nbranch: semarang\n"
        "start: 2027-06-05 09:00\nend: 2027-06-05 12:00\n" + extra + "---\n\nDeskripsi.\n"
    )


def test_a_javascript_material_link_is_refused_at_its_line(repo: Path):
    rel = "events/2027/2027-06-05-kelas-uji.md"
    write(repo, rel, _event_file("materials:\n  - title: Salindia\n    url: javascript:alert(1)\n"))
    found = errors_in(repo, rel)
    assert [(d.line, d.col) for d in found] == [(9, 10)]
    assert "https://" in found[0].message


@pytest.mark.parametrize(
    ("extra", "line"),
    [
        ('registration:\n  fee: 1000\n  payment: "Transfer\\u0007 ke rekening"\n', 9),
        ('contact:\n  name: "Rina\\u202eKartika"\n  email: a@b.id\n', 8),
        ('materials:\n  - title: "Foto\\u0000"\n    url: https://contoh.id/foto\n', 8),
    ],
)
def test_control_characters_in_the_new_fields_are_refused(repo: Path, extra: str, line: int):
    rel = "events/2027/2027-06-05-kelas-uji.md"
    write(repo, rel, _event_file(extra))
    found = errors_in(repo, rel)
    assert [d.line for d in found] == [line]
    assert "tak terlihat" in found[0].message or "U+" in found[0].message


def test_a_contact_without_a_way_to_reach_them_is_refused(repo: Path):
    rel = "events/2027/2027-06-05-kelas-uji.md"
    write(repo, rel, _event_file("contact:\n  name: Rina\n"))
    found = errors_in(repo, rel)
    assert [(d.line, d.col) for d in found] == [(8, 3)]
    assert "whatsapp" in found[0].message and "email" in found[0].message


def test_site_file_mistakes_are_reported_at_their_line(repo: Path):
    rel = "content/site.yml"
    write(repo, rel, "office: Dinas\nbranch: jakarta\nsocial:\n  - name: Instagram\n    url: http://x.id\n")
    found = errors_in(repo, rel)
    assert sorted((d.line, d.col) for d in found) == [(2, 9), (5, 10)]
