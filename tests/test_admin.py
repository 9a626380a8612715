"""The web editor at /admin/ (hetero/admin.py): its configuration, its files, its policy, and Chromium.

The editor itself (Sveltia CMS) talks to GitHub, which the test network
cannot reach, so the browser test stops at the sign-in screen: the editor
starts, reads its configuration without complaint and asks for a token,
without a console error and without a request to another host.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import NOW, NOW_TEXT, PROJECT, diagnostic_lines, run_hetero, write
from pydantic import BaseModel

from hetero import admin
from hetero.files import content_files
from hetero.harden import EDITOR_PAGE, audit, content_security_policy
from hetero.kinds import KINDS, PARTNERS
from hetero.modeldoc import _nested_model
from hetero.validate import validate

CMS_PACKAGES = PROJECT / "tests" / "cms"


def _served() -> dict[str, Any]:
    catalog, _ = validate(PROJECT, NOW)
    return admin.served_config(catalog, "https://example.invalid/", PROJECT)


def _collection(config: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in config["collections"] if c["name"] == name)


# --- The configuration ---------------------------------------------------------


def test_checked_in_configuration_is_current() -> None:
    assert admin.CONFIG_FILE.read_text(encoding="utf-8") == admin.render(admin.config()), (
        "hetero/cms/config.yml is stale: run `hetero schema`"
    )


def test_saves_go_through_pull_requests_and_skip_empty_fields() -> None:
    config = yaml.safe_load(admin.CONFIG_FILE.read_text(encoding="utf-8"))
    assert config["publish_mode"] == "editorial_workflow"
    assert config["output"] == {"omit_empty_optional_fields": True}
    assert config["backend"] == {
        "name": "github",
        "repo": admin.REPOSITORY,
        "branch": "main",
        "auth_methods": ["token"],
    }


def _model_tree(model: type[BaseModel]) -> dict[str, Any]:
    tree = {}
    for name, field in model.model_fields.items():
        nested = _nested_model(field.annotation)
        tree[name] = _model_tree(nested) if nested else {}
    return tree


def _config_tree(fields: list[dict[str, Any]]) -> dict[str, Any]:
    return {field["name"]: _config_tree(field.get("fields", [])) for field in fields}


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_every_model_field_is_in_the_editor(kind) -> None:
    """Every field of every model, nested ones too, and nothing else; front matter kinds add the body."""
    collection = _collection(_served(), kind.name)
    if kind is PARTNERS:
        entries = collection["files"][0]["fields"]
        assert [entry["name"] for entry in entries] == sorted(validate(PROJECT, NOW)[0].partners)
        fields = entries[0]["fields"]
    else:
        fields = collection["fields"]
    expected = _model_tree(kind.model) | ({"body": {}} if kind.front_matter else {})
    assert _config_tree(fields) == expected


def test_partner_choices_come_from_the_content() -> None:
    config = _served()
    partner_ids = sorted(validate(PROJECT, NOW)[0].partners)
    for name in ("events", "programs"):
        field = next(f for f in _collection(config, name)["fields"] if f["name"] == "partners")
        assert field["widget"] == "select"
        assert field["multiple"] is True
        assert field["options"] == partner_ids


def test_the_deploy_job_points_the_editor_at_its_own_repository(monkeypatch) -> None:
    monkeypatch.setenv(admin.REPOSITORY_VARIABLE, "contoh/portal-hetero")
    assert _served()["backend"]["repo"] == "contoh/portal-hetero"
    monkeypatch.setenv(admin.REPOSITORY_VARIABLE, "bukan repositori: x")
    assert _served()["backend"]["repo"] == admin.REPOSITORY


# --- What the editor saves validates --------------------------------------------

_SAMPLES = {"string": "Kelas Uji Coba Penyunting", "text": "Teks uji coba.", "markdown": "Deskripsi."}


def _saved_value(field: dict[str, Any], start: datetime) -> Any:
    """What the editor writes for a required field someone filled in."""
    widget = field["widget"]
    if widget == "datetime":
        return start.strftime("%Y-%m-%d %H:%M")
    if widget == "select":
        # The format a file can have with the fewest other fields (an online
        # event needs a platform; an offline one a branch, which a fresh copy
        # of the content may not name).
        return "online" if "online" in field["options"] else field["options"][0]
    if widget == "object":
        return {f["name"]: _saved_value(f, start) for f in field["fields"] if f.get("required", True)}
    return _SAMPLES[widget]


def _event_path(collection: dict[str, Any], values: dict[str, Any], slug: str) -> str:
    """The collection's `path`, filled in as the editor does (`date()` takes Day.js formats)."""
    start = datetime.strptime(values["start"], "%Y-%m-%d %H:%M")

    def fill(match: re.Match[str]) -> str:
        tag = match.group(1).strip()
        if tag == "slug":
            return slug
        field, _, transformation = (part.strip() for part in tag.partition("|"))
        assert field == "fields.start"
        day_js = re.fullmatch(r"date\('([^']+)'\)", transformation).group(1)
        return start.strftime(day_js.replace("YYYY", "%Y").replace("MM", "%m").replace("DD", "%d"))

    return re.sub(r"\{\{(.+?)\}\}", fill, collection["path"])


def test_an_event_saved_by_the_editor_validates(repo: Path) -> None:
    """Required fields filled, every optional one left empty and so omitted, as the editor saves it."""
    collection = _collection(_served(), "events")
    start = datetime(2027, 3, 10, 9, 0)
    values = {f["name"]: _saved_value(f, start) for f in collection["fields"] if f.get("required", True)}
    values["end"] = start.replace(hour=11).strftime("%Y-%m-%d %H:%M")
    # The one optional field an online event cannot do without (checks.py).
    assert values["format"] == "online"
    values["online"] = {"platform": "Zoom"}
    path = f"{collection['folder']}/{_event_path(collection, values, 'kelas-uji-coba-penyunting')}.md"
    assert path == "events/2027/2027-03-10-kelas-uji-coba-penyunting.md"
    front = yaml.safe_dump(values, allow_unicode=True, sort_keys=False)
    write(repo, path, f"---\n{front}---\n")
    result = run_hetero(repo, "validate", "--now", NOW_TEXT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not diagnostic_lines(result.stdout + result.stderr)


# --- Files and rules -------------------------------------------------------------


def _vendor_script() -> Any:
    spec = importlib.util.spec_from_file_location("vendor_cms", PROJECT / "scripts" / "vendor_cms.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_vendored_files_are_the_pinned_packages() -> None:
    packages = CMS_PACKAGES / "node_modules"
    if not packages.is_dir():
        message = "CMS VENDOR CHECK NOT RUN: npm ci --prefix tests/cms --ignore-scripts"
        if os.environ.get("HETERO_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    pinned = json.loads((CMS_PACKAGES / "package.json").read_text(encoding="utf-8"))["dependencies"]
    readme = (admin.VENDOR_DIR / "README.md").read_text(encoding="utf-8")
    for name, version in pinned.items():
        installed = json.loads((packages / name / "package.json").read_text(encoding="utf-8"))["version"]
        assert installed == version, (
            f"{name}: {installed} installed, {version} pinned; npm ci --prefix tests/cms"
        )
        assert f"`{name}` {version}" in readme, f"hetero/cms/vendor/README.md: {name} {version}"
    for target, source in _vendor_script().FILES.items():
        assert (admin.VENDOR_DIR / target).read_bytes() == (packages / source).read_bytes(), (
            f"hetero/cms/vendor/{target} differs from {source}: make cms-vendor"
        )


def test_fonts_come_from_the_site() -> None:
    files = admin.admin_files(validate(PROJECT, NOW)[0], "https://example.invalid/", PROJECT)
    style_id, css = admin._font_block()
    assert f'id="{style_id}"' in files["admin/index.html"]
    fonts = re.findall(r"url\(([^)]+)\)", css)
    assert len(fonts) == 3
    for font in fonts:
        assert f"admin/{font}" in files


def test_staff_cannot_place_files_in_the_editor_folder(repo: Path) -> None:
    write(repo, "content/admin/index.md", "# Bukan penyunting\n")
    found = content_files(repo)
    assert [d.path for d in found] == ["content/admin/index.md"]
    assert "`admin/`" in found[0].message


def test_editor_page_has_its_own_audit_and_policy() -> None:
    page = (admin.CMS_DIR / "index.html").read_text(encoding="utf-8")
    assert audit(page, editor=True)[0] == []
    # Every other page needs its one content article; the editor page has none.
    assert any("article" in problem for problem in audit(page)[0])
    # The rest of the audit still applies.
    handler = page.replace("<body>", '<body onload="x()">')
    assert audit(handler, editor=True)[0] == ["atribut `onload` pada <body> menjalankan skrip"]
    policy = content_security_policy([], editor=True)
    hosts = set(re.findall(r"https://[^\s;]+", policy))
    assert hosts == {"https://api.github.com", "https://avatars.githubusercontent.com"}
    assert "'unsafe-eval'" not in policy
    assert "script-src 'self';" in policy


# --- In Chromium -------------------------------------------------------------------


def test_editor_starts_at_its_sign_in_screen(browser_site: Path, base_url: str, browser) -> None:
    from browser import DESKTOP, screenshot_path

    built = (browser_site / EDITOR_PAGE).read_text(encoding="utf-8")
    assert content_security_policy([], editor=True) in built
    page = browser.new_page(viewport=DESKTOP)
    problems: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(base_url + "admin/", wait_until="load")
        sign_in = page.get_by_role("button", name=re.compile("Access Token|Token", re.IGNORECASE))
        sign_in.wait_for(timeout=20_000)
        page.screenshot(path=screenshot_path("admin-sign-in"))
        sign_in.click()
        page.get_by_role("textbox").first.wait_for(timeout=10_000)
        page.screenshot(path=screenshot_path("admin-token"))
        # Nothing the editor's own failure screen would say.
        assert "configuration" not in page.inner_text("body").lower()
        assert problems == []
        # data: and blob: URLs (the editor's logo) stay inside the page.
        foreign = [url for url in requests if urlsplit(url).hostname not in ("127.0.0.1", None)]
        assert foreign == []
        # The editor's script and fonts came from the site.
        assert base_url + "admin/sveltia-cms.js" in requests
        assert any(url.startswith(base_url + "admin/fonts/") for url in requests)
    finally:
        page.close()
