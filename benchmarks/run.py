"""Build-speed benchmark of the advocacy plugin against a plain Material site of the same size.

    python benchmarks/run.py [--sizes 1000,3000,10000] [--runs 3] [--write benchmarks/RESULTS.md] [--no-zensical]

For each size: generate a synthetic program (`generate.py`), build it `--runs` times with
`python -m mkdocs build -q` and, interleaved with those, as many times with
`advocacy build --engine zensical` (the check, the staging of the page model and Zensical's own
build in its child process: CPU and peak RSS cover both), build a plain Material site with the same number of HTML pages
(`plain.py`) as many times, time `advocacy validate` against a floor (reading and composing every
advocate file with libyaml in one process), and print a Markdown table. Each build runs in its own
process, measured by `/usr/bin/time -v` when present (wall, CPU = user + sys, peak RSS).

Wall time suffers when other work shares the machine; CPU time much less so: the ratios are
computed from CPU time and the load average at the start is printed with the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402
from plain import write_plain  # noqa: E402

TIME_BIN = "/usr/bin/time"
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")

# Fallback when /usr/bin/time is missing: a wrapper process runs the command and reports its child's rusage.
_WRAPPER = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
rc = subprocess.call(sys.argv[2:], stdout=subprocess.DEVNULL)
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as f:
    json.dump({"rc": rc, "wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rss_kb": ru.ru_maxrss}, f)
"""


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float


def measure(cmd: list[str], cwd: Path, clean: Path | None = None) -> Run:
    """Run `cmd` in its own process; fail loudly on a non-zero exit.

    `clean`: a folder removed before the clock starts (the previous build's site/: MkDocs would
    otherwise spend a tenth of the build deleting it, and only from the second run on).
    """
    if clean is not None:
        shutil.rmtree(clean, ignore_errors=True)
    with tempfile.NamedTemporaryFile("r", suffix=".txt", delete=False) as tf:
        out = Path(tf.name)
    try:
        if os.path.exists(TIME_BIN):
            t = time.perf_counter()
            proc = subprocess.run([TIME_BIN, "-v", "-o", str(out), *cmd], cwd=cwd, env=ENV,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            wall = time.perf_counter() - t
            text = out.read_text()
            if proc.returncode != 0:
                raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)} in {cwd}\n{proc.stderr[-4000:]}")

            def field(name: str) -> float:
                m = re.search(rf"{re.escape(name)}: ([\d.]+)", text)
                return float(m.group(1)) if m else 0.0

            cpu = field("User time (seconds)") + field("System time (seconds)")
            return Run(wall, cpu, field("Maximum resident set size (kbytes)") / 1024)
        proc = subprocess.run([sys.executable, "-c", _WRAPPER, str(out), *cmd], cwd=cwd, env=ENV,
                              stderr=subprocess.PIPE, text=True)
        data = json.loads(out.read_text())
        if data["rc"] != 0:
            raise SystemExit(f"failed ({data['rc']}): {' '.join(cmd)} in {cwd}\n{proc.stderr[-4000:]}")
        rss_kb = data["rss_kb"] / (1024 if sys.platform == "darwin" else 1)  # bytes on macOS
        return Run(data["wall"], data["cpu"], rss_kb / 1024)
    finally:
        out.unlink(missing_ok=True)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def yaml_floor(program: Path) -> float:
    """CPU seconds to read every file `advocacy validate` reads (advocates, case studies) and compose
    its YAML (a case study's front matter) with libyaml's CSafeLoader, in this process."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    t = time.process_time()
    for path in sorted((program / "advocates").glob("*.yml")):
        yaml.compose(path.read_text(encoding="utf-8"), Loader=loader)
    for path in sorted((program / "case_studies").glob("*.md")):
        yaml.compose(path.read_text(encoding="utf-8").split("---\n", 2)[1], Loader=loader)
    return time.process_time() - t


# The check of `advocacy validate` without the interpreter's start, the imports and MkDocs reading
# mkdocs.yml: what the floor measures too (work done in an already running process).
_IN_PROCESS = """
import sys, time
from pathlib import Path
from mkdocs.config import load_config
import gc
from mkdocs_advocacy.config import given_options
from mkdocs_advocacy.core.check import check_site
cfg = load_config(config_file="mkdocs.yml")
gc.disable()  # as the command does
t = time.process_time()
# the options as written (dict(config) would hand the unset ones' sentinel to the check, which refuses them)
checked = check_site(Path(".").resolve(), given_options(cfg.plugins["advocacy"].config), Path(cfg.docs_dir))
assert checked.program is not None and not checked.problems.errors, list(checked.problems)[:3]
print(time.process_time() - t)
"""


def in_process_check(program: Path) -> float:
    out = subprocess.run([sys.executable, "-c", _IN_PROCESS], cwd=program, env=ENV, check=True,
                         capture_output=True, text=True).stdout
    return float(out.split()[-1])


def site_facts(site: Path) -> dict:
    pages = [p for p in site.rglob("*.html")]
    largest = max(pages, key=lambda p: p.stat().st_size)
    index = site / "search" / "search_index.json"
    if not index.exists():
        index = site / "search.json"  # Zensical's
    return {"pages": len(pages), "largest": str(largest.relative_to(site)),
            "largest_kb": largest.stat().st_size / 1024,
            "search_mb": index.stat().st_size / 2**20 if index.exists() else 0.0,
            "site_mb": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 2**20}


def machine_info() -> list[str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    except OSError:
        nproc = str(os.cpu_count())
    versions = []
    for mod in ("mkdocs", "material", "markdown", "jinja2", "pydantic", "yaml", "zensical"):
        try:
            from importlib.metadata import version
            dist = {"material": "mkdocs-material", "yaml": "PyYAML"}.get(mod, mod)
            versions.append(f"{dist} {version(dist)}")
        except Exception:
            pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                cwd=Path(__file__).resolve().parent).stdout.strip() or "?"
    except OSError:
        commit = "?"
    load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return [f"- date: {dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
            f"- CPU: {model}; nproc {nproc}",
            f"- Python {platform.python_version()} ({platform.platform()}); libyaml "
            f"{'yes' if getattr(yaml, '__with_libyaml__', False) else 'no'}",
            f"- {', '.join(versions)}; git {commit}",
            f"- load average at start: {load}",
            f"- peak memory measured with {'/usr/bin/time -v' if os.path.exists(TIME_BIN) else 'getrusage(RUSAGE_CHILDREN)'}"]


def file_system(work: Path) -> str:
    """Where the builds write, and how fast this machine makes small files there now: on one
    machine here, 13,000 page-sized files took 0.5 s on tmpfs and 1.4 to 15 s on its disk, more
    the more files had just been written and deleted, which no build can control (TMPDIR=/dev/shm
    puts the runs on tmpfs)."""
    mounts = []
    try:
        for line in Path("/proc/mounts").read_text().splitlines():
            _, point, kind, *_ = line.split()
            mounts.append((point, kind))
    except OSError:
        pass
    here = str(work.resolve())
    kind = max(((p, k) for p, k in mounts if here == p or here.startswith(p.rstrip("/") + "/")),
               key=lambda m: len(m[0]), default=("", "?"))[1]
    probe = Path(tempfile.mkdtemp(prefix="probe-", dir=work))
    data = b"x" * 27_000
    start = time.perf_counter()
    for i in range(2000):
        (probe / f"{i}.html").write_bytes(data)
    took = time.perf_counter() - start
    shutil.rmtree(probe, ignore_errors=True)
    return f"- builds in {here} ({kind}): 2,000 files of 27 KB written in {took:.2f} s just before the runs"


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def zensical_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("zensical") is not None


def bench_size(n: int, runs: int, work: Path, seed: int, zensical: bool = True, photos: float = 0.0) -> dict:
    prog, plain = work / f"program-{n}", work / f"plain-{n}"
    prog.mkdir(parents=True, exist_ok=True)
    plain.mkdir(parents=True, exist_ok=True)
    log(f"{n}: generating")
    counts = generate(prog, n, seed=seed, photos=photos)
    build = [sys.executable, "-m", "mkdocs", "build", "-q"]
    zbuild = [sys.executable, "-m", "mkdocs_advocacy", "build", "--engine", "zensical", "-d", str(prog / "site-zensical")]
    adv, zen = [], []
    for i in range(runs):  # interleaved, so that both engines meet the machine in the same mood
        adv.append(measure(build, prog, clean=prog / "site"))
        log(f"{n}: advocacy build {i + 1}/{runs}: {adv[-1].wall:.1f}s wall, {adv[-1].cpu:.1f}s CPU, "
            f"{adv[-1].rss_mb:.0f} MB")
        if zensical:
            zen.append(measure(zbuild, prog, clean=prog / "site-zensical"))
            log(f"{n}: zensical build {i + 1}/{runs}: {zen[-1].wall:.1f}s wall, {zen[-1].cpu:.1f}s CPU, "
                f"{zen[-1].rss_mb:.0f} MB")
    facts = site_facts(prog / "site")
    zfacts = site_facts(prog / "site-zensical") if zensical else None
    # Interleaved, so that the command, the in-process check and the floor share the machine's mood,
    # and the best of five of each: this machine's speed swings by a third within a minute, and the
    # least disturbed run is the one that says what the work costs (as `timeit` does).
    validate, checks, floors = [], [], []
    yaml_floor(prog)  # warm the page cache
    for _ in range(max(runs, 5)):
        validate.append(measure([sys.executable, "-m", "mkdocs_advocacy", "validate", "-f",
                                 str(prog / "mkdocs.yml")], prog))
        checks.append(in_process_check(prog))
        floors.append(yaml_floor(prog))
    floor = min(floors)
    log(f"{n}: validate {min(v.cpu for v in validate):.2f}s CPU, check {min(checks):.2f}s CPU, "
        f"floor {floor:.2f}s CPU (best of {len(floors)}); plain site of {facts['pages']} pages")
    write_plain(plain, facts["pages"], seed=seed)
    base = []
    for i in range(runs):
        base.append(measure(build, plain, clean=plain / "site"))
        log(f"{n}: plain build {i + 1}/{runs}: {base[-1].wall:.1f}s wall, {base[-1].cpu:.1f}s CPU")
    plain_pages = site_facts(plain / "site")["pages"]
    return {"advocates": n, "public": counts["public"], "case_studies": counts["case_studies"], **facts,
            "plain_pages": plain_pages,
            "adv_wall": median([r.wall for r in adv]), "adv_cpu": median([r.cpu for r in adv]),
            "adv_rss": max(r.rss_mb for r in adv),
            "plain_wall": median([r.wall for r in base]), "plain_cpu": median([r.cpu for r in base]),
            "plain_rss": max(r.rss_mb for r in base),
            "val_wall": min(r.wall for r in validate), "val_cpu": min(r.cpu for r in validate),
            "check_cpu": min(checks), "floor": floor,
            "zensical": None if zfacts is None else {
                **zfacts, "wall": median([r.wall for r in zen]), "cpu": median([r.cpu for r in zen]),
                "rss": max(r.rss_mb for r in zen)}}


def report(rows: list[dict], runs: int, info: list[str], photos: float = 0.0) -> str:
    with_photos = f" --photos {photos:g}" if photos else ""
    out = ["# Build benchmark", "",
           f"`python benchmarks/run.py --sizes {','.join(str(r['advocates']) for r in rows)} --runs {runs}"
           f"{with_photos}`: "
           f"builds: medians of {runs} run{'s' if runs != 1 else ''}, each in its own process; validate, check "
           f"and floor: the best of {max(runs, 5)} interleaved runs. "
           "CPU = user + sys of the build process. The YAML floor is the CPU time of reading every file "
           "`advocacy validate` reads and `yaml.compose` (libyaml's CSafeLoader) of its YAML, in one process; "
           "*validate* is the whole command in its own process, *check* the same work in a running process "
           "(without the interpreter's start, the imports and MkDocs reading mkdocs.yml, about 0.4 s). "
           "Ratios use CPU time (wall time depends on what else the machine runs). Each build starts without "
           "a site/ folder. Case studies = advocates / 10; about 95% of advocates public."
           + (f" {photos:.0%} of the advocates have an 800 x 800 JPEG photo (the plain site has no images)."
              if photos else ""), "",
           "| advocates | pages | advocacy wall s | advocacy CPU s | plain wall s | plain CPU s | ratio (wall) | ratio (CPU) "
           "| peak RSS MB (plain) | validate wall s | validate CPU s | check CPU s | YAML floor CPU s "
           "| validate / floor | check / floor | search index MB | site MB | largest page |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        pages = f"{r['pages']}" + (f" ({r['plain_pages']})" if r["plain_pages"] != r["pages"] else "")
        out.append(
            f"| {r['advocates']:,} | {pages} | {r['adv_wall']:.1f} | {r['adv_cpu']:.1f} | {r['plain_wall']:.1f} "
            f"| {r['plain_cpu']:.1f} | {r['adv_wall'] / r['plain_wall']:.2f} | {r['adv_cpu'] / r['plain_cpu']:.2f} "
            f"| {r['adv_rss']:.0f} ({r['plain_rss']:.0f}) "
            f"| {r['val_wall']:.2f} | {r['val_cpu']:.2f} | {r['check_cpu']:.2f} | {r['floor']:.2f} "
            f"| {r['val_cpu'] / r['floor']:.2f}x | {r['check_cpu'] / r['floor']:.2f}x "
            f"| {r['search_mb']:.1f} | {r['site_mb']:.0f} | `{r['largest']}` {r['largest_kb']:.0f} KB |")
    out.append("")
    if len(rows) >= 2:
        lo, hi = rows[0], rows[-1]
        k = hi["advocates"] / lo["advocates"]
        out.append(f"Growth {hi['advocates']:,} / {lo['advocates']:,} advocates ({k:g}x the records): "
                   f"advocacy build CPU {hi['adv_cpu'] / lo['adv_cpu']:.2f}x (wall "
                   f"{hi['adv_wall'] / lo['adv_wall']:.2f}x), plain build CPU "
                   f"{hi['plain_cpu'] / lo['plain_cpu']:.2f}x, validate CPU {hi['val_cpu'] / lo['val_cpu']:.2f}x; "
                   f"linear would be {k:g}x.")
        out.append("")
    out += engines_table(rows)
    out += ["Machine:", "", *info, ""]
    return "\n".join(out)


def engines_table(rows: list[dict]) -> list[str]:
    """MkDocs and Zensical side by side, from the same runs (interleaved)."""
    rows = [r for r in rows if r.get("zensical")]
    if not rows:
        return []
    out = ["Engines, in the same runs (interleaved; medians): `mkdocs build` (the plugin) against "
           "`advocacy build --engine zensical` (the same check, the page model staged as files, then "
           "Zensical's build in a child process: its CPU time includes that child's, all threads). "
           "Peak RSS: the largest process.", "",
           "| advocates | pages MkDocs / Zensical | MkDocs wall s | MkDocs CPU s | MkDocs peak RSS MB "
           "| Zensical wall s | Zensical CPU s | Zensical peak RSS MB | Zensical / MkDocs wall | Zensical / MkDocs CPU "
           "| search index MB MkDocs / Zensical | site MB MkDocs / Zensical |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        z = r["zensical"]
        out.append(f"| {r['advocates']:,} | {r['pages']} / {z['pages']} | {r['adv_wall']:.1f} | {r['adv_cpu']:.1f} "
                   f"| {r['adv_rss']:.0f} | {z['wall']:.1f} | {z['cpu']:.1f} | {z['rss']:.0f} "
                   f"| {z['wall'] / r['adv_wall']:.2f}x | {z['cpu'] / r['adv_cpu']:.2f}x "
                   f"| {r['search_mb']:.1f} / {z['search_mb']:.1f} | {r['site_mb']:.0f} / {z['site_mb']:.0f} |")
    out.append("")
    if len(rows) >= 2:
        lo, hi = rows[0], rows[-1]
        k = hi["advocates"] / lo["advocates"]
        out.append(f"Growth {hi['advocates']:,} / {lo['advocates']:,} advocates ({k:g}x the records): Zensical "
                   f"CPU {hi['zensical']['cpu'] / lo['zensical']['cpu']:.2f}x (wall "
                   f"{hi['zensical']['wall'] / lo['zensical']['wall']:.2f}x), MkDocs CPU "
                   f"{hi['adv_cpu'] / lo['adv_cpu']:.2f}x; linear would be {k:g}x.")
        out.append("")
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="1000,3000,10000", help="comma-separated advocate counts")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--write", type=Path, help="also write the Markdown report to this file")
    p.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temp dir, removed)")
    p.add_argument("--no-zensical", action="store_true", help="leave out the Zensical builds")
    p.add_argument("--photos", type=float, default=0.0,
                   help="share of the advocates with a photo (generate.py --photos); the plain site has none")
    args = p.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    info = machine_info()
    work = args.keep or Path(tempfile.mkdtemp(prefix="advocacy-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    info.append(file_system(work))
    try:
        zensical = not args.no_zensical and zensical_available()
        if not args.no_zensical and not zensical:
            log("zensical is not installed (pip install 'mkdocs-advocacy[zensical]'): its builds are left out")
        rows = [bench_size(n, args.runs, work, args.seed, zensical, args.photos) for n in sizes]
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    text = report(rows, args.runs, info, args.photos)
    print(text)
    if args.write:
        args.write.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
