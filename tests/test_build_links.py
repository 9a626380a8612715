"""A broken link in a description fails the build and points at the line staff wrote."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from browser import build_site

NOW = "2026-11-24T12:00+07:00"


def test_broken_link_in_an_event_description_is_reported_at_its_line(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    build_site(root, root / "site", NOW)
    before = (root / "site" / "index.html").read_bytes()
    event = root / "events" / "2026" / "2026-12-12-dari-hobi-jadi-usaha.md"
    lines = event.read_text(encoding="utf-8").splitlines()
    lines.append("Lihat [jadwal lama](../jadwal-lama.md) di sini.")
    event.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "hetero", "--root", str(root), "build", "--now", NOW],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    column = lines[-1].index("../jadwal-lama.md") + 1
    expected = f"events/2026/2026-12-12-dari-hobi-jadi-usaha.md:{len(lines)}:{column}: error: tautan"
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert (root / "site" / "index.html").read_bytes() == before
