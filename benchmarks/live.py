"""Edit to reload under `advocacy serve`: a one-record edit in a large program.

    python benchmarks/live.py [--advocates 10000] [--photos 0.5] [--check]

Generates a program, builds it once in full as `advocacy serve` does (engines/live.py), then makes
one-record edits of each kind (a testimonial edited, a review added, consent withdrawn, an advocate
added) and times each rebuild: from the builder being called to the last file written, which is
when the server tells the browser to reload (wall time, and the process's CPU time, which other
work on the machine stretches less). It prints how many generated pages each rebuild
rendered and wrote. With --check, each rebuilt site is also compared with a full build of the
edited program (slow: a full build per edit).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402
from mkdocs_advocacy.engines.live import LiveBuild  # noqa: E402
from run import file_system  # noqa: E402


def files_of(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def edit(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def edited_records(root: Path) -> dict[str, Path]:
    """The advocate files the one-record edits change (serve_pair.py edits the same): one with a
    testimonial, one with a review, one not quoted in a case study (its withdrawal is no error)."""
    public = [p for p in sorted((root / "advocates").glob("*.yml")) if "public: true" in p.read_text(encoding="utf-8")]
    quoted = " ".join(p.read_text(encoding="utf-8") for p in (root / "case_studies").glob("*.md"))
    return {
        "testimonial": next(p for p in public[len(public) // 2:] if "testimonials:" in p.read_text(encoding="utf-8")),
        "review": next(p for p in public[len(public) // 3:] if "reviews:" in p.read_text(encoding="utf-8")),
        "withdraw": next(p for p in public[len(public) // 4:] if p.stem not in quoted),
    }


def _quote(data: dict) -> None:
    data["testimonials"][0]["quote"] = "Edited in the preview: one number the whole company trusts."


def _review(data: dict) -> None:
    data["reviews"].append({"platform": "g2", "rating": 4, "date": dt.date(2026, 11, 20),
                            "title": "Added in the preview"})


def _withdraw(data: dict) -> None:
    data["consent"]["public"] = False


EDITS = {"testimonial": _quote, "review": _review, "withdraw": _withdraw}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--advocates", type=int, default=10000)
    ap.add_argument("--check", action="store_true", help="compare each rebuild with a full build")
    ap.add_argument("--photos", type=float, default=0.0, help="share of the advocates with a photo (generate.py)")
    args = ap.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1782777600")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "program"
        generate(root, args.advocates, photos=args.photos)
        served = Path(tmp) / "served"
        live = LiveBuild(str(root / "mkdocs.yml"), str(served))
        start = time.perf_counter()
        live.build()
        full = time.perf_counter() - start
        chosen = edited_records(root)
        with_testimonial, with_review, withdrawing = chosen["testimonial"], chosen["review"], chosen["withdraw"]
        quote, review, withdraw = EDITS["testimonial"], EDITS["review"], EDITS["withdraw"]

        edits = [("a testimonial edited", lambda: edit(with_testimonial, quote)),
                 ("a review added", lambda: edit(with_review, review)),
                 ("consent withdrawn", lambda: edit(withdrawing, withdraw)),
                 ("an advocate added", lambda: shutil.copy(with_review, root / "advocates" / "zz-added.yml")),
                 ("a save without edits", lambda: with_review.write_bytes(with_review.read_bytes()))]
        print(f"{args.advocates:,} advocates, {live.last['pages']:,} generated pages; first build "
              f"(in full, fingerprinting every page) {full:.1f} s\n{file_system(Path(tmp))}\n")
        print("| edit | rebuild s | CPU s | generated pages rendered | hand-written pages with embeds | "
              "data files written |" + (" same as a full build |" if args.check else ""))
        print("|---|---:|---:|---:|---:|---:|" + ("---|" if args.check else ""))
        phases: list[tuple[str, dict]] = []
        for n, (what, apply) in enumerate(edits):
            apply()
            start, cpu = time.perf_counter(), time.process_time()
            live.build()
            took, cpu = time.perf_counter() - start, time.process_time() - cpu
            last = live.last
            row = (f"| {what} | {took:.2f} | {cpu:.2f} | {last.get('rendered', '-')} of {last.get('pages', '-')} | "
                   f"{last.get('embedding', '-')} | {last.get('data_written', '-')} |")
            if args.check:
                reference = LiveBuild(str(root / "mkdocs.yml"), str(Path(tmp) / f"full-{n}"))
                reference.build()
                row += f" {'yes' if files_of(served) == files_of(Path(tmp) / f'full-{n}') else 'NO'} |"
            print(row, flush=True)
            phases.append((what, last.get("phases", {})))
        print("\nwhere a rebuild's time goes (s):\n")
        names = list(phases[0][1]) if phases and phases[0][1] else []
        print("| edit | " + " | ".join(names) + " |")
        print("|---|" + "---:|" * len(names))
        for what, laps in phases:
            print(f"| {what} | " + " | ".join(f"{laps.get(n, 0):.2f}" for n in names) + " |")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\npeak RSS of the serving process: {peak:.0f} MB; "
              f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
