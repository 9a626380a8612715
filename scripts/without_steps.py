"""`hetero` with some of the build's own steps left out, to measure what each costs.

    HETERO_BENCH_WITHOUT=search,audit .venv/bin/python scripts/without_steps.py build --now ...

scripts/bench.py (section `steps`) times `hetero build` with each of the
steps plain Material does not have left out, in turn: the search index
(`search`), the audit of every page and its Content-Security-Policy
(`audit`), and the share images of events (`cards`). A site built so is not
fit to publish, and is only measured.

The steps are replaced here, by name, rather than by an option of `hetero
build`: the audit in particular must have no switch that turns it off. The
build's worker processes start fresh ("spawn") and run this file again as
their main module, so the same names are replaced in them too.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from types import ModuleType

from hetero import build, render, social
from hetero.cli import run

# Each step, and the names it is replaced by: (module, name, stand-in).
STEPS: dict[str, list[tuple[ModuleType, str, Callable]]] = {
    # No records, so no Pagefind run and no bundle (hetero/search.py, `indexing`).
    "search": [(render, "page_records", lambda url, page, now: [])],
    "audit": [
        (render, "finish_page", lambda page, text, **options: ([], text)),
        (build, "harden", lambda folder, **options: None),
    ],
    "cards": [(social, "draw", lambda card: b"")],
}


def leave_out(steps: set[str]) -> None:
    """Replace the functions of `steps`; refuse a step or a name this file does not know."""
    unknown = steps - STEPS.keys()
    if unknown:
        raise SystemExit(f"steps to leave out are among {', '.join(STEPS)}, not {', '.join(unknown)}")
    for step in steps:
        for module, name, stand_in in STEPS[step]:
            # A renamed function would otherwise be left in, and the step measured as gone.
            if not callable(getattr(module, name, None)):
                raise SystemExit(f"{module.__name__}.{name} is gone: update scripts/without_steps.py")
            setattr(module, name, stand_in)


leave_out({step for step in os.environ.get("HETERO_BENCH_WITHOUT", "").split(",") if step})

if __name__ == "__main__":
    run()
