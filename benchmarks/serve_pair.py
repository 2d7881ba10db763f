"""Edit to reload, old code against new, in two serving processes that take turns.

    python benchmarks/serve_pair.py --old GIT_REF [--advocates 10000] [--rounds 3]

This machine's speed moves by up to half within the hour, so two runs one after the other say more
about the machine than about a change. Here the code at GIT_REF (checked out in a temporary git
worktree) and the working tree each serve the same generated program in a process of their own
(`LiveBuild`, as `advocacy serve` does). After both full builds, each edit and its undo (a
testimonial edited, a review added, consent withdrawn) goes to one process, then to the other, the
order alternating by round, never both at once. It prints CPU seconds, best of the rounds, for the
whole rebuild and for each of its phases. Builds on tmpfs when /dev/shm has room (BENCH_TMP or
TMPDIR choose another place).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
KINDS = ("testimonial", "review", "withdraw")


def worker(advocates: int, work: Path) -> None:
    """Build the program in full, then rebuild after each `kind phase` line read from stdin."""
    import yaml

    sys.path.insert(0, str(HERE))
    from generate import generate
    from live import EDITS, edited_records
    from mkdocs_advocacy.engines.live import LiveBuild

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1782777600")
    root = work / "program"
    generate(root, advocates, photos=0.0)
    live = LiveBuild(str(root / "mkdocs.yml"), str(work / "served"))
    live.build()
    files = edited_records(root)  # the records and edits of benchmarks/live.py
    original = {kind: path.read_bytes() for kind, path in files.items()}
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        kind, phase = line.split()
        path = files[kind]
        if phase == "edit":
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            EDITS[kind](data)
            path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        else:
            path.write_bytes(original[kind])
        cpu = time.process_time()
        live.build()
        cpu = time.process_time() - cpu
        print(json.dumps({"cpu": cpu, "rendered": live.last.get("rendered"), "phases": live.last.get("phases", {}),
                          "kind": live.last.get("kind")}), flush=True)


def start(plugins: Path, advocates: int, work: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(plugins)}
    return subprocess.Popen([sys.executable, __file__, "--worker", "--advocates", str(advocates), "--work", str(work)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)


def build_place() -> Path:
    chosen = os.environ.get("BENCH_TMP") or os.environ.get("TMPDIR")
    if chosen:
        return Path(chosen)
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and shutil.disk_usage(shm).free >= 8 << 30 else Path(tempfile.gettempdir())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--old", help="the git commit (or branch, tag) to compare the working tree with")
    ap.add_argument("--advocates", type=int, default=10000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.advocates, args.work)
        return
    if not args.old:
        ap.error("--old GIT_REF is required")
    place = Path(tempfile.mkdtemp(prefix="advocacy-pair-", dir=build_place()))
    worktree = place / "old-code"
    try:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(worktree), args.old],
                       check=True, capture_output=True)
        old = subprocess.run(["git", "-C", str(worktree), "rev-parse", "--short", "HEAD"], check=True,
                             capture_output=True, text=True).stdout.strip()
        new = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], check=True,
                             capture_output=True, text=True).stdout.strip()
        print(f"{args.advocates:,} advocates, builds in {place}; old {old}, new the working tree (at {new})", flush=True)
        workers = {"old": start(worktree / "plugins", args.advocates, place / "old"),
                   "new": start(ROOT / "plugins", args.advocates, place / "new")}
        for w in workers.values():  # the two full builds run at once: not timed
            assert w.stdout is not None
            json.loads(w.stdout.readline())
        best: dict[tuple[str, str], float] = {}
        phases: dict[tuple[str, str, str], float] = {}
        rendered: dict[str, int] = {}
        for r in range(args.rounds):
            for kind in KINDS:
                for phase in ("edit", "undo"):
                    for name in ("old", "new") if r % 2 == 0 else ("new", "old"):
                        w = workers[name]
                        assert w.stdin is not None and w.stdout is not None
                        w.stdin.write(f"{kind} {phase}\n")
                        w.stdin.flush()
                        out = json.loads(w.stdout.readline())
                        key = (name, f"{kind} {phase}")
                        best[key] = min(best.get(key, float("inf")), out["cpu"])
                        for lap, seconds in out["phases"].items():
                            pk = (name, kind, lap)
                            phases[pk] = min(phases.get(pk, float("inf")), seconds)
                        if phase == "edit":
                            rendered[kind] = out["rendered"]
            print(f"round {r + 1} of {args.rounds} done", flush=True)
        for w in workers.values():
            assert w.stdin is not None
            w.stdin.close()
            w.wait()
        print(f"\nCPU s, best of {args.rounds} (old {old}, new {new}+working tree):\n")
        print("| edit | pages rendered | old | new | new / old |")
        print("|---|---:|---:|---:|---:|")
        for kind in KINDS:
            for phase in ("edit", "undo"):
                o, n = best[("old", f"{kind} {phase}")], best[("new", f"{kind} {phase}")]
                print(f"| {kind} {phase} | {rendered[kind]} | {o:.2f} | {n:.2f} | {n / o:.2f} |")
        laps = list(dict.fromkeys(k[2] for k in phases))  # in the order a rebuild runs them
        print("\nphases, best of the rounds (s), old / new:\n")
        print("| phase | " + " | ".join(KINDS) + " |")
        print("|---|" + "---:|" * len(KINDS))
        for lap in laps:
            cells = [f"{phases.get(('old', k, lap), 0):.2f} / {phases.get(('new', k, lap), 0):.2f}" for k in KINDS]
            print(f"| {lap} | " + " | ".join(cells) + " |")
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)], capture_output=True)
        shutil.rmtree(place, ignore_errors=True)


if __name__ == "__main__":
    main()
