"""`hetero deploy`: the manual publish with ghp-import, into a local bare repository.

The sample site is built once in a copy of the repository that is its own git
repository, with a bare repository beside it as `origin`. After a deploy, the
bare repository's `gh-pages` branch must hold exactly the built files (same
paths, same bytes) plus `.nojekyll`, and `CNAME` when a domain is given.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import NOW_TEXT, clean_env, run_hetero
from sitehelpers import copy_repo

# Git must not read the machine's or the person's configuration, and needs a name.
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Uji Hetero",
    "GIT_AUTHOR_EMAIL": "uji@heterospace.invalid",
    "GIT_COMMITTER_NAME": "Uji Hetero",
    "GIT_COMMITTER_EMAIL": "uji@heterospace.invalid",
}


def git(cwd: Path, *args: str, stdin: str | None = None) -> str:
    result = subprocess.run(
        ["git", *args],
        cwd=cwd,
        env=clean_env(GIT_ENV),
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def site_blobs(site: Path) -> dict[str, str]:
    """Every file of the built site and the git blob id of its bytes."""
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    paths = "".join(f"{site / name}\n" for name in files)
    ids = git(site, "hash-object", "--no-filters", "--stdin-paths", stdin=paths).split()
    return dict(zip(files, ids, strict=True))


def branch_blobs(repo: Path, branch: str) -> dict[str, str]:
    """Every file on `branch` of `repo` and its blob id."""
    listing = git(repo, "ls-tree", "-r", "--full-tree", branch)
    blobs = {}
    for line in listing.splitlines():
        meta, path = line.split("\t", 1)
        _, kind, blob = meta.split()
        assert kind == "blob", line
        blobs[path] = blob
    return blobs


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository copy with the sample site built into site/."""
    repo = copy_repo(tmp_path_factory.mktemp("deploy") / "portal")
    result = run_hetero(repo, "build", "--now", NOW_TEXT)
    assert result.returncode == 0, result.stderr
    assert (repo / "site" / "index.html").is_file()
    return repo


@pytest.fixture
def repo_with_remote(built: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A fresh git repository holding the built site, and a bare `origin`."""
    repo = tmp_path / "portal"
    shutil.copytree(built, repo)
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "remote", "add", "origin", str(remote))
    (repo / ".gitignore").write_text("/site/\n/build/\n/.cache/\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "--quiet", "--message", "Konten")
    git(repo, "push", "--quiet", "origin", "main")
    return repo, remote


def deploy(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_hetero(repo, "deploy", "--now", NOW_TEXT, *args, env=GIT_ENV)


def test_deploy_publishes_exactly_the_built_site(repo_with_remote: tuple[Path, Path]):
    repo, remote = repo_with_remote
    result = deploy(repo)
    assert result.returncode == 0, result.stderr
    expected = {**site_blobs(repo / "site"), ".nojekyll": git(repo, "hash-object", "/dev/null").strip()}
    assert branch_blobs(remote, "gh-pages") == expected
    names = git(remote, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    assert sorted(names) == sorted(expected)
    assert "CNAME" not in names
    # The source branch is untouched.
    assert git(remote, "ls-tree", "--name-only", "main").split() == [
        ".gitignore",
        "content",
        "events",
        "mkdocs.yml",
        "overrides",
        "programs",
    ]


def test_deploy_with_a_domain_adds_cname_and_keeps_history(repo_with_remote: tuple[Path, Path]):
    repo, remote = repo_with_remote
    assert deploy(repo).returncode == 0
    first = git(remote, "rev-parse", "gh-pages").strip()
    result = deploy(repo, "--cname", "heterospace.id")
    assert result.returncode == 0, result.stderr
    blobs = branch_blobs(remote, "gh-pages")
    assert git(remote, "show", "gh-pages:CNAME").strip() == "heterospace.id"
    assert set(blobs) == {*site_blobs(repo / "site"), ".nojekyll", "CNAME"}
    assert git(remote, "rev-parse", "gh-pages^").strip() == first


def test_a_removed_event_leaves_the_branch_on_the_next_deploy(repo_with_remote: tuple[Path, Path]):
    repo, remote = repo_with_remote
    assert deploy(repo).returncode == 0
    page = "acara/2026-12-12-dari-hobi-jadi-usaha/index.html"
    assert page in branch_blobs(remote, "gh-pages")
    (repo / "events/2026/2026-12-12-dari-hobi-jadi-usaha.md").unlink()
    assert deploy(repo).returncode == 0
    assert page not in branch_blobs(remote, "gh-pages")
    assert set(branch_blobs(remote, "gh-pages")) == {*site_blobs(repo / "site"), ".nojekyll"}


def test_no_push_updates_only_the_local_branch(repo_with_remote: tuple[Path, Path]):
    repo, remote = repo_with_remote
    result = deploy(repo, "--no-push")
    assert result.returncode == 0, result.stderr
    assert ".nojekyll" in branch_blobs(repo, "gh-pages")
    assert "gh-pages" not in git(remote, "branch", "--list")


def test_deploy_builds_first_without_a_built_site(repo_with_remote: tuple[Path, Path]):
    repo, remote = repo_with_remote
    shutil.rmtree(repo / "site")
    result = deploy(repo)
    assert result.returncode == 0, result.stderr
    assert (repo / "site" / "index.html").is_file()
    assert set(branch_blobs(remote, "gh-pages")) == {*site_blobs(repo / "site"), ".nojekyll"}


def test_content_that_no_longer_validates_publishes_nothing(repo_with_remote: tuple[Path, Path]):
    """A stale site/ from an earlier build is never published over broken content."""
    repo, remote = repo_with_remote
    event = repo / "events/2026/2026-12-12-dari-hobi-jadi-usaha.md"
    event.write_text(event.read_text(encoding="utf-8").replace("branch: semarang", "branch: semarangg"))
    assert (repo / "site" / "index.html").is_file()
    result = deploy(repo)
    assert result.returncode == 1
    assert "events/2026/2026-12-12-dari-hobi-jadi-usaha.md:" in result.stderr
    assert "Tidak ada yang diterbitkan." in result.stderr
    assert "Traceback" not in result.stderr
    assert "gh-pages" not in git(remote, "branch", "--list")


@pytest.mark.parametrize(
    ("remote", "expected"),
    [("nowhere", "remote `nowhere` tidak dikenal git"), ("origin", "hetero deploy:")],
)
def test_a_bad_remote_is_a_plain_error(repo_with_remote: tuple[Path, Path], remote: str, expected: str):
    repo, bare = repo_with_remote
    if remote == "origin":
        # Known to git, but the repository behind it is gone.
        shutil.rmtree(bare)
    result = deploy(repo, "--remote", remote)
    assert result.returncode == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_deploy_outside_a_git_repository_is_a_plain_error(built: Path, tmp_path: Path):
    plain = tmp_path / "plain"
    shutil.copytree(built, plain)
    result = deploy(plain)
    assert result.returncode == 1
    assert "bukan repositori git" in result.stderr
    assert "Traceback" not in result.stderr
