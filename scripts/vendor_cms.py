"""Copy the pinned web editor (Sveltia CMS) and its fonts from npm into hetero/cms/vendor/.

`make cms-vendor` runs this after `npm ci --prefix tests/cms`. The versions
are pinned in tests/cms/package.json and package-lock.json; to upgrade, change
them there, run `npm install --prefix tests/cms --ignore-scripts`, then
`make cms-vendor`, and update the versions in hetero/cms/vendor/README.md.
tests/test_admin.py fails while a copy differs from its package.

The files are committed so that `make site` needs only Python: the build
copies them into site/admin/ and never fetches anything.
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGES = REPO / "tests" / "cms" / "node_modules"
VENDOR = REPO / "hetero" / "cms" / "vendor"

# Where each vendored file comes from, inside tests/cms/node_modules.
FILES = {
    "sveltia-cms.js": "@sveltia/cms/dist/sveltia-cms.js",
    "LICENSE-sveltia-cms.txt": "@sveltia/cms/LICENSE.txt",
    "fonts/source-sans-3-latin-wght-normal.woff2": (
        "@fontsource-variable/source-sans-3/files/source-sans-3-latin-wght-normal.woff2"
    ),
    "fonts/noto-mono-latin-400-normal.woff2": "@fontsource/noto-mono/files/noto-mono-latin-400-normal.woff2",
    "fonts/material-symbols-outlined-latin-wght-normal.woff2": (
        "@fontsource-variable/material-symbols-outlined/files/material-symbols-outlined-latin-wght-normal.woff2"
    ),
    "fonts/LICENSE-source-sans-3.txt": "@fontsource-variable/source-sans-3/LICENSE",
    "fonts/LICENSE-noto-mono.txt": "@fontsource/noto-mono/LICENSE",
    "fonts/LICENSE-material-symbols-outlined.txt": "@fontsource-variable/material-symbols-outlined/LICENSE",
}


def main() -> None:
    for target, source in FILES.items():
        path = VENDOR / target
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PACKAGES / source, path)
        print(path.relative_to(REPO))


if __name__ == "__main__":
    main()
