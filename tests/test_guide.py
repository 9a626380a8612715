"""The staff guide (CONTRIBUTING.md) and the templates work as written.

A newcomer who follows only the guide must end up with an event that
validates, and every error message the guide lists must be the one the
validator really prints for the broken example shown next to it.

The guide marks its code blocks for this test in the info string after the
language: `title="<path>" contoh` is a file that validates, `title="<path>"
contoh-salah` is a broken file, and the `text pesan` block right after a broken
file holds the exact lines `hetero validate` prints for that file.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import NOW, PROJECT, diagnostics

from hetero.scaffold import slugify
from hetero.schema import schemas

GUIDE = PROJECT / "CONTRIBUTING.md"
TEMPLATES = PROJECT / "contoh-berkas"

_FENCE = re.compile(r"^```(?P<info>[^\n]*)\n(?P<body>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Block:
    language: str
    title: str | None
    flags: frozenset[str]
    body: str


def _blocks(markdown: str) -> list[Block]:
    blocks = []
    for match in _FENCE.finditer(markdown):
        info = match["info"].strip()
        title = re.search(r'title="([^"]+)"', info)
        words = re.sub(r'title="[^"]+"', "", info).split()
        blocks.append(
            Block(words[0] if words else "", title[1] if title else None, frozenset(words[1:]), match["body"])
        )
    return blocks


BLOCKS = _blocks(GUIDE.read_text(encoding="utf-8"))
EXAMPLES = [b for b in BLOCKS if "contoh" in b.flags]


@dataclass(frozen=True)
class Broken:
    path: str
    text: str
    expected: tuple[str, ...]


def _broken_examples() -> list[Broken]:
    found = []
    for index, block in enumerate(BLOCKS):
        if "contoh-salah" not in block.flags:
            continue
        message = BLOCKS[index + 1] if index + 1 < len(BLOCKS) else None
        assert message is not None and "pesan" in message.flags, f"no `text pesan` block after {block.title}"
        assert block.title is not None
        found.append(Broken(block.title, block.body, tuple(message.body.splitlines())))
    return found


BROKEN = _broken_examples()


def write_examples(repo: Path) -> None:
    for example in EXAMPLES:
        assert example.title is not None
        path = repo / example.title
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(example.body, encoding="utf-8")


def lines_for(repo: Path, path: str, severity: str) -> set[str]:
    return {str(d) for d in diagnostics(repo, NOW) if d.path == path and d.severity == severity}


# --- The worked examples ----------------------------------------------------


def test_guide_has_a_worked_event_and_program_example():
    titles = [example.title or "" for example in EXAMPLES]
    assert any(title.startswith("events/") for title in titles)
    assert any(title.startswith("programs/") for title in titles)
    assert len(BROKEN) >= 20


def test_following_the_guide_gives_files_that_validate(repo: Path):
    write_examples(repo)
    found = diagnostics(repo, NOW)
    assert [str(d) for d in found if d.severity == "error"] == []
    for example in EXAMPLES:
        if example.title and example.title.startswith("events/"):
            # An upcoming event with a way to register: not even a warning.
            assert [str(d) for d in found if d.path == example.title] == []


def test_example_event_file_names_follow_the_guides_rule():
    for example in EXAMPLES:
        if not (example.title and example.title.startswith("events/")):
            continue
        data = yaml.safe_load(example.body.split("---\n")[1])
        day = str(data["start"])[:10]
        assert re.fullmatch(r"events/\d{4}/\d{4}-\d{2}-\d{2}-[a-z0-9]+(-[a-z0-9]+)*\.md", example.title)
        assert example.title.startswith(f"events/{day[:4]}/{day}-")
        # The short title is made of words of the title, lowercase, joined by hyphens.
        short = example.title.removesuffix(".md").split(f"{day}-", 1)[1]
        assert set(short.split("-")) <= set(slugify(data["title"]).split("-"))


@pytest.mark.parametrize("broken", BROKEN, ids=[f"{i + 1}-{b.path}" for i, b in enumerate(BROKEN)])
def test_each_listed_error_is_what_the_validator_prints(repo: Path, broken: Broken):
    write_examples(repo)
    path = repo / broken.path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(broken.text, encoding="utf-8")
    expected_errors = {line for line in broken.expected if ": error: " in line}
    expected_warnings = {line for line in broken.expected if ": warning: " in line}
    assert expected_errors | expected_warnings == set(broken.expected), "every line is a diagnostic"
    assert lines_for(repo, broken.path, "error") == expected_errors
    assert expected_warnings <= lines_for(repo, broken.path, "warning")
    others = [str(d) for d in diagnostics(repo, NOW) if d.severity == "error" and d.path != broken.path]
    assert others == []


def test_the_guide_quotes_the_message_format_it_explains():
    text = GUIDE.read_text(encoding="utf-8")
    assert (
        "events/2027/2027-02-20-temu-komunitas.md:7:6: error: `end` (selesai) harus setelah `start`" in text
    )
    assert "**baris 7**" in text and "6**" in text


def test_the_guide_matches_the_workflows_and_code_owners():
    text = GUIDE.read_text(encoding="utf-8")
    nightly = yaml.safe_load((PROJECT / ".github/workflows/nightly.yml").read_text(encoding="utf-8"))
    assert nightly[True]["schedule"] == [{"cron": "7 17 * * *"}]  # 00:07 WIB
    assert "00:07 WIB" in text
    owners = (PROJECT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    for team in ("@heterospace/konten", "@heterospace/pengelola"):
        assert team in owners and team in text
    for path in ("contoh-berkas/acara-baru.md", "contoh-berkas/program-baru.yml"):
        assert path in text and (PROJECT / path).is_file()


# --- The templates ----------------------------------------------------------


def uncomment(text: str, key: str) -> str:
    """Remove `# ` before `# key:` and its commented lines below, as the template says."""
    out, inside = [], False
    for line in text.splitlines():
        if line == f"# {key}:":
            out.append(line[2:])
            inside = True
        elif inside and line.startswith("#   "):
            out.append(line[2:])
        else:
            inside = False
            out.append(line)
    return "\n".join(out) + "\n"


def fill(text: str, values: dict[str, str]) -> str:
    """Write each value after its empty `key:` line; keys are dotted paths (`registration.url`)."""
    out: list[str] = []
    parents: list[tuple[int, str]] = []
    used = set()
    for line in text.splitlines():
        match = re.fullmatch(r"( *)([a-z_]+):( \|)?\s*", line)
        if match is None or line.lstrip().startswith("#"):
            out.append(line)
            continue
        indent = len(match[1])
        parents = [(i, k) for i, k in parents if i < indent]
        dotted = ".".join([*(k for _, k in parents), match[2]])
        parents.append((indent, match[2]))
        if dotted in values:
            value = values[dotted]
            out.append(f"{line.rstrip()}{'' if value.startswith(chr(10)) else ' '}{value}")
            used.add(dotted)
        else:
            out.append(line)
    assert used == set(values), set(values) - used
    return "\n".join(out) + "\n"


EVENT_VALUES = {
    "title": '"Kelas Startup: Batch Contoh"',
    "program": "kelas-startup-3-hari",
    "format": "hybrid",
    "branch": "semarang",
    "room": "kelas",
    "start": "2027-04-17 09:00",
    "end": "2027-04-17 15:00",
    "registration.url": "https://forms.gle/abc123",
    "registration.opens": "2027-03-20 08:00",
    "registration.closes": "2027-04-16 20:00",
    "registration.capacity": "30",
    "registration.fee": "0",
}


def test_event_template_is_refused_until_filled(repo: Path):
    path = "events/2027/2027-04-17-kelas-startup-batch-contoh.md"
    (repo / path).write_text((TEMPLATES / "acara-baru.md").read_text(encoding="utf-8"), encoding="utf-8")
    messages = " ".join(lines_for(repo, path, "error"))
    for key in ("title", "format", "start", "end"):
        assert f"`{key}`" in messages


# The template's example values that must be replaced (checks.PLACEHOLDERS).
TEMPLATE_EXAMPLES = {
    "Nama Pembicara": "Fajar Nugroho",
    "Nama Usaha": "Komunitas Startup Semarang",
    "https://zoom.us/j/1234567890": "https://zoom.us/j/9876543210",
}


def test_filled_event_template_validates(repo: Path):
    template = (TEMPLATES / "acara-baru.md").read_text(encoding="utf-8")
    for key in ("online", "speakers", "partners", "tags"):
        template = uncomment(template, key)
    for example, real in TEMPLATE_EXAMPLES.items():
        template = template.replace(f": {example}", f": {real}")
    text = fill(template, EVENT_VALUES)
    text = text.replace(text.split("---\n")[-1], "Kelas tiga jam untuk calon pendiri startup.\n")
    path = "events/2027/2027-04-17-kelas-startup-batch-contoh.md"
    (repo / path).write_text(text, encoding="utf-8")
    assert lines_for(repo, path, "error") == set()
    assert [str(d) for d in diagnostics(repo, NOW) if d.severity == "error"] == []


def test_event_template_with_only_the_required_fields_validates(repo: Path):
    template = (TEMPLATES / "acara-baru.md").read_text(encoding="utf-8")
    required = {k: EVENT_VALUES[k] for k in ("title", "format", "branch", "start", "end")}
    path = "events/2027/2027-04-17-kelas-startup-batch-contoh.md"
    text = fill(template, {**required, "format": "offline"})
    text = text.replace(text.split("---\n")[-1], "Kelas tiga jam untuk calon pendiri startup.\n")
    (repo / path).write_text(text, encoding="utf-8")
    assert lines_for(repo, path, "error") == set()


def test_filled_program_template_validates(repo: Path):
    template = (TEMPLATES / "program-baru.yml").read_text(encoding="utf-8")
    text = fill(
        template,
        {
            "title": "Kelas Usaha Kopi Lokal",
            "pillar": "mbangun",
            "kind": "class",
            "summary": "Belajar menyangrai, mengemas dan menjual kopi lokal.",
            "description": "\n  Kelas dua hari bersama pemilik kedai kopi.\n\n  Praktik langsung.",
            "audience": "\n  - UMKM\n  - umum",
            "duration": "\n  days: 2",
            "outcomes": "\n  - menyangrai kopi",
            "fee": "50000",
            "branches": "\n  - semarang",
            "partners": "\n  - dinkop-ukm-jateng",
        },
    )
    (repo / "programs" / "kelas-usaha-kopi-lokal.yml").write_text(text, encoding="utf-8")
    assert lines_for(repo, "programs/kelas-usaha-kopi-lokal.yml", "error") == set()


def test_program_template_is_refused_until_filled(repo: Path):
    shutil.copy(TEMPLATES / "program-baru.yml", repo / "programs" / "kelas-baru.yml")
    messages = " ".join(lines_for(repo, "programs/kelas-baru.yml", "error"))
    for key in ("title", "pillar", "kind", "summary", "description"):
        assert f"`{key}`" in messages


# --- Editor support, pre-commit, review -------------------------------------


def test_vscode_maps_the_generated_schemas_to_the_content_files():
    settings = json.loads((PROJECT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping == {
        "./schemas/program.schema.json": "programs/*.yml",
        "./schemas/partners.schema.json": "content/partners.yml",
        "./schemas/showcase.schema.json": "content/showcase/*.yml",
    }
    for schema, pattern in mapping.items():
        assert Path(schema).name in schemas(), schema
        assert (PROJECT / schema).is_file(), schema
        assert list(PROJECT.glob(pattern)), pattern
    extensions = json.loads((PROJECT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_pre_commit_runs_the_validator_on_content_changes():
    config = yaml.safe_load((PROJECT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    ((repo,),) = [config["repos"]]
    assert repo["repo"] == "local"
    ((hook,),) = [repo["hooks"]]
    assert hook["entry"].endswith("hetero validate")
    assert hook["language"] == "system"
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    for path in ("content/partners.yml", "programs/magang-smk.yml", "events/2027/2027-01-16-x.md"):
        assert files.search(path), path
    for path in ("hetero/cli.py", "README.md", "tests/test_guide.py"):
        assert not files.search(path), path


def _owners(path: str) -> list[str]:
    """The owners GitHub requests for `path`: the last matching CODEOWNERS line wins."""
    owners: list[str] = []
    for line in (PROJECT / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        pattern, *names = line.split()
        if pattern == "*":
            matches = True
        elif pattern.endswith("/"):
            matches = ("/" + path).startswith(pattern if pattern.startswith("/") else "/" + pattern)
        else:
            matches = "/" + path == pattern
        if matches:
            owners = names
    return owners


def test_code_owners_split_content_and_code():
    for path in ("events/2027/2027-02-13-a.md", "programs/x.yml", "content/partners.yml", "contoh-berkas/x"):
        assert _owners(path) == ["@heterospace/konten"], path
    for path in ("hetero/cli.py", ".github/workflows/ci.yml", "Makefile", ".github/CODEOWNERS"):
        assert _owners(path) == ["@heterospace/pengelola"], path


def test_pull_request_template_has_a_checklist():
    text = (PROJECT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert len(re.findall(r"^- \[ \] ", text, re.MULTILINE)) >= 5
    assert "CONTRIBUTING.md" in text
