"""What the loader made of each content file, kept between runs.

Reading a file (YAML with positions, the models, that file's own problems) is
what `hetero validate` spends most of its time on, and a file that has not
changed gives the same result every time. So each file's result is kept in
`.cache/hetero/` below the repository, looked up by the file's path, its kind
and a hash of its bytes: an edit of any kind, whatever it does to the file's
size or modification time, is a different key. Everything across files (the
checks, duplicate ids, the order of records) is computed afresh every run.

The folder is safe to delete at any time. A cache written by other code is
never read: its folder is named after a hash of the source of the loader and
every module it imports, and of the versions of Python, PyYAML (and libyaml),
pydantic and Babel. A cache file that cannot be read, or holds anything
unexpected, is ignored and written again. Files are written whole under a
temporary name and renamed into place, so a killed run or two runs at once
never leave half a file.

Results are grouped by folder (`events/2026`), one cache file each, so that
an edit rewrites the cache of its folder only.

Unpickling can run code, so a cache file is read with an unpickler that
knows only the classes a loaded file holds: a cache file committed by mistake
or on purpose cannot run anything. In CI (`CI` set, as GitHub Actions does)
the cache is neither read nor written: every job starts from a fresh clone.

Besides, the outcome of the last whole `hetero validate` (its diagnostics)
is kept in `.cache/hetero/outcome.json`, so that a run on content where
nothing changed prints it without loading anything (`RunOutcome`): no
model, no YAML, no check is even imported. It is used only when all of these
are as they were:

- the bytes and names of every file and folder in the content folders, and
  of every other file the checks read (mkdocs.yml), all read and hashed
  again on every run: no size or modification time is trusted;
- the source of every module of this package, the Python version and the
  name and install time of every library in site-packages (`run_version`);
- the moment `now` lies between the same two moments at which a check's
  verdict can change (an event's end, a midnight: hetero/validate.py's
  `now_window`); a `--now` is matched by its exact text.

It is plain JSON: reading it can run nothing. A record is written only
when the content hashes the same before and after the run and nothing in it
changed meanwhile (by the files' change times), so an edit made while the
run was reading, even one that put the same bytes back, is never kept with
an outcome of other bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import shutil
import site
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from hetero.clock import now_text
from hetero.diagnostics import Diagnostic

CACHE_DIR = ".cache/hetero"
# Part of the key: raise it when the layout of a cache file changes.
FORMAT = 1

# The package whose source is part of the key.
_PACKAGE = Path(__file__).resolve().parent
# The modules whose code decides what the loader makes of a file: hetero.loader
# and every module of the package it imports (tests/test_validate_cache.py
# keeps the list complete). An edit anywhere else, a page or a check across
# files, keeps the cache.
KEY_MODULES = (
    "hetero",
    "hetero.cache",
    "hetero.catalog",
    "hetero.clock",
    "hetero.diagnostics",
    "hetero.helper",
    "hetero.incremental",
    "hetero.kinds",
    "hetero.loader",
    "hetero.messages",
    "hetero.models",
    "hetero.timefmt",
    "hetero.yamlread",
)

Key = tuple[str, str]  # (kind name, file path relative to the repository)


def enabled() -> bool:
    """Whether this run may use the cache: not in CI, not when HETERO_NO_CACHE is set."""
    return not os.environ.get("CI") and not os.environ.get("HETERO_NO_CACHE")


def tool_version() -> str:
    """A hash of everything besides a file's bytes that what the loader makes of it depends on."""
    import babel
    import pydantic
    import yaml

    digest = hashlib.blake2b(digest_size=16)
    parser = "libyaml" if hasattr(yaml, "CSafeLoader") else "python"
    # Babel writes the dates in messages (hetero.timefmt).
    versions = f"{sys.version} {pydantic.VERSION} {yaml.__version__} {parser} {babel.__version__}"
    digest.update(f"{FORMAT} {versions}\n".encode())
    for module in KEY_MODULES:
        name = module.removeprefix("hetero").strip(".") or "__init__"
        digest.update(module.encode() + b"\0" + (_PACKAGE / f"{name}.py").read_bytes() + b"\0")
    return digest.hexdigest()


def content_hash(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


# --- Reading safely --------------------------------------------------------------


def _zone_unpickle(owner: object, name: str) -> object:
    """`getattr` as a pickle of ZoneInfo uses it (`ZoneInfo._unpickle`), and for nothing else."""
    from zoneinfo import ZoneInfo

    if owner is ZoneInfo and name == "_unpickle":
        return ZoneInfo._unpickle  # type: ignore[attr-defined]
    raise pickle.UnpicklingError(f"refused: getattr({owner!r}, {name!r})")


# Besides the models of hetero.models: what a loaded content file is made of.
_ALLOWED = {
    "datetime": frozenset({"date", "datetime", "time", "timedelta", "timezone"}),
    "zoneinfo": frozenset({"ZoneInfo"}),
    "copyreg": frozenset({"__newobj__", "_reconstructor"}),
    "builtins": frozenset({"set", "frozenset", "object"}),
    "hetero.diagnostics": frozenset({"Diagnostic"}),
}


class _SafeUnpickler(pickle.Unpickler):
    """An unpickler that builds only what a loaded content file is made of."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "builtins" and name == "getattr":
            return _zone_unpickle
        if module == "hetero.models":
            from pydantic import BaseModel

            from hetero import models

            found = getattr(models, name, None)
            if isinstance(found, type) and issubclass(found, BaseModel):
                return found
        elif name in _ALLOWED.get(module, ()):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refused: {module}.{name}")


def _loads(data: bytes) -> Any:
    return _SafeUnpickler(io.BytesIO(data)).load()


# --- Positions, decoded when a check asks for one --------------------------------


class _PositionsBlob:
    """The pickled (values, keys) positions of one file, decoded on first use.

    Checks look positions up only to report a problem, so most runs never
    decode them; decoding all of them would cost as much as the models.
    """

    __slots__ = ("_data", "_decoded")

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._decoded: tuple[dict, dict] | None = None

    def get(self, which: int) -> dict:
        if self._decoded is None:
            self._decoded = _loads(self._data)
        return self._decoded[which]


class LazyPositions(Mapping):
    """`Source.values` or `Source.keys` of a cached file."""

    __slots__ = ("_blob", "_which")

    def __init__(self, blob: _PositionsBlob, which: int) -> None:
        self._blob = blob
        self._which = which

    def __getitem__(self, path: tuple) -> tuple[int, int]:
        return self._blob.get(self._which)[path]

    def get(self, path: tuple, default: Any = None) -> Any:
        return self._blob.get(self._which).get(path, default)

    def __iter__(self) -> Iterator[tuple]:
        return iter(self._blob.get(self._which))

    def __len__(self) -> int:
        return len(self._blob.get(self._which))


def positions(data: bytes) -> tuple[LazyPositions, LazyPositions]:
    """The values and keys mappings of a cached file's positions."""
    blob = _PositionsBlob(data)
    return LazyPositions(blob, 0), LazyPositions(blob, 1)


def pack_positions(values: Mapping, keys: Mapping) -> bytes:
    return pickle.dumps((dict(values), dict(keys)), protocol=pickle.HIGHEST_PROTOCOL)


# --- The cache --------------------------------------------------------------------


class LoadCache:
    """Per-file loader results below `root/.cache/hetero/<tool version>/`, one file per folder.

    `get` returns what was stored for a file with these exact bytes, or None;
    `put` stores a new result; `keep` says that a file's result is still what
    was stored (the preview knew it unchanged without reading it); `save`
    writes the folders whose results changed and drops what belongs to files,
    folders and versions that are gone.
    Nothing here raises for a missing, unreadable or corrupt cache.
    """

    def __init__(self, root: Path) -> None:
        self._base = root / CACHE_DIR
        self._folder = self._base / tool_version()
        self._shards: dict[str, dict[Key, tuple[bytes, Any]]] = {}
        self._used: dict[str, dict[Key, tuple[bytes, Any]]] = {}
        self._changed: set[str] = set()
        self._kept: dict[str, set[Key]] = {}

    @staticmethod
    def _shard_of(rel: str) -> str:
        return rel.rpartition("/")[0]

    def _file(self, shard: str) -> Path:
        return self._folder / (quote(shard, safe="") + ".pickle")

    def _read(self, shard: str) -> dict[Key, tuple[bytes, Any]]:
        found = self._shards.get(shard)
        if found is None:
            found = {}
            try:
                stored = _loads(self._file(shard).read_bytes())
                if isinstance(stored, dict) and stored.get("shard") == shard:
                    found = stored["entries"] if isinstance(stored["entries"], dict) else {}
            except Exception:
                # Whatever is wrong with it, the cache file is ignored and written again.
                found = {}
            self._shards[shard] = found
        return found

    def get(self, key: Key, digest: bytes) -> Any:
        shard = self._shard_of(key[1])
        entry = self._read(shard).get(key)
        if entry is None or not isinstance(entry, tuple) or entry[0] != digest:
            return None
        self._used.setdefault(shard, {})[key] = entry
        return entry[1]

    def holds(self, key: Key) -> bool:
        """Whether a result is stored for this file, whatever bytes it was made of."""
        return key in self._read(self._shard_of(key[1]))

    def put(self, key: Key, digest: bytes, result: Any) -> None:
        shard = self._shard_of(key[1])
        self._used.setdefault(shard, {})[key] = (digest, result)
        self._changed.add(shard)

    def keep(self, key: Key) -> None:
        self._kept.setdefault(self._shard_of(key[1]), set()).add(key)

    def save(self) -> None:
        """Write what changed; never raises for a folder that cannot be written."""
        for shard, keys in self._kept.items():
            # Read only where the folder is written anyway: another of its files changed.
            if shard in self._shards or shard in self._changed:
                stored, used = self._read(shard), self._used.setdefault(shard, {})
                used.update((key, stored[key]) for key in keys if key in stored and key not in used)
        for shard, stored in self._shards.items():
            # A file deleted or renamed since the last run leaves an entry behind.
            if stored.keys() != self._used.get(shard, {}).keys():
                self._changed.add(shard)
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
            for shard in sorted(self._changed):
                self._write(shard, {"shard": shard, "entries": self._used.get(shard, {})})
            self._tidy()
        except Exception:
            # A read-only checkout, a full disk or a result that cannot be
            # pickled: the run's own results are complete without the cache.
            return

    def _write(self, shard: str, content: dict) -> None:
        target = self._file(shard)
        if not content["entries"]:
            target.unlink(missing_ok=True)
            return
        data = pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL)
        handle, temporary = tempfile.mkstemp(dir=self._folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def _tidy(self) -> None:
        """Remove caches of other versions of this tool, and of folders no run reads any more."""
        for entry in os.scandir(self._base):
            if entry.is_dir() and entry.path != str(self._folder):
                shutil.rmtree(entry.path, ignore_errors=True)
        known = {self._file(shard).name for shard in (*self._shards, *self._used, *self._kept)}
        for entry in os.scandir(self._folder):
            if entry.name.endswith(".pickle") and entry.name not in known:
                Path(entry.path).unlink(missing_ok=True)


# --- The outcome of a whole run ------------------------------------------------------

OUTCOME_FILE = "outcome.json"
# Part of the key of the outcome: raise it when the layout of outcome.json changes.
OUTCOME_FORMAT = 1
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_SEVERITIES = ("error", "warning")
# How far before the start of a run a change still counts as made during it:
# some file systems keep times to the second or two (FAT), and the kernel's
# file clock lags the wall clock by up to a tick.
CHANGE_SLACK_NS = 2_000_000_000


def run_version() -> str:
    """A hash of all the code a `hetero validate` runs, found without importing any of it.

    Every module of this package, the Python version, and each library in
    site-packages by the name and modification time of its metadata folder
    (`pydantic-2.9.2.dist-info`): installing, upgrading or reinstalling
    a library rewrites that folder.
    """
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{OUTCOME_FORMAT} {sys.version}\n".encode())
    for folder, _, names in sorted(os.walk(_PACKAGE)):
        for name in sorted(names):
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                with open(path, "rb") as stream:
                    source = stream.read()
                digest.update(os.fsencode(os.path.relpath(path, _PACKAGE)) + b"\0" + source + b"\0")
    for folder in (*site.getsitepackages(), site.getusersitepackages()):
        try:
            with os.scandir(folder) as entries:
                found = sorted(
                    (entry.name, entry.stat().st_mtime_ns)
                    for entry in entries
                    if entry.name.endswith((".dist-info", ".egg-info"))
                )
        except OSError:
            continue
        if found:
            digest.update(repr(found).encode())
    return digest.hexdigest()


class _Unhashable(Exception):
    """Something in the content folders that a hash of bytes cannot stand for."""


class _Hasher:
    """Names, kinds and bytes into one hash; `since` (ns): refuse anything changed from then on."""

    def __init__(self, since: int | None) -> None:
        self.digest = hashlib.blake2b(digest_size=16)
        self._since = since

    def _check_unchanged(self, status: os.stat_result) -> None:
        # Every change to a file (its bytes, its name, a file added to or
        # removed from a folder) sets the change time of it or of its folder,
        # and no program can set it back.
        if self._since is not None and status.st_ctime_ns >= self._since:
            raise _Unhashable

    def file(self, path: str) -> None:
        # os.read on a descriptor: Python's file objects cost a third more at thousands of files.
        try:
            handle = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        except OSError as error:
            raise _Unhashable(path) from error
        try:
            if self._since is not None:  # no fstat for a lookup: 5,000 calls are a tenth of it
                self._check_unchanged(os.fstat(handle))
            chunks = []
            while chunk := os.read(handle, 1 << 20):
                chunks.append(chunk)
        except OSError as error:
            raise _Unhashable(path) from error
        finally:
            os.close(handle)
        data = b"".join(chunks)
        self.digest.update(b"%d\0" % len(data))
        self.digest.update(data)

    def folder(self, path: str, name: bytes) -> None:
        try:
            self._check_unchanged(os.lstat(path))
            with os.scandir(path) as found:
                entries = sorted(found, key=lambda entry: entry.name)
        except OSError as error:
            raise _Unhashable(path) from error
        for entry in entries:
            entry_name = name + b"/" + os.fsencode(entry.name)
            # A link or a special file is an error for the checks (hetero/files.py),
            # and what it points to is no part of the hash: no outcome is kept.
            if entry.is_dir(follow_symlinks=False):
                self.digest.update(b"d" + entry_name + b"\0")
                self.folder(entry.path, entry_name)
            elif entry.is_file(follow_symlinks=False):
                self.digest.update(b"f" + entry_name + b"\0")
                self.file(entry.path)
            else:
                raise _Unhashable(entry.path)


def inputs_digest(
    root: Path, folders: Sequence[str], files: Sequence[str], *, unchanged_since: int | None = None
) -> str | None:
    """A hash of everything below `folders` (names, kinds, bytes) and of the bytes of `files`.

    Paths are relative to `root` (or absolute). None when something there is
    not a plain folder or file, cannot be read, or (with `unchanged_since`,
    in nanoseconds since 1970) was changed at or after that time.
    """
    hasher = _Hasher(unchanged_since)
    try:
        for folder in folders:
            path = os.path.join(root, folder)
            name = os.fsencode(folder)
            if not os.path.lexists(path):
                hasher.digest.update(b"-" + name + b"\0")
            elif os.path.isdir(path) and not os.path.islink(path):
                hasher.digest.update(b"d" + name + b"\0")
                hasher.folder(path, name)
            else:
                return None
        for file in files:
            path = os.path.join(root, file)
            # Read as the checks read it, through a link.
            if not os.path.exists(path):
                hasher.digest.update(b"-" + os.fsencode(file) + b"\0")
            elif os.path.isfile(path):
                hasher.digest.update(b"f" + os.fsencode(file) + b"\0")
                hasher.file(path)
            else:
                return None
    except _Unhashable:
        return None
    return hasher.digest.hexdigest()


def micros(moment: datetime) -> int:
    """A time-zone aware moment as whole microseconds since 1970, as JSON keeps it exactly."""
    return (moment - _EPOCH) // _MICROSECOND


def _wall_clock() -> int:
    """Now, as `micros` counts."""
    return time.time_ns() // 1000


class RunOutcome:
    """The kept outcome of `hetero validate` for `root` and the `--now` option given.

    `diagnostics()` gives what the last run reported when nothing it depends on
    has changed, else None; a run that validated afresh hands its result to
    `keep()`. Nothing here raises for a missing, unreadable or corrupt file.
    """

    def __init__(self, root: Path, now_option: str | None) -> None:
        self._root = root
        self._file = root / CACHE_DIR / OUTCOME_FILE
        self._started = time.time_ns()
        self._text = now_text(now_option)
        # Taken before the run, as the content's hash is: an edit during it is a miss next time.
        self._version = run_version() if enabled() else ""
        self._digests: dict[tuple[tuple[str, ...], tuple[str, ...]], str | None] = {}

    def inputs(self, folders: Sequence[str], files: Sequence[str]) -> str | None:
        """`inputs_digest` of `root`, hashed once per run and layout."""
        layout = (tuple(folders), tuple(files))
        if layout not in self._digests:
            self._digests[layout] = inputs_digest(self._root, folders, files)
        return self._digests[layout]

    def diagnostics(self) -> list[Diagnostic] | None:
        if not enabled():
            return None
        try:
            record = json.loads(self._file.read_bytes())
            if record.get("version") != self._version:
                return None
            if self._text is None:
                now = _wall_clock()
            elif record["now_text"] == self._text:
                now = record["now"]
            else:
                return None
            start, end = record["window"]
            if (start is not None and now < start) or (end is not None and now >= end):
                return None
            if record["inputs"] != self.inputs(record["folders"], record["files"]):
                return None
            found = [Diagnostic(*row) for row in record["diagnostics"]]
        except Exception:
            # Whatever is wrong with the file, the run validates afresh and writes it again.
            return None
        if all(_well_formed(d) for d in found):
            return found
        return None

    def keep(
        self,
        folders: Sequence[str],
        files: Sequence[str],
        before: str,
        now: datetime,
        window: tuple[datetime | None, datetime | None],
        diagnostics: list[Diagnostic],
    ) -> None:
        """Keep what a run found, if the content still hashes as it did (`before`) when the run began.

        And if nothing was changed meanwhile, even to the same bytes: an
        editor that saves by emptying a file and writing it again would
        otherwise let the run read the empty file between two equal hashes.
        """
        if not enabled():
            return
        since = self._started - CHANGE_SLACK_NS
        if inputs_digest(self._root, folders, files, unchanged_since=since) != before:
            return
        record = {
            "version": self._version,
            "folders": list(folders),
            "files": list(files),
            "inputs": before,
            "now_text": self._text,
            "now": micros(now),
            "window": [None if moment is None else micros(moment) for moment in window],
            "diagnostics": [[d.path, d.line, d.col, d.severity, d.message] for d in diagnostics],
        }
        try:
            self._file.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self._file.parent, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    json.dump(record, stream)
                os.replace(temporary, self._file)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            # A read-only checkout or a full disk: the next run validates afresh.
            return


def _well_formed(diagnostic: Diagnostic) -> bool:
    return (
        isinstance(diagnostic.path, str)
        and type(diagnostic.line) is int
        and type(diagnostic.col) is int
        and diagnostic.severity in _SEVERITIES
        and isinstance(diagnostic.message, str)
    )
