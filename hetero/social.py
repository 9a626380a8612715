"""Share images for events: one 1200×630 PNG per event, drawn at build time.

A link to an event shared in WhatsApp shows this card: the title, the date,
the time, the place and the branch, readable in the chat before anyone
opens the page. Only events that also get their own calendar file get one
(`facts.has_event_calendar`: upcoming or ended within 90 days); older events
keep the default images, so ten years of history cost nothing here.

The bytes depend only on the content: the font ships in this package
(`hetero/fonts`, DejaVu Sans reduced to Latin), text is laid out with
Pillow's basic layout (not Raqm, whose presence differs between machines),
and the PNG carries no time or text chunks.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageFont

from hetero.catalog import Catalog, EventRecord
from hetero.facts import goes_ahead, has_event_calendar, where
from hetero.helper import shared
from hetero.incremental import per_event_batch
from hetero.kinds import EVENTS
from hetero.timefmt import format_clock, format_day, format_time, in_wib

SIZE = (1200, 630)
# Under which name the preview keeps each event's card (hetero/incremental.py).
CARD_RESULT = f"{__name__}.card"
MARGIN = 80
FONTS = Path(__file__).resolve().parent / "fonts"

# The default cards' colours (scripts/social_images.py): a program's pillar,
# else the site's own; white text on each passes WCAG AA.
DEFAULT_COLOUR = "#0f5b66"
PILLAR_COLOURS = {"srawung": "#7a2e08", "mbangun": "#0a434b", "melesat": "#3b2e8c"}
ACCENT = "#f2a65a"
SOFT = "#e6eef0"

# What a status that changes the plan says on the card, in a band of its own.
STATUS_BANDS = {
    "cancelled": ("DIBATALKAN", "#b3261e"),
    "postponed": ("DITUNDA", "#8a5a00"),
    "rescheduled": ("JADWAL BARU", "#8a5a00"),
    "moved-online": ("PINDAH KE DARING", "#8a5a00"),
}


def card_path(event_id: str) -> str:
    """The site path of an event's share image, beside its page and calendar file."""
    return EVENTS.site_path(f"{event_id}.png")


@dataclass(frozen=True)
class Card:
    """What one card shows, as text; drawing needs nothing else."""

    title: str
    date: str
    time: str
    place: str
    branch: str
    status: str
    status_colour: str
    colour: str
    # Whether the date no longer holds (cancelled, postponed): drawn struck through.
    struck: bool


def card_for(event: EventRecord, catalog: Catalog) -> Card:
    data = event.data
    at = where(event, catalog)
    start, end = data.start, data.end
    if in_wib(start).date() == in_wib(end).date():
        date = format_day(start)
    else:
        date = f"{format_day(start)} – {format_day(end)}"
    if at.venue is None:
        place = at.online_text
    else:
        place = at.room or at.venue.data.name
        if at.mode == "hybrid":
            place += f" atau {at.online_text}"
    branch = catalog.branches.get(data.branch or "")
    program = catalog.programs.get(data.program or "")
    band = STATUS_BANDS.get(data.status)
    return Card(
        title=data.title,
        date=date,
        time=f"{format_clock(start)}–{format_time(end)}",
        place=place,
        branch=branch.data.name if branch else "Hetero Space",
        status=band[0] if band else "",
        status_colour=band[1] if band else "",
        colour=PILLAR_COLOURS.get(program.data.pillar, DEFAULT_COLOUR) if program else DEFAULT_COLOUR,
        struck=not goes_ahead(event),
    )


@functools.cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONTS / name), size, layout_engine=ImageFont.Layout.BASIC)


def _fit(text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """`text` cut with an ellipsis where it would pass `width` pixels."""
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, lines: int) -> list[str]:
    """At most `lines` lines of `text` no wider than `width`; the last one ends with … when cut."""
    words, wrapped = text.split(), []
    current = ""
    for index, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if font.getlength(candidate) <= width or not current:
            current = candidate
            continue
        wrapped.append(current)
        current = word
        if len(wrapped) == lines - 1:
            current = " ".join(words[index:])
            break
    wrapped.append(current)
    return [*wrapped[:-1], _fit(wrapped[-1], font, width)]


def draw(card: Card) -> bytes:
    """The card as PNG bytes."""
    image = Image.new("RGB", SIZE, card.colour)
    pen = ImageDraw.Draw(image)
    width = SIZE[0] - 2 * MARGIN
    pen.rectangle((0, SIZE[1] - 24, SIZE[0], SIZE[1]), fill=ACCENT)
    header = _font(30, bold=True)
    pen.text((MARGIN, 56), _fit(card.branch, header, width), fill=ACCENT, font=header)
    top = 112
    if card.status:
        label = _font(28, bold=True)
        box = pen.textbbox((MARGIN + 16, top + 8), card.status, font=label)
        pen.rectangle((MARGIN, top, box[2] + 16, box[3] + 12), fill=card.status_colour)
        pen.text((MARGIN + 16, top + 8), card.status, fill="white", font=label)
        top = box[3] + 36
    # A long title gets a smaller size before it is cut.
    for size, rows in ((64, 2), (54, 3), (46, 3)):
        title_font = _font(size, bold=True)
        lines = _wrap(card.title, title_font, width, rows)
        if not lines[-1].endswith("…") or size == 46:
            break
    for line in lines:
        pen.text((MARGIN, top), line, fill="white", font=title_font)
        top += int(size * 1.2)
    top = max(top + 24, 360)
    body = _font(36)
    for text, struck in ((card.date, card.struck), (card.time, card.struck), (card.place, False)):
        shown = _fit(text, body, width)
        pen.text((MARGIN, top), shown, fill=SOFT, font=body)
        if struck:
            middle = top + 20
            pen.line((MARGIN, middle, MARGIN + body.getlength(shown), middle), fill=SOFT, width=3)
        top += 52
    out = io.BytesIO()
    # Text and flat areas are all the card has: mapped onto a palette of its
    # own colours it takes a third of the bytes of full colour, and mapping
    # onto a known palette is far quicker than choosing one (median cut).
    image.quantize(palette=_palette(card), dither=Image.Dither.NONE).save(out, format="PNG", compress_level=6)
    return out.getvalue()


# Steps between a background and the text drawn on it: enough for smooth
# anti-aliased edges at these sizes.
_STEPS = 16


def _palette(card: Card) -> Image.Image:
    """Every colour the card can hold: each text colour blended into the background it sits on."""
    pairs = [(card.colour, "white"), (card.colour, SOFT), (card.colour, ACCENT)]
    if card.status:
        pairs.append((card.status_colour, "white"))
    colours = []
    for back, fore in pairs:
        b, f = ImageColor.getrgb(back), ImageColor.getrgb(fore)
        colours += [
            tuple(round(b[i] + (f[i] - b[i]) * step / (_STEPS - 1)) for i in range(3))
            for step in range(_STEPS)
        ]
    palette = Image.new("P", (1, 1))
    palette.putpalette([value for colour in colours for value in colour])
    return palette


def _draw_all(cards: list[Card]) -> list[bytes]:
    return [draw(card) for card in cards]


# Below this many cards, drawing them here (about 15 ms each) is done before a
# second process would be ready to draw: it spends about half a second importing.
_WORKER_FROM = 24
# Cards a helper process is handed at a time (hetero/helper.py): small, so that
# whatever it has not started when the caller is ready to wait is little.
_BATCH = 4


@contextmanager
def drawing_cards(catalog: Catalog, now: datetime) -> Iterator[Callable[[], dict[str, bytes]]]:
    """Start drawing every share image; the function given waits for them, by path in the docs folder.

    At thousands of events the cards take seconds, so a second process draws
    them while the caller writes pages; the cards it has not taken by the
    time the caller waits are drawn by the caller. The preview redraws only
    the cards of edited events (hetero/incremental.py).
    """
    events = [event for event in catalog.events if has_event_calendar(event, now)]
    with ExitStack() as stack:

        def start(missing: list[EventRecord]) -> Callable[[], list[bytes]]:
            cards = [card_for(event, catalog) for event in missing]
            if len(cards) < _WORKER_FROM:
                return lambda: _draw_all(cards)
            drawn = shared(_draw_all, cards, _BATCH, stack)
            return lambda: list(drawn)

        collect = per_event_batch(CARD_RESULT, events, start)
        yield lambda: {card_path(event.id): png for event, png in zip(events, collect(), strict=True)}


def event_cards(catalog: Catalog, now: datetime) -> dict[str, bytes]:
    """Every share image, by its path in the docs folder."""
    with drawing_cards(catalog, now) as cards:
        return cards()
