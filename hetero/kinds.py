"""The kinds of content file, in one table.

A kind (events, programs, branches, partners, stories, showcase entries) is
described once here: where its files live and how they are named, which model
reads them, whether data sits in front matter, where its pages are published,
its editor schema and its `hetero new` command. The loader, the schema writer,
the field tables of docs/content-model.md, the file rules of `files.py`, the
link from a generated page back to its staff file and the scaffold all read
this table, so a new kind is one row here plus its model, its Catalog field,
its pages and (for `hetero new`) its scaffold function and flags.

YAML files may end in `.yml` or `.yaml` wherever YAML is read: staff and
editors use both, and a file that is silently skipped (or, in `content/`,
published as a raw download) is worse than either spelling.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from hetero.catalog import Catalog, Record
from hetero.models import ID_PATTERN, Branch, Event, Partner, Program, Showcase, Story

YAML_SUFFIXES = (".yml", ".yaml")
MARKDOWN_SUFFIXES = (".md",)

# Ids that name a generated list page inside a section (`program/index.md`).
RESERVED_IDS = ("index",)


@dataclass(frozen=True)
class Kind:
    """One kind of content file."""

    # The Catalog attribute that holds its records.
    name: str
    # The heading of its field table in docs/content-model.md (`Event fields`).
    title: str
    model: type[BaseModel]
    # The folder of its files, relative to the repository.
    folder: str
    # Accepted endings; the first is the one `hetero new` writes.
    suffixes: tuple[str, ...]
    # Data between `---` lines at the top, Markdown below; else the whole file is YAML.
    front_matter: bool
    # The site folder its generated pages live in (`acara` for events).
    section: str
    # Whether each record gets its own page `<section>/<id>.md`, besides the list.
    record_pages: bool
    schema_file: str
    schema_title: str
    # One file holding every record, keyed by id (`content/partners.yml`): its
    # name without the ending. None: one file per record, named by its id.
    single_file: str | None = None
    # Files named `<YYYY-MM-DD>-<slug>` inside a folder of their year.
    dated: bool = False
    # Published only with the owner's written consent (`consent`, `consent_date`).
    needs_consent: bool = False
    # The word after `hetero new`, when there is a command for it.
    scaffold: str | None = None

    @property
    def pattern(self) -> str:
        """Where a file of this kind goes, as the docs write it: `programs/<id>.yml`."""
        if self.single_file is not None:
            return f"{self.folder}/{self.single_file}{self.suffixes[0]}"
        if self.dated:
            return f"{self.folder}/<YYYY>/<YYYY-MM-DD>-<slug>{self.suffixes[0]}"
        return f"{self.folder}/<id>{self.suffixes[0]}"

    @property
    def location(self) -> str:
        """The `File:` line under the kind's field table."""
        if self.single_file is not None:
            return f"each entry of `{self.pattern}`, keyed by id"
        return f"`{self.pattern}`" + (", front matter" if self.front_matter else "")

    @property
    def data_paths(self) -> tuple[str, ...]:
        """What holds this kind's records: its one file in each spelling, or its whole folder."""
        if self.single_file is not None:
            return tuple(f"{self.folder}/{self.single_file}{suffix}" for suffix in self.suffixes)
        return (self.folder,)

    def files(self, root: Path) -> list[Path]:
        """The files of a kind with one file per record directly in its folder, sorted."""
        folder = root / self.folder
        return sorted(path for suffix in self.suffixes for path in folder.glob(f"*{suffix}"))

    def is_record_id(self, record_id: str) -> bool:
        """Whether `record_id` can name a record of this kind, and so a page of its own."""
        if self.dated:
            return DATED_NAME.fullmatch(record_id) is not None
        return re.fullmatch(ID_PATTERN, record_id) is not None and record_id not in RESERVED_IDS

    def new_file(self, record_id: str) -> str:
        """The path, relative to the repository, of a new file for `record_id`."""
        folder = f"{self.folder}/{record_id[:4]}" if self.dated else self.folder
        return f"{folder}/{record_id}{self.suffixes[0]}"

    def source(self, record_id: str, root: Path | None = None) -> str:
        """The file `record_id` was read from: the spelling that exists below `root`, else the first."""
        first = self.new_file(record_id)
        if root is None:
            return first
        stem = first.removesuffix(self.suffixes[0])
        return next((stem + suffix for suffix in self.suffixes if (root / (stem + suffix)).is_file()), first)

    def page_url(self, record_id: str | None = None) -> str:
        """The site path of a record's page, `acara/<id>/`, or of the kind's list, `acara/`."""
        return self.site_path("" if record_id is None else f"{record_id}/")

    def page_file(self, record_id: str = "index") -> str:
        """The generated Markdown file of a record's page, `acara/<id>.md`, or of the list."""
        return self.site_path(f"{record_id}.md")

    def site_path(self, name: str) -> str:
        """Any site path inside the kind's section: `acara/<id>.ics` beside an event's page."""
        return f"{self.section}/{name}"

    def records(self, catalog: Catalog) -> list[Record]:
        held: Mapping[str, Record] | tuple[Record, ...] = getattr(catalog, self.name)
        return list(held.values()) if isinstance(held, Mapping) else list(held)


# An event's id: its start date and a slug.
DATED_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)")

BRANCHES = Kind(
    name="branches",
    title="Branch",
    model=Branch,
    folder="content/branches",
    suffixes=MARKDOWN_SUFFIXES,
    front_matter=True,
    section="cabang",
    record_pages=True,
    schema_file="branch.schema.json",
    schema_title="Cabang Hetero Space (content/branches/<id>.md)",
)
PARTNERS = Kind(
    name="partners",
    title="Partner",
    model=Partner,
    folder="content",
    suffixes=YAML_SUFFIXES,
    front_matter=False,
    section="mitra",
    record_pages=False,
    schema_file="partners.schema.json",
    schema_title="Mitra Hetero Space (content/partners.yml)",
    single_file="partners",
)
PROGRAMS = Kind(
    name="programs",
    title="Program",
    model=Program,
    folder="programs",
    suffixes=YAML_SUFFIXES,
    front_matter=False,
    section="program",
    record_pages=True,
    schema_file="program.schema.json",
    schema_title="Program Hetero Space (programs/<id>.yml)",
    scaffold="program",
)
EVENTS = Kind(
    name="events",
    title="Event",
    model=Event,
    folder="events",
    suffixes=MARKDOWN_SUFFIXES,
    front_matter=True,
    section="acara",
    record_pages=True,
    schema_file="event.schema.json",
    schema_title="Acara Hetero Space (events/<tahun>/<tanggal>-<judul>.md)",
    dated=True,
    scaffold="event",
)
STORIES = Kind(
    name="stories",
    title="Story",
    model=Story,
    folder="content/stories",
    suffixes=MARKDOWN_SUFFIXES,
    front_matter=True,
    section="cerita",
    record_pages=True,
    schema_file="story.schema.json",
    schema_title="Cerita sukses anggota (content/stories/<id>.md)",
    needs_consent=True,
    scaffold="story",
)
SHOWCASE = Kind(
    name="showcase",
    title="Showcase",
    model=Showcase,
    folder="content/showcase",
    suffixes=YAML_SUFFIXES,
    front_matter=False,
    section="etalase",
    record_pages=False,
    schema_file="showcase.schema.json",
    schema_title="Usaha di etalase anggota (content/showcase/<id>.yml)",
    needs_consent=True,
    scaffold="showcase",
)

# In the order files are read, schemas written and field tables printed.
KINDS: tuple[Kind, ...] = (BRANCHES, PARTNERS, PROGRAMS, EVENTS, STORIES, SHOWCASE)

# An event file's name: its id and an accepted ending.
EVENT_FILE_NAME = re.compile(
    DATED_NAME.pattern + "(?:" + "|".join(re.escape(suffix) for suffix in EVENTS.suffixes) + ")"
)


def with_pages_in(section: str) -> Kind | None:
    """The kind whose records have their own pages in the site folder `section`."""
    return next((kind for kind in KINDS if kind.record_pages and kind.section == section), None)
