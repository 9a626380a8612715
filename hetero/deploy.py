"""`hetero deploy`: publish the built site to the `gh-pages` branch with ghp-import.

GitHub Actions deploys with the Pages artifact; this is the manual path,
for a maintainer publishing from their own machine.
"""

from __future__ import annotations

import os
from pathlib import Path

import ghp_import


class DeployError(Exception):
    pass


def deploy(
    root: Path,
    site: Path,
    *,
    remote: str = "origin",
    branch: str = "gh-pages",
    push: bool = True,
    cname: str | None = None,
) -> None:
    if not (site / "index.html").is_file():
        raise DeployError(f"{site} belum berisi situs; jalankan `hetero build` dulu")
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
        raise DeployError(str(error.message)) from None
    finally:
        os.chdir(previous)
