"""The web editor at /admin/: Sveltia CMS, its configuration and its files.

Staff who never open GitHub sign in at `/admin/` with a personal access
token; every save becomes a branch and a pull request (`publish_mode:
editorial_workflow`), which CI validates like any other.

The collections and their fields are generated from the content kinds
(`kinds.py`) and models (`models.py`) by `hetero schema`, written to
`hetero/cms/config.yml` and checked in (a test fails when it is stale), so a
new field reaches the editor the day it reaches the model. Partners are the
one exception: `content/partners.yml` is a map keyed by id, which a CMS file
collection can only edit as one fixed field per key, so the build adds that
collection, and the partner choices of events and programs, from the
content it builds.

Everything is served from the site itself: the editor's script and fonts are
vendored in `hetero/cms/vendor/` (`scripts/vendor_cms.py`), and
`hetero/harden.py` gives the page a policy of its own.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal, get_args, get_origin

import yaml
from pydantic import BaseModel

from hetero.catalog import Catalog
from hetero.incremental import per_content
from hetero.kinds import KINDS, PARTNERS, Kind
from hetero.modeldoc import _refuses_line_breaks, _resolve, _root_schema, _strip
from hetero.models import ID_PATTERN, ImagePath, Partner
from hetero.schema import schemas

CMS_DIR = Path(__file__).resolve().parent / "cms"
VENDOR_DIR = CMS_DIR / "vendor"
CONFIG_FILE = CMS_DIR / "config.yml"
# The site folder of the editor; files.py keeps hand-written files out of it.
SECTION = "admin"
SCRIPT = "sveltia-cms.js"

# The repository the editor opens branches and pull requests in. GitHub
# Actions sets GITHUB_REPOSITORY in the deploy job, so a fork publishes an
# editor for itself; this default is for local builds.
REPOSITORY = "heterospace/heterospace.github.io"
REPOSITORY_VARIABLE = "GITHUB_REPOSITORY"

MEDIA_FOLDER = "content/images"
# Image fields hold paths inside content/ (`images/acara/foto.jpg`).
PUBLIC_FOLDER = "images"
DATETIME_FORMAT = "YYYY-MM-DD HH:mm"
CONFIG_SCHEMA = "https://unpkg.com/@sveltia/cms/schema/sveltia-cms.json"

# A collection's label and the label of one of its entries, in the editor's
# order: what staff add most often first.
COLLECTION_LABELS = {
    "events": ("Acara", "Acara"),
    "programs": ("Program", "Program"),
    "branches": ("Cabang", "Cabang"),
    "partners": ("Mitra", "Mitra"),
    "stories": ("Cerita alumni", "Cerita"),
    "showcase": ("Etalase usaha", "Usaha"),
}

# Field labels in Indonesian, by field name; a name meaning something else in
# one model is under `Model.name`. A model field without a label stops the
# generation, so a new field always gets one.
LABELS = {
    "title": "Judul",
    "name": "Nama",
    "city": "Kota/kabupaten",
    "status": "Status",
    "opened": "Tanggal dibuka",
    "address": "Alamat",
    "street": "Jalan",
    "district": "Kecamatan",
    "province": "Provinsi",
    "postal_code": "Kode pos",
    "geo": "Koordinat",
    "lat": "Lintang (lat)",
    "lon": "Bujur (lon)",
    "hours": "Jam buka",
    "days": "Hari",
    "open": "Buka",
    "close": "Tutup",
    "contact": "Kontak",
    "whatsapp": "WhatsApp",
    "email": "Email",
    "instagram": "Instagram",
    "phone": "Telepon",
    "spaces": "Ruang",
    "id": "Id",
    "kind": "Jenis",
    "capacity": "Kapasitas",
    "image": "Gambar",
    "url": "Tautan (https://)",
    "logo": "Logo",
    "registration": "Pendaftaran",
    "opens": "Pendaftaran dibuka",
    "closes": "Pendaftaran ditutup",
    "fee": "Biaya (rupiah, 0 = gratis)",
    "payment": "Cara pembayaran",
    "pillar": "Pilar",
    "summary": "Ringkasan",
    "description": "Deskripsi",
    "audience": "Peserta yang dituju",
    "duration": "Durasi",
    "weeks": "Jumlah minggu",
    "outcomes": "Hasil yang didapat",
    "requirements": "Persyaratan",
    "branches": "Cabang",
    "partners": "Mitra",
    "program": "Program",
    "format": "Format",
    "branch": "Cabang",
    "room": "Ruang",
    "start": "Mulai (WIB)",
    "end": "Selesai (WIB)",
    "sessions": "Sesi",
    "online": "Daring",
    "platform": "Platform",
    "previous_start": "Jadwal mulai sebelumnya (WIB)",
    "speakers": "Pembicara",
    "role": "Peran",
    "organization": "Organisasi",
    "tags": "Label",
    "attendance": "Jumlah hadir",
    "updated": "Terakhir diubah (WIB)",
    "materials": "Materi",
    "business_kind": "Jenis usaha",
    "programs": "Program yang diikuti",
    "quote": "Kutipan",
    "image_alt": "Teks pengganti gambar",
    "consent": "Pemilik sudah setuju dipublikasikan",
    "consent_date": "Tanggal persetujuan",
    "category": "Kategori",
    "products": "Produk",
    "links": "Tautan",
    "marketplace": "Marketplace (https://)",
    "website": "Situs web (https://)",
    "story": "Cerita alumni",
    "Duration.days": "Jumlah hari",
    "Duration.hours": "Jumlah jam",
}

# Hints under a field whose rule a person cannot guess from its label.
_PATTERN_HINTS = {
    ID_PATTERN: "huruf kecil, angka dan tanda hubung, misalnya ruang-kelas",
    r"^\+62\d{7,13}$": "diawali +62, misalnya +6281225550271",
    "^https://": "alamat lengkap yang diawali https://",
    r"^([01]\d|2[0-3]):[0-5]\d$": "jam 24 jam, misalnya 08:00",
    r"^\d{5}$": "lima angka",
}
_DATETIME_HINT = "Tanggal dan jam WIB, misalnya 2027-01-23 09:00"

# Id fields that name a record of another kind: picked from that collection.
_RELATIONS: dict[str, dict[str, Any]] = {
    "program": {"collection": "programs", "search_fields": ["title"], "display_fields": ["title"]},
    "programs": {"collection": "programs", "search_fields": ["title"], "display_fields": ["title"]},
    "branch": {"collection": "branches", "search_fields": ["name"], "display_fields": ["name"]},
    "branches": {"collection": "branches", "search_fields": ["name"], "display_fields": ["name"]},
    "story": {"collection": "stories", "search_fields": ["name"], "display_fields": ["name"]},
    # A room is a space of a branch; the editor lists every branch's spaces.
    "room": {
        "collection": "branches",
        "value_field": "spaces.*.id",
        "search_fields": ["spaces.*.name"],
        "display_fields": ["spaces.*.name"],
    },
}
# Filled by the build from content/partners.yml (see the module docstring).
PARTNER_FIELD = "partners"

_HEADER = (
    "# Sveltia CMS configuration for the web editor at /admin/.\n"
    "# Generated from hetero/kinds.py and hetero/models.py by `hetero schema`; do not edit.\n"
    "# The build adds the partners collection, partner choices, site_url and the repository.\n"
    # Editors validate the file with the editor's published schema; the editor
    # itself only looks for this line (and suggests it in the console without).
    f"# yaml-language-server: $schema={CONFIG_SCHEMA}\n"
)


def _label(model: type[BaseModel], name: str) -> str:
    return LABELS.get(f"{model.__name__}.{name}") or LABELS[name]


def _hint(prop: dict[str, Any]) -> dict[str, str]:
    words = [w for w in (prop.get("description", ""), _PATTERN_HINTS.get(prop.get("pattern", ""))) if w]
    return {"hint": "; ".join(words)} if words else {}


def _string(annotation: Any, prop: dict[str, Any]) -> dict[str, Any]:
    if annotation is ImagePath or ImagePath in get_args(annotation):
        return {"widget": "image", **_hint(prop)}
    field: dict[str, Any] = {"widget": "string"}
    if "pattern" in prop:
        field["pattern"] = [prop["pattern"], _PATTERN_HINTS.get(prop["pattern"], "format tidak sesuai")]
    elif not _refuses_line_breaks(annotation):
        field["widget"] = "text"
    if "maxLength" in prop:
        field["maxlength"] = prop["maxLength"]
    return {**field, **_hint(prop)}


def _number(base: type, prop: dict[str, Any]) -> dict[str, Any]:
    field: dict[str, Any] = {"widget": "number", "value_type": "int" if base is int else "float"}
    low = prop.get("minimum", prop.get("exclusiveMinimum"))
    if low is not None:
        field["min"] = low + 1 if "exclusiveMinimum" in prop and base is int else low
    if "maximum" in prop:
        field["max"] = prop["maximum"]
    return {**field, **_hint(prop)}


def _value(
    model: type[BaseModel], name: str, annotation: Any, prop: dict[str, Any], definitions: dict[str, Any]
) -> dict[str, Any]:
    """The widget and its options for one value of a field (a list's item, or the field itself)."""
    base = _strip(annotation)
    if isinstance(base, type) and issubclass(base, BaseModel):
        return {"widget": "object", "fields": _fields(base, _resolve(prop, definitions), definitions)}
    if get_origin(base) is Literal:
        return {"widget": "select", "options": list(get_args(base)), **_hint(prop)}
    if base is datetime:
        return {"widget": "datetime", "format": DATETIME_FORMAT, "hint": _DATETIME_HINT}
    if base is date:
        return {"widget": "datetime", "format": "YYYY-MM-DD", "time_format": False, **_hint(prop)}
    if base is bool:
        return {"widget": "boolean", **_hint(prop)}
    if base in (int, float):
        return _number(base, prop)
    if prop.get("pattern") == ID_PATTERN and name in _RELATIONS:
        return {"widget": "relation", "value_field": "{{slug}}", **_RELATIONS[name]}
    return _string(annotation, prop)


def _field(
    model: type[BaseModel], name: str, required: bool, prop: dict[str, Any], definitions: dict[str, Any]
) -> dict[str, Any]:
    info = model.model_fields[name]
    # Pydantic moves a field's own `Annotated` metadata onto the field; put it
    # back so the type validates (and refuses line breaks) as the field does.
    annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    field: dict[str, Any] = {"name": name, "label": _label(model, name)}
    if not required:
        field["required"] = False
    if prop.get("default") is not None:
        field["default"] = prop["default"]
    base = _strip(annotation)
    if get_origin(base) is not list:
        return {**field, **_value(model, name, annotation, prop, definitions)}
    item = get_args(base)[0]
    item_prop = _resolve(prop.get("items", {}), definitions)
    value = _value(model, name, item, item_prop, definitions)
    limits = {"max": prop["maxItems"]} if "maxItems" in prop else {}
    if value["widget"] == "object":
        return {**field, "widget": "list", **limits, "fields": value["fields"]}
    if value["widget"] in ("relation", "select"):
        return {**field, **value, "multiple": True, **limits}
    # A list of one-line texts: one item a line.
    return {**field, "widget": "list", **limits, **_hint(item_prop)}


def _fields(
    model: type[BaseModel], schema: dict[str, Any], definitions: dict[str, Any]
) -> list[dict[str, Any]]:
    required = set(schema.get("required", []))
    properties = schema.get("properties", {})
    return [
        _field(model, name, name in required, _resolve(properties.get(name, {}), definitions), definitions)
        for name in model.model_fields
    ]


def _kind_fields(kind: Kind) -> list[dict[str, Any]]:
    full = schemas()[kind.schema_file]
    fields = _fields(kind.model, _root_schema(full), full.get("$defs", {}))
    if kind.front_matter:
        # The Markdown below the front matter: an event's description, a
        # branch's page, a story (which must not be empty).
        fields.append(
            {
                "name": "body",
                "label": "Isi (Markdown)",
                "widget": "markdown",
                **({} if kind.needs_consent else {"required": False}),
            }
        )
    return fields


def _collection(kind: Kind) -> dict[str, Any]:
    label, singular = COLLECTION_LABELS[kind.name]
    identifier = "title" if "title" in kind.model.model_fields else "name"
    collection: dict[str, Any] = {
        "name": kind.name,
        "label": label,
        "label_singular": singular,
        "folder": kind.folder,
        "extension": kind.suffixes[0].lstrip("."),
        "format": "frontmatter" if kind.front_matter else "yaml",
        "create": True,
        "identifier_field": identifier,
        "slug": "{{slug}}",
    }
    if kind.dated:
        # `{{year}}`, `{{month}}` and `{{day}}` would be the day the entry
        # is created; an event's file is named after the day it starts.
        start = "fields.start"
        collection["path"] = (
            f"{{{{{start} | date('YYYY')}}}}/{{{{{start} | date('YYYY-MM-DD')}}}}-{{{{slug}}}}"
        )
        collection["summary"] = "{{start}} · {{title}}"
        collection["sortable_fields"] = ["start", "title"]
    collection["fields"] = _kind_fields(kind)
    return collection


def config() -> dict[str, Any]:
    """The editor's configuration from the models: what `hetero schema` writes and checks in."""
    return {
        "backend": {
            "name": "github",
            "repo": REPOSITORY,
            "branch": "main",
            # Tokens only: signing in with OAuth needs a server this site does not have.
            "auth_methods": ["token"],
        },
        "publish_mode": "editorial_workflow",
        "media_folder": MEDIA_FOLDER,
        "public_folder": PUBLIC_FOLDER,
        "output": {"omit_empty_optional_fields": True},
        # File names become ids, which are lowercase ASCII letters, digits and hyphens.
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            _collection(kind)
            for kind in sorted(KINDS, key=lambda kind: list(COLLECTION_LABELS).index(kind.name))
            if kind.single_file is None
        ],
    }


class _Dumper(yaml.SafeDumper):
    """Writes a list used twice (the same search fields) twice, not as an `&id001` anchor."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def render(data: dict[str, Any]) -> str:
    return _HEADER + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110)


def write_config(path: Path = CONFIG_FILE) -> bool:
    """Rewrite the checked-in configuration; True when anything changed."""
    new = render(config())
    if path.is_file() and path.read_text(encoding="utf-8") == new:
        return False
    path.write_text(new, encoding="utf-8")
    return True


def _partners_collection(partner_ids: Iterable[str], root: Path) -> dict[str, Any]:
    full = schemas()[PARTNERS.schema_file]
    entry, definitions = _root_schema(full), full.get("$defs", {})
    label, _ = COLLECTION_LABELS[PARTNERS.name]
    return {
        "name": PARTNERS.name,
        "label": label,
        "files": [
            {
                "name": PARTNERS.single_file,
                "label": label,
                "file": PARTNERS.source(str(PARTNERS.single_file), root),
                "format": "yaml",
                "fields": [
                    {
                        "name": partner_id,
                        "label": partner_id,
                        "widget": "object",
                        "collapsed": True,
                        "fields": _fields(Partner, entry, definitions),
                    }
                    for partner_id in partner_ids
                ],
            }
        ],
    }


def served_config(catalog: Catalog, site_url: str, root: Path) -> dict[str, Any]:
    """The checked-in configuration with what comes from the content and the deployment."""
    data = yaml.safe_load(CONFIG_FILE.read_text(encoding="utf-8"))
    repository = os.environ.get(REPOSITORY_VARIABLE, "")
    if re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", repository):
        data["backend"]["repo"] = repository
    data["site_url"] = data["display_url"] = site_url
    partner_ids = sorted(catalog.partners)
    if partner_ids:
        for collection in data["collections"]:
            for field in collection["fields"]:
                if field["name"] == PARTNER_FIELD:
                    field.update(widget="select", multiple=True, options=partner_ids)
                    field.pop("hint", None)
        data["collections"].append(_partners_collection(partner_ids, root))
    return data


@functools.cache
def _font_block() -> tuple[str, str]:
    """The id and CSS of the style block in which the editor loads its fonts from a CDN.

    The editor adds that block only when no element with its id exists, so
    the page links a stylesheet with that id instead: the same rules, with
    the fonts from vendor/fonts/.
    """
    script = (VENDOR_DIR / SCRIPT).read_text(encoding="utf-8")
    match = re.search(r"\{hash:`(svelte-[a-z0-9]+)`,code:`(\s*/\* https://fontsource\.org/[^`]*)`\}", script)
    if match is None:
        raise RuntimeError(f"{SCRIPT}: the font style block was not found; see hetero/cms/vendor/README.md")
    css = re.sub(
        r"https://cdn\.jsdelivr\.net/fontsource/fonts/([a-z0-9-]+)(?::vf)?@[0-9.]+/([a-z0-9-]+\.woff2)",
        r"fonts/\1-\2",
        match.group(2),
    )
    for name in re.findall(r"url\((fonts/[^)]+)\)", css):
        if not (VENDOR_DIR / name).is_file():
            raise RuntimeError(f"{SCRIPT} uses the font {name}, which is not in hetero/cms/vendor/")
    if "://" in css.replace("https://fontsource.org/", ""):
        raise RuntimeError(f"{SCRIPT}: its font style block loads something else from another host")
    return match.group(1), css


@per_content
def admin_files(catalog: Catalog, site_url: str, root: Path) -> dict[str, str | bytes]:
    """Every file of /admin/, by its path inside the docs folder."""
    style_id, fonts_css = _font_block()
    page = (CMS_DIR / "index.html").read_text(encoding="utf-8").replace("{style_id}", style_id)
    files: dict[str, str | bytes] = {
        f"{SECTION}/index.html": page,
        f"{SECTION}/config.yml": render(served_config(catalog, site_url, root)),
        f"{SECTION}/fonts.css": fonts_css,
        f"{SECTION}/guard.js": (CMS_DIR / "guard.js").read_text(encoding="utf-8"),
        f"{SECTION}/{SCRIPT}": (VENDOR_DIR / SCRIPT).read_bytes(),
    }
    for font in sorted((VENDOR_DIR / "fonts").iterdir()):
        files[f"{SECTION}/fonts/{font.name}"] = font.read_bytes()
    return files
