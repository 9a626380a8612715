"""`assets/upcoming.json`: every event upcoming at build time, for the page script.

The home page lists only the next few events and the program cards only each
program's next date, both as they were at build time. A site nobody rebuilds
for weeks (GitHub turns scheduled workflows off after 60 days without a
commit) would then say "no upcoming events" on the home page while `/acara/`
still lists some. `content/assets/hetero.js` reads this file and draws those
lists again on the visitor's clock, from the same events `/acara/` carries.

It is the site's own file, not a partner API (that is `api/events.json`):
its shape follows what the lists print and may change with them. It is kept
small because every visit to the home page fetches it: one line, empty
fields left out, branch and program names and the folder of event pages
once each, and only events that have not ended. Strings go through
`json.dumps`, after `clean_tree` removes control characters; the script
inserts them as text, never as markup. At 5,000 synthetic events
(scripts/synthetic.py, 53 upcoming) it is 27 KB, 3.3 KB gzipped: about
510 bytes an event before compression, 60 after.
"""

from __future__ import annotations

import json
import posixpath

from hetero.pages.base import Site, relative_link
from hetero.safetext import clean_tree
from hetero.views import event_summary, event_url, is_listed_upcoming

UPCOMING_PATH = "assets/upcoming.json"
# The folder the file is served from, which its relative event links start at.
_FOLDER = UPCOMING_PATH.rsplit("/", 1)[0] + "/"


def feed_link(page_url: str) -> str:
    """The file's address from the page at `page_url` (a site path like `program/`)."""
    return posixpath.relpath(UPCOMING_PATH, page_url or ".")


def _entry(summary: dict) -> dict:
    button = summary["button"]
    entry = {
        "id": summary["id"],
        "title": summary["title"],
        "when": summary["when"],
        "start": summary["start"],
        "end": summary["end"],
        "format": summary["format"],
        "status": "" if summary["status"] == "scheduled" else summary["status"],
        "branch": summary["branch"],
        "program": summary["program"],
        "fee": summary["fee"],
        # What hetero.js needs to decide the registration state at any moment.
        "href": button.href,
        "opens": button.opens,
        "closes": button.closes,
        "override": button.override,
    }
    return {key: value for key, value in entry.items() if value not in ("", None)}


def upcoming_json(site: Site) -> bytes:
    """The events not ended at `site.now`, soonest first, with the names their lists print."""
    catalog, now = site.catalog, site.now
    summaries = [event_summary(e, catalog, now) for e in catalog.events if is_listed_upcoming(e, now)]
    document = {
        "version": 1,
        "generated_for": now.isoformat(),
        # Where event pages live, relative to this file as any link on the web:
        # an event's page is `pages` + id + `/` (views.event_url), written once here.
        "pages": relative_link(_FOLDER, event_url("")),
        "branches": {s["branch"]: s["branch_name"] for s in summaries if s["branch"]},
        "programs": {s["program"]: s["program_title"] for s in summaries if s["program"]},
        "events": [_entry(s) for s in summaries],
    }
    text = json.dumps(clean_tree(document), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return (text + "\n").encode("utf-8")
