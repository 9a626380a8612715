"""`hetero changes`: the pages a pull request changes, for the check's summary on GitHub.

Reviewers open the preview from a zip; the summary tells them which pages to
look at: for every changed content file, its page in the preview folder and
the address it will have once published. Files are mapped to pages with the
same table the generator uses (hetero/kinds.py) and MkDocs' rule for
hand-written pages (`files.served_at`).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from hetero.diagnostics import _code_cell
from hetero.files import CONTENT_DIR, DATA_ONLY, served_at
from hetero.kinds import KINDS, Kind
from hetero.preview import served_file


def _record_page(kind: Kind, path: PurePosixPath) -> str | None:
    """The address of the page a file of `kind` makes, or None when it is not one of its files."""
    if kind.single_file is not None:
        names = {f"{kind.folder}/{kind.single_file}{suffix}" for suffix in kind.suffixes}
        return f"{kind.section}/" if path.as_posix() in names else None
    folder = path.parent.parent if kind.dated else path.parent
    if folder.as_posix() != kind.folder or path.suffix not in kind.suffixes:
        return None
    if kind.dated and path.parent.name != path.stem[:4]:
        return None
    if not kind.record_pages:
        return f"{kind.section}/"
    return f"{kind.section}/{path.stem}/" if kind.is_record_id(path.stem) else None


def page_of(file: str) -> str | None:
    """The site address (`acara/x/`) of the page built from `file`, a path in the repository."""
    path = PurePosixPath(file)
    for kind in KINDS:
        address = _record_page(kind, path)
        if address is not None:
            return address
    if path.parts[0] != CONTENT_DIR or path.suffix != ".md":
        return None
    if any(file == data or file.startswith(data + "/") for data in DATA_ONLY):
        return None
    return served_at(path.relative_to(CONTENT_DIR).as_posix())


def summary(files: list[str], preview: Path, site_url: str, artifact_url: str) -> str:
    """Markdown for the check's summary: where to download the preview and which pages to open."""
    lines = [
        "## Pratinjau situs",
        "",
        f"[Unduh pratinjau]({artifact_url}) (zip), buka zip-nya, lalu klik dua kali `index.html`.",
        "",
    ]
    rows = []
    for file in sorted(files):
        address = page_of(file)
        if address is None:
            continue
        page = served_file(preview / address)
        shown = _code_cell(page.relative_to(preview).as_posix()) if page else "(halaman dihapus)"
        rows.append(f"| {_code_cell(file)} | {shown} | {site_url}{address} |")
    if not rows:
        return "\n".join([*lines, "Tidak ada halaman yang diubah langsung oleh pull request ini.", ""])
    header = ["| Berkas yang diubah | Halaman di pratinjau | Alamat setelah digabung |", "|---|---|---|"]
    return "\n".join([*lines, *header, *rows, ""])
