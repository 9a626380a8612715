"""Rules that relate fields and files to each other.

The models check each value on its own; here we check what only makes sense
across values (an end after its start), across files (a program that
exists, a room that is free) or against the clock (warnings about upcoming and
past events). Each check is a plain function from records to diagnostics.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel

from hetero.catalog import Catalog, EventRecord, Record
from hetero.diagnostics import Diagnostic
from hetero.incremental import per_event
from hetero.messages import did_you_mean
from hetero.models import WIB, Branch, Event, Partner, Program, Registration, Showcase, Story
from hetero.registration import effective_registration
from hetero.timefmt import format_datetime

Found = Iterator[Diagnostic]

# Text that `hetero new` (scaffold.py) and the starter files in contoh-berkas/ put
# where staff must write their own, so that a file still holding any of it is
# caught before it is published, link previews included.
EVENT_PLACEHOLDER = "Tulis deskripsi acara di sini: untuk siapa, apa yang dipelajari, apa yang perlu dibawa."
PROGRAM_PLACEHOLDER = "Tulis deskripsi program di sini: tujuan, materi, dan cara belajarnya."
STORY_PLACEHOLDER = (
    "Tulis ceritanya di sini: usaha sebelum ikut program, apa yang dipelajari, dan hasilnya sekarang."
)
PLACEHOLDERS = (
    EVENT_PLACEHOLDER,
    PROGRAM_PLACEHOLDER,
    STORY_PLACEHOLDER,
    # contoh-berkas/acara-baru.md
    "Ganti paragraf ini dengan deskripsi acara: untuk siapa acaranya, apa yang dipelajari atau "
    "dilakukan, dan apa yang perlu dibawa peserta.",
    "Nama Pembicara",
    "Nama Usaha",
    "https://zoom.us/j/1234567890",
)
# A placeholder is recognised by its first words, whatever the line breaks, so
# that one with only its end edited is still caught.
_PLACEHOLDER_LEADS = re.compile(
    "|".join(r"\s+".join(map(re.escape, text.split()[:5])) for text in PLACEHOLDERS), re.IGNORECASE
)


def _error(record: Record, message: str, *loc: str | int) -> Diagnostic:
    line, col = record.source.at(*loc)
    return Diagnostic(record.source.path, line, col, "error", message)


def _warning(record: Record, message: str, *loc: str | int) -> Diagnostic:
    line, col = record.source.at(*loc)
    return Diagnostic(record.source.path, line, col, "warning", message)


def _missing_reference(
    kind: str, value: str, known: list[str], names: Mapping[str, str] | None = None, noun: str = ""
) -> str:
    """`kind value` not found, with the id most likely meant.

    Staff often write what they see on the site, a branch's city or a
    program's title, where the file wants an id: `names` maps such names,
    in lower case, to their ids, and `noun` says what the id is of.
    """
    meant = (names or {}).get(value.strip().casefold())
    if meant is not None:
        return f"{kind} `{value}` tidak ditemukan. Maksud Anda `{meant}`? Tulis id {noun}, bukan namanya."
    as_id = re.sub(r"[^a-z0-9]+", "-", value.casefold()).strip("-")
    if as_id in known:
        return (
            f"{kind} `{value}` tidak ditemukan. Maksud Anda `{as_id}`? "
            "Id ditulis dengan huruf kecil dan tanda hubung, tanpa spasi."
        )
    hint = did_you_mean(value, known)
    if not hint:
        shown = ", ".join(f"`{k}`" for k in sorted(known)[:8]) or "belum ada"
        hint = f" Yang ada: {shown}."
    return f"{kind} `{value}` tidak ditemukan.{hint}"


def _names(records: Mapping[str, Record], *fields: str) -> dict[str, str]:
    """Each record's `fields` (name, city, title) in lower case, to the record's id."""
    found: dict[str, str] = {}
    for record_id, record in records.items():
        for name in fields:
            found.setdefault(str(getattr(record.data, name)).strip().casefold(), record_id)
    return found


def _check_partner_refs(record: Record, partners: list[str] | None, catalog: Catalog) -> Found:
    if not partners:
        return
    known = _known(catalog.partners, catalog, Partner)
    for index, partner in enumerate(partners):
        if partner not in known:
            # Only for a message: every event calls this, and few miss a partner.
            names = _names(catalog.partners, "name")
            yield _error(
                record,
                _missing_reference("mitra", partner, known, names, "mitra")
                + " Mitra didaftarkan di content/partners.yml.",
                "partners",
                index,
            )


def _check_image(record: Record, image: str | None, content_dir: Path, *loc: str) -> Found:
    if image is None:
        return
    inside = not Path(image).is_absolute() and ".." not in Path(image).parts
    if not inside:
        yield _error(
            record,
            f"gambar `{image}` harus berada di folder content/; tulis jalurnya dari folder itu, "
            "misalnya images/acara/peluncuran.jpg",
            *loc,
        )
    elif not _is_file(content_dir / image):
        yield _error(
            record,
            f"gambar `{image}` tidak ada di folder content/; unggah gambarnya atau perbaiki jalurnya",
            *loc,
        )


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        # A name longer than the file system allows (200 characters of
        # non-Latin script can be): no such image can exist.
        return False


def _known(records: Mapping[str, Record], catalog: Catalog, model: type[BaseModel]) -> list[str]:
    """The ids of `model` that exist, counting files that have errors of their own.

    A reference to a file with its own mistake is not reported as missing:
    that file's error is the one to fix.
    """
    return [*records, *(draft.id for draft in catalog.drafts_of(model))]


def _check_registration_window(record: Record, registration: Registration | None, *loc: str) -> Found:
    if (
        registration
        and registration.opens
        and registration.closes
        and registration.opens >= registration.closes
    ):
        yield _error(
            record,
            "pendaftaran dibuka (`opens`) setelah atau saat ditutup (`closes`); `opens` harus lebih awal",
            *loc,
            "opens",
        )


def _branch_names(catalog: Catalog) -> dict[str, str]:
    return _names(catalog.branches, "name", "city")


# --- Branches and partners -------------------------------------------------


def check_branches(catalog: Catalog, content_dir: Path) -> Found:
    for branch in (*catalog.branches.values(), *catalog.drafts_of(Branch)):
        data = branch.data
        if data.status == "open" and data.opened is None:
            yield _error(branch, "cabang yang buka perlu tanggal `opened`, misalnya 2020-01-31", "status")
        if data.status == "open" and data.address is None:
            yield _error(branch, "cabang yang buka perlu `address` (alamat)", "status")
        space_ids = [space.id for space in data.spaces or []]
        for index, space_id in enumerate(space_ids):
            if space_id in space_ids[:index]:
                yield _error(branch, f"id ruang `{space_id}` dipakai dua kali", "spaces", index, "id")
        yield from _check_image(branch, data.image, content_dir, "image")


def check_partners(catalog: Catalog, content_dir: Path) -> Found:
    for partner in (*catalog.partners.values(), *catalog.drafts_of(Partner)):
        yield from _check_image(partner, partner.data.logo, content_dir, "logo")


# --- Programs --------------------------------------------------------------


def check_programs(catalog: Catalog, content_dir: Path) -> Found:
    branches = _known(catalog.branches, catalog, Branch)
    for program in (*catalog.programs.values(), *catalog.drafts_of(Program)):
        data = program.data
        for index, branch_id in enumerate(data.branches or []):
            if branch_id not in branches:
                yield _error(
                    program,
                    _missing_reference("cabang", branch_id, branches, _branch_names(catalog), "cabang"),
                    "branches",
                    index,
                )
        yield from _check_partner_refs(program, data.partners, catalog)
        if data.duration is not None:
            units = [v for v in data.duration.model_dump().values() if v is not None]
            if len(units) != 1:
                yield _error(
                    program,
                    "`duration` diisi tepat satu dari `days`, `weeks` atau `hours`, misalnya `days: 3`",
                    "duration",
                )
        yield from _check_registration_window(program, data.registration, "registration")
        yield from _check_image(program, data.image, content_dir, "image")


# --- Events ----------------------------------------------------------------


def _check_event_times(event: EventRecord) -> Found:
    data = event.data
    file_date = event.id[:10]
    if data.start.date().isoformat() != file_date:
        yield _error(
            event,
            f"tanggal mulai {data.start.date().isoformat()} tidak sama dengan tanggal di nama berkas "
            f"({file_date}); samakan keduanya",
            "start",
        )
    if data.end <= data.start:
        yield _error(event, "`end` (selesai) harus setelah `start` (mulai)", "end")
    if data.status == "rescheduled" and data.previous_start is None:
        yield _error(
            event,
            "acara yang dijadwal ulang perlu `previous_start`: jadwal mulai sebelumnya",
            "status",
        )
    sessions = sorted(enumerate(data.sessions or []), key=lambda pair: pair[1].start)
    # The latest end among earlier sessions: a session starting before it
    # overlaps one of them, not only the one just before.
    busy_until = None
    for index, session in sessions:
        if session.end <= session.start:
            yield _error(event, "sesi ini selesai sebelum atau saat mulai", "sessions", index, "end")
        elif session.start < data.start or session.end > data.end:
            yield _error(
                event,
                "sesi ini berada di luar waktu acara (`start` sampai `end`)",
                "sessions",
                index,
                "start",
            )
        elif busy_until is not None and session.start < busy_until:
            yield _error(
                event,
                "sesi ini bertumpang tindih dengan sesi lain; atur jamnya agar berurutan",
                "sessions",
                index,
                "start",
            )
        if session.end > session.start:
            busy_until = max(busy_until or session.end, session.end)


def _check_event_place(event: EventRecord, catalog: Catalog) -> Found:
    data = event.data
    if data.format in ("offline", "hybrid") and data.branch is None:
        yield _error(
            event,
            f"acara {data.format} perlu `branch` (cabang tempat acara), misalnya `branch: semarang`",
            "format",
        )
    if data.format in ("online", "hybrid") and data.online is None:
        yield _error(
            event,
            f"acara {data.format} perlu `online` dengan `platform` (dan `url` bila sudah ada)",
            "format",
        )
    if data.format == "online" and data.room is not None:
        yield _error(event, "acara online tidak memakai ruang; hapus `room`", "room")
    if data.branch is None:
        return
    branch = catalog.branches.get(data.branch)
    if branch is None:
        known = _known(catalog.branches, catalog, Branch)
        if data.branch in known:
            # A branch file with errors of its own: its rooms and dates cannot be trusted.
            return
        message = _missing_reference("cabang", data.branch, known, _branch_names(catalog), "cabang")
        yield _error(event, message, "branch")
        # With the branch mistyped, a room no branch has is a second mistake.
        rooms = sorted({s.id for b in catalog.branches.values() for s in b.data.spaces or []})
        if data.room is not None and data.room not in rooms:
            yield _error(event, _missing_reference("ruang", data.room, rooms), "room")
        return
    if data.format != "online" and branch.data.status in ("planned", "closed"):
        state = "belum dibuka" if branch.data.status == "planned" else "sudah tutup"
        yield _error(event, f"cabang `{data.branch}` {state}; pilih cabang yang buka", "branch")
    opened = branch.data.opened
    start = data.start
    if data.format != "online" and opened is not None and start is not None and start.date() < opened:
        yield _error(
            event,
            f"acara ini sebelum cabang `{data.branch}` dibuka ({opened.isoformat()})",
            "start",
        )
    if data.room is not None:
        rooms = [space.id for space in branch.data.spaces or []]
        if data.room not in rooms:
            names = {space.name.casefold(): space.id for space in branch.data.spaces or []}
            yield _error(
                event,
                _missing_reference(f"ruang di cabang {data.branch}:", data.room, rooms, names, "ruang"),
                "room",
            )


def _check_event_registration(event: EventRecord, catalog: Catalog) -> Found:
    data = event.data
    if data.registration is None:
        return
    registration = effective_registration(event, catalog)
    if registration.closes is not None and registration.closes > data.end:
        yield _error(
            event,
            "pendaftaran ditutup (`closes`) setelah acara selesai; tutup paling lambat saat acara selesai",
            "registration",
            "closes",
        )
    closes = registration.closes or data.start
    if registration.opens is not None and registration.opens >= closes:
        yield _error(
            event,
            f"pendaftaran dibuka (`opens`) setelah ditutup ({format_datetime(closes)}); "
            "`opens` harus lebih awal",
            "registration",
            "opens",
        )


def check_events(catalog: Catalog, content_dir: Path, now: datetime) -> Found:
    programs = _known(catalog.programs, catalog, Program)
    for event in catalog.events:
        yield from _event_problems(event, catalog, content_dir, programs, now)
    # What needs no time is checked on drafts too: a broken `start` must not
    # hide an unknown branch, room or program in the same file.
    for draft in catalog.drafts_of(Event):
        yield from _event_references(draft, catalog, content_dir, programs)


@per_event
def _event_problems(
    event: EventRecord, catalog: Catalog, content_dir: Path, programs: list[str], now: datetime
) -> tuple[Diagnostic, ...]:
    """What one event's file, the content outside events/ and the clock decide alone.

    Kept between saves by the preview (hetero/incremental.py): at 5,000 events
    these were most of the checking after a save, all for files that did not change.
    """
    return (
        *_check_event_times(event),
        *_check_event_registration(event, catalog),
        *_event_references(event, catalog, content_dir, programs),
        *_placeholders(event, "error" if event.data.end > now else "warning"),
    )


def _event_references(record: Record, catalog: Catalog, content_dir: Path, programs: list[str]) -> Found:
    data = record.data
    yield from _check_event_place(record, catalog)
    if data.program is not None and data.program not in programs:
        message = _missing_reference(
            "program", data.program, programs, _names(catalog.programs, "title"), "program"
        )
        yield _error(record, message, "program")
    yield from _check_partner_refs(record, data.partners, catalog)
    yield from _check_image(record, data.image, content_dir, "image")
    if data.contact is not None and data.contact.whatsapp is None and data.contact.email is None:
        yield _error(
            record,
            "kontak acara perlu `whatsapp` atau `email` agar pengunjung bisa bertanya; "
            "tambahkan salah satunya di bawah `contact:`",
            "contact",
        )


def check_room_bookings(catalog: Catalog) -> Found:
    """Two events may not hold the same room at the same time."""
    by_room: dict[tuple[str, str], list[EventRecord]] = {}
    for event in catalog.events:
        data = event.data
        if data.branch and data.room and data.status != "cancelled":
            by_room.setdefault((data.branch, data.room), []).append(event)
    for (branch, room), events in by_room.items():
        # Events are sorted by start, so an overlap is always with an earlier,
        # still running event.
        running: list[EventRecord] = []
        for event in events:
            running = [other for other in running if other.data.end > event.data.start]
            for other in running:
                yield _error(
                    event,
                    f"ruang `{room}` di cabang `{branch}` sudah dipakai acara {other.source.path} "
                    f"({format_datetime(other.data.start)} sampai {format_datetime(other.data.end)}); "
                    "pilih ruang atau jam lain",
                    "room",
                )
            running.append(event)


# --- Success stories and the showcase ----------------------------------------


def _check_consent(record: Record, now: datetime) -> Found:
    """Nothing about a member is published without their written consent and its date.

    A consent dated after `now` is reported as a warning; `stories.is_published`
    keeps such a file off the site until that day.
    """
    data = record.data
    today = now.astimezone(WIB).date()
    if data.consent is not True:
        if data.consent is False:
            message = (
                "`consent` bernilai false: tanpa persetujuan pemiliknya, berkas ini tidak boleh "
                "dipublikasikan; tulis `consent: true` hanya setelah persetujuan tertulis diterima"
            )
        else:
            message = (
                "belum ada persetujuan publikasi dari pemiliknya; setelah persetujuan tertulis "
                "diterima, tambahkan `consent: true` dan `consent_date: TTTT-BB-HH` (tanggal persetujuan)"
            )
        yield _error(record, message, "consent")
        return
    if data.consent_date is None:
        yield _error(
            record,
            "persetujuan publikasi perlu tanggalnya; tambahkan `consent_date: TTTT-BB-HH`, "
            f"misalnya `consent_date: {today.isoformat()}`",
            "consent",
        )
    elif data.consent_date > today:
        # A warning, not an error: `--now` may be any moment, and the same
        # content must still build at an earlier one. The page waits.
        yield _warning(
            record,
            f"tanggal persetujuan `consent_date` ({data.consent_date.isoformat()}) belum terjadi, jadi "
            "berkas ini belum ditampilkan sampai tanggal itu; bila salah ketik, tulis tanggal saat "
            "persetujuan benar-benar diberikan",
            "consent_date",
        )


def _check_not_empty(record: Record, values: list | None, field: str, message: str) -> Found:
    if values is not None and not values:
        yield _error(record, message, field)


def check_stories(catalog: Catalog, content_dir: Path, now: datetime) -> Found:
    branches = _known(catalog.branches, catalog, Branch)
    programs = _known(catalog.programs, catalog, Program)
    for story in (*catalog.stories.values(), *catalog.drafts_of(Story)):
        data = story.data
        yield from _check_consent(story, now)
        if data.branch is not None and data.branch not in branches:
            message = _missing_reference("cabang", data.branch, branches, _branch_names(catalog), "cabang")
            yield _error(story, message, "branch")
        yield from _check_not_empty(
            story,
            data.programs,
            "programs",
            "`programs` kosong; tulis minimal satu program yang diikuti, misalnya `- kelas-startup-3-hari`",
        )
        for index, program_id in enumerate(data.programs or []):
            if program_id not in programs:
                yield _error(
                    story,
                    _missing_reference(
                        "program", program_id, programs, _names(catalog.programs, "title"), "program"
                    ),
                    "programs",
                    index,
                )
        yield from _check_image(story, data.image, content_dir, "image")
        if not story.body.strip():
            yield _error(
                story,
                "ceritanya belum ditulis; tulis kisahnya di bawah baris `---` penutup bagian data",
                "name",
            )


def check_showcase(catalog: Catalog, now: datetime) -> Found:
    stories = _known(catalog.stories, catalog, Story)
    for entry in (*catalog.showcase.values(), *catalog.drafts_of(Showcase)):
        data = entry.data
        yield from _check_consent(entry, now)
        yield from _check_not_empty(
            entry,
            data.products,
            "products",
            "`products` kosong; tulis minimal satu produk atau layanan, misalnya `- Bandeng presto`",
        )
        if data.story is not None and data.story not in stories:
            yield _error(
                entry,
                _missing_reference("cerita", data.story, stories)
                + " Cerita ditulis di content/stories/<id>.md.",
                "story",
            )
        links = data.links.model_dump() if data.links is not None else {}
        if not any(links.values()):
            yield _warning(
                entry,
                "usaha ini belum punya tautan untuk membeli atau menghubungi; isi `links` dengan "
                "`marketplace`, `instagram`, `whatsapp` atau `website`",
                "name",
            )


# --- Warnings that depend on the clock --------------------------------------


def check_freshness(catalog: Catalog, now: datetime) -> Found:
    upcoming_programs = set()
    for event in catalog.events:
        data = event.data
        active = data.status not in ("cancelled", "postponed")
        if data.end > now and active:
            upcoming_programs.add(data.program)
            registration = effective_registration(event, catalog)
            if registration.url is None and registration.whatsapp is None:
                yield _warning(
                    event,
                    "acara mendatang ini belum punya cara mendaftar; isi `registration` dengan `url` "
                    "atau `whatsapp`",
                    "title",
                )
        if data.end <= now and active and data.attendance is None:
            yield _warning(
                event,
                "acara ini sudah lewat tetapi jumlah peserta belum dicatat; isi `attendance`",
                "title",
            )
    for program in catalog.programs.values():
        if program.id not in upcoming_programs:
            yield _warning(
                program,
                "program ini belum punya acara mendatang; jadwalkan angkatan berikutnya",
                "title",
            )


def _texts(value: object, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every text in a model, with where it is."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), (*loc, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*loc, index))
    elif isinstance(value, str):
        yield loc, value


def _strings(value: object) -> Iterator[str]:
    """Every text in a model, in no particular order; much faster than `_texts`."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, BaseModel):
            stack.extend(item.__dict__.values())
        elif isinstance(item, list):
            stack.extend(item)


# Each lead in lower case with its words one space apart. In ASCII text,
# IGNORECASE means exactly str.lower and `\s` exactly what str.split splits
# on, so the lead pattern matches such a text if and only if its words,
# lowered and one space apart, hold one of these.
_LEADS_LOWER = tuple(" ".join(text.split()[:5]).lower() for text in PLACEHOLDERS)
_ASCII_LEADS = all(lead.isascii() for lead in _LEADS_LOWER)


def _may_hold_placeholder(text: str) -> bool:
    """Whether `_PLACEHOLDER_LEADS` finds anything in `text`, a tenth of the time for ASCII text."""
    if not (_ASCII_LEADS and text.isascii()):
        return _PLACEHOLDER_LEADS.search(text) is not None
    words = " ".join(text.lower().split())
    return any(lead in words for lead in _LEADS_LOWER)


def _placeholders(record: Record, severity: str) -> Found:
    # NUL is no part of a lead, so no match spans two texts: nothing found in
    # all of them together means nothing in any of them, which spares nearly
    # every record the slower walk that tells where each text is.
    if not _may_hold_placeholder("\0".join((record.body, *_strings(record.data)))):
        return
    message = (
        "teks contoh `{}` belum diganti; tulis isi yang sebenarnya, karena teks ini tampil di situs "
        "dan di pratinjau tautan (WhatsApp)"
    )
    if severity == "error":
        message += "; acara mendatang tidak boleh terbit dengan teks contoh"
    for loc, text in _texts(record.data):
        found = _PLACEHOLDER_LEADS.search(text)
        if found is not None:
            line, col = record.source.at(*loc)
            lead = " ".join(found.group().split())
            yield Diagnostic(record.source.path, line, col, severity, message.format(lead))
    found = _PLACEHOLDER_LEADS.search(record.body)
    if found is not None:
        before = record.body[: found.start()]
        line = record.body_line + before.count("\n")
        col = found.start() - before.rfind("\n")
        lead = " ".join(found.group().split())
        yield Diagnostic(record.source.path, line, col, severity, message.format(lead))


def check_placeholders(catalog: Catalog) -> Found:
    """Template text left in place: a warning in programs, stories and showcase entries.

    They are written with `hetero new` and then filled in over time. Events are
    checked with their other problems (`_event_problems`): an error in an
    upcoming one, a warning in a past one, which is history, already seen.
    """
    for record in (*catalog.programs.values(), *catalog.stories.values(), *catalog.showcase.values()):
        yield from _placeholders(record, "warning")


def check(catalog: Catalog, content_dir: Path, now: datetime) -> list[Diagnostic]:
    """Every cross-file problem and clock-dependent warning in the catalog."""
    found: list[Diagnostic] = []
    for run in (
        check_branches(catalog, content_dir),
        check_partners(catalog, content_dir),
        check_programs(catalog, content_dir),
        check_events(catalog, content_dir, now),
        check_room_bookings(catalog),
        check_stories(catalog, content_dir, now),
        check_showcase(catalog, now),
        check_freshness(catalog, now),
        check_placeholders(catalog),
    ):
        found.extend(run)
    return found
