"""Write a synthetic but valid Hetero Space content tree, for benchmarks.

    python scripts/synthetic.py OUT_DIR --events 5000 [--programs 30] [--years 10] [--seed 1]

The tree has the shape of the real repository's content (see
docs/content-model.md): three open branches with rooms, partners,
programs across the three pillars, and events spread over `years` years
ending 2026-12-31, offline, online and hybrid. Every file passes every check
of `hetero validate`: file names match start dates, no room is double booked,
sessions sit inside their event, registration closes before the event ends.

Only content is written (no mkdocs.yml or overrides). The same seed always
gives the same files.
"""

from __future__ import annotations

import argparse
import random
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from hetero.eventfile import event_text, front_matter_text, yaml_text

# The clock the generator treats as "now" when deciding which events are past
# (and so carry `attendance`) and which are upcoming (and so need a way to
# register). bench.py validates with the same instant.
NOW = datetime(2026, 11, 24, 12, 0)
NOW_ISO = "2026-11-24T12:00+07:00"
LAST_DAY = date(2026, 12, 31)
OPENED = date(2016, 1, 1)

# --- Fixed data -------------------------------------------------------------

BRANCHES: dict[str, dict[str, Any]] = {
    "semarang": {
        "name": "Hetero Space Semarang",
        "city": "Semarang",
        "address": {
            "street": "Jl. Setiabudi, UMKM Center Jawa Tengah",
            "district": "Srondol Wetan, Banyumanik",
            "city": "Semarang",
            "province": "Jawa Tengah",
            "postal_code": "50263",
        },
        "geo": {"lat": "-7.0556", "lon": "110.4140"},
        "whatsapp": "+6281225550263",
        "email": "halo@heterospace.id",
    },
    "banyumas": {
        "name": "Hetero Space Banyumas",
        "city": "Purwokerto",
        "address": {
            "street": "Jl. Jenderal Soedirman 120",
            "district": "Purwokerto Timur",
            "city": "Purwokerto",
            "province": "Jawa Tengah",
            "postal_code": "53116",
        },
        "geo": {"lat": "-7.4245", "lon": "109.2302"},
        "whatsapp": "+6281225550531",
        "email": "banyumas@heterospace.id",
    },
    "solo": {
        "name": "Hetero Space Solo",
        "city": "Surakarta",
        "address": {
            "street": "Jl. Slamet Riyadi 275",
            "district": "Laweyan",
            "city": "Surakarta",
            "province": "Jawa Tengah",
            "postal_code": "57141",
        },
        "geo": {"lat": "-7.5666", "lon": "110.8164"},
        "whatsapp": "+6281225550571",
        "email": "solo@heterospace.id",
    },
}

# (id, name, kind, capacity); rooms that events can book come first.
SPACES = [
    ("aula", "Aula Hetero", "event", 200),
    ("kelas", "Ruang Kelas Mbangun", "classroom", 40),
    ("ruang-rapat", "Ruang Rapat Srawung", "meeting", 12),
    ("studio", "Studio Kreatif", "studio", 15),
    ("maker", "Maker Space", "maker", 20),
    ("coworking", "Ruang Kerja Bersama", "coworking", 60),
    ("kantor-privat", "Kantor Privat", "private-office", 8),
]
BOOKABLE_ROOMS = ["aula", "kelas", "ruang-rapat", "studio", "maker"]

PARTNERS = [
    ("dinkop-ukm-jateng", "Dinas Koperasi dan UKM Provinsi Jawa Tengah", "government"),
    ("impala-space", "Impala Space", "company"),
    ("bank-jateng", "Bank Jateng", "bank"),
    ("startup-semarang", "Komunitas Startup Semarang", "community"),
    ("fotografer-semarang", "Komunitas Fotografer Produk Semarang", "community"),
    ("sineas-semarang", "Komunitas Sineas Semarang", "community"),
    ("kreatif-banyumas", "Komunitas Kreatif Banyumas", "community"),
    ("solo-technopark", "Solo Technopark", "government"),
    ("smkn-7-semarang", "SMK Negeri 7 Semarang", "school"),
    ("undip", "Universitas Diponegoro", "campus"),
    ("unsoed", "Universitas Jenderal Soedirman", "campus"),
]

PILLARS = ["srawung", "mbangun", "melesat"]
KINDS = ["class", "training", "internship", "seminar", "mentoring", "community"]
KIND_WORDS = {
    "class": "Kelas",
    "training": "Pelatihan",
    "internship": "Magang",
    "seminar": "Seminar",
    "mentoring": "Mentoring",
    "community": "Temu Komunitas",
}

TOPICS = [
    "Foto Produk",
    "Desain Kemasan",
    "Digital Marketing",
    "Keuangan Usaha",
    "Pitch Deck",
    "Ekspor untuk Pemula",
    "Konten Video Pendek",
    "Branding Lokal",
    "Marketplace",
    "Hukum Usaha",
    "Produksi Film Pendek",
    "Musik Latar",
    "Kuliner Rumahan",
    "Fesyen Berkelanjutan",
    "Kerajinan Batik",
    "Pemrograman Web",
    "Analisis Data",
    "Layanan Pelanggan",
    "Perizinan Halal",
    "Manajemen Stok",
    "Copywriting",
    "Fotografi Kuliner",
    "Animasi",
    "Podcast",
    "Startup Agritech",
    "Pariwisata Desa",
    "Kopi Nusantara",
    "Pajak UMKM",
    "Kepemimpinan Tim",
    "Desain UI",
    "Media Sosial",
    "Riset Pengguna",
]

AUDIENCES = ["UMKM", "mahasiswa", "pelajar SMK", "umum", "calon pendiri startup", "komunitas kreatif"]
TAGS = [
    "UMKM",
    "startup",
    "fotografi",
    "kemasan",
    "pemasaran",
    "keuangan",
    "film",
    "musik",
    "kuliner",
    "fesyen",
    "ekspor",
    "digital",
    "komunitas",
    "pelajar",
]
FIRST_NAMES = [
    "Rizky",
    "Sri",
    "Andi",
    "Dewi",
    "Fajar",
    "Putri",
    "Bayu",
    "Ayu",
    "Galih",
    "Ratna",
    "Yoga",
    "Nadia",
    "Hendra",
    "Laras",
    "Teguh",
    "Wulan",
]
LAST_NAMES = [
    "Pratama",
    "Wahyuningsih",
    "Kurniawan",
    "Lestari",
    "Nugroho",
    "Santoso",
    "Permata",
    "Hidayat",
    "Anggraini",
    "Saputra",
    "Rahmawati",
    "Wibowo",
]
ROLES = ["Pemateri", "Mentor", "Moderator", "Pendiri", "Fotografer produk", "Praktisi"]
ORGANIZATIONS = [
    "Impala Space",
    "Bank Jateng",
    "Komunitas Startup Semarang",
    "Dapur Bu Sri",
    "Studio Lumbung",
    "Batik Laweyan",
    "Kopi Serayu",
]
# Rare event statuses: (cumulative share, status); the rest are scheduled.
STATUSES = [(0.02, "cancelled"), (0.03, "postponed"), (0.05, "rescheduled"), (0.06, "moved-online")]
PLATFORMS = ["Zoom", "YouTube Live", "Google Meet", "Instagram Live"]
EVENT_WORDS = ["Angkatan", "Batch", "Sesi", "Edisi"]
MONTHS = [
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
SENTENCES = [
    "Peserta belajar langsung dari praktisi dan membawa pulang hasil kerja yang bisa dipakai esok hari.",
    "Acara ini terbuka untuk pelaku UMKM, mahasiswa, pelajar SMK, dan siapa saja yang ingin belajar.",
    "Setelah materi ada sesi tanya jawab dan *networking* santai bersama pemateri.",
    "Materi disusun bertahap: konsep singkat, contoh nyata, lalu latihan dalam kelompok kecil.",
    "Bawa laptop atau ponsel yang baterainya penuh; kami menyediakan colokan dan Wi-Fi.",
    "Rekaman dan materi presentasi dibagikan kepada peserta yang hadir.",
    "Kegiatan ini bagian dari tiga pilar Hetero Space: **Srawung**, **Mbangun**, dan **Melesat**.",
    "Kuota terbatas; daftar lebih awal agar mendapat tempat.",
]

# Time slots of a day at a branch: name -> (start, end). A "full day" books
# morning and afternoon; an event of several days books every slot it spans.
SLOTS = {"pagi": (time(9), time(12)), "siang": (time(13), time(16)), "malam": (time(19), time(21, 30))}

# --- Writing files ---------------------------------------------------------------
# Through hetero's own writer, as `hetero new` and `hetero proposal` do.


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _stamp(moment: datetime, offset: str = "") -> str:
    return moment.strftime("%Y-%m-%d %H:%M") + offset


def _paragraphs(rng: random.Random) -> str:
    count = rng.randint(1, 3)
    return "\n\n".join(" ".join(rng.sample(SENTENCES, rng.randint(2, 4))) for _ in range(count))


# --- Branches, partners, programs ---------------------------------------------


def _write_branches(root: Path) -> None:
    folder = root / "content" / "branches"
    folder.mkdir(parents=True, exist_ok=True)
    for branch_id, info in BRANCHES.items():
        data = {
            "name": info["name"],
            "city": info["city"],
            "status": "open",
            "opened": OPENED.isoformat(),
            "address": info["address"],
            "geo": info["geo"],
            "hours": [
                {"days": "Senin-Jumat", "open": "08:00", "close": "22:00"},
                {"days": "Sabtu-Minggu", "open": "09:00", "close": "22:00"},
            ],
            "contact": {
                "whatsapp": info["whatsapp"],
                "email": info["email"],
                "instagram": f"heterospace.{branch_id}",
            },
            "spaces": [
                {"id": sid, "name": name, "kind": kind, "capacity": capacity}
                for sid, name, kind, capacity in SPACES
            ],
        }
        body = (
            f"{info['name']} adalah ruang kerja bersama dan pusat kreatif di {info['city']}.\n\n"
            "Di sini pelaku UMKM, pendiri *startup*, pekerja kreatif, mahasiswa, dan pelajar SMK "
            "bisa bekerja, belajar, dan saling bertemu."
        )
        (folder / f"{branch_id}.md").write_text(front_matter_text(data, body), encoding="utf-8")


def _write_partners(root: Path) -> None:
    data = {
        pid: {"name": name, "kind": kind, "url": f"https://{pid}.example.id"} for pid, name, kind in PARTNERS
    }
    (root / "content" / "partners.yml").write_text(yaml_text(data), encoding="utf-8")


def _write_index(root: Path) -> None:
    (root / "content" / "index.md").write_text(
        "# Hetero Space\n\nKonten sintetis untuk uji kinerja.\n", encoding="utf-8"
    )


def _programs(rng: random.Random, count: int) -> list[dict[str, Any]]:
    """The programs, each a dict with its id, file data and scheduling hints."""
    programs = []
    seen: set[str] = set()
    for index in range(count):
        kind = KINDS[index % len(KINDS)]
        pillar = PILLARS[(index + index // len(KINDS)) % len(PILLARS)]
        topic = TOPICS[index % len(TOPICS)]
        title = f"{KIND_WORDS[kind]} {topic}"
        if index >= len(TOPICS):
            title += f" {index // len(TOPICS) + 1}"
        program_id = _slug(title)
        while program_id in seen:
            program_id += "-x"
        seen.add(program_id)
        days = rng.choice([1, 1, 1, 2, 3]) if kind in ("class", "training") else 1
        duration = (
            {"weeks": rng.randint(4, 12)}
            if kind in ("internship", "mentoring")
            else {"days": days}
            if days > 1
            else {"hours": rng.choice([2, 3, 6])}
        )
        branches = sorted(rng.sample(list(BRANCHES), rng.randint(1, 3)))
        fee = rng.choice([0, 0, 50000, 100000, 250000])
        registration: dict[str, Any] = {"capacity": rng.choice([20, 30, 40, 100]), "fee": fee}
        if rng.random() < 0.8:
            registration = {"url": f"https://forms.heterospace.id/{program_id}", **registration}
        else:
            registration = {"whatsapp": f"+62812{rng.randint(10000000, 99999999)}", **registration}
        data = {
            "title": title,
            "pillar": pillar,
            "kind": kind,
            "summary": f"{title}: belajar {topic.lower()} dari praktisi, langsung praktik, "
            "dan pulang dengan hasil yang bisa dipakai untuk usaha.",
            "description": "\n\n".join(" ".join(rng.sample(SENTENCES, 3)) for _ in range(rng.randint(1, 3))),
            "audience": rng.sample(AUDIENCES, rng.randint(1, 3)),
            "duration": duration,
            "outcomes": [f"memahami dasar {topic.lower()}", f"menyusun rencana {topic.lower()} sendiri"],
            "requirements": ["membawa laptop atau ponsel"] if rng.random() < 0.5 else None,
            "fee": fee,
            "branches": branches,
            "partners": sorted(p[0] for p in rng.sample(PARTNERS, rng.randint(1, 3))),
            "registration": registration,
        }
        programs.append({"id": program_id, "data": data, "days": days, "kind": kind, "topic": topic})
    return programs


def _write_programs(root: Path, programs: list[dict[str, Any]]) -> None:
    folder = root / "programs"
    folder.mkdir(parents=True, exist_ok=True)
    for program in programs:
        (folder / f"{program['id']}.yml").write_text(yaml_text(program["data"]), encoding="utf-8")


# --- Events --------------------------------------------------------------------


class _Rooms:
    """Which (branch, room, day, slot) are taken, so no room is double booked."""

    def __init__(self) -> None:
        self.taken: set[tuple[str, str, int, str]] = set()

    def book(self, rng: random.Random, branch: str, days: list[date], slots: list[str]) -> str | None:
        for room in rng.sample(BOOKABLE_ROOMS, len(BOOKABLE_ROOMS)):
            wanted = [(branch, room, day.toordinal(), slot) for day in days for slot in slots]
            if not any(key in self.taken for key in wanted):
                self.taken.update(wanted)
                return room
        return None


def _event_times(rng: random.Random, day: date, program_days: int) -> tuple[list[date], list[str], dict]:
    """Days, booked slots, and start/end/sessions of one event."""
    if program_days > 1:
        days = [day + timedelta(days=n) for n in range(program_days)]
        start = datetime.combine(day, time(9))
        end = datetime.combine(days[-1], time(16))
        sessions = [
            {
                "start": datetime.combine(d, time(9)),
                "end": datetime.combine(d, time(16)),
                "title": f"Hari {n + 1}",
            }
            for n, d in enumerate(days)
        ]
        return days, list(SLOTS), {"start": start, "end": end, "sessions": sessions}
    shape = rng.choice(["pagi", "siang", "malam", "malam", "sehari"])
    if shape == "sehari":
        start, end = datetime.combine(day, time(9)), datetime.combine(day, time(16))
        sessions = [
            {"start": start, "end": start.replace(hour=12), "title": "Materi"},
            {"start": start.replace(hour=13), "end": end, "title": "Praktik"},
        ]
        return [day], ["pagi", "siang"], {"start": start, "end": end, "sessions": sessions}
    begin, finish = SLOTS[shape]
    start, end = datetime.combine(day, begin), datetime.combine(day, finish)
    middle = start + (end - start) / 2
    sessions = [
        {"start": start, "end": middle, "title": "Paparan"},
        {"start": middle, "end": end, "title": "Tanya jawab"},
    ]
    return [day], [shape], {"start": start, "end": end, "sessions": sessions}


def _speakers(rng: random.Random) -> list[dict[str, str]] | None:
    count = rng.choice([0, 1, 1, 2, 3])
    if not count:
        return None
    return [
        {
            "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            "role": rng.choice(ROLES),
            "organization": rng.choice(ORGANIZATIONS),
        }
        for _ in range(count)
    ]


def _registration(rng: random.Random, event_id: str, start: datetime, offset: str) -> dict[str, Any]:
    registration: dict[str, Any] = {}
    if rng.random() < 0.75:
        registration["url"] = f"https://daftar.heterospace.id/{event_id}"
    else:
        registration["whatsapp"] = f"+62812{rng.randint(10000000, 99999999)}"
    registration["opens"] = _stamp(
        (start - timedelta(days=rng.randint(7, 40))).replace(hour=8, minute=0), offset
    )
    if rng.random() < 0.6:
        registration["closes"] = _stamp(start - timedelta(hours=rng.choice([1, 2, 24])), offset)
    registration["capacity"] = rng.choice([20, 30, 40, 60, 100, 200])
    registration["fee"] = rng.choice([0, 0, 0, 25000, 50000, 150000])
    if rng.random() < 0.05:
        registration["status"] = rng.choice(["full", "waitlist", "closed"])
    return registration


def _event_days(rng: random.Random, count: int, years: int) -> list[date]:
    first = date(LAST_DAY.year - years + 1, 1, 1)
    span = (LAST_DAY - first).days + 1
    return sorted(first + timedelta(days=rng.randrange(span)) for _ in range(count))


def _event(
    rng: random.Random,
    day: date,
    program: dict[str, Any] | None,
    rooms: _Rooms,
    used_ids: set[str],
) -> tuple[str, str]:
    """The relative path and text of one event file."""
    program_days = program["days"] if program else 1
    # Several-day events near the end of the range would end after it; keep them short.
    if day + timedelta(days=program_days - 1) > LAST_DAY:
        program_days = 1
    days, slots, times = _event_times(rng, day, program_days)
    start, end = times["start"], times["end"]

    roll = rng.random()
    fmt = "offline" if roll < 0.55 else "hybrid" if roll < 0.8 else "online"
    branch = room = None
    offset = ""
    if fmt != "online":
        branch = rng.choice(sorted(program["data"]["branches"]) if program else list(BRANCHES))
        if rng.random() < 0.8:
            room = rooms.book(rng, branch, days, slots)
    elif rng.random() < 0.15:
        # An online event hosted from another time zone carries its own offset.
        offset = "+08:00"

    if program:
        title = f"{program['data']['title']} {rng.choice(EVENT_WORDS)} {MONTHS[day.month - 1]} {day.year}"
    else:
        title = f"Srawung {rng.choice(TOPICS)}: Cerita dari {rng.choice(ORGANIZATIONS)}"
    slug = _slug(title)[:60].rstrip("-")
    event_id = f"{day.isoformat()}-{slug}"
    suffix = 2
    while event_id in used_ids:
        event_id = f"{day.isoformat()}-{slug}-{suffix}"
        suffix += 1
    used_ids.add(event_id)

    roll = rng.random()
    status = next((name for limit, name in STATUSES if roll < limit), None)
    if status == "moved-online" and fmt == "online":
        status = None
    past = end <= NOW
    has_program_link = program is not None and "url" in program["data"]["registration"]
    registration = None
    if not has_program_link or rng.random() < 0.7:
        registration = _registration(rng, event_id, start, offset)

    data: dict[str, Any] = {
        "title": title,
        "program": program["id"] if program else None,
        "format": fmt,
        "branch": branch,
        "room": room,
        "start": _stamp(start, offset),
        "end": _stamp(end, offset),
    }
    if rng.random() < 0.3 or program_days > 1:
        data["sessions"] = [
            {"start": _stamp(s["start"], offset), "end": _stamp(s["end"], offset), "title": s["title"]}
            for s in times["sessions"]
        ]
    if fmt in ("online", "hybrid"):
        online = {"platform": rng.choice(PLATFORMS)}
        if rng.random() < 0.6:
            online = {"url": f"https://zoom.us/j/{rng.randint(10**9, 10**10 - 1)}", **online}
        data["online"] = online
    data["registration"] = registration
    if status:
        data["status"] = status
    if status == "rescheduled":
        data["previous_start"] = _stamp(start - timedelta(days=14), offset)
    data["speakers"] = _speakers(rng)
    if rng.random() < 0.6:
        data["partners"] = sorted(p[0] for p in rng.sample(PARTNERS, rng.randint(1, 3)))
    data["tags"] = rng.sample(TAGS, rng.randint(1, 3))
    if past and status not in ("cancelled", "postponed"):
        data["attendance"] = rng.randint(5, 180)

    path = f"events/{day.year}/{event_id}.md"
    return path, event_text(data, _paragraphs(rng))


def _write_events(root: Path, rng: random.Random, count: int, years: int, programs: list[dict]) -> None:
    rooms = _Rooms()
    used_ids: set[str] = set()
    upcoming = 0
    for day in _event_days(rng, count, years):
        if day >= NOW.date():
            # Spread the upcoming events over the programs first, so that as
            # many programs as possible have one (otherwise a warning).
            program = programs[upcoming % len(programs)] if programs else None
            upcoming += 1
        else:
            program = rng.choice(programs) if programs and rng.random() < 0.85 else None
        rel, text = _event(rng, day, program, rooms, used_ids)
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


# --- Entry points -----------------------------------------------------------------


def generate(root: Path, events: int, programs: int = 30, years: int = 10, seed: int = 1) -> None:
    """Write a complete, valid content tree with `events` events into `root`."""
    rng = random.Random(seed)
    root = Path(root)
    (root / "content").mkdir(parents=True, exist_ok=True)
    _write_branches(root)
    _write_partners(root)
    _write_index(root)
    program_list = _programs(rng, programs)
    _write_programs(root, program_list)
    (root / "events").mkdir(exist_ok=True)
    _write_events(root, rng, events, years, program_list)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic Hetero Space content tree.")
    parser.add_argument("out", type=Path, help="folder to write into (created if missing)")
    parser.add_argument("--events", type=int, required=True, help="number of events")
    parser.add_argument("--programs", type=int, default=30)
    parser.add_argument("--years", type=int, default=10, help="years of events, ending 2026-12-31")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    generate(args.out, args.events, programs=args.programs, years=args.years, seed=args.seed)
    print(f"{args.events} events written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
