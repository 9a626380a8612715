"""What search engines and chat apps read from each page: JSON-LD and share previews."""

from __future__ import annotations

import json
import struct
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from sitehelpers import NOW, build_ok, copy_repo, load_content, page, parse_dt, write_events

SITE_URL = "https://heterospace.github.io/"
SCHEMA = "https://schema.org/"

# Extra events that give every case Google distinguishes, written here so the
# expectations come from this file, not from the sample content.
EXTRA_EVENTS = {
    "2027-04-10-hibrida-uji.md": """
        title: Temu Hibrida Uji
        format: hybrid
        branch: semarang
        room: aula
        start: 2027-04-10 09:00
        end: 2027-04-10 12:00
        online: {platform: Zoom, url: "https://zoom.us/j/111"}
        registration: {url: "https://forms.gle/hibrida", fee: 25000, opens: 2027-03-01 08:00}
        speakers: [{name: Sari Wulandari, role: Pemateri}]
    """,
    "2027-04-11-daring-uji.md": """
        title: Kelas Daring Uji
        format: online
        start: 2027-04-11 19:00
        end: 2027-04-11 21:00
        online: {platform: YouTube Live}
        registration: {url: "https://forms.gle/daring", fee: 0}
    """,
    "2027-04-12-batal-uji.md": """
        title: Seminar Batal Uji
        format: offline
        branch: semarang
        start: 2027-04-12 09:00
        end: 2027-04-12 11:00
        status: cancelled
        registration: {url: "https://forms.gle/batal"}
    """,
    "2027-04-13-geser-uji.md": """
        title: Kelas Geser Uji
        format: offline
        branch: semarang
        start: 2027-04-13 13:00
        end: 2027-04-13 15:00
        status: rescheduled
        previous_start: 2027-04-06 13:00
        registration: {url: "https://forms.gle/geser"}
    """,
    "2027-04-14-skrip-uji.md": """
        title: "Kelas </script><script>alert(1)</script> & Teman"
        format: online
        start: 2027-04-14 09:00
        end: 2027-04-14 10:00
        online: {platform: Zoom}
        registration: {url: "https://forms.gle/skrip"}
    """,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("repo"))
    write_events(root, {name.removesuffix(".md"): text for name, text in EXTRA_EVENTS.items()})
    return build_ok(root, root / "site")


def _jsonld(soup: BeautifulSoup) -> dict:
    scripts = soup.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def _extra(event_id: str) -> dict:
    return yaml.safe_load(textwrap.dedent(EXTRA_EVENTS[event_id + ".md"]))


def test_every_event_page_carries_event_data_google_documents(site: Path) -> None:
    content = load_content(site.parent)
    for event in content.events:
        data = _jsonld(page(site, f"acara/{event.id}/"))
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "Event"
        assert data["name"] == event.title
        assert parse_dt(data["startDate"]) == event.start
        assert parse_dt(data["endDate"]) == event.end
        assert data["startDate"].endswith("+07:00")
        assert data["url"] == SITE_URL + f"acara/{event.id}/"
        assert data["organizer"]["name"] == "Hetero Space"
        assert all(urlsplit(image).scheme == "https" for image in data["image"])
        assert data["offers"]["priceCurrency"] == "IDR"
        status = event.data.get("status", "scheduled")
        expected_status = {
            "scheduled": "EventScheduled",
            "cancelled": "EventCancelled",
            "postponed": "EventPostponed",
            "rescheduled": "EventRescheduled",
            "moved-online": "EventMovedOnline",
        }[status]
        assert data["eventStatus"] == SCHEMA + expected_status


def test_hybrid_event_is_both_a_place_and_a_virtual_location(site: Path) -> None:
    data = _jsonld(page(site, "acara/2027-04-10-hibrida-uji/"))
    assert data["eventAttendanceMode"] == SCHEMA + "MixedEventAttendanceMode"
    place, virtual = data["location"]
    assert place["@type"] == "Place"
    assert place["address"]["@type"] == "PostalAddress"
    assert place["address"]["addressCountry"] == "ID"
    assert place["address"]["postalCode"] == str(
        load_content(site.parent).branches["semarang"]["address"]["postal_code"]
    )
    assert virtual == {"@type": "VirtualLocation", "url": "https://zoom.us/j/111"}
    offer = data["offers"]
    assert offer["url"] == "https://forms.gle/hibrida"
    assert offer["price"] == 25000
    assert parse_dt(offer["validFrom"]) == parse_dt(_extra("2027-04-10-hibrida-uji")["registration"]["opens"])
    assert offer["availability"] == SCHEMA + "PreOrder"  # opens after NOW
    assert data["performer"] == [{"@type": "Person", "name": "Sari Wulandari"}]


def test_online_event_without_a_link_points_at_its_page(site: Path) -> None:
    data = _jsonld(page(site, "acara/2027-04-11-daring-uji/"))
    assert data["eventAttendanceMode"] == SCHEMA + "OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": SITE_URL + "acara/2027-04-11-daring-uji/"}
    assert data["offers"]["price"] == 0
    assert data["offers"]["availability"] == SCHEMA + "InStock"


def test_cancelled_and_rescheduled_events(site: Path) -> None:
    cancelled = _jsonld(page(site, "acara/2027-04-12-batal-uji/"))
    assert cancelled["eventStatus"] == SCHEMA + "EventCancelled"
    moved = _jsonld(page(site, "acara/2027-04-13-geser-uji/"))
    assert moved["eventStatus"] == SCHEMA + "EventRescheduled"
    expected = parse_dt(_extra("2027-04-13-geser-uji")["previous_start"])
    assert parse_dt(moved["previousStartDate"]) == expected


def test_a_title_with_script_tags_does_not_break_the_page(site: Path) -> None:
    html = (site / "acara" / "2027-04-14-skrip-uji" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.h1.get_text() == _extra("2027-04-14-skrip-uji")["title"]
    assert _jsonld(soup)["name"] == _extra("2027-04-14-skrip-uji")["title"]
    assert soup.select_one('meta[property="og:title"]')["content"] == _extra("2027-04-14-skrip-uji")["title"]


def test_program_pages_are_courses_with_their_upcoming_batches(site: Path) -> None:
    content = load_content(site.parent)
    for program_id, program in content.programs.items():
        data = _jsonld(page(site, f"program/{program_id}/"))
        assert data["@type"] == "Course"
        assert data["name"] == program["title"]
        assert data["provider"]["name"] == "Hetero Space"
        upcoming = [
            e
            for e in content.events
            if e.program == program_id and e.end > NOW and e.status not in ("cancelled", "postponed")
        ]
        instances = data.get("hasCourseInstance", [])
        assert [i["url"] for i in instances] == [SITE_URL + e.url for e in upcoming]
        modes = {"offline": "onsite", "online": "online", "hybrid": "blended"}
        assert [i["courseMode"] for i in instances] == [modes[e.data["format"]] for e in upcoming]


def test_branch_pages_are_an_organization_and_a_place(site: Path) -> None:
    content = load_content(site.parent)
    for branch_id, branch in content.branches.items():
        graph = _jsonld(page(site, f"cabang/{branch_id}/"))["@graph"]
        assert {node["@type"] for node in graph} == {"Organization", "Place"}
        place = next(node for node in graph if node["@type"] == "Place")
        assert place["name"] == branch["name"]
        if branch.get("geo"):
            assert place["geo"]["latitude"] == pytest.approx(branch["geo"]["lat"])


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", header[16:24])


def test_every_page_has_a_share_preview(site: Path) -> None:
    # The web editor at /admin/ is for staff, not for sharing.
    pages = sorted(p for p in site.rglob("index.html") if p.relative_to(site).parts[0] != "admin")
    assert len(pages) > 40
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

        def meta(name: str, soup: BeautifulSoup = soup, path: Path = path) -> str:
            tag = soup.select_one(f'meta[property="{name}"]') or soup.select_one(f'meta[name="{name}"]')
            assert tag is not None, (path, name)
            return tag["content"]

        assert meta("og:title") and meta("og:description"), path
        assert meta("og:locale") == "id_ID"
        assert meta("twitter:card") == "summary_large_image"
        image = meta("og:image")
        assert image.startswith(SITE_URL), path
        width, height = _png_size(site / image.removeprefix(SITE_URL))
        assert width >= 1200 and height >= 630, image
        assert meta("og:image:width") == str(width)


def test_event_pages_offer_calendar_and_whatsapp_sharing(site: Path) -> None:
    soup = page(site, "acara/2027-04-10-hibrida-uji/")
    links = {a.get_text(): a["href"] for a in soup.select(".hs-actions a")}
    assert links["berkas kalender (.ics)"].endswith("2027-04-10-hibrida-uji.ics")
    google = links["Google Calendar"]
    assert google.startswith("https://calendar.google.com/calendar/render?action=TEMPLATE")
    assert "dates=20270410T020000Z%2F20270410T050000Z" in google  # 09:00-12:00 WIB in UTC
    share = links["Bagikan lewat WhatsApp"]
    assert share.startswith("https://wa.me/?text=")
    assert "Temu%20Hibrida%20Uji" in share


def test_branch_and_program_pages_offer_calendar_subscriptions(site: Path) -> None:
    soup = page(site, "cabang/semarang/")
    hrefs = [a["href"] for a in soup.select(".hs-actions a")]
    assert SITE_URL.replace("https://", "webcal://") + "kalender/cabang-semarang.ics" in hrefs
    assert any(h.startswith("https://calendar.google.com/calendar/r?cid=webcal") for h in hrefs)
    assert (site / "kalender" / "cabang-semarang.ics").is_file()


def test_robots_txt_points_search_engines_at_the_sitemap(site: Path) -> None:
    lines = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {SITE_URL}sitemap.xml" in lines
    assert (site / "sitemap.xml").is_file()
