"""Helpers for the tests of the built public website.

These helpers deliberately do not import `hetero`: the expected values of the
site tests are computed here from the content files themselves (read with
`yaml.safe_load`) and from a small table of Indonesian day and month names, so
that a mistake in the product code cannot make its own test pass.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from bs4 import BeautifulSoup, Tag

PROJECT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# What a repository needs for `hetero build`.
REPO_PIECES = ("content", "programs", "events", "overrides", "mkdocs.yml")

WIB = timezone(timedelta(hours=7))
NOW_TEXT = "2026-11-24T12:00+07:00"
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=WIB)

# Environment variables that would change what a build does.
_CONTROLLED_ENV = (
    "HETERO_NOW",
    "GITHUB_ACTIONS",
    "GITHUB_STEP_SUMMARY",
    "GITHUB_BASE_REF",
    "SOURCE_DATE_EPOCH",
    "HETERO_SITE_URL",
)

# --- Indonesian calendar words (independent of the product's Babel use) ----

HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]  # Monday first
BULAN = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
BULAN_PENDEK = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
ZONA = {7: "WIB", 8: "WITA", 9: "WIT"}
FORMAT_ID = {"offline": "Luring", "online": "Daring", "hybrid": "Hibrida"}


def hari_tanggal(moment: datetime | date) -> str:
    """`Sabtu, 5 Desember 2026`."""
    return f"{HARI[moment.weekday()]}, {moment.day} {BULAN[moment.month - 1]} {moment.year}"


def bulan_tahun(moment: datetime) -> str:
    """`Desember 2026`."""
    return f"{BULAN[moment.month - 1]} {moment.year}"


def tanggal_pendek(moment: datetime) -> str:
    """`12 Des`."""
    return f"{moment.day} {BULAN_PENDEK[moment.month - 1]}"


def jam(moment: datetime) -> str:
    """`09.00`."""
    return f"{moment.hour:02d}.{moment.minute:02d}"


def zona(moment: datetime) -> str:
    offset = moment.utcoffset()
    assert offset is not None
    return ZONA[int(offset.total_seconds()) // 3600]


def rentang_satu_hari(start: datetime, end: datetime) -> str:
    """`Sabtu, 5 Desember 2026, 09.00–14.00 WIB`."""
    assert start.date() == end.date()
    return f"{hari_tanggal(start)}, {jam(start)}–{jam(end)} {zona(end)}"


def rupiah(amount: int) -> str:
    """`Gratis` for 0, otherwise `Rp25.000`."""
    if amount == 0:
        return "Gratis"
    return "Rp" + f"{amount:,}".replace(",", ".")


def ribuan(number: int) -> str:
    """`3.273`: Indonesian thousands separator."""
    return f"{number:,}".replace(",", ".")


# --- Reading content files ------------------------------------------------

_DATETIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*(Z|[+-]\d{2}:?\d{2})?")


def parse_dt(value: object) -> datetime:
    """A content date-time (`2026-12-05 09:00`, optional offset) as an aware datetime."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=WIB)
    match = _DATETIME.fullmatch(str(value).strip())
    assert match, f"not a date-time: {value!r}"
    year, month, day, hour, minute, second, offset = match.groups()
    tz = WIB
    if offset == "Z":
        tz = UTC
    elif offset:
        sign = 1 if offset[0] == "+" else -1
        digits = offset[1:].replace(":", "")
        tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0), tzinfo=tz)


def clock_text(value: object) -> str:
    """An `HH:MM` value as `HH.MM`; YAML 1.1 reads an unquoted `08:00` as 480 minutes."""
    if isinstance(value, int):
        return f"{value // 60:02d}.{value % 60:02d}"
    return str(value).replace(":", ".")


def front_matter(path: Path) -> tuple[dict, str]:
    """The YAML between the first two `---` lines, and the body after them."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    assert lines[0].strip() == "---", path
    end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    return yaml.safe_load("".join(lines[1:end])) or {}, "".join(lines[end + 1 :])


@dataclass
class Ev:
    id: str
    data: dict
    body: str
    start: datetime
    end: datetime
    registration: dict = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.data["title"]

    @property
    def status(self) -> str:
        return self.data.get("status", "scheduled")

    @property
    def program(self) -> str:
        return self.data.get("program") or ""

    @property
    def branch(self) -> str:
        return self.data.get("branch") or ""

    @property
    def url(self) -> str:
        return f"acara/{self.id}/"


@dataclass
class Content:
    root: Path
    events: list[Ev]
    programs: dict[str, dict]
    branches: dict[str, dict]
    branch_bodies: dict[str, str]
    partners: dict[str, dict]

    def upcoming(self, now: datetime = NOW) -> list[Ev]:
        return [e for e in self.events if e.end > now]

    def past(self, now: datetime = NOW) -> list[Ev]:
        return [e for e in self.events if e.end <= now]

    def held(self, now: datetime = NOW) -> list[Ev]:
        """Ended and neither cancelled nor postponed."""
        return [e for e in self.past(now) if e.status not in ("cancelled", "postponed")]

    def event(self, event_id: str) -> Ev:
        return next(e for e in self.events if e.id == event_id)

    def registration(self, event: Ev) -> dict:
        """The event's registration, each field falling back to its program's."""
        program = self.programs.get(event.program, {})
        merged: dict = {}
        if program.get("fee") is not None:
            merged["fee"] = program["fee"]
        merged.update(program.get("registration") or {})
        merged.update(event.data.get("registration") or {})
        return merged

    def fee(self, event: Ev) -> int | None:
        return self.registration(event).get("fee")


def load_content(root: Path) -> Content:
    events = []
    for path in sorted((root / "events").glob("*/*.md")):
        data, body = front_matter(path)
        events.append(Ev(path.stem, data, body, parse_dt(data["start"]), parse_dt(data["end"])))
    events.sort(key=lambda e: (e.start, e.id))
    programs = {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((root / "programs").glob("*.y*ml"))
    }
    branches, bodies = {}, {}
    for path in sorted((root / "content" / "branches").glob("*.md")):
        branches[path.stem], bodies[path.stem] = front_matter(path)
    partners_file = root / "content" / "partners.yml"
    partners = yaml.safe_load(partners_file.read_text(encoding="utf-8")) if partners_file.exists() else {}
    return Content(root, events, programs, branches, bodies, partners or {})


# --- Repositories and builds ----------------------------------------------


def copy_repo(dest: Path, pieces: tuple[str, ...] = REPO_PIECES) -> Path:
    """A copy of the parts of this repository a build needs."""
    dest.mkdir(parents=True, exist_ok=True)
    for piece in pieces:
        source = PROJECT / piece
        if source.is_dir():
            shutil.copytree(source, dest / piece)
        else:
            shutil.copy2(source, dest / piece)
    return dest


def write_events(root: Path, events: dict[str, str]) -> None:
    """Event files `events/<year>/<id>.md` from front-matter YAML written in a test, with a short body."""
    for event_id, front_matter in events.items():
        path = root / "events" / event_id[:4] / f"{event_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\n" + textwrap.dedent(front_matter).strip() + "\n---\n\nDeskripsi singkat.\n")


def run_build(
    root: Path, out: Path, now: str = NOW_TEXT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m hetero --root ROOT build --now NOW --out OUT`, as a user runs it."""
    full_env = {k: v for k, v in os.environ.items() if k not in _CONTROLLED_ENV}
    full_env["NO_MKDOCS_2_WARNING"] = "1"
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "hetero", "--root", str(root), "build", "--now", now, "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=root,
        env=full_env,
        timeout=120,
        check=False,
    )


def build_ok(root: Path, out: Path, now: str = NOW_TEXT) -> Path:
    result = run_build(root, out, now)
    assert result.returncode == 0, result.stderr
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below `folder`, by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


# --- Reading the built site -----------------------------------------------


def page_file(site: Path, url: str) -> Path:
    """The file served for a site path such as `acara/` or `404.html`."""
    url = url.split("#", 1)[0].split("?", 1)[0].lstrip("/")
    if url in ("", ".") or url.endswith("/"):
        return site / url / "index.html"
    path = site / url
    return path / "index.html" if path.is_dir() else path


def page(site: Path, url: str) -> BeautifulSoup:
    """The parsed page; parsed once per file, as many tests read the same pages (do not modify)."""
    return _parse(page_file(site, url))


@functools.lru_cache(maxsize=512)
def _parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page_url(site: Path, html_file: Path) -> str:
    """The site path of a built file: `acara/x/index.html` -> `acara/x/`."""
    relative = html_file.relative_to(site).as_posix()
    if relative.endswith("index.html"):
        return relative[: -len("index.html")]
    return relative


def resolve(from_url: str, href: str) -> str | None:
    """The site path a link points at, without a trailing slash (`""` is the home page).

    None for a link to another host or scheme (https:, mailto:, tel:).
    """
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    target = parts.path
    if not target:
        return from_url.rstrip("/")
    if target.startswith("/"):
        joined = target
    else:
        base = "/" + from_url
        joined = (base if base.endswith("/") else posixpath.dirname(base) + "/") + target
    return posixpath.normpath(joined).strip("/")


def text(element: Tag | None) -> str:
    """What a visitor reads: the element's text with whitespace collapsed."""
    assert element is not None
    return " ".join(element.get_text(" ").split())


def article(soup: BeautifulSoup) -> Tag:
    found = soup.select_one("article")
    assert found is not None
    return found


def facts(soup: BeautifulSoup) -> dict[str, Tag]:
    """The `<dt>` label -> `<dd>` pairs of a page's facts list."""
    found = {}
    for dl in soup.select("article dl"):
        for dt in dl.find_all("dt"):
            dd = dt.find_next_sibling("dd")
            if dd is not None:
                found[text(dt)] = dd
    return found


def event_items(container: Tag) -> list[Tag]:
    return container.select("li.hs-event")


def item_title(item: Tag) -> str:
    return text(item.select_one("a.hs-event__title"))


def hidden_by_ancestor(element: Tag) -> bool:
    """Whether the element or one of its ancestors carries `hidden`."""
    node: Tag | None = element
    while node is not None and node.name != "[document]":
        if node.has_attr("hidden"):
            return True
        node = node.parent
    return False
