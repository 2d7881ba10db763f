"""The data part of a `mkdocs serve` rebuild after one record changes.

    python benchmarks/rebuild.py [--advocates 10000]

Generates a program, checks it once cold (every file parsed), edits one advocate record, and
checks it again in the same process, as `mkdocs serve` does on a rebuild: only the edited file is
parsed again (core/cache.py); the program-wide rules, figures and notices are computed afresh.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402
from mkdocs_advocacy.core.cache import RECORDS  # noqa: E402
from mkdocs_advocacy.core.check import check_site  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--advocates", type=int, default=10000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root, args.advocates)
        options = {"as_of": __import__("datetime").date(2026, 11, 23)}

        def check() -> tuple[float, int]:
            before = RECORDS.parsed
            start = time.perf_counter()
            checked = check_site(root, options, root / "content")
            assert not checked.problems.errors, checked.problems.errors[:3]
            return time.perf_counter() - start, RECORDS.parsed - before

        cold, parsed_cold = check()
        record = sorted((root / "advocates").glob("*.yml"))[len(list((root / "advocates").glob("*.yml"))) // 2]
        record.write_text(record.read_text(encoding="utf-8").replace("title: ", "title: Edited ", 1), encoding="utf-8")
        warm, parsed_warm = check()
        print("| advocates | cold check s (files parsed) | rebuild check after one edit s (files parsed) |")
        print("|---:|---:|---:|")
        print(f"| {args.advocates:,} | {cold:.2f} ({parsed_cold:,}) | {warm:.2f} ({parsed_warm:,}) |")


if __name__ == "__main__":
    main()
