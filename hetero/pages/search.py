"""The search results page, cari/?q=…: a form and an empty list that content/assets/search.js fills."""

from __future__ import annotations

from hetero.pages.base import Site, make_page, render

SEARCH_PATH = "cari/index.md"


def search_page(site: Site) -> tuple[str, str]:
    meta = {
        "title": "Cari",
        "description": "Cari acara, program, pembicara, tempat, tanggal atau usaha di Hetero Space.",
    }
    return make_page(site, SEARCH_PATH, meta, render("search.md.j2", "cari/"))
