"""`content/site.yml`: the footer every page shows, as staff write it.

The office Hetero Space belongs to and the social accounts are written in
this one small file; the address, WhatsApp number and opening hours are
the ones of the branch it names, read from that branch's file, so they are
never written twice. Validation reports a mistake here at its line and
column like any content file; the footer itself is rendered once per build
and handed to the theme through the site configuration (`engines.py`), the
one place every page, the 404 page and the hand-written pages included,
reads alike.
"""

from __future__ import annotations

from pathlib import Path

from hetero.catalog import Catalog, Record, Source
from hetero.diagnostics import Diagnostic
from hetero.facts import address_text, whatsapp_link
from hetero.kinds import BRANCHES
from hetero.loader import _load_documents, _parse_yaml, _read_text, _Report, _validate
from hetero.models import Branch, SiteInfo

SITE_FILE = "content/site.yml"


def read(root: Path) -> tuple[Record[SiteInfo] | None, list[Diagnostic]]:
    """The footer's facts and the problems in the file; (None, []) when there is no file."""
    path = root / SITE_FILE
    if not path.exists():
        return None, []
    report = _Report()
    text = _read_text(root, path, report)
    located = _parse_yaml(SITE_FILE, text, report) if text is not None else None
    if located is None:
        return None, report.items
    source = Source(SITE_FILE, located.values, located.keys)
    data = _validate(SiteInfo, located.value, source, report)
    if not isinstance(data, SiteInfo):
        return None, report.items
    return Record("site", data, source), report.items


def check(root: Path, catalog: Catalog) -> list[Diagnostic]:
    """Problems in `content/site.yml`, and a branch it names that does not exist."""
    record, found = read(root)
    if record is not None and record.data.branch not in catalog.branches:
        known = ", ".join(f"`{b}`" for b in sorted(catalog.branches)) or "belum ada"
        line, col = record.source.at("branch")
        found.append(
            Diagnostic(
                SITE_FILE,
                line,
                col,
                "error",
                f"cabang `{record.data.branch}` tidak ditemukan. Yang ada: {known}.",
            )
        )
    return found


def _branch(root: Path, branch_id: str) -> Branch | None:
    path = root / BRANCHES.source(branch_id, root)
    if not path.is_file():
        return None
    records = _load_documents(root, [path], Branch, _Report(), front_matter=True)
    data = records[0].data if records else None
    return data if isinstance(data, Branch) else None


def footer(root: Path) -> dict | None:
    """What the footer prints, as plain text and links; None without `content/site.yml`.

    Called after validation, which has already refused a broken file.
    """
    record, _ = read(root)
    if record is None:
        return None
    info = record.data
    branch = _branch(root, info.branch)
    contact = branch.contact if branch else None
    view: dict = {
        "name": branch.name if branch else "",
        "address": "",
        "hours": [],
        "whatsapp": "",
        "whatsapp_link": "",
        "email": contact.email if contact and contact.email else "",
        "social": [{"name": s.name, "url": s.url} for s in info.social or []],
        "office": info.office,
        "office_url": info.office_url or "",
    }
    if branch is not None:
        view["address"] = address_text(Record(info.branch, branch, Source(SITE_FILE)))
        view["hours"] = [
            f"{h.days} {h.open.replace(':', '.')}–{h.close.replace(':', '.')}" for h in branch.hours or []
        ]
    if contact and contact.whatsapp:
        view["whatsapp"] = contact.whatsapp
        view["whatsapp_link"] = whatsapp_link(contact.whatsapp, f"Halo {branch.name}, saya ingin bertanya.")
    return view


def footer_html(root: Path) -> str:
    """The footer as HTML, every value escaped; empty without `content/site.yml`."""
    # Imported here: the pages and their templates are not needed to validate.
    from hetero.pages.base import render

    view = footer(root)
    return render("footer.html.j2", "", f=view).strip() if view else ""
