"""The registration button in each of its states, at a fixed --now.

A small repository: the sample branches, partners and programs, and one event
per state written here, built once with NOW = 2026-11-24T12:00+07:00. The
expected words come from the product brief; dates in them are formatted with
the test's own Indonesian month table.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import Tag
from sitehelpers import (
    NOW,
    article,
    build_ok,
    copy_repo,
    event_items,
    load_content,
    page,
    parse_dt,
    resolve,
    tanggal_pendek,
    text,
)

FORM = "https://forms.example.id/daftar-"
WHATSAPP = "+6281234567890"
ACTIVE_LABELS = {"Daftar sekarang", "Masuk daftar tunggu"}


@dataclass(frozen=True)
class Case:
    event_id: str
    title: str
    front_matter: str  # the lines after title/format/start/end
    start: str
    end: str
    label: str
    active: bool

    @property
    def url(self) -> str:
        return f"acara/{self.event_id}/"


def _registration(slug: str, **fields: str) -> str:
    lines = ["registration:", f"  url: {FORM}{slug}"]
    lines += [f"  {key}: {value}" for key, value in fields.items()]
    return "\n".join(lines)


CASES = [
    Case(
        "2026-12-15-belum-dibuka",
        "Kelas Pendaftaran Belum Dibuka",
        _registration("belum-dibuka", opens="2026-12-12 08:00", closes="2026-12-14 17:00"),
        "2026-12-15 09:00",
        "2026-12-15 12:00",
        f"Dibuka {tanggal_pendek(parse_dt('2026-12-12 08:00'))}",
        False,
    ),
    Case(
        "2026-12-16-terbuka",
        "Kelas Pendaftaran Terbuka",
        _registration("terbuka", opens="2026-11-20 08:00", closes="2026-12-15 17:00"),
        "2026-12-16 09:00",
        "2026-12-16 12:00",
        "Daftar sekarang",
        True,
    ),
    # `status` in a registration is an override (content model): it wins over the dates.
    Case(
        "2026-12-19-dibuka-lagi",
        "Kelas Dibuka Lagi oleh Staf",
        _registration("dibuka-lagi", opens="2026-11-01 08:00", closes="2026-11-20 17:00", status="open"),
        "2026-12-19 09:00",
        "2026-12-19 12:00",
        "Daftar sekarang",
        True,
    ),
    Case(
        "2026-12-20-penuh-sebelum-dibuka",
        "Kelas Penuh Sebelum Dibuka",
        _registration("penuh-sebelum-dibuka", opens="2026-12-10 08:00", status="full"),
        "2026-12-20 09:00",
        "2026-12-20 12:00",
        "Kuota penuh",
        False,
    ),
    Case(
        "2026-12-17-kuota-penuh",
        "Kelas Kuota Penuh",
        _registration("kuota-penuh", opens="2026-11-01 08:00", status="full", capacity="20"),
        "2026-12-17 09:00",
        "2026-12-17 12:00",
        "Kuota penuh",
        False,
    ),
    Case(
        "2026-12-18-daftar-tunggu",
        "Kelas Daftar Tunggu",
        _registration("daftar-tunggu", opens="2026-11-01 08:00", status="waitlist", capacity="20"),
        "2026-12-18 09:00",
        "2026-12-18 12:00",
        "Masuk daftar tunggu",
        True,
    ),
    Case(
        "2026-12-01-pendaftaran-ditutup",
        "Kelas Pendaftaran Sudah Ditutup",
        _registration("ditutup", opens="2026-11-01 08:00", closes="2026-11-23 17:00"),
        "2026-12-01 09:00",
        "2026-12-01 12:00",
        "Pendaftaran ditutup",
        False,
    ),
    Case(
        "2026-11-10-sudah-selesai",
        "Kelas yang Sudah Selesai",
        _registration("selesai", opens="2026-10-20 08:00") + "\nattendance: 18",
        "2026-11-10 09:00",
        "2026-11-10 12:00",
        "Acara selesai",
        False,
    ),
    Case(
        "2026-12-19-dibatalkan",
        "Kelas yang Dibatalkan",
        _registration("dibatalkan", opens="2026-11-01 08:00") + "\nstatus: cancelled",
        "2026-12-19 09:00",
        "2026-12-19 12:00",
        "Acara dibatalkan",
        False,
    ),
    Case(
        "2026-12-20-ditunda",
        "Kelas yang Ditunda",
        _registration("ditunda", opens="2026-11-01 08:00") + "\nstatus: postponed",
        "2026-12-20 09:00",
        "2026-12-20 12:00",
        "Acara ditunda",
        False,
    ),
    Case(
        "2026-12-21-info-menyusul",
        "Kelas Tanpa Pendaftaran",
        "",
        "2026-12-21 09:00",
        "2026-12-21 12:00",
        "Info pendaftaran menyusul",
        False,
    ),
    Case(
        "2026-12-22-daftar-lewat-whatsapp",
        "Kelas Daftar Lewat WhatsApp & Tanya Jawab",
        f'registration:\n  whatsapp: "{WHATSAPP}"\n  opens: 2026-11-01 08:00',
        "2026-12-22 09:00",
        "2026-12-22 12:00",
        "Daftar sekarang",
        True,
    ),
    # Boundaries: the window opens at `opens` and is shut at `closes`.
    Case(
        "2026-12-23-buka-tepat-sekarang",
        "Kelas yang Dibuka Tepat Sekarang",
        _registration("tepat-buka", opens="2026-11-24 12:00"),
        "2026-12-23 09:00",
        "2026-12-23 12:00",
        "Daftar sekarang",
        True,
    ),
    Case(
        "2026-12-02-tutup-tepat-sekarang",
        "Kelas yang Ditutup Tepat Sekarang",
        _registration("tepat-tutup", opens="2026-11-01 08:00", closes="2026-11-24 12:00"),
        "2026-12-02 09:00",
        "2026-12-02 12:00",
        "Pendaftaran ditutup",
        False,
    ),
    # No registration of its own: the program's WhatsApp number is used.
    Case(
        "2026-12-24-ikut-program",
        "Kelas yang Memakai Pendaftaran Program",
        "program: digital-marketing-ecommerce",
        "2026-12-24 13:00",
        "2026-12-24 16:00",
        "Daftar sekarang",
        True,
    ),
]
BY_ID = {case.event_id: case for case in CASES}


def _event_file(case: Case) -> str:
    extra = f"{case.front_matter}\n" if case.front_matter else ""
    return (
        "---\n"
        f'title: "{case.title}"\n'
        "format: online\n"
        f"start: {case.start}\n"
        f"end: {case.end}\n"
        "online:\n"
        "  platform: Zoom\n"
        f"{extra}"
        "---\n\n"
        "Acara uji untuk tombol pendaftaran.\n"
    )


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("states"), ("content", "programs", "overrides", "mkdocs.yml"))
    for case in CASES:
        path = root / "events" / case.event_id[:4] / f"{case.event_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_event_file(case), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_ok(repo, tmp_path_factory.mktemp("states-site") / "site")


@pytest.fixture(scope="module")
def content(repo: Path):
    return load_content(repo)


def expected_href(case: Case, content) -> str | None:
    """The address the button must lead to, from the event file (or its program)."""
    registration = content.registration(content.event(case.event_id))
    return registration.get("url") or (
        f"https://wa.me/{registration['whatsapp'].lstrip('+')}" if registration.get("whatsapp") else None
    )


def the_button(site: Path, case: Case) -> Tag:
    buttons = page(site, case.url).select("a.hs-register")
    assert len(buttons) == 1, case.event_id
    return buttons[0]


def assert_button(button: Tag, case: Case, content) -> None:
    assert text(button) == case.label, case.event_id
    if case.active:
        href = expected_href(case, content)
        assert href is not None
        assert button.get("href", "").startswith(href), (case.event_id, button.get("href"))
        assert button.get("aria-disabled") != "true"
    else:
        assert not button.has_attr("href"), case.event_id
        assert button.get("aria-disabled") == "true", case.event_id


@pytest.mark.parametrize("case", CASES, ids=[c.event_id[11:] for c in CASES])
def test_event_page_button_for_each_state(site: Path, content, case: Case) -> None:
    assert_button(the_button(site, case), case, content)


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if parse_dt(c.end) > NOW],
    ids=[c.event_id[11:] for c in CASES if parse_dt(c.end) > NOW],
)
def test_events_list_button_matches_the_event_page(site: Path, content, case: Case) -> None:
    body = article(page(site, "acara/"))
    items = [
        li
        for li in event_items(body)
        if resolve("acara/", li.select_one("a.hs-event__title")["href"]) == case.url[:-1]
    ]
    assert len(items) == 1, case.event_id
    (button,) = items[0].select("a.hs-register")
    assert_button(button, case, content)


def test_form_url_is_the_href_of_an_open_registration(site: Path) -> None:
    case = BY_ID["2026-12-16-terbuka"]
    assert the_button(site, case)["href"] == f"{FORM}terbuka"
    waitlist = BY_ID["2026-12-18-daftar-tunggu"]
    assert the_button(site, waitlist)["href"] == f"{FORM}daftar-tunggu"


def test_not_yet_open_label_names_the_opening_day(site: Path) -> None:
    assert text(the_button(site, BY_ID["2026-12-15-belum-dibuka"])) == "Dibuka 12 Des"


def test_whatsapp_registration_prefills_a_message_with_the_title(site: Path) -> None:
    case = BY_ID["2026-12-22-daftar-lewat-whatsapp"]
    parts = urlsplit(the_button(site, case)["href"])
    assert (parts.scheme, parts.hostname) == ("https", "wa.me")
    assert parts.path == "/" + WHATSAPP.lstrip("+")
    assert parts.path.startswith("/62")
    (message,) = parse_qs(parts.query)["text"]
    assert case.title in message


def test_program_whatsapp_is_used_when_the_event_has_no_registration(site: Path, content) -> None:
    case = BY_ID["2026-12-24-ikut-program"]
    program_number = content.programs["digital-marketing-ecommerce"]["registration"]["whatsapp"]
    parts = urlsplit(the_button(site, case)["href"])
    assert parts.hostname == "wa.me"
    assert parts.path == "/" + program_number.lstrip("+")
    (message,) = parse_qs(parts.query)["text"]
    assert case.title in message


def test_finished_event_is_archived_not_listed(site: Path) -> None:
    case = BY_ID["2026-11-10-sudah-selesai"]
    listed = {
        resolve("acara/", li.select_one("a.hs-event__title")["href"])
        for li in event_items(article(page(site, "acara/")))
    }
    assert case.url[:-1] not in listed
    archived = {
        resolve("acara/arsip/2026/", li.select_one("a.hs-event__title")["href"])
        for li in event_items(article(page(site, "acara/arsip/2026/")))
    }
    assert archived == {case.url[:-1]}


def test_cancelled_and_postponed_events_say_so_on_their_page(site: Path) -> None:
    cancelled = text(article(page(site, BY_ID["2026-12-19-dibatalkan"].url)))
    assert "dibatalkan" in cancelled.lower()
    postponed = text(article(page(site, BY_ID["2026-12-20-ditunda"].url)))
    assert "ditunda" in postponed.lower()


def test_only_open_and_waitlist_buttons_have_a_link(site: Path) -> None:
    seen = 0
    for html in sorted(site.rglob("*.html")):
        for button in page(site, html.relative_to(site).as_posix()).select("a.hs-register"):
            seen += 1
            if button.has_attr("href"):
                assert text(button) in ACTIVE_LABELS, (html, text(button))
                assert button.get("aria-disabled") != "true"
            else:
                assert text(button) not in ACTIVE_LABELS, (html, text(button))
                assert button.get("aria-disabled") == "true", (html, text(button))
    assert seen >= len(CASES)


def test_event_with_unknown_fee_is_not_filtered_as_paid(site: Path, content) -> None:
    case = BY_ID["2026-12-21-info-menyusul"]
    assert content.fee(content.event(case.event_id)) is None
    body = article(page(site, "acara/"))
    options = {text(o): o["value"] for o in body.select("form select[name=free] option") if o.get("value")}
    assert set(options) >= {"Gratis"} and len(options) == 2
    (item,) = [
        li
        for li in event_items(body)
        if resolve("acara/", li.select_one("a.hs-event__title")["href"]) == case.url[:-1]
    ]
    # Neither "free" nor "paid": the filter for either leaves it out.
    assert item["data-free"] not in set(options.values())
