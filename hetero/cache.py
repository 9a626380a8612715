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
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import shutil
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

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
    "hetero.diagnostics",
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
    `put` stores a new result; `save` writes the folders whose results changed
    and drops what belongs to files, folders and versions that are gone.
    Nothing here raises for a missing, unreadable or corrupt cache.
    """

    def __init__(self, root: Path) -> None:
        self._base = root / CACHE_DIR
        self._folder = self._base / tool_version()
        self._shards: dict[str, dict[Key, tuple[bytes, Any]]] = {}
        self._used: dict[str, dict[Key, tuple[bytes, Any]]] = {}
        self._changed: set[str] = set()

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

    def put(self, key: Key, digest: bytes, result: Any) -> None:
        shard = self._shard_of(key[1])
        self._used.setdefault(shard, {})[key] = (digest, result)
        self._changed.add(shard)

    def save(self) -> None:
        """Write what changed; never raises for a folder that cannot be written."""
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
        known = {self._file(shard).name for shard in (*self._shards, *self._used)}
        for entry in os.scandir(self._folder):
            if entry.name.endswith(".pickle") and entry.name not in known:
                Path(entry.path).unlink(missing_ok=True)
