"""Share cards at the scale where a second process draws them (hetero/social.py).

The sample content has too few upcoming events for that, so thirty more are
added. Whichever process draws a card, and whether the preview reuses it,
an event gets the same image: the one `social.draw` makes for it alone.
"""

from __future__ import annotations

import pytest
from conftest import NOW
from sitehelpers import copy_repo, write_events

from hetero import social
from hetero.catalog import Catalog
from hetero.facts import has_event_calendar
from hetero.incremental import EventMemo, remembering
from hetero.validate import validate

STATUSES = ("scheduled", "cancelled", "postponed", "scheduled", "moved-online")
MANY = {
    f"2027-05-{day:02d}-uji-kartu-{day}": f"""
        title: Kelas Kartu Uji Nomor {day} dengan Judul yang Cukup Panjang untuk Dua Baris
        format: offline
        status: {STATUSES[day % len(STATUSES)]}
        branch: semarang
        room: aula
        start: 2027-05-{day:02d} 09:00
        end: 2027-05-{day:02d} 11:00
    """
    for day in range(1, 31)
}


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    root = copy_repo(tmp_path_factory.mktemp("repo"))
    write_events(root, MANY)
    catalog, found = validate(root, NOW)
    assert not [d for d in found if d.severity == "error"], found
    return catalog


def _one_by_one(catalog: Catalog) -> dict[str, bytes]:
    return {
        social.card_path(event.id): social.draw(social.card_for(event, catalog))
        for event in catalog.events
        if has_event_calendar(event, NOW)
    }


def test_every_card_is_the_image_drawn_for_its_event_alone(catalog: Catalog) -> None:
    expected = _one_by_one(catalog)
    assert len(expected) >= 40
    assert social.event_cards(catalog, NOW) == expected


def test_the_preview_redraws_only_the_card_of_an_edited_event(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _one_by_one(catalog)
    memo = EventMemo()
    memo.stamps = {event.source.path: (1, 10, 7) for event in catalog.events}
    with remembering(memo):
        assert social.event_cards(catalog, NOW) == expected
        drawn: list[str] = []
        draw = social.draw
        monkeypatch.setattr(social, "draw", lambda card: drawn.append(card.title) or draw(card))
        edited = next(event for event in catalog.events if event.id in MANY)
        memo.stamps[edited.source.path] = 2
        assert social.event_cards(catalog, NOW) == expected
    assert drawn == [edited.data.title]
