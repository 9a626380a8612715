"""How a visitor can register for an event, and whether they can right now."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from hetero.catalog import Catalog, EventRecord
from hetero.models import Registration

RegistrationState = Literal[
    "not-yet-open", "open", "waitlist", "full", "closed", "finished", "cancelled", "postponed", "none"
]


# The last catalog asked about and each of its events' answer, kept with the
# event itself so that an id reused by a later object can never match. The
# checks and every page that shows an event ask again (four times per event
# in a build); a Registration is frozen, so one answer serves them all.
_answers: tuple[Catalog | None, dict[int, tuple[EventRecord, Registration]]] = (None, {})


def effective_registration(event: EventRecord, catalog: Catalog) -> Registration:
    """The event's registration, each field falling back to its program's.

    A program usually sets the form and the fee once; each batch adds its own
    dates and capacity.
    """
    global _answers
    if _answers[0] is not catalog:
        _answers = (catalog, {})
    known = _answers[1].get(id(event))
    if known is not None and known[0] is event:
        return known[1]
    registration = _merged_registration(event, catalog)
    _answers[1][id(event)] = (event, registration)
    return registration


def _merged_registration(event: EventRecord, catalog: Catalog) -> Registration:
    program = catalog.programs.get(event.data.program or "")
    inherited = program.data.registration if program else None
    merged: dict[str, object] = {}
    if program and program.data.fee is not None:
        merged["fee"] = program.data.fee
    for source in (inherited, event.data.registration):
        if source is not None:
            merged.update(source.model_dump(exclude_none=True))
    return Registration.model_validate(merged)


def registration_state(event: EventRecord, registration: Registration, now: datetime) -> RegistrationState:
    """What the registration button says at `now`.

    The order matters: the event's own status outranks everything; an event
    that is over is over; then staff's `status` in the registration is an
    override, as the content model says; only without it do the dates decide.
    """
    data = event.data
    if data.status == "cancelled":
        return "cancelled"
    if data.status == "postponed":
        return "postponed"
    if now >= data.end:
        return "finished"
    if registration.url is None and registration.whatsapp is None:
        return "none"
    if registration.status is not None:
        return registration.status
    if now >= (registration.closes or data.start):
        return "closed"
    if registration.opens is not None and now < registration.opens:
        return "not-yet-open"
    return "open"
