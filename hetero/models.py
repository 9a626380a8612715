"""The content model: what each field of a content file may hold.

These models describe exactly the fields staff write (see
`docs/content-model.md`); the JSON Schemas for editors are generated
from them. They check the shape and type of each value. Rules that relate
fields or files to each other (end after start, references, double bookings)
live in `checks.py`, where a problem can point at the right line.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal, TypeVar, get_args, get_type_hints
from zoneinfo import ZoneInfo

from annotated_types import Ge, Gt, Le
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    create_model,
)
from pydantic_core import PydanticCustomError

WIB = ZoneInfo("Asia/Jakarta")

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

# --- Value types -----------------------------------------------------------
# Every scalar reaches the models as the text the person typed (see
# yamlread.py), so each type below parses text by its own rules.

# Bounds, well above anything real content needs: they keep a pasted
# document or a typo in a year from growing the site by megabytes or
# overflowing date arithmetic during the build. messages.py names them.
MAX_TITLE = 150
MAX_LINE = 200
MAX_TEXT = 20_000
MAX_URL = 2_000
MAX_ITEMS = 100
MAX_COUNT = 1_000_000
MAX_RUPIAH = 1_000_000_000
MIN_YEAR, MAX_YEAR = 2000, 2100
MIN_OFFSET, MAX_OFFSET = timedelta(hours=-12), timedelta(hours=14)

# Line breaks of every kind: a one-line value is printed into calendar lines,
# page front matter and link previews, where a break splits or ends it.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# Invisible characters nobody types on purpose (C0 and C1 controls, DEL,
# stray surrogates, and the bidirectional overrides that make text read
# differently from what it says); tab and newline are what a multi-line text may hold.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _control_character(value: str) -> PydanticCustomError:
    char = next(c for c in value if c == "\t" or _CONTROL.match(c))
    return PydanticCustomError(
        "control_character", "invisible control character", {"code": f"U+{ord(char):04X}"}
    )


def _one_line(value: str) -> str:
    if any(char in LINE_BREAKS for char in value):
        raise PydanticCustomError("one_line", "line break in a one-line value")
    if "\t" in value or _CONTROL.search(value):
        raise _control_character(value)
    return value


def _clean_text(value: str) -> str:
    if _CONTROL.search(value):
        raise _control_character(value)
    return value


def _line(max_length: int) -> Any:
    """A one-line text, as every title, name, label and list item is."""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length),
        AfterValidator(_one_line),
    ]


def _text(max_length: int) -> Any:
    """A text that may run over several lines and paragraphs."""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length),
        AfterValidator(_clean_text),
    ]


Title = _line(MAX_TITLE)
Line = _line(MAX_LINE)
Text = _text(MAX_TEXT)
Id = Annotated[str, StringConstraints(max_length=MAX_TITLE, pattern=ID_PATTERN)]
# A reference to another file by its id. Any one-line text is read here, so
# that checks.py, which knows every branch, program and partner, can tell
# which id a name like `Semarang` meant; an id that does not exist is
# reported there. Editors see the id's pattern all the same.
Ref = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_TITLE),
    AfterValidator(_one_line),
    WithJsonSchema({"maxLength": MAX_TITLE, "pattern": ID_PATTERN, "type": "string"}),
]

T = TypeVar("T")
Items = Annotated[list[T], Field(max_length=MAX_ITEMS)]


def _whole_number(value: Any) -> Any:
    # Pydantic would read "50.000" as fifty; in Indonesia it means fifty thousand.
    if isinstance(value, str) and not re.fullmatch(r"-?\d+", value.strip()):
        raise ValueError("whole_number")
    return value


Count = Annotated[int, Ge(0), Le(MAX_COUNT), BeforeValidator(_whole_number)]
PositiveCount = Annotated[int, Gt(0), Le(MAX_COUNT), BeforeValidator(_whole_number)]
Rupiah = Annotated[int, Ge(0), Le(MAX_RUPIAH), BeforeValidator(_whole_number)]


def _https_url(value: str) -> str:
    if not re.fullmatch(r"https://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?", value):
        raise ValueError("https_url")
    return value


HttpsUrl = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=MAX_URL),
    AfterValidator(_one_line),
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
    offset = parsed.utcoffset()
    # The offsets in use on Earth; anything else is a typo (and +23:59 near a
    # year bound would overflow when converted).
    if offset is not None and not MIN_OFFSET <= offset <= MAX_OFFSET:
        raise ValueError("offset_range")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=WIB)


def _in_year_range(value: date) -> date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise PydanticCustomError("year_range", "year out of range", {"year": value.year})
    return value


LocalDateTime = Annotated[
    datetime,
    BeforeValidator(parse_datetime),
    AfterValidator(_in_year_range),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(:\d{2})?\s*(Z|[+-]\d{2}:?\d{2})?$",
            "description": "Tanggal dan jam, misalnya 2027-01-23 09:00 (WIB bila tanpa zona)",
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
    AfterValidator(_in_year_range),
    WithJsonSchema({"type": "string", "format": "date", "description": "Tanggal, misalnya 2020-01-31"}),
]

ImagePath = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_LINE),
    AfterValidator(_one_line),
    Field(description="Jalur gambar di dalam folder content/, misalnya images/acara/peluncuran.jpg"),
]


class Model(BaseModel):
    """Immutable, and refusing any field the spec does not name."""

    # defer_build: each validator is built when first used, not at import; a
    # `hetero validate` that reads every file from its cache (hetero/cache.py)
    # validates almost nothing, and building them all took a fifth of its time.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


M = TypeVar("M", bound=BaseModel)


@functools.cache
def draft(model: type[M]) -> type[M]:
    """`model` with every field optional, each value checked as in `model`.

    When a required field of a file is broken, what is left of the file is
    read with this model, so that its references (branch, room, program) are
    still checked in the same run. Drafts are never published: the file has an
    error, and any error stops the build.
    """
    hints = get_type_hints(model, include_extras=True)
    fields: dict[str, Any] = {name: (hints[name] | None, None) for name in model.model_fields}
    return create_model(f"{model.__name__}Draft", __base__=Model, **fields)


# --- Branch ----------------------------------------------------------------


class Address(Model):
    street: Line
    district: Line | None = None
    city: Line | None = None
    province: Line | None = None
    postal_code: Annotated[str, StringConstraints(pattern=r"^\d{5}$")] | None = None


class Geo(Model):
    lat: Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
    lon: Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]


class Hours(Model):
    days: Line
    open: ClockTime
    close: ClockTime


Email = Annotated[
    str,
    StringConstraints(max_length=MAX_LINE, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
    AfterValidator(_one_line),
]


class Contact(Model):
    whatsapp: WhatsApp | None = None
    email: Email | None = None
    instagram: Line | None = None
    phone: Annotated[str, StringConstraints(pattern=r"^\+?[\d \-()]{6,20}$")] | None = None


SpaceKind = Literal[
    "coworking", "meeting", "classroom", "event", "private-office", "maker", "studio", "coliving"
]


class Space(Model):
    id: Id
    name: Title
    kind: SpaceKind
    capacity: PositiveCount | None = None


BranchStatus = Literal["open", "planned", "renovating", "closed"]


class Branch(Model):
    name: Title
    city: Line
    status: BranchStatus
    opened: PlainDate | None = None
    address: Address | None = None
    geo: Geo | None = None
    hours: Items[Hours] | None = None
    contact: Contact | None = None
    spaces: Items[Space] | None = None
    image: ImagePath | None = None


# --- Partner ---------------------------------------------------------------


PartnerKind = Literal["government", "company", "bank", "community", "school", "campus"]


class Partner(Model):
    name: Title
    kind: PartnerKind
    url: HttpsUrl | None = None
    logo: ImagePath | None = None


# --- Program and event -----------------------------------------------------


# Staff's override of the registration state the dates would give.
RegistrationStatus = Literal["open", "full", "closed", "waitlist"]


class Registration(Model):
    url: HttpsUrl | None = None
    whatsapp: WhatsApp | None = None
    opens: LocalDateTime | None = None
    closes: LocalDateTime | None = None
    capacity: PositiveCount | None = None
    fee: Rupiah | None = None
    status: RegistrationStatus | None = None
    # How and when to pay for a paid class (account, deadline, refunds), as
    # staff would write it in a chat: several lines, printed as they are.
    payment: _text(2_000) | None = None


class Duration(Model):
    days: PositiveCount | None = None
    weeks: PositiveCount | None = None
    hours: PositiveCount | None = None


Pillar = Literal["srawung", "mbangun", "melesat"]
ProgramKind = Literal["class", "training", "internship", "seminar", "mentoring", "community"]


class Program(Model):
    title: Title
    pillar: Pillar
    kind: ProgramKind
    summary: _line(200)
    description: Text
    audience: Items[Line] | None = None
    duration: Duration | None = None
    outcomes: Items[Line] | None = None
    requirements: Items[Line] | None = None
    fee: Rupiah | None = None
    branches: Items[Ref] | None = None
    partners: Items[Ref] | None = None
    registration: Registration | None = None
    image: ImagePath | None = None


class Session(Model):
    start: LocalDateTime
    end: LocalDateTime
    title: Title | None = None


class Online(Model):
    url: HttpsUrl | None = None
    platform: Line | None = None


class Speaker(Model):
    name: Title
    role: Line | None = None
    organization: Line | None = None


# The person visitors may ask about one event; checks.py asks for a WhatsApp
# number or an email. (A comment, not a docstring: the schema would print it.)
class EventContact(Model):
    name: Title
    whatsapp: WhatsApp | None = None
    email: Email | None = None


MaterialKind = Literal["slides", "photos", "recording", "other"]


# Something shared after the event: slides, photos, a recording.
class Material(Model):
    title: Title
    url: HttpsUrl
    kind: MaterialKind = "other"


EventFormat = Literal["offline", "online", "hybrid"]
EventStatus = Literal["scheduled", "cancelled", "postponed", "rescheduled", "moved-online"]


class Event(Model):
    title: Title
    program: Ref | None = None
    format: EventFormat
    branch: Ref | None = None
    room: Ref | None = None
    start: LocalDateTime
    end: LocalDateTime
    sessions: Items[Session] | None = None
    online: Online | None = None
    registration: Registration | None = None
    status: EventStatus = "scheduled"
    previous_start: LocalDateTime | None = None
    speakers: Items[Speaker] | None = None
    partners: Items[Ref] | None = None
    tags: Items[Line] | None = None
    image: ImagePath | None = None
    attendance: Count | None = None
    # Optional, not in the original spec: when the event's details last
    # changed, for calendar clients (DTSTAMP, LAST-MODIFIED) and feeds.
    updated: LocalDateTime | None = None
    # Optional, added with the event page's contact box and the material
    # shared afterwards (shown only once the event has ended).
    contact: EventContact | None = None
    materials: Items[Material] | None = None


# --- The site's footer --------------------------------------------------------


class SocialLink(Model):
    name: Line
    url: HttpsUrl


# `content/site.yml`: what the footer of every page says besides the branch's own facts.
class SiteInfo(Model):
    # The office Hetero Space belongs to, named in every footer.
    office: Title
    office_url: HttpsUrl | None = None
    # The branch whose address, WhatsApp and hours the footer shows.
    branch: Id
    social: Items[SocialLink] | None = None


# --- Success stories and the showcase of members' businesses -----------------

# Fixed lists: a filter or a count per category or regency only works when
# everyone writes the same words.
Category = Literal[
    "kuliner", "fashion", "kriya", "film", "musik", "aplikasi", "jasa", "pertanian", "pendidikan", "lainnya"
]
SHOWCASE_CATEGORIES: tuple[str, ...] = get_args(Category)

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
    AfterValidator(_in_year_range),
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
    name: Title
    business_kind: Line
    city: CentralJavaPlace
    branch: Ref
    # Must not be empty; checked in checks.py with a plain message.
    programs: Items[Ref]
    quote: _text(300)
    image: ImagePath | None = None
    image_alt: Line | None = None
    consent: Flag | None = None
    consent_date: ConsentDate | None = None


class ShowcaseLinks(Model):
    marketplace: HttpsUrl | None = None
    instagram: InstagramHandle | None = None
    whatsapp: WhatsApp | None = None
    website: HttpsUrl | None = None


class Showcase(Model):
    name: Title
    category: Category
    city: CentralJavaPlace
    description: _text(300)
    products: Items[Line]
    links: ShowcaseLinks | None = None
    # Optional: the id of this business's success story (content/stories/<id>.md).
    story: Ref | None = None
    consent: Flag | None = None
    consent_date: ConsentDate | None = None
