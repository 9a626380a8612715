"""Take the README's screenshots of the sample site: `python scripts/screenshots.py`.

Builds the sample content at a fixed "now" into a temporary folder, serves it
on loopback and photographs what a visitor sees first on a phone (390×844)
and a laptop (1366×900), with the browser's clock fixed to the build's time so
the pages look as built. Uses Debian's Chromium through Playwright (the
development tools, `make install-dev`); never downloads a browser. The PNGs
are reduced to 256 colours and written to docs/screenshots/.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from browser import CHROMIUM, chromium, serve_folder  # noqa: E402

NOW = "2026-11-24T12:00+07:00"
OUT = REPO / "docs" / "screenshots"
WIDTHS = {390: 844, 1366: 900}
# file name stem -> site path
PAGES = {
    "beranda": "",
    "acara": "acara/",
    "acara-mendatang": "acara/2026-12-05-foto-produk-akhir-tahun/",
    "program": "program/kelas-startup-3-hari/",
    "dampak": "dampak/",
}
# Whole pages, not just the first screen: (stem, width).
FULL_PAGES = [("dampak", 390)]
MAX_BYTES = 300_000


def build(out: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key != "HETERO_NOW"}
    command = [sys.executable, "-m", "hetero", "--root", str(REPO), "build", "--now", NOW, "--out", str(out)]
    subprocess.run(command, check=True, env=env, cwd=REPO, stdout=subprocess.DEVNULL)


def save(png: bytes, path: Path) -> int:
    """Write `png` as a 256-colour optimised PNG; return its size in bytes."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    small = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, format="PNG", optimize=True)
    return path.stat().st_size


def shoot(site: Path, out: Path) -> list[tuple[Path, int]]:
    written = []
    with serve_folder(site) as base, chromium() as browser:
        for width, height in WIDTHS.items():
            for stem, address in PAGES.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                page.clock.set_fixed_time(datetime.fromisoformat(NOW))
                page.goto(base + address, wait_until="networkidle")
                targets = [(out / f"{stem}-{width}.png", False)]
                if (stem, width) in FULL_PAGES:
                    targets.append((out / f"{stem}-{width}-penuh.png", True))
                for path, full in targets:
                    written.append((path, save(page.screenshot(full_page=full), path)))
                page.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=OUT, help="folder for the PNGs (default docs/screenshots/)"
    )
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: apt-get install chromium", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hetero-screenshots-") as folder:
        site = Path(folder) / "site"
        build(site)
        written = shoot(site, args.out)
    too_big = False
    for path, size in written:
        note = "" if size <= MAX_BYTES else f"  (over {MAX_BYTES // 1000} KB)"
        too_big |= size > MAX_BYTES
        print(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}  {size // 1000} KB{note}")
    return 1 if too_big else 0


if __name__ == "__main__":
    sys.exit(main())
