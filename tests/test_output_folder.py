"""`hetero build --out`: a build never deletes what it did not create.

Every dangerous output folder is refused before any work, with exit 2 and
the folder untouched; a build stopped at any moment leaves the previous site
whole and no folder of its own behind.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import NOW_TEXT, PROJECT, clean_env, run_hetero
from sitehelpers import copy_repo

from hetero.helper import usable_cpus
from hetero.outdir import remove_tree, tidy, write_file
from hetero.render import processes_for


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".git/objects" not in p.as_posix()
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository copy with its own .git, built once into site/."""
    root = copy_repo(tmp_path_factory.mktemp("out") / "portal")
    subprocess.run(["git", "init", "--quiet", str(root)], check=True, env=clean_env())
    (root / "notes").mkdir()
    (root / "notes" / "mine.txt").write_text("jangan dihapus\n", encoding="utf-8")
    result = run_hetero(root, "build", "--now", NOW_TEXT)
    assert result.returncode == 0, result.stderr
    return root


@pytest.mark.parametrize(
    "out",
    [
        ".",
        "..",
        "/",
        ".git",
        ".git/hooks",
        "content",
        "content/images",
        "programs",
        "events",
        "events/2026",
        "overrides",
        "build/docs",
        "build",
        "notes",
        "mkdocs.yml",
        "notes/mine.txt",
    ],
)
def test_a_dangerous_output_folder_is_refused_and_left_alone(project: Path, out: str):
    before = snapshot(project)
    result = run_hetero(project, "build", "--now", NOW_TEXT, "--out", out)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("hetero build: ")
    assert "Traceback" not in result.stderr
    assert snapshot(project) == before


def test_an_unrelated_folder_with_files_is_refused(project: Path, tmp_path: Path):
    documents = tmp_path / "dokumen"
    documents.mkdir()
    (documents / "laporan.txt").write_text("penting\n", encoding="utf-8")
    result = run_hetero(project, "build", "--now", NOW_TEXT, "--out", str(documents))
    assert result.returncode == 2
    assert "bukan hasil `hetero build`" in result.stderr
    assert (documents / "laporan.txt").read_text(encoding="utf-8") == "penting\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dokumen"]


def test_a_previous_build_and_an_empty_folder_are_replaced(project: Path, tmp_path: Path):
    empty = tmp_path / "kosong"
    empty.mkdir()
    assert run_hetero(project, "build", "--now", NOW_TEXT, "--out", str(empty)).returncode == 0
    assert (empty / "index.html").is_file()
    # Now a previous build: built again, the same bytes.
    first = snapshot(empty)
    assert run_hetero(project, "build", "--now", NOW_TEXT, "--out", str(empty)).returncode == 0
    assert snapshot(empty) == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kosong"]


def test_a_folder_named_like_the_old_backup_is_not_deleted(project: Path, tmp_path: Path):
    out = tmp_path / "site"
    mine = tmp_path / "site.old"
    mine.mkdir()
    (mine / "arsip.txt").write_text("milik saya\n", encoding="utf-8")
    for _ in range(2):
        assert run_hetero(project, "build", "--now", NOW_TEXT, "--out", str(out)).returncode == 0
    assert (mine / "arsip.txt").read_text(encoding="utf-8") == "milik saya\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "site.old"]


def _dead_pid() -> int:
    process = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    return int(process.stdout)


def test_leftovers_of_a_killed_build_are_tidied(tmp_path: Path):
    pid = _dead_pid()
    out = tmp_path / "site"
    # Killed between moving the old site aside and moving the new one in.
    aside = tmp_path / f".site.hetero-old-{pid}-abc123"
    aside.mkdir()
    (aside / "index.html").write_text("situs lama\n", encoding="utf-8")
    half = tmp_path / f".site.hetero-new-{pid}-def456"
    (half / "acara").mkdir(parents=True)
    alive = tmp_path / f".site.hetero-new-{os.getpid()}-ghi789"
    alive.mkdir()
    other = tmp_path / ".site.hetero-new-notapid"
    other.mkdir()
    tidy(out)
    assert (out / "index.html").read_text(encoding="utf-8") == "situs lama\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["site", alive.name, other.name])


def _start_build(project: Path, out: Path, **options: object) -> subprocess.Popen[str]:
    """Start `hetero build` and return once MkDocs writes the new site beside the old one."""
    command = [sys.executable, "-m", "hetero", "--root", str(project), "build", "--now", NOW_TEXT]
    process = subprocess.Popen(
        [*command, "--out", str(out)],
        env=clean_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        # As a terminal starts it: whoever started the tests (a shell running them
        # in the background, say) may have left Ctrl+C ignored, and children inherit that.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        **options,  # type: ignore[call-overload]
    )
    deadline = time.monotonic() + 60
    while not any(p.name.startswith(f".{out.name}.hetero-new-") for p in out.parent.iterdir()):
        assert process.poll() is None, "the build ended before it could be stopped"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    return process


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_build_stopped_midway_keeps_the_previous_site(project: Path, tmp_path: Path, stop: int):
    out = tmp_path / "site"
    shutil.copytree(project / "site", out)
    before = snapshot(out)
    process = _start_build(project, out)
    process.send_signal(stop)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "Traceback" not in stderr
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def _processes() -> list[tuple[int, str, int, int, bytes]]:
    """(pid, state, parent, process group, command line) of every process."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            state, parent, group = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:3]
            command = (entry / "cmdline").read_bytes()
        except (OSError, ValueError):
            continue  # ended while we looked
        found.append((int(entry.name), state, int(parent), int(group), command))
    return found


def _spawned_children(pid: int) -> list[int]:
    """The processes `pid` started with multiprocessing's "spawn" (hetero/render.py's workers)."""
    return [child for child, _, parent, _, command in _processes() if parent == pid and b"spawn" in command]


def _running_in_group(group: int) -> list[int]:
    """The processes of `group` still running. Not those ended and not yet reaped: in a
    container whose first process reaps nothing, they stay listed as zombies."""
    return [pid for pid, state, _, in_group, _ in _processes() if in_group == group and state != "Z"]


def test_ctrl_c_stops_a_build_rendering_on_several_processes(tmp_path: Path):
    """Ctrl+C in a terminal reaches the whole process group, render workers included:
    they leave it to the build, which stops them; no traceback, no process, no folder left."""
    if usable_cpus() < 2:
        pytest.skip("one CPU: the build renders in one process, which the test above covers")
    spec = importlib.util.spec_from_file_location("synthetic", PROJECT / "scripts" / "synthetic.py")
    assert spec is not None and spec.loader is not None
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)
    root = tmp_path / "portal"
    synthetic.generate(root, 900, programs=8, years=4)
    assert processes_for(900) >= 2
    out = tmp_path / "site"
    process = _start_build(root, out, start_new_session=True)
    deadline = time.monotonic() + 120
    # Pages written into the new folder while a worker renders its share.
    while not (any(tmp_path.glob(".site.hetero-new-*/**/*.html")) and _spawned_children(process.pid)):
        assert process.poll() is None, "the build ended before it could be stopped"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    # multiprocessing's resource tracker ends when the build has ended: give it a moment.
    deadline = time.monotonic() + 10
    while _running_in_group(process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running_in_group(process.pid)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["portal"]


def test_a_build_killed_outright_is_tidied_by_the_next(project: Path, tmp_path: Path):
    """SIGKILL to the whole process tree, as when a CI job or a session is stopped."""
    out = tmp_path / "site"
    process = _start_build(project, out, start_new_session=True)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    assert not out.exists()
    result = run_hetero(project, "build", "--now", NOW_TEXT, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_missing_repository_folder_is_a_usage_error(tmp_path: Path):
    result = run_hetero(tmp_path / "tidak-ada", "validate", cwd=tmp_path)
    assert result.returncode == 2
    assert "tidak ada" in result.stderr
    assert "Traceback" not in result.stderr


def test_removing_an_old_site_removes_all_of_it_and_nothing_it_links_to(tmp_path: Path) -> None:
    # The old site is removed a top-level entry per thread; links in it lead to what is not ours.
    elsewhere = tmp_path / "dokumen"
    (elsewhere / "dalam").mkdir(parents=True)
    (elsewhere / "dalam" / "penting.txt").write_text("jangan dihapus", encoding="utf-8")
    old = tmp_path / "situs-lama"
    for folder in ("acara/a", "acara/b", "pagefind/fragment", "assets"):
        (old / folder).mkdir(parents=True)
        (old / folder / "index.html").write_text("<p>lama</p>", encoding="utf-8")
    (old / "index.html").write_text("<p>beranda</p>", encoding="utf-8")
    (old / "tautan").symlink_to(elsewhere)
    (old / "acara" / "tautan").symlink_to(elsewhere / "dalam")
    remove_tree(old)
    assert not old.exists()
    assert (elsewhere / "dalam" / "penting.txt").read_text(encoding="utf-8") == "jangan dihapus"


# --- A rebuild reuses what did not change -------------------------------------------------------


def test_a_file_the_earlier_site_holds_unchanged_is_linked_from_it(tmp_path: Path) -> None:
    earlier = tmp_path / "lama" / "acara" / "index.html"
    earlier.parent.mkdir(parents=True)
    earlier.write_bytes(b"<p>sama</p>")
    target = tmp_path / "baru" / "acara" / "index.html"
    write_file(target, b"<p>sama</p>", earlier)
    assert target.read_bytes() == b"<p>sama</p>"
    assert target.stat().st_ino == earlier.stat().st_ino
    assert not target.is_symlink()


@pytest.mark.parametrize(
    "earlier_text",
    [b"<p>lama</p>", b"<p>sama</p>\n", b"", None],
    ids=["changed", "longer", "empty", "missing"],
)
def test_a_file_that_changed_or_is_new_is_written(tmp_path: Path, earlier_text: bytes | None) -> None:
    earlier = tmp_path / "lama" / "index.html"
    if earlier_text is not None:
        earlier.parent.mkdir()
        earlier.write_bytes(earlier_text)
    target = tmp_path / "baru" / "index.html"
    write_file(target, b"<p>sama</p>", earlier)
    assert target.read_bytes() == b"<p>sama</p>"
    if earlier_text is not None:
        assert earlier.read_bytes() == earlier_text
        assert target.stat().st_ino != earlier.stat().st_ino


def test_a_symbolic_link_or_a_file_linked_elsewhere_is_not_reused(tmp_path: Path) -> None:
    """The new site never shares a file with something that outlives the old one."""
    outside = tmp_path / "dokumen" / "salinan.html"
    outside.parent.mkdir()
    outside.write_bytes(b"<p>sama</p>")
    old = tmp_path / "lama"
    old.mkdir()
    (old / "tautan.html").symlink_to(outside)
    os.link(outside, old / "kembar.html")
    for name in ("tautan.html", "kembar.html"):
        target = tmp_path / "baru" / name
        write_file(target, b"<p>sama</p>", old / name)
        assert target.read_bytes() == b"<p>sama</p>"
        assert not target.is_symlink()
        assert target.stat().st_ino != outside.stat().st_ino
    assert outside.stat().st_nlink == 2  # itself and kembar.html, nothing new


def test_a_file_system_without_hard_links_gets_the_file_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    earlier = tmp_path / "lama.html"
    earlier.write_bytes(b"<p>sama</p>")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", refuse)
    target = tmp_path / "baru" / "index.html"
    write_file(target, b"<p>sama</p>", earlier)
    assert target.read_bytes() == b"<p>sama</p>"
    assert target.stat().st_ino != earlier.stat().st_ino


def _inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def test_a_rebuild_reuses_the_unchanged_files_and_equals_a_fresh_build(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "portal")
    out = tmp_path / "site"
    event = root / "events" / "2026" / "2026-01-31-ulang-tahun-ke-6.md"
    page = "acara/2026-01-31-ulang-tahun-ke-6/index.html"
    assert run_hetero(root, "build", "--now", NOW_TEXT, "--out", str(out)).returncode == 0
    first = _inodes(out)

    event.write_text(
        event.read_text(encoding="utf-8").replace("Enam Tahun Hetero Space", "Enam Tahun Bersama"),
        encoding="utf-8",
    )
    result = run_hetero(root, "build", "--now", NOW_TEXT, "--out", str(out))
    assert result.returncode == 0, result.stderr
    second = _inodes(out)

    # The edited event's page is new; pages that do not show the event, and the search
    # bundle's unchanged pieces, are the very files of the first build.
    assert "Enam Tahun Bersama" in (out / page).read_text(encoding="utf-8")
    assert second[page] != first[page]
    kept = {path for path in second if first.get(path) == second[path]}
    assert "acara/2026-04-18-foto-produk-fesyen/index.html" in kept
    assert any(path.startswith("pagefind/fragment/") for path in kept)
    assert all((out / path).stat().st_nlink == 1 for path in kept)  # the old site is gone
    assert sorted(p.name for p in tmp_path.iterdir()) == ["portal", "site"]

    fresh = tmp_path / "segar"
    assert run_hetero(root, "build", "--now", NOW_TEXT, "--out", str(fresh)).returncode == 0
    assert snapshot(out) == snapshot(fresh)
