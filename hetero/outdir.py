"""The output folder of `hetero build`: which folders it may replace, and how.

A build replaces its output folder whole, so a wrong `--out` would delete
whatever was there: the repository, its content, somebody's documents. The
rules here make that impossible:

- the output folder may not be, contain or lie inside the repository's own
  sources (content, programs, events, overrides, `.git`, the staging folder),
  and may not be or contain the repository itself;
- an existing folder is replaced only when it is empty or a previous build of
  this tool (it carries `STAMP`);
- the new site is built in a sibling temporary folder and renamed into place,
  and the old one is moved aside under a name only this tool uses, so a
  build killed at any moment leaves the previous site in place; the next
  build tidies up what a killed one left behind, and nothing else.

A file that comes out byte for byte as the previous build wrote it is linked
from there instead of written again (`write_file`): on this project's disks,
creating and then deleting thousands of files costs more than the rest of
the writing (docs/benchmarks.md, session 9).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from hetero.helper import usable_cpus

# Written into every build. Its text never changes, so builds stay byte-identical.
STAMP = ".hetero-build"
STAMP_TEXT = "Folder ini dibuat oleh `hetero build` dan boleh diganti olehnya.\n"

# Folders of a repository that a build must never replace, contain or write into.
PROTECTED = (".git", "content", "programs", "events", "overrides", "hetero", "tests", "scripts", "build/docs")

# Sibling folders this tool creates: `.<name>.hetero-new-<pid>-<random>` while
# MkDocs writes, `.<name>.hetero-old-<pid>-<random>` during the swap.
_SIBLING = re.compile(r"\.(?P<name>.+)\.hetero-(?P<kind>new|old)-(?P<pid>\d+)-[a-z0-9_]+")


class OutputRefused(Exception):
    """The output folder is one a build must not replace; the message says why, in Indonesian."""


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _looks_like_earlier_build(folder: Path) -> bool:
    # Builds from before the stamp existed: MkDocs' own files plus our script.
    return all((folder / name).exists() for name in ("index.html", "sitemap.xml", "assets/hetero.js"))


def check_output(root: Path, out: Path) -> None:
    """Raise OutputRefused unless `out` is a folder a build may replace."""
    root, out = root.resolve(), out.resolve()
    if _is_within(root, out):
        raise OutputRefused(
            f"folder hasil `{out}` berisi repositori ini; membangun ke sana akan menghapus repositori. "
            "Pilih folder lain, misalnya site/"
        )
    for name in PROTECTED:
        protected = root / name
        if _is_within(out, protected) or _is_within(protected, out):
            raise OutputRefused(
                f"folder hasil `{out}` menyentuh `{name}/` milik repositori; "
                "pilih folder lain, misalnya site/"
            )
    if out.exists() and not out.is_dir():
        raise OutputRefused(f"`{out}` adalah berkas, bukan folder; pilih folder lain")
    if out.is_symlink():
        raise OutputRefused(f"`{out}` adalah tautan simbolik; pilih folder biasa")
    if (
        out.is_dir()
        and any(out.iterdir())
        and not (out / STAMP).is_file()
        and not _looks_like_earlier_build(out)
    ):
        raise OutputRefused(
            f"folder `{out}` sudah berisi berkas lain yang bukan hasil `hetero build`; "
            "build tidak akan menghapusnya. Pilih folder kosong atau folder baru"
        )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def ended_elsewhere(pid: int) -> bool:
    """Whether `pid` names a process other than this one that is no longer running.

    What a folder named after such a process holds was left by a killed run.
    """
    return pid != os.getpid() and not _alive(pid)


def _leftovers(out: Path) -> Iterator[tuple[Path, str]]:
    """Sibling folders a killed build of `out` left behind, with their kind."""
    if not out.parent.is_dir():
        return
    for path in sorted(out.parent.iterdir()):
        match = _SIBLING.fullmatch(path.name)
        if (
            match
            and match["name"] == out.name
            and path.is_dir()
            and not path.is_symlink()
            and ended_elsewhere(int(match["pid"]))
        ):
            yield path, match["kind"]


def tidy(out: Path) -> None:
    """Undo what a killed build of `out` left: restore a site moved aside, drop half-built ones."""
    for path, kind in _leftovers(out):
        # The name and the dead process say it is ours: MkDocs empties a
        # folder before writing, so a stamp inside cannot be relied on.
        if kind == "old" and not out.exists():
            path.rename(out)
        else:
            shutil.rmtree(path)


def remove_tree(folder: Path) -> None:
    """`shutil.rmtree(folder)`, its top-level entries removed side by side.

    A site holds two folders of thousands of entries each (acara/ and the
    search bundle); removing each in a thread of its own takes about 0.8 of
    the time of one after the other (the kernel's work, outside the GIL).
    """
    entries = sorted(folder.iterdir())
    with ThreadPoolExecutor(usable_cpus()) as pool:
        # Each removal's error, if any, is raised here.
        list(pool.map(_remove_entry, entries))
    folder.rmdir()


def _remove_entry(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def write_file(target: Path, data: bytes, earlier: Path | None = None) -> None:
    """Write `data` at `target`, making its folders; or link `earlier` there if it holds exactly `data`.

    `earlier` is the same file in the site this build replaces. Linked, it
    is neither created now nor freed when that site is removed: for the
    10,800 files of a 5,000-event site, 2.7-2.8 s instead of 3.4-8.0 s to
    make them and 0.9-1.1 s instead of 2.2-2.3 s to remove the old ones.
    Only a regular file that nothing else links to is reused: the new site
    must not share a file with anything that outlives the old one.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    if earlier is not None and (reusable := _reusable(earlier, data)) is not None:
        try:
            os.link(earlier, target, follow_symlinks=False)
        except OSError:
            pass  # a file system without hard links: written as usual
        else:
            linked = os.lstat(target)
            # The very file that was read, not whatever took its name meanwhile.
            if (linked.st_dev, linked.st_ino) == (reusable.st_dev, reusable.st_ino):
                return
            target.unlink()
    target.write_bytes(data)


def _reusable(path: Path, data: bytes) -> os.stat_result | None:
    """`path`'s status if it is a regular file linked nowhere else, holding exactly `data`."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as file:
        found = os.fstat(descriptor)
        if not stat.S_ISREG(found.st_mode) or found.st_nlink != 1 or found.st_size != len(data):
            return None
        return found if file.read(len(data) + 1) == data else None


def _sibling(out: Path, kind: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=f".{out.name}.hetero-{kind}-{os.getpid()}-", dir=out.parent))
    # mkdtemp makes a private folder; a published site must be readable like any folder made here.
    umask = os.umask(0)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)
    return folder


def replace(root: Path, out: Path, fill: Callable[[Path, Path | None], None]) -> None:
    """Build a new `out` with `fill(folder, earlier)` and swap it in; `out` is untouched if `fill` fails.

    `earlier` is `out` when it holds a site this tool built (`check_output`
    has refused a symbolic link), whose unchanged files `write_file` reuses.
    """
    check_output(root, out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tidy(out)
    fresh = _sibling(out, "new")
    try:
        (fresh / STAMP).write_text(STAMP_TEXT, encoding="utf-8")
        fill(fresh, out if (out / STAMP).is_file() else None)
        (fresh / STAMP).write_text(STAMP_TEXT, encoding="utf-8")
        if out.exists():
            aside = _sibling(out, "old")
            aside.rmdir()
            out.rename(aside)
            fresh.rename(out)
            remove_tree(aside)
        else:
            fresh.rename(out)
    finally:
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(fresh)
