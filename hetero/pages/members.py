"""What members made: the impact report, success stories and the business showcase."""

from __future__ import annotations

from collections.abc import Iterator

from hetero import impact
from hetero.facts import HELD_NOTE, format_number
from hetero.kinds import STORIES
from hetero.pages.base import (
    Site,
    make_page,
    markdown,
    plain_text,
    render,
)
from hetero.showcase import PAGE_URL as SHOWCASE_URL
from hetero.showcase import directory
from hetero.stories import published as published_stories
from hetero.stories import story_summary, story_url, story_view


def impact_page(site: Site, report: impact.Impact) -> tuple[str, str]:
    """The impact report (`report`, at the site's clock): figures, charts, tables and the downloads."""

    def shown(section: impact.Section) -> list[dict]:
        return [{"label": f.label, "value_text": format_number(f.value)} for f in section.figures]

    charts = []
    for section in report.sections:
        if section.chart and section.figures:
            label_heading, value_heading = impact.TABLE_HEADINGS.get(section.id, ("Uraian", "Jumlah"))
            charts.append(
                {
                    "title": section.title,
                    "note": section.note,
                    "svg": impact.bar_chart(section),
                    "figures": shown(section),
                    "label_heading": label_heading,
                    "value_heading": value_heading,
                }
            )
    per_month = report.section("acara-per-tahun-bulan")
    months, rows = impact.year_month_grid(per_month)
    summary = report.section("ringkasan")
    recorded = {f.key: f.value for f in summary.figures}
    missing = recorded["acara-terselenggara"] - recorded["acara-dengan-data-peserta"]
    body = render(
        "impact.md.j2",
        impact.PAGE_URL,
        as_of=impact.as_of_text(report),
        summary={"figures": shown(summary)},
        charts=charts,
        grid={"title": per_month.title, "note": per_month.note, "months": months, "rows": rows},
        missing_note=f"{format_number(missing)} acara terselenggara belum mencatat jumlah pesertanya."
        if missing
        else "Semua acara terselenggara sudah mencatat jumlah pesertanya.",
        held_note=HELD_NOTE,
    )
    meta = {
        "title": "Dampak",
        "description": "Hasil Hetero Space dalam angka: acara, peserta, program, Kelas Startup 3 Hari "
        "dan usaha anggota, dengan data CSV dan JSON untuk laporan.",
    }
    return make_page(site, impact.PAGE_URL + "index.md", meta, body)


def stories_page(site: Site) -> tuple[str, str]:
    stories = [story_summary(s) for s in published_stories(site.catalog, site.now)]
    body = render("stories.md.j2", STORIES.page_url(), stories=stories)
    meta = {
        "title": "Cerita alumni",
        "description": "Kisah sukses anggota dan alumni program Hetero Space dari seluruh Jawa Tengah.",
    }
    return make_page(site, STORIES.page_file(), meta, body)


def story_pages(site: Site) -> Iterator[tuple[str, str]]:
    for story in published_stories(site.catalog, site.now):
        url = story_url(story.id)
        view = story_view(story, site.catalog, site.now)
        body = render("story.md.j2", url, s=view, body=markdown(story.body))
        meta = {"title": story.data.name, "description": plain_text(story.data.quote)}
        # The share preview keeps the site's 1200×630 image: overrides/main.html
        # declares that size, which a story's own photo need not have.
        yield make_page(site, STORIES.page_file(story.id), meta, body, kind="article")


def showcase_page(site: Site) -> tuple[str, str]:
    body = render("showcase.md.j2", SHOWCASE_URL, **directory(site.catalog, site.now))
    meta = {
        "title": "Etalase usaha anggota",
        "description": "Usaha anggota Hetero Space dari kabupaten dan kota di Jawa Tengah: "
        "produk, tempat membeli dan kontaknya.",
    }
    return make_page(site, SHOWCASE_URL + "index.md", meta, body)
