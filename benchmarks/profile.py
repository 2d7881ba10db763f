"""Profile one `mkdocs build` of a synthetic program with pyinstrument and print its top lines.

    python benchmarks/profile.py [--advocates 1000] [--program DIR] [--top 25] [--html FILE]

Generates a program (`generate.py`; or builds `--program`, a folder with a mkdocs.yml), then
loads its config and builds it in this process under pyinstrument's sampling profiler (1 ms
interval), as `mkdocs build` does after the interpreter's start. Prints the functions with the most
time of their own, the functions with the most time including what they call (a recursive
function counted once), and own time by package: short enough to paste into RESULTS.md as a
before/after excerpt. `--html` also writes pyinstrument's interactive call tree.

The profiler samples wall-clock time (other work on the machine stretches whatever was running)
and its hook runs on every Python call, so a profiled build takes longer than a plain one, and
call-heavy code more so: the script first times the same build unprofiled, in its own process,
and prints both with the load average. Read the shares, not the seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = str(Path(__file__).resolve().parent)
sys.path.insert(0, HERE)
from generate import generate  # noqa: E402

# This file's name is the stdlib's `profile` (which cProfile imports): take its folder off the path.
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != HERE]


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"


def _package(path: str | None) -> str:
    """`.../site-packages/material/plugins/search/plugin.py` -> `material`; the stdlib -> `(stdlib)`."""
    if not path:
        return "(other)"
    if path.startswith("<frozen "):
        return "(stdlib)"
    parts = Path(path).parts
    for marker in ("site-packages", "plugins"):  # installed packages; this repository's plugin
        if marker in parts:
            i = len(parts) - 1 - parts[::-1].index(marker)
            if i + 1 < len(parts):
                return parts[i + 1].removesuffix(".py")
    return "(stdlib)" if "python3" in path or "lib/python" in path else "(other)"


def summarize(root: Any, top: int) -> list[str]:
    """Three tables from pyinstrument's frame tree: own time, inclusive time, own time by package."""
    total = root.time
    own: dict[str, float] = defaultdict(float)
    inclusive: dict[str, float] = defaultdict(float)
    label: dict[str, str] = {}
    packages: dict[str, float] = defaultdict(float)

    stack: list[tuple[Any, frozenset[str], str]] = [(root, frozenset(), "(stdlib)")]
    while stack:
        frame, above, caller = stack.pop()
        if frame.is_synthetic:  # the "[self]" leaves: their time is their parent's own time
            continue
        key = frame.identifier
        if frame.file_path_short:
            label[key] = f"{frame.function}  {frame.file_path_short}:{frame.line_no}"
        else:
            label[key] = frame.function
        own[key] += frame.total_self_time
        # the stdlib's and built-ins' time goes to the package that called them (html.parser's to
        # the search plugin that feeds it)
        package = _package(frame.file_path) if frame.file_path != "<built-in>" else "(stdlib)"
        if package == "(stdlib)":
            package = caller
        packages[package] += frame.total_self_time
        if key not in above:  # a recursive call's time is already in its outer call's
            inclusive[key] += frame.time
        stack.extend((child, above | {key}, package) for child in frame.children)

    def table(title: str, values: dict[str, float], names: dict[str, str] | None = None) -> list[str]:
        rows = [kv for kv in sorted(values.items(), key=lambda kv: -kv[1])[:top] if kv[1] >= total * 0.001]
        out = [title, "", "| s | % | function |" if names is not None else "| s | % | package |", "|---:|---:|---|"]
        out += [f"| {t:.2f} | {100 * t / total:.1f} | `{(names or {}).get(k, k)}` |" for k, t in rows]
        return [*out, ""]

    return [*table(f"Top {top} functions by own time:", own, label),
            *table(f"Top {top} functions by time including what they call:",
                   {k: v for k, v in inclusive.items() if v < total * 0.999}, label),
            *table("Own time by package (with the time of the stdlib and built-ins it calls):", packages)]


def _unprofiled(program: Path, site: Path) -> tuple[float, float]:
    """Wall and CPU seconds of `mkdocs build` of `program` in a child process."""
    import resource
    import subprocess

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=program, check=True,
                   env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    shutil.rmtree(site, ignore_errors=True)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--advocates", type=int, default=1000)
    ap.add_argument("--program", type=Path, help="build this folder's mkdocs.yml instead of generating a program")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--interval", type=float, default=0.001, help="sampling interval, seconds")
    ap.add_argument("--html", type=Path, help="also write pyinstrument's HTML call tree here")
    ap.add_argument("--no-baseline", action="store_true",
                    help="skip the unprofiled build (in its own process, first) that shows the profiler's overhead")
    args = ap.parse_args(argv)
    try:
        from pyinstrument import Profiler
        from pyinstrument import __version__ as pyinstrument_version
    except ImportError:
        raise SystemExit("pyinstrument is not installed: pip install -c constraints.txt -e '.[bench]'") from None
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    work = Path(tempfile.mkdtemp(prefix="advocacy-profile-"))
    try:
        program = args.program.resolve() if args.program else work / "program"
        if not args.program:
            generate(program, args.advocates, seed=args.seed)
        load_start = _load()
        baseline = None if args.no_baseline else _unprofiled(program, work / "baseline")
        cwd = os.getcwd()
        os.chdir(program)
        try:
            profiler = Profiler(interval=args.interval)
            t, cpu = time.perf_counter(), time.process_time()
            profiler.start()
            config = load_config(config_file=str(program / "mkdocs.yml"), site_dir=str(work / "site"))
            build(config)
            session = profiler.stop()
            wall, cpu = time.perf_counter() - t, time.process_time() - cpu
        finally:
            os.chdir(cwd)
        pages = sum(1 for _ in (work / "site").rglob("*.html"))
        if args.html:
            args.html.write_text(profiler.output_html(), encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    root = session.root_frame()
    what = f"`{args.program}`" if args.program else f"{args.advocates:,} advocates"
    print(f"Profile of `mkdocs build` at {what} ({pages:,} HTML pages): {wall:.1f} s wall, {cpu:.1f} s CPU "
          f"under the profiler (pyinstrument {pyinstrument_version}, {args.interval * 1000:g} ms samples, "
          f"{session.sample_count:,} samples); "
          f"{dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}, {platform.node() or 'this machine'}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}, load average {load_start} at start, "
          f"{_load()} at the end."
          + (f" The same build without the profiler, just before, in its own process: {baseline[0]:.1f} s wall, "
             f"{baseline[1]:.1f} s CPU (the profiler's hook runs on every Python call: call-heavy code, such as "
             "Jinja's, weighs more under it than C code does)." if baseline else "") + "\n")
    if root is not None:
        print("\n".join(summarize(root, args.top)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
