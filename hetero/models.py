"""The content model: what each field of a content file may hold.

These models describe exactly the fields staff write (see
`docs/content-model.md`); the JSON Schemas for editors are generated
from them. They check the shape and type of each value. Rules that relate
fields or files to each other (end after start, references, double bookings)
live in `checks.py`, where a problem can point at the right line.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal, get_args
from zoneinfo import ZoneInfo

from annotated_types import Ge, Gt
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)

WIB = ZoneInfo("Asia/Jakarta")

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

# --- Value types -----------------------------------------------------------
# Every scalar reaches the models as the text the person typed (see
# yamlread.py), so each type below parses text by its own rules.

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]


def _whole_number(value: Any) -> Any:
    # Pydantic would read "50.000" as fifty; in Indonesia it means fifty thousand.
    if isinstance(value, str) and not re.fullmatch(r"-?\d+", value.strip()):
        raise ValueError("whole_number")
    return value


Count = Annotated[int, Ge(0), BeforeValidator(_whole_number)]
PositiveCount = Annotated[int, Gt(0), BeforeValidator(_whole_number)]
Rupiah = Count


def _https_url(value: str) -> str:
    if not re.fullmatch(r"https://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?", value):
        raise ValueError("https_url")
    return value


HttpsUrl = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    AfterValidator(_https_url),
    WithJsonSchema({"type": "string", "pattern": "^https://", "format": "uri"}),
]

WhatsApp = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^\+62\d{7,13}$"),
]

ClockTime = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]

_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*"
    r"(Z|[+-]\d{2}:?\d{2})?"
)


def parse_datetime(value: Any) -> Any:
    """Read `2026-12-12 15:00`, with an optional offset; no offset means WIB."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=WIB)
    if not isinstance(value, str):
        return value
    match = _DATETIME.fullmatch(value.strip())
    if not match:
        raise ValueError("datetime")
    year, month, day, hour, minute, second, offset = match.groups()
    if hour is None:
        raise ValueError("datetime_needs_time")
    text = f"{year}-{month}-{day}T{int(hour):02d}:{minute}:{second or '00'}"
    if offset:
        text += "+00:00" if offset == "Z" else offset
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError("datetime") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=WIB)


LocalDateTime = Annotated[
    datetime,
    BeforeValidator(parse_datetime),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(:\d{2})?\s*(Z|[+-]\d{2}:?\d{2})?$",
            "description": "Tanggal dan jam, misalnya 2026-12-12 09:00 (WIB bila tanpa zona)",
        }
    ),
]


def _plain_date(value: Any) -> Any:
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError("date")
    return value


PlainDate = Annotated[
    date,
    BeforeValidator(_plain_date),
    WithJsonSchema({"type": "string", "format": "date", "description": "Tanggal, misalnya 2020-01-31"}),
]

ImagePath = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    Field(description="Jalur gambar di dalam folder content/, misalnya images/acara/peluncuran.jpg"),
]


class Model(BaseModel):
    """Immutable, and refusing any field the spec does not name."""

    model_config = ConfigDict(frozen=True, extra="forbid")


# --- Branch ----------------------------------------------------------------


class Address(Model):
    street: Text
    district: Text | None = None
    city: Text | None = None
    province: Text | None = None
    postal_code: Annotated[str, StringConstraints(pattern=r"^\d{5}$")] | None = None


class Geo(Model):
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]


class Hours(Model):
    days: Text
    open: ClockTime
    close: ClockTime


class Contact(Model):
    whatsapp: WhatsApp | None = None
    email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = None
    instagram: Text | None = None
    phone: Annotated[str, StringConstraints(pattern=r"^\+?[\d \-()]{6,20}$")] | None = None


SpaceKind = Literal[
    "coworking", "meeting", "classroom", "event", "private-office", "maker", "studio", "coliving"
]


class Space(Model):
    id: Id
    name: Text
    kind: SpaceKind
    capacity: PositiveCount | None = None


class Branch(Model):
    name: Text
    city: Text
    status: Literal["open", "planned", "renovating", "closed"]
    opened: PlainDate | None = None
    address: Address | None = None
    geo: Geo | None = None
    hours: list[Hours] | None = None
    contact: Contact | None = None
    spaces: list[Space] | None = None
    image: ImagePath | None = None


# --- Partner ---------------------------------------------------------------


class Partner(Model):
    name: Text
    kind: Literal["government", "company", "bank", "community", "school", "campus"]
    url: HttpsUrl | None = None
    logo: ImagePath | None = None


# --- Program and event -----------------------------------------------------


class Registration(Model):
    url: HttpsUrl | None = None
    whatsapp: WhatsApp | None = None
    opens: LocalDateTime | None = None
    closes: LocalDateTime | None = None
    capacity: PositiveCount | None = None
    fee: Rupiah | None = None
    status: Literal["open", "full", "closed", "waitlist"] | None = None


class Duration(Model):
    days: PositiveCount | None = None
    weeks: PositiveCount | None = None
    hours: PositiveCount | None = None


Pillar = Literal["srawung", "mbangun", "melesat"]


class Program(Model):
    title: Text
    pillar: Pillar
    kind: Literal["class", "training", "internship", "seminar", "mentoring", "community"]
    summary: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    description: Text
    audience: list[Text] | None = None
    duration: Duration | None = None
    outcomes: list[Text] | None = None
    requirements: list[Text] | None = None
    fee: Rupiah | None = None
    branches: list[Id] | None = None
    partners: list[Id] | None = None
    registration: Registration | None = None
    image: ImagePath | None = None


class Session(Model):
    start: LocalDateTime
    end: LocalDateTime
    title: Text | None = None


class Online(Model):
    url: HttpsUrl | None = None
    platform: Text | None = None


class Speaker(Model):
    name: Text
    role: Text | None = None
    organization: Text | None = None


EventFormat = Literal["offline", "online", "hybrid"]
EventStatus = Literal["scheduled", "cancelled", "postponed", "rescheduled", "moved-online"]


class Event(Model):
    title: Text
    program: Id | None = None
    format: EventFormat
    branch: Id | None = None
    room: Id | None = None
    start: LocalDateTime
    end: LocalDateTime
    sessions: list[Session] | None = None
    online: Online | None = None
    registration: Registration | None = None
    status: EventStatus = "scheduled"
    previous_start: LocalDateTime | None = None
    speakers: list[Speaker] | None = None
    partners: list[Id] | None = None
    tags: list[Text] | None = None
    image: ImagePath | None = None
    attendance: Count | None = None
    # Optional, not in the original spec: when the event's details last
    # changed, for calendar clients (DTSTAMP, LAST-MODIFIED) and feeds.
    updated: LocalDateTime | None = None


# --- Success stories and the showcase of members' businesses -----------------

# Fixed lists: a filter or a count per category or regency only works when
# everyone writes the same words.
SHOWCASE_CATEGORIES = (
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
)
Category = Literal[
    "kuliner", "fashion", "kriya", "film", "musik", "aplikasi", "jasa", "pertanian", "pendidikan", "lainnya"
]

# The 29 regencies and 6 cities of Central Java, as staff write them.
CentralJavaPlace = Literal[
    "Kabupaten Banjarnegara",
    "Kabupaten Banyumas",
    "Kabupaten Batang",
    "Kabupaten Blora",
    "Kabupaten Boyolali",
    "Kabupaten Brebes",
    "Kabupaten Cilacap",
    "Kabupaten Demak",
    "Kabupaten Grobogan",
    "Kabupaten Jepara",
    "Kabupaten Karanganyar",
    "Kabupaten Kebumen",
    "Kabupaten Kendal",
    "Kabupaten Klaten",
    "Kabupaten Kudus",
    "Kabupaten Magelang",
    "Kabupaten Pati",
    "Kabupaten Pekalongan",
    "Kabupaten Pemalang",
    "Kabupaten Purbalingga",
    "Kabupaten Purworejo",
    "Kabupaten Rembang",
    "Kabupaten Semarang",
    "Kabupaten Sragen",
    "Kabupaten Sukoharjo",
    "Kabupaten Tegal",
    "Kabupaten Temanggung",
    "Kabupaten Wonogiri",
    "Kabupaten Wonosobo",
    "Kota Magelang",
    "Kota Pekalongan",
    "Kota Salatiga",
    "Kota Semarang",
    "Kota Surakarta",
    "Kota Tegal",
]
CENTRAL_JAVA: tuple[str, ...] = get_args(CentralJavaPlace)


def _flag(value: Any) -> Any:
    # Only `true` or `false`: pydantic would also read `yes`, `on` or `1`, and
    # consent must be given in so many words.
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        raise ValueError("harus `true` atau `false`")
    return value


Flag = Annotated[bool, BeforeValidator(_flag)]


def _instagram(value: str) -> str:
    if not re.fullmatch(r"@?[A-Za-z0-9._]{1,30}", value):
        raise ValueError("harus nama akun Instagram saja, tanpa alamat web, misalnya @batikpesisir")
    return value.lstrip("@")


InstagramHandle = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    AfterValidator(_instagram),
    WithJsonSchema({"type": "string", "pattern": r"^@?[A-Za-z0-9._]{1,30}$"}),
]

ConsentDate = Annotated[
    date,
    BeforeValidator(_plain_date),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "description": "Tanggal persetujuan publikasi diberikan, misalnya 2026-01-15",
        }
    ),
]


class Story(Model):
    # `consent` and `consent_date` are optional here so that a missing one is
    # reported by checks.py in words about consent (persetujuan), not as a
    # plain missing field; nothing without them is ever published.
    name: Text
    business_kind: Text
    city: CentralJavaPlace
    branch: Id
    # Must not be empty; checked in checks.py with a plain message.
    programs: list[Id]
    quote: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    image: ImagePath | None = None
    image_alt: Text | None = None
    consent: Flag | None = None
    consent_date: ConsentDate | None = None


class ShowcaseLinks(Model):
    marketplace: HttpsUrl | None = None
    instagram: InstagramHandle | None = None
    whatsapp: WhatsApp | None = None
    website: HttpsUrl | None = None


class Showcase(Model):
    name: Text
    category: Category
    city: CentralJavaPlace
    description: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    products: list[Text]
    links: ShowcaseLinks | None = None
    # Optional: the id of this business's success story (content/stories/<id>.md).
    story: Id | None = None
    consent: Flag | None = None
    consent_date: ConsentDate | None = None
