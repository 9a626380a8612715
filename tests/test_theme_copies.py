"""Our partials that began as copies of Material's still stand on the Material that is installed.

overrides/partials/header.html, nav.html and toc.html are Material's files with
a change each (their opening comments say which), nav.html writes plain
entries with nav-item.html's markup, and search.html keeps Material's box for
the preview opened from disk. A Material upgrade may change the originals (a
fix, a new feature, new markup its stylesheet expects), and our copies would
hide that from every page without any test noticing. So the originals are
pinned here by their hashes: when one changes, port the change into our copy,
check the site, then record the new hash.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import material

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"

# SHA-256 of Material's files as of mkdocs-material 9.8.1 (requirements.lock).
COPIED_FROM = {
    "partials/header.html": "8cf3fb15bcf969ff596649616fd99366b3c31c08d57a86d05308efc16d8fa75f",
    "partials/nav.html": "af33f6e032f632eb055c365eb5f1a975bf8456152fa768e69a1aad6d470b843f",
    "partials/nav-item.html": "89895208f22d68ce405a4bcb6649b9150eba5bbb04663a6cb3f93f02daf1d2f7",
    "partials/toc.html": "fde48f583563364b0e0e6865a5ab1e7060ec1826161f69f5cbee653e621b0f84",
    "partials/search.html": "bfd556535abcddb99396ab2a7e3acc2ebcd3f36756007d3969396caa4126be30",
}


def test_the_material_files_our_partials_were_copied_from_are_unchanged() -> None:
    changed = [
        name
        for name, digest in COPIED_FROM.items()
        if hashlib.sha256((MATERIAL_TEMPLATES / name).read_bytes()).hexdigest() != digest
    ]
    assert changed == [], (
        f"Material's {', '.join(changed)} changed since overrides/ copied them: carry the change "
        "into overrides/ (see each file's opening comment), then update COPIED_FROM"
    )
