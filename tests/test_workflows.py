"""The GitHub Actions workflows: linted, pinned, least privilege, and using only tested commands."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"
BIN = Path(sys.executable).parent

# Every command a workflow runs; each is also run by the tests or by `make test`.
ALLOWED_COMMANDS = {
    "make install",
    ".venv/bin/hetero validate",
    ".venv/bin/hetero build",
    "bash .ci/run",
    # Run by tests/test_proposal.py, with a fake event JSON.
    '.venv/bin/hetero proposal --event-file "$GITHUB_EVENT_PATH" --comment-out komentar.md',
}

# Workflows whose `run:` steps may be multi-line scripts (git and gh glue); every
# `hetero` command in them must still be one of ALLOWED_COMMANDS.
SCRIPTED = {"proposal.yml"}

# Write access beyond publishing Pages: only the proposal workflow pushes a
# branch, opens a pull request and comments on the issue.
EXTRA_WRITES = {"proposal.yml": {"contents", "pull-requests", "issues"}}


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    assert found, f"{name} is missing: make install puts it in .venv"
    return found


def _workflows() -> dict[str, dict]:
    # PyYAML reads the key `on` as True (YAML 1.1); that is fine for these checks.
    return {path.name: yaml.safe_load(path.read_text()) for path in sorted(WORKFLOWS.glob("*.yml"))}


def test_actionlint_finds_nothing():
    result = subprocess.run(
        [_tool("actionlint"), *sorted(map(str, WORKFLOWS.glob("*.yml")))],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_zizmor_finds_nothing():
    result = subprocess.run([_tool("zizmor"), "--offline", str(WORKFLOWS)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_every_action_is_pinned_to_a_full_commit():
    for name, workflow in _workflows().items():
        for job in workflow["jobs"].values():
            for step in job.get("steps", []):
                if "uses" in step:
                    assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), (name, step["uses"])


def test_workflows_have_no_default_permissions():
    for name, workflow in _workflows().items():
        assert workflow["permissions"] == {}, name
        for job_name, job in workflow["jobs"].items():
            assert "permissions" in job, (name, job_name)
            writes = {scope for scope, level in job["permissions"].items() if level == "write"}
            allowed = {"pages", "id-token", *EXTRA_WRITES.get(name, set())}
            assert writes <= allowed, (name, job_name, writes)


def test_workflows_run_only_commands_the_tests_cover():
    for name, workflow in _workflows().items():
        for job in workflow["jobs"].values():
            for step in job.get("steps", []):
                if "run" not in step:
                    continue
                script = step["run"].strip()
                if name not in SCRIPTED:
                    assert script in ALLOWED_COMMANDS, (name, script)
                for line in script.splitlines():
                    if re.search(r"(^|[\s/])hetero\s", line):
                        assert line.strip() in ALLOWED_COMMANDS, (name, line)


def test_deploys_never_cancel_each_other():
    deploy = _workflows()["deploy.yml"]
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    triggers = deploy[True]
    assert triggers["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in triggers


def test_nightly_runs_just_after_midnight_in_semarang():
    nightly = _workflows()["nightly.yml"]
    (schedule,) = nightly[True]["schedule"]
    minute, hour, *rest = schedule["cron"].split()
    assert rest == ["*", "*", "*"]
    utc = datetime(2026, 1, 1, int(hour), int(minute))
    wib = utc + timedelta(hours=7)
    assert (wib.hour, wib.minute) == (0, 7)
    assert nightly["jobs"]["terbitkan"]["uses"].endswith(".github/workflows/deploy.yml")


def test_pull_requests_upload_the_built_site():
    steps = _workflows()["ci.yml"]["jobs"]["periksa"]["steps"]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site/"


def test_proposals_become_pull_requests_only_when_approved():
    workflow = _workflows()["proposal.yml"]
    assert workflow[True] == {"issues": {"types": ["labeled"]}}
    ((job_name, job),) = workflow["jobs"].items()
    assert "github.event.label.name == 'disetujui'" in job["if"], job_name
    assert "'usulan-acara'" in job["if"], job_name
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    ci_checkout = _workflows()["ci.yml"]["jobs"]["periksa"]["steps"][0]["uses"]
    assert checkout["uses"] == ci_checkout


def test_proposal_scripts_take_issue_data_only_from_the_environment():
    # Text from an issue inside `${{ }}` in a script would be pasted into the shell.
    for step in _workflows()["proposal.yml"]["jobs"]["usulan"]["steps"]:
        if "run" in step:
            assert "${{" not in step["run"], step["run"]
            for value in step.get("env", {}).values():
                assert "title" not in value and "body" not in value, value


def test_failed_proposals_get_the_comment_the_command_wrote():
    steps = _workflows()["proposal.yml"]["jobs"]["usulan"]["steps"]
    propose = next(s for s in steps if "hetero proposal" in s.get("run", ""))
    comment = steps[-1]
    assert "--comment-out komentar.md" in propose["run"]
    assert comment["if"].startswith("failure()")
    assert comment["run"].endswith("--body-file komentar.md")
