"""`hetero deploy`: build the site, then publish it to the `gh-pages` branch with ghp-import.

GitHub Actions deploys with the Pages artifact; this is the manual path,
for a maintainer publishing from their own machine. It always builds first:
a `site/` left from an earlier build may hold content that no longer
validates, and what is published must be what the content says today.
"""

from __future__ import annotations

import os
import subprocess
from datetime import datetime
from pathlib import Path

import ghp_import

from hetero.build import build
from hetero.diagnostics import Diagnostic


class DeployError(Exception):
    pass


def _check_remote(root: Path, remote: str) -> None:
    """Refuse a remote git does not know before anything is built or committed."""
    try:
        known = subprocess.run(
            ["git", "remote"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        raise DeployError(f"{root} bukan repositori git; jalankan perintah ini di dalam repositori") from None
    if remote not in known:
        shown = ", ".join(known) or "belum ada"
        raise DeployError(f"remote `{remote}` tidak dikenal git (yang ada: {shown}); periksa --remote")


def deploy(
    root: Path,
    site: Path,
    now: datetime,
    *,
    remote: str = "origin",
    branch: str = "gh-pages",
    push: bool = True,
    cname: str | None = None,
) -> list[Diagnostic]:
    """Build `site` from the content, publish it, and return the build's warnings.

    Raises BuildFailed when the content does not build (nothing is published)
    and DeployError when publishing fails.
    """
    if push:
        _check_remote(root, remote)
    diagnostics = build(root, site, now)
    previous = Path.cwd()
    # ghp-import works on the git repository of the current folder.
    os.chdir(root)
    try:
        ghp_import.ghp_import(
            str(site),
            mesg="Terbitkan situs Hetero Space",
            remote=remote,
            branch=branch,
            push=push,
            nojekyll=True,
            cname=cname,
        )
    except ghp_import.GhpError as error:
        raise DeployError(str(error.message).strip()) from None
    except subprocess.CalledProcessError:
        # ghp-import runs `git push` itself; git has already said why on stderr.
        raise DeployError(
            f"`git push` ke remote `{remote}` gagal (lihat pesan git di atas); cabang {branch} "
            "lokal sudah diperbarui, periksa alamat remote dan hak akses lalu ulangi"
        ) from None
    finally:
        os.chdir(previous)
    return diagnostics
