"""Starting and stopping `hetero serve` for the preview tests."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

from browser import REPO

NOW = "2026-11-24T12:00+07:00"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition: Callable[[], bool], seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def copy_package(folder: Path) -> Path:
    """A copy of the package in `folder`, so a test may edit its page templates."""
    package = folder / "package"
    shutil.copytree(REPO / "hetero", package / "hetero", ignore=shutil.ignore_patterns("__pycache__"))
    return package


def start_preview(root: Path, package: Path, port: int, stderr: IO[str] | int) -> subprocess.Popen:
    """`hetero serve` on `root` at the fixed clock, run from the package copy in `package`."""
    command = [sys.executable, "-m", "hetero", "--root", str(root), "serve", "--now", NOW]
    return subprocess.Popen(
        [*command, "--dev-addr", f"127.0.0.1:{port}"],
        # `python -m` imports from the current folder first.
        cwd=package,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        start_new_session=True,
    )


def stop_preview(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    finally:
        # Nothing of the preview may outlive the test, MkDocs' server included.
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
