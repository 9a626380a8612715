"""Reading content files into typed records.

Every file is read on its own: a mistake in one file is reported with its
line and column and that file is left out, while the others still load, so
that one run reports every problem. Nothing here raises for a content mistake.
"""

from __future__ import annotations

import copy as copy_module
import gc
import os
import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from hetero.cache import Key, LoadCache, content_hash, pack_positions, positions
from hetero.cache import enabled as cache_enabled
from hetero.catalog import Catalog, Record, Source
from hetero.diagnostics import Diagnostic
from hetero.helper import shared
from hetero.incremental import keep_for_file, kept_for_file
from hetero.kinds import EVENT_FILE_NAME, EVENTS, KINDS, Kind
from hetero.messages import describe
from hetero.models import ID_PATTERN, MAX_TEXT, draft
from hetero.yamlread import Located, YamlProblem, read_yaml

M = TypeVar("M", bound=BaseModel)

# How many times a broken file is trimmed before we stop trying to read the rest.
MAX_PRUNING_ROUNDS = 4


@dataclass
class _Report:
    """Diagnostics gathered while loading."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, path: str, position: tuple[int, int], message: str) -> None:
        self.items.append(Diagnostic(path, position[0], position[1], "error", message))


def _relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _read_text(root: Path, path: Path, report: _Report) -> str | None:
    """The file's text, or None after reporting why it cannot be read."""
    rel = _relative(root, path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        report.error(rel, (1, 1), f"berkas tidak dapat dibaca ({error.strerror})")
        return None
    return _decode(rel, raw, report)


def _decode(rel: str, raw: bytes, report: _Report) -> str | None:
    """The text of a file's bytes, or None after reporting why it is not usable text."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        # Columns count characters, as editors do, not bytes.
        line_start = before[before.rfind(b"\n") + 1 :]
        col = len(line_start.decode("utf-8", errors="replace")) + 1
        report.error(
            rel,
            (line, col),
            "berkas ini bukan teks UTF-8 (ada huruf yang tersimpan dengan pengodean lain); "
            "simpan ulang sebagai UTF-8 atau ketik ulang huruf di posisi ini",
        )
        return None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        report.error(rel, (1, 1), "berkas ini kosong; isi kolom-kolomnya atau hapus berkasnya")
        return None
    if "\x00" in text:
        report.error(rel, (1, 1), "berkas ini berisi karakter NUL; ini bukan berkas teks biasa")
        return None
    return text


def _parse_yaml(rel: str, text: str, report: _Report, line_offset: int = 0) -> Located | None:
    try:
        located = read_yaml(text, line_offset)
    except YamlProblem as problem:
        report.error(rel, (problem.line, problem.col), problem.message)
        return None
    if located.value is None:
        report.error(rel, (1 + line_offset, 1), "tidak ada kolom yang diisi; berkas ini kosong")
        return None
    if not isinstance(located.value, dict):
        report.error(
            rel,
            located.values.get((), (1 + line_offset, 1)),
            "isi berkas harus berupa kolom-kolom `nama: nilai`, satu per baris",
        )
        return None
    return located


def _split_front_matter(rel: str, text: str, report: _Report) -> tuple[Located, str, int] | None:
    """The YAML between the `---` lines at the top, the Markdown after it and its first line."""
    lines = text.splitlines(keepends=True)
    if lines[0].rstrip() != "---":
        report.error(
            rel,
            (1, 1),
            "baris pertama harus `---` (awal bagian data); tambahkan `---` di baris 1",
        )
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            break
    else:
        report.error(
            rel,
            (1, 1),
            "bagian data yang dibuka `---` di baris 1 tidak ditutup; "
            "tambahkan baris `---` setelah kolom terakhir",
        )
        return None
    located = _parse_yaml(rel, "".join(lines[1:index]), report, line_offset=1)
    if located is None:
        return None
    rest = "".join(lines[index + 1 :])
    body = rest.strip("\n")
    body_line = index + 2 + len(rest) - len(rest.lstrip("\n"))
    _check_body(rel, body, body_line, report)
    return located, body + "\n", body_line


# Tab and line ends are text; anything else below a space, DEL, the C1
# controls and the Unicode line separators are invisible debris from pasting.
_BODY_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


def _check_body(rel: str, body: str, body_line: int, report: _Report) -> None:
    if len(body) > MAX_TEXT:
        report.error(
            rel,
            (body_line, 1),
            f"teks di bawah bagian data terlalu panjang ({len(body)} karakter); paling banyak "
            f"{MAX_TEXT} karakter, jadi pendekkan teksnya",
        )
    found = _BODY_CONTROL.search(body)
    if found is not None:
        before = body[: found.start()]
        report.error(
            rel,
            (body_line + before.count("\n"), found.start() - before.rfind("\n")),
            f"ada karakter tak terlihat (U+{ord(found.group()):04X}) di teks ini, biasanya terbawa "
            "saat menyalin; hapus karakter di posisi ini atau ketik ulang kalimatnya",
        )


_REMOVED = object()


def _without(value: object, locs: list[tuple[int | str, ...]]) -> object:
    """A copy of `value` with the part at each location taken out."""
    copy = copy_module.deepcopy(value)
    for loc in locs:
        parent, node = None, copy
        for part in loc:
            inside = isinstance(node, dict) and part in node
            inside = inside or (isinstance(node, list) and isinstance(part, int) and part < len(node))
            if not inside:
                break
            parent, node = node, node[part]  # type: ignore[index]
            key = part
        if parent is not None:
            parent[key] = _REMOVED  # type: ignore[index]
    return _drop_removed(copy)


def _drop_removed(value: object) -> object:
    if isinstance(value, dict):
        return {k: _drop_removed(v) for k, v in value.items() if v is not _REMOVED}
    if isinstance(value, list):
        return [_drop_removed(v) for v in value if v is not _REMOVED]
    return value


def _validate(model: type[M], value: object, source: Source, report: _Report) -> M | BaseModel | None:
    """The validated model; after reporting errors, what is left of it.

    Each broken value is taken out and the rest read again: as `model` when
    only optional parts were broken, else as its draft (`models.draft`). Either
    way the cross-file checks still run on the file, so one run reports every
    problem in it: a bad `start` does not hide an unknown room. A file with any
    error is never published, so a partly read model cannot reach the site.
    """
    try:
        return model.model_validate(value)
    except ValidationError as error:
        details = error.errors(include_url=False)
    for detail in details:
        loc = detail["loc"]
        position = source.key_at(*loc) if detail["type"] == "extra_forbidden" else source.at(*loc)
        report.error(source.path, position, describe(detail, model))
    partial = draft(model)
    for _ in range(MAX_PRUNING_ROUNDS):
        # A missing field has nothing to take out, except when it makes its
        # enclosing map unusable: then that map goes, one level up at a time.
        locs = [
            detail["loc"][:-1] if detail["type"] == "missing" else detail["loc"]
            for detail in details
            if not (detail["type"] == "missing" and len(detail["loc"]) == 1)
        ]
        if not isinstance(value, dict) or () in locs:
            return None
        value = _without(value, locs)
        try:
            left = partial.model_validate(value)
        except ValidationError as error:
            details = error.errors(include_url=False)
            continue
        try:
            return model.model_validate(value)
        except ValidationError:
            return left
    return None


def _check_id(rel: str, file_id: str, report: _Report) -> bool:
    if re.fullmatch(ID_PATTERN, file_id):
        return True
    report.error(
        rel,
        (1, 1),
        f"nama berkas `{file_id}` tidak dapat dipakai sebagai id; pakai huruf kecil, angka dan "
        "tanda hubung saja, misalnya `kelas-startup-3-hari`",
    )
    return False


def _load_documents(
    root: Path, files: list[Path], model: type[M], report: _Report, front_matter: bool
) -> list[Record]:
    """The records of `files`: models of `model`, or drafts of it for files with broken fields."""
    records: list[Record] = []
    for path in files:
        text = _read_text(root, path, report)
        if text is None:
            continue
        record = _document(_relative(root, path), path.stem, text, model, report, front_matter)
        if record is not None:
            records.append(record)
    return records


def _document(
    rel: str, stem: str, text: str, model: type[M], report: _Report, front_matter: bool
) -> Record | None:
    """The record of one file holding one record, or None when nothing of it can be read."""
    body, body_line = "", 1
    if front_matter:
        split = _split_front_matter(rel, text, report)
        if split is None:
            return None
        located, body, body_line = split
    else:
        parsed = _parse_yaml(rel, text, report)
        if parsed is None:
            return None
        located = parsed
    source = Source(rel, located.values, located.keys)
    data = _validate(model, located.value, source, report)
    if _check_id(rel, stem, report) and data is not None:
        return Record(stem, data, source, body, body_line)
    return None


def _complete(records: list[Record], model: type[M], drafts: list[Record]) -> list[Record[M]]:
    """The records that hold a whole `model`; the drafts go to `drafts`."""
    drafts += [record for record in records if not isinstance(record.data, model)]
    return [record for record in records if isinstance(record.data, model)]


def _keyed_records(rel: str, text: str, kind: Kind, report: _Report) -> list[Record]:
    """The records of a kind kept in one file keyed by id (partners.yml)."""
    located = _parse_yaml(rel, text, report)
    if located is None:
        return []
    records = []
    for partner_id, value in located.value.items():
        source = Source(rel, located.values, located.keys, prefix=(partner_id,))
        if not re.fullmatch(ID_PATTERN, partner_id):
            report.error(
                rel,
                source.key_at(),
                f"id mitra `{partner_id}` hanya boleh berisi huruf kecil, angka dan tanda hubung",
            )
            continue
        data = _validate(kind.model, value, source, report)
        if data is not None:
            records.append(Record(partner_id, data, source))
    return records


def _file_records(rel: str, stem: str, raw: bytes, kind: Kind, report: _Report) -> list[Record]:
    """Everything one file of `kind` holds; its problems go to `report`.

    This depends on the file's path, kind and bytes alone, which is what
    lets hetero/cache.py keep it between runs.
    """
    text = _decode(rel, raw, report)
    if text is None:
        return []
    if kind.single_file is not None:
        return _keyed_records(rel, text, kind, report)
    record = _document(rel, stem, text, kind.model, report, kind.front_matter)
    return [] if record is None else [record]


def _below(folder: str) -> Iterator[os.DirEntry[str]]:
    """Everything below `folder`, as `Path.rglob("*")` finds it: hidden entries too, links not followed."""
    try:
        with os.scandir(folder) as found:
            entries = list(found)
    except PermissionError:
        return
    for entry in entries:
        yield entry
        try:
            real_folder = entry.is_dir(follow_symlinks=False)
        except OSError:
            real_folder = False
        if real_folder:
            yield from _below(entry.path)


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _dated_files(root: Path, kind: Kind, report: _Report) -> list[tuple[str, str]]:
    """Event files whose names follow `events/<YYYY>/<YYYY-MM-DD>-<slug>.md`, as (path, id).

    Walked with os.scandir and plain strings: at thousands of events, pathlib's
    objects cost a tenth of a warm `hetero validate`.
    """
    top = os.path.join(root, kind.folder)
    if not os.path.isdir(top):
        return []
    start = len(top) + 1
    found = [
        (entry.path[start:].replace(os.sep, "/"), entry) for entry in _below(top) if not _is_folder(entry)
    ]
    # In the order pathlib sorts paths: part by part.
    found.sort(key=lambda item: item[0].split("/"))
    files = []
    for below, entry in found:
        name = entry.name
        if name.startswith("."):
            continue
        rel = f"{kind.folder}/{below}"
        match = EVENT_FILE_NAME.fullmatch(name)
        if match is None:
            report.error(
                rel,
                (1, 1),
                "nama berkas acara harus TTTT-BB-HH-judul-singkat.md dengan huruf kecil, "
                "misalnya events/2027/2027-01-23-kelas-startup.md",
            )
            continue
        year, month, day, _ = match.groups()
        try:
            date(int(year), int(month), int(day))
        except ValueError:
            report.error(rel, (1, 1), f"tanggal {year}-{month}-{day} di nama berkas tidak ada")
            continue
        if below != f"{year}/{name}":
            report.error(
                rel,
                (1, 1),
                f"berkas acara tahun {year} harus berada di folder {kind.folder}/{year}/",
            )
            continue
        files.append((rel, name.rpartition(".")[0]))
    return files


def _kind_files(root: Path, kind: Kind, report: _Report) -> list[tuple[str, str]]:
    """The files of `kind` in the order they are read, as (path relative to `root`, id)."""
    if kind.single_file is not None:
        # The one file in each spelling found (partners.yml, partners.yaml).
        return [(rel, Path(rel).stem) for rel in kind.data_paths if (root / rel).exists()]
    if kind.dated:
        return _dated_files(root, kind, report)
    return [(_relative(root, path), path.stem) for path in kind.files(root)]


def _load_kind(
    root: Path,
    kind: Kind,
    files: list[tuple[str, str]],
    report: _Report,
    cache: LoadCache | None,
    read_ahead: _ReadAhead | None,
) -> list[Record]:
    records: list[Record] = []
    for rel, stem in files:
        # The preview keeps each file's result while the file is unchanged: a
        # save then reads only what changed (hetero/incremental.py).
        kept, result = kept_for_file(kind.name, rel)
        made = None if kept or read_ahead is None else read_ahead.take((kind.name, rel))
        if kept:
            found, diagnostics = result  # type: ignore[misc]
            if cache is not None:
                cache.keep((kind.name, rel))
        elif made is not None:
            digest, packed = made
            found, diagnostics = _unpack(rel, kind, packed)
            if cache is not None:
                cache.put((kind.name, rel), digest, packed)
            keep_for_file(kind.name, rel, (found, diagnostics))
        else:
            try:
                with open(os.path.join(root, rel), "rb") as stream:
                    raw = stream.read()
            except OSError as error:
                report.error(rel, (1, 1), f"berkas tidak dapat dibaca ({error.strerror})")
                continue
            own = _Report()
            if cache is None:
                found = _file_records(rel, stem, raw, kind, own)
            else:
                found = _cached_file_records(rel, stem, raw, kind, own, cache)
            diagnostics = own.items
            keep_for_file(kind.name, rel, (found, diagnostics))
        records += found
        report.items += diagnostics
    return records


# What one file made, as the cache keeps it: the hash of its bytes and `_pack`'s result.
_Made = tuple[bytes, tuple]
# Below this many files to read, a helper process costs more (about 0.4 s to
# start) than it saves; each file takes about 0.25 ms.
READ_AHEAD_FROM = 2000
# Files a helper is handed at a time: the caller waits at most this many files' time for it.
_READ_AHEAD_BATCH = 50


def _made_of_files(root: Path, files: list[tuple[str, str, str]]) -> list[_Made | None]:
    """What each (kind name, path, id) holds, as the cache keeps it; None for a file that cannot be read."""
    kinds = {kind.name: kind for kind in KINDS}
    made: list[_Made | None] = []
    with _collector_paused():
        for kind_name, rel, stem in files:
            try:
                with open(os.path.join(root, rel), "rb") as stream:
                    raw = stream.read()
            except OSError:
                made.append(None)  # reported when this process reads it
                continue
            kind, own = kinds[kind_name], _Report()
            records = _file_records(rel, stem, raw, kind, own)
            made.append((content_hash(raw), _pack(records, own.items, kind)))
    return made


class _ReadAhead:
    """Results of the files given to a helper, taken by file as this process reaches them."""

    def __init__(self, keys: list[Key], made: Iterator[_Made | None]) -> None:
        self._keys = set(keys)
        self._coming = zip(keys, made, strict=True)
        self._ready: dict[Key, _Made | None] = {}

    def take(self, key: Key) -> _Made | None:
        """What the file made, or None when it was not given (or could not be read): read it here."""
        if key not in self._keys:
            return None
        while key not in self._ready:
            found, made = next(self._coming)
            self._ready[found] = made
        return self._ready.pop(key)


def _reading_ahead(
    root: Path, listed: dict[str, list[tuple[str, str]]], cache: LoadCache | None, running: ExitStack
) -> _ReadAhead | None:
    """Start a helper on the files to read (neither kept by the preview nor cached) when they are many.

    The helper reads from the last file back while this process reads from
    the first on (hetero/helper.py); each file's result is then taken from
    whichever process made it: the same records and problems either way.
    """
    to_read = [
        (kind_name, rel, stem)
        for kind_name, files in listed.items()
        for rel, stem in files
        if not kept_for_file(kind_name, rel)[0] and (cache is None or not cache.holds((kind_name, rel)))
    ]
    if len(to_read) < READ_AHEAD_FROM:
        return None
    made = shared(partial(_made_of_files, root), to_read, _READ_AHEAD_BATCH, running)
    return _ReadAhead([(kind_name, rel) for kind_name, rel, _ in to_read], made)


def _cached_file_records(
    rel: str, stem: str, raw: bytes, kind: Kind, report: _Report, cache: LoadCache
) -> list[Record]:
    """`_file_records`, from the cache when this file's bytes were read before."""
    key, digest = (kind.name, rel), content_hash(raw)
    stored = cache.get(key, digest)
    if stored is not None:
        try:
            records, diagnostics = _unpack(rel, kind, stored)
        except Exception:
            # Something no run of this code wrote: read the file instead.
            pass
        else:
            report.items += diagnostics
            return records
    own = _Report()
    records = _file_records(rel, stem, raw, kind, own)
    cache.put(key, digest, _pack(records, own.items, kind))
    report.items += own.items
    return records


def _pack(records: list[Record], diagnostics: list[Diagnostic], kind: Kind) -> tuple:
    """One file's result as the cache keeps it.

    A draft's class is made at run time (models.draft) and cannot be pickled
    by name: its state is kept instead. Positions are pickled apart, so that
    a run decodes them only when a check reports a problem (cache.positions).
    """
    packed = pack_positions(records[0].source.values, records[0].source.keys) if records else None
    specs = []
    for record in records:
        whole = isinstance(record.data, kind.model)
        specs.append(
            (
                record.id,
                record.data if whole else None,
                None if whole else record.data.__getstate__(),
                record.source.prefix,
                record.body,
                record.body_line,
            )
        )
    return specs, list(diagnostics), packed


def _unpack(rel: str, kind: Kind, stored: tuple) -> tuple[list[Record], list[Diagnostic]]:
    specs, diagnostics, packed = stored
    values, keys = positions(packed) if packed is not None else ({}, {})
    records = []
    for record_id, data, state, prefix, body, body_line in specs:
        if data is None:
            model = draft(kind.model)
            data = model.__new__(model)
            data.__setstate__(state)
        elif not isinstance(data, kind.model):
            raise TypeError(f"{rel}: a cached {type(data).__name__} is not a {kind.model.__name__}")
        records.append(Record(record_id, data, Source(rel, values, keys, prefix), body, body_line))
    if not all(isinstance(d, Diagnostic) for d in diagnostics):
        raise TypeError(f"{rel}: cached diagnostics of the wrong type")
    return records, list(diagnostics)


def _unique(records: list[Record[M]], report: _Report) -> dict[str, Record[M]]:
    by_id: dict[str, Record[M]] = {}
    for record in records:
        first = by_id.get(record.id)
        if first is not None:
            report.error(
                record.source.path,
                (1, 1),
                f"id `{record.id}` sudah dipakai oleh {first.source.path}; ganti nama salah satu berkas",
            )
            continue
        by_id[record.id] = record
    return by_id


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the garbage collector while reading.

    Loading thousands of files creates about a million small objects that all
    stay alive; the collector's full passes over them cost a fifth of the load
    time and free nothing (measured in docs/benchmarks.md).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load(root: Path, *, cache: bool = False) -> tuple[Catalog, list[Diagnostic]]:
    """Read all content below `root`; return what loaded and every problem found.

    With `cache`, what each unchanged file held is taken from `root/.cache/hetero`
    (hetero/cache.py) and the cache is brought up to date; the result is the same.
    """
    store = LoadCache(root) if cache and cache_enabled() else None
    with _collector_paused():
        result = _load(root, store)
        if store is not None:
            store.save()
    return result


def _load(root: Path, cache: LoadCache | None) -> tuple[Catalog, list[Diagnostic]]:
    report = _Report()
    drafts: list[Record] = []
    listed = {kind.name: _kind_files(root, kind, report) for kind in KINDS}
    # Every file is read before ids are compared, so a duplicate is reported
    # after the problems inside the files.
    with ExitStack() as running:
        read_ahead = _reading_ahead(root, listed, cache, running)
        loaded = {
            kind.name: _complete(
                _load_kind(root, kind, listed[kind.name], report, cache, read_ahead), kind.model, drafts
            )
            for kind in KINDS
        }
    by_id = {kind.name: _unique(loaded[kind.name], report) for kind in KINDS}
    events = by_id.pop(EVENTS.name).values()
    return (
        Catalog(
            **by_id,
            events=tuple(sorted(events, key=lambda e: (e.data.start, e.id))),
            drafts=tuple(drafts),
        ),
        report.items,
    )
