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
    ".venv/bin/hetero build",
    # Run by tests/test_preview.py and tests/test_changes.py.
    ".venv/bin/hetero build --preview --out pratinjau",
    '.venv/bin/hetero changes --preview pratinjau --artifact-url "$ARTIFACT_URL"',
    "bash .ci/run",
    # Run by tests/test_proposal.py, with a fake event JSON.
    '.venv/bin/hetero proposal --event-file "$GITHUB_EVENT_PATH" --comment-out komentar.md',
}

# Workflows whose `run:` steps may be multi-line scripts (git and gh glue); every
# `hetero` command in them must still be one of ALLOWED_COMMANDS.
SCRIPTED = {"proposal.yml", "ci.yml"}

# Every action at its current Node 24 release, pinned by commit. Each commit was
# found with this version comment in at least two unrelated repositories'
# workflows (README.md, "Actions"), since GitHub itself is out of reach here.
PINS = {
    "actions/checkout": ("3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"),
    "actions/setup-python": ("5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0"),
    "actions/upload-artifact": ("043fb46d1a93c77aae656e7c1c64a875d1fc6a0a", "v7.0.1"),
    "actions/configure-pages": ("45bfe0192ca1faeb007ade9deae92b16b8254a0d", "v6.0.0"),
    "actions/upload-pages-artifact": ("fc324d3547104276b827a68afc52ff2a11cc49c9", "v5.0.0"),
    "actions/deploy-pages": ("368f82528645a54fb793d4d04e342629a3f51346", "v5.0.1"),
}

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
    # .github/, so dependabot.yml is audited with the workflows.
    result = subprocess.run(
        [_tool("zizmor"), "--offline", str(WORKFLOWS.parent)], capture_output=True, text=True
    )
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


def test_every_action_is_the_verified_release_with_its_version_in_a_comment():
    used = set()
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for line in path.read_text().splitlines():
            match = re.search(r"uses: ([\w.-]+/[\w.-]+)@(\S+)(?: # (\S+))?$", line)
            if match:
                action, commit, version = match.groups()
                assert (commit, version) == PINS[action], (path.name, line.strip())
                used.add(action)
    assert used == set(PINS)


def test_pull_requests_upload_the_preview_before_and_without_the_tests():
    jobs = _workflows()["ci.yml"]["jobs"]
    content = jobs["konten"]
    assert content["name"] == "Konten dan situs"  # the required check (README.md); renaming breaks it
    assert "needs" not in content and "if" not in content
    runs = [s["run"] for s in content["steps"] if "run" in s]
    assert "bash .ci/run" not in runs
    build = next(i for i, s in enumerate(content["steps"]) if "--preview" in s.get("run", ""))
    upload = next(i for i, s in enumerate(content["steps"]) if "upload-artifact@" in s.get("uses", ""))
    assert build < upload
    assert content["steps"][upload]["with"]["path"] == "pratinjau/"
    assert content["steps"][-1]["run"].startswith(".venv/bin/hetero changes --preview pratinjau")


def test_tests_run_unless_only_content_changed():
    from hetero.files import SOURCE_DIRS

    jobs = _workflows()["ci.yml"]["jobs"]
    script = next(s["run"] for s in jobs["perubahan"]["steps"] if s.get("id") == "jenis")
    assert f"'^({'|'.join(SOURCE_DIRS)})/'" in script
    assert jobs["tes"]["needs"] == "perubahan"
    assert "!= 'false'" in jobs["tes"]["if"]  # a failed decision runs the tests
    assert any(s.get("run") == "bash .ci/run" for s in jobs["tes"]["steps"])
    for name, job in jobs.items():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/setup-python@"):
                assert step["with"]["cache"] == "pip", name


def test_deploy_builds_for_the_address_pages_gives():
    steps = _workflows()["deploy.yml"]["jobs"]["bangun"]["steps"]
    pages = next(s for s in steps if s.get("uses", "").startswith("actions/configure-pages@"))
    build = next(s for s in steps if s.get("run") == ".venv/bin/hetero build")
    assert build["env"]["HETERO_SITE_URL"] == "${{ steps." + pages["id"] + ".outputs.base_url }}"


def test_dependabot_updates_actions_and_both_locks_weekly_in_groups():
    config = yaml.safe_load((WORKFLOWS.parent / "dependabot.yml").read_text())
    updates = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(updates) == {"github-actions", "pip"}
    for update in updates.values():
        assert update["schedule"]["interval"] == "weekly"
        assert update["groups"]


def test_proposals_become_pull_requests_only_when_approved():
    workflow = _workflows()["proposal.yml"]
    assert workflow[True] == {"issues": {"types": ["labeled"]}}
    ((job_name, job),) = workflow["jobs"].items()
    assert "github.event.label.name == 'disetujui'" in job["if"], job_name
    assert "'usulan-acara'" in job["if"], job_name
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    ci_checkout = _workflows()["ci.yml"]["jobs"]["konten"]["steps"][0]["uses"]
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


def test_the_guides_name_the_required_check_as_github_shows_it():
    jobs = _workflows()["ci.yml"]["jobs"]
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for job in ("konten", "tes"):
        assert f"**{jobs[job]['name']}**" in guide, job
        assert f"**`{jobs[job]['name']}`**" in readme, job
