"""Mutation score per module from mutmut's results in mutants/ (`make mutate`).

Reads the `.meta` files mutmut 3 writes beside each mutated copy and prints,
per module, the mutants it made and how each run ended. The score is killed
(including timeouts) over the mutants that ran; mutants without a result yet
are listed as "not run".
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code  # mutmut's own names for its exit codes

_COLUMN = {
    "killed": "killed",
    "caught by type check": "killed",
    "timeout": "timeout",
    "survived": "survived",
    "no tests": "no tests",
    "not checked": "not run",
}


def main(folder: Path = Path("mutants")) -> int:
    rows = []
    totals: Counter[str] = Counter()
    for meta in sorted(folder.rglob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {})
        if not codes:
            continue
        count: Counter[str] = Counter()
        for code in codes.values():
            status = status_by_exit_code[code]
            count[_COLUMN.get(status, "other")] += 1
        count["total"] = len(codes)
        totals.update(count)
        rows.append((meta.relative_to(folder).as_posix().removesuffix(".meta"), count))
    if not rows:
        print("No mutmut results in mutants/; run `make mutate` first.")
        return 1
    columns = ("total", "killed", "timeout", "survived", "no tests", "other", "not run")
    print(f"{'module':28} " + " ".join(f"{c:>9}" for c in columns) + "     score")
    for name, count in [*rows, ("all", totals)]:
        ran = count["killed"] + count["timeout"] + count["survived"] + count["no tests"]
        score = f"{100 * (count['killed'] + count['timeout']) / ran:8.1f} %" if ran else "       -"
        print(f"{name:28} " + " ".join(f"{count[c]:>9}" for c in columns) + f"  {score}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*(Path(a) for a in sys.argv[1:])))
