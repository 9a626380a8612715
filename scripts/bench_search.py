"""The search section of scripts/bench.py: index size, what a phone downloads, first-query time.

The site is built from synthetic content (scripts/synthetic.py) with the
repository's templates, then served on 127.0.0.1 and searched in Debian's
Chromium at a phone's size (390×844), once as it is and once with the CPU
slowed 4× (Chrome's throttling, Lighthouse's mobile setting). Every query
starts in a fresh browser context, so nothing is cached: it pays for the
page, the engine, its WebAssembly and the index chunks it needs.

For comparison, the same text as one lunr-style JSON file (what the theme's
search downloads whole, then indexes in the browser) is sized as well.
"""

from __future__ import annotations

import gzip
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

PHONE = {"width": 390, "height": 844}
QUERIES = ("foto produk", "gratis", "desember", "pelatihan", "fajar nugroho")
CPU_SLOWDOWNS = (1, 4)
COMPRESSED = ("text/", "application/javascript", "application/json")


def _transferred(body: bytes, content_type: str) -> int:
    """As GitHub Pages sends it: text gzipped at level 6; Pagefind's own files are gzip already."""
    if content_type.startswith(COMPRESSED):
        return len(gzip.compress(body, compresslevel=6))
    return len(body)


def _records(site: Path) -> list[dict]:
    return [
        json.loads(gzip.decompress(p.read_bytes()).removeprefix(b"pagefind_dcd"))
        for p in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment"))
    ]


def _address(record: dict) -> str:
    """The address a result links to, as content/assets/search.js finds it."""
    return record["meta"].get("tautan") or record["url"].removesuffix(".html") + "/"


def _first_query(browser, base_url: str, query: str, slowdown: int) -> dict:
    """Open cari/?q= in a fresh context: time until the results are shown, bytes of the search files."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    if slowdown > 1:
        session = context.new_cdp_session(page)
        session.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
    sizes: dict[str, int] = {}

    def count(response) -> None:
        if "/pagefind/" in response.url:
            sizes[response.url] = _transferred(response.body(), response.headers.get("content-type", ""))

    page.on("response", count)
    started = time.perf_counter()
    page.goto(f"{base_url}cari/?q={quote(query)}", wait_until="commit")
    page.locator("ol.hs-results[data-ready]").wait_for(state="attached", timeout=120_000)
    seconds = time.perf_counter() - started
    status = page.locator(".hs-search__status").text_content()
    page.wait_for_load_state("networkidle")
    context.close()
    return {"seconds": seconds, "bytes": sum(sizes.values()), "requests": len(sizes), "status": status}


def measure(site: Path) -> dict:
    from browser import chromium, serve_folder

    records = _records(site)
    bundle = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    lunr_like = json.dumps(
        {
            "docs": [
                {"location": _address(r), "title": r["meta"].get("title", ""), "text": r["content"]}
                for r in records
            ]
        },
        ensure_ascii=False,
    ).encode("utf-8")
    found: dict = {
        "records": len(records),
        "files": len(bundle),
        "bundle_bytes": sum(p.stat().st_size for p in bundle),
        "lunr_bytes": len(lunr_like),
        "lunr_gzip": len(gzip.compress(lunr_like, compresslevel=6)),
        "queries": {},
    }
    with serve_folder(site) as base_url, chromium() as browser:
        for slowdown in CPU_SLOWDOWNS:
            for query in QUERIES:
                found["queries"][(slowdown, query)] = _first_query(browser, base_url, query, slowdown)
    return found


def section(sizes: list[int], repeat: int, build, machine) -> tuple[str, bool]:
    """Markdown for docs/benchmarks.md; `build(size, folder)` returns the built site and its index seconds."""
    load_average = os.getloadavg()[0]
    rows, query_rows = [], []
    largest = max(sizes)
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix=f"hetero-search-{size}-") as folder:
            site, index_seconds = build(size, Path(folder), repeat)
            print(f"[search] {size} events", flush=True)
            found = measure(site)
        rows.append(
            f"| {size:,} | {found['records']:,} | {index_seconds:.1f} | {found['files']:,} | "
            f"{found['bundle_bytes'] / 1e6:.1f} | {found['lunr_bytes'] / 1e6:.1f} | "
            f"{found['lunr_gzip'] / 1e3:.0f} |"
        )
        if size == largest:
            for (slowdown, query), q in found["queries"].items():
                query_rows.append(
                    f"| `{query}` | {slowdown}× | {q['requests']} | {q['bytes'] / 1e3:.1f} | "
                    f"{q['seconds'] * 1000:.0f} | {q['status']} |"
                )
    first = [r for r in query_rows if "| 1× |" in r]
    lines = [
        f"## Search\n\nMeasured {date.today().isoformat()} with `scripts/bench.py --section search` "
        "(scripts/bench_search.py): the site built from `scripts/synthetic.py` (seed 1), its Pagefind "
        "bundle written by `hetero/search.py`, searched on `/cari/?q=` in Debian's Chromium at 390×844.",
        "",
        "| events | records | index s | bundle files | bundle MB | same text as one JSON MB | "
        "that JSON gzipped KB |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        f"First query at {largest:,} events, each in a fresh browser context (empty cache); bytes are "
        "those of `pagefind/` (engine, WebAssembly, metadata, index chunks, the fragments of the results "
        f"shown), as GitHub Pages serves them; {len(first)} queries unthrottled and the same with the CPU "
        "slowed 4×:",
        "",
        "| query | CPU | search requests | search KB transferred | ms from navigation to results | results |",
        "|---|---:|---:|---:|---:|---|",
        *query_rows,
        "",
        "- *records*: events (past ones included), programs, branches, stories, each showcase business, "
        "and the pages Tentang, Mitra and Dampak.",
        "- *index s*: `hetero.search.index_site` alone on the built site (records written to a scratch "
        "folder, then Pagefind's command line).",
        "- *same text as one JSON*: what a lunr search (the theme's) would download whole before the first "
        "result, then index in the browser, for the same records; Pagefind's first query downloads only "
        "the chunks of the words asked for.",
        "",
        "Machine:",
        "",
        *machine(),
        f"- Load average (1 min) when the run started: {load_average:.2f}",
    ]
    slowest = max((q["seconds"] for q in found["queries"].values()), default=0.0)
    print(
        f"[search] slowest first query {slowest:.2f} s; median "
        f"{statistics.median(q['seconds'] for q in found['queries'].values()):.2f} s",
        flush=True,
    )
    return "\n".join(lines), True
