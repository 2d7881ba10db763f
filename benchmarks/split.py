"""One site built in parts on parallel processes, joined, and checked against a single build.

    python benchmarks/split.py [--advocates 20000] [--parts 2] [--keep DIR]

Generates a synthetic program (`generate.py`), builds it once whole (`mkdocs build`), then as
`--parts` builds started together, each with the plugin option `shard: i/n` (from
`!ENV [ADVOCACY_SHARD, null]` in mkdocs.yml, as a CI matrix would set it), joins them with
`advocacy merge-shards`, and checks that the pieces join into a correct site:

- every internal link (href, src, srcset; absolute ones under site_url too) of every HTML page
  of the joined site resolves to a file of it;
- api/*.json, feed.xml and badges/rating.svg of every part and of the joined site are
  byte-identical to the single build's;
- the joined search index holds the single build's entries in its order, and the joined sitemap
  its URLs in its order (and whether the files are byte-identical too);
- the joined site has the single build's files, and how many of them differ.

Prints wall time, CPU time (user + sys) and peak RSS of each build (`/usr/bin/time -v`), and the
machine's core count and load: parts beyond the number of cores only queue.
`compare_sites` and `link_problems` are also what `tests/test_shards.py` asserts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

TIME_BIN = "/usr/bin/time"
SHARD_LINE = "      shard: !ENV [ADVOCACY_SHARD, null]\n"
DATA_FILES = ("api/reviews.json", "api/champions.json", "api/testimonials.json", "api/case-studies.json",
              "feed.xml", "badges/rating.svg")
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1795392000")  # 2026-11-21
_ATTR = re.compile(r'\s(href|src|srcset)="([^"]*)"')
_EXTERNAL = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|//)")


def with_shard_option(config: Path) -> None:
    """Add `shard: !ENV [ADVOCACY_SHARD, null]` under the advocacy plugin of a generated mkdocs.yml."""
    text = config.read_text(encoding="utf-8")
    if "shard:" not in text:
        text, n = re.subn(r"(\n  - advocacy:\n(?:      .*\n)*)", lambda m: m.group(1) + SHARD_LINE, text, count=1)
        assert n == 1, "no advocacy plugin entry with options in mkdocs.yml"
        config.write_text(text, encoding="utf-8")


@dataclass
class Timed:
    wall: float
    cpu: float
    rss_mb: float


def start(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[subprocess.Popen, Path, float]:
    out = Path(tempfile.mkstemp(suffix=".time")[1])
    prefix = [TIME_BIN, "-v", "-o", str(out)] if os.path.exists(TIME_BIN) else []
    proc = subprocess.Popen([*prefix, *cmd], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    return proc, out, time.perf_counter()


def finish(started: tuple[subprocess.Popen, Path, float]) -> Timed:
    proc, out, t0 = started
    output, _ = proc.communicate()
    wall = time.perf_counter() - t0
    text = out.read_text()
    out.unlink(missing_ok=True)
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(map(str, proc.args))}\n{output[-4000:]}")

    def field(name: str) -> float:
        m = re.search(rf"{re.escape(name)}: ([\d.]+)", text)
        return float(m.group(1)) if m else float("nan")

    return Timed(wall, field("User time (seconds)") + field("System time (seconds)"),
                 field("Maximum resident set size (kbytes)") / 1024)


def build_cmd(site_dir: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site_dir)]


def build_parts(program: Path, out: Path, parts: int, env: dict[str, str] | None = None) -> tuple[list[Path], list[Timed]]:
    """Build `parts` parts of `program` at once (one process each) into out/part-<i>."""
    dirs = [out / f"part-{i}" for i in range(1, parts + 1)]
    running = [start(build_cmd(d), program, {**(env or ENV), "ADVOCACY_SHARD": f"{i}/{parts}"})
               for i, d in enumerate(dirs, start=1)]
    return dirs, [finish(r) for r in running]


def files_of(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def link_problems(site: Path, site_url: str | None = None, limit: int = 20) -> tuple[int, list[str]]:
    """(links checked, broken ones): every internal link of every HTML page must reach a file."""
    files = files_of(site)
    base = urlsplit(site_url).path if site_url else None
    prefix = site_url.rstrip("/") + "/" if site_url else None
    broken: list[str] = []
    checked = 0
    seen: dict[tuple[str, str], bool] = {}
    for rel in sorted(f for f in files if f.endswith(".html")):
        folder = posixpath.dirname(rel)
        text = (site / rel).read_text(encoding="utf-8")
        for attr, raw in _ATTR.findall(text):
            values = [v.strip().split()[0] for v in raw.split(",") if v.strip()] if attr == "srcset" else [raw]
            for value in values:
                value = html.unescape(value)
                if prefix and value.startswith(prefix):
                    target, start_dir = urlsplit(value).path, ""
                    assert base is not None
                    target = target[len(base):] if target.startswith(base) else target
                elif not value or value.startswith("#") or _EXTERNAL.match(value):
                    continue
                else:
                    target, start_dir = value, folder
                path = unquote(urlsplit(target).path)
                key = (start_dir, path)
                if key not in seen:
                    seen[key] = _resolves(files, start_dir, path)
                checked += 1
                if not seen[key] and len(broken) < limit:
                    broken.append(f"{rel}: {attr}={value!r}")
    return checked, broken


def _resolves(files: set[str], folder: str, path: str) -> bool:
    if path.startswith("/"):
        joined, folder = path.lstrip("/"), ""
    else:
        joined = posixpath.join(folder, path) if folder else path
    norm = posixpath.normpath(joined) if joined else "."
    if norm.startswith(".."):
        return False
    if norm == ".":
        return "index.html" in files
    if path.endswith("/") or path == "":
        return f"{norm}/index.html" in files
    return norm in files or f"{norm}/index.html" in files


def _sitemap_locs(path: Path) -> list[tuple[str, str]]:
    text = path.read_text(encoding="utf-8")
    return [(loc, lastmod) for loc, lastmod in
            re.findall(r"<url>\s*<loc>(.*?)</loc>\s*(?:<lastmod>(.*?)</lastmod>)?\s*</url>", text, re.S)]


def compare_sites(single: Path, merged: Path, parts: list[Path]) -> list[str]:
    """What differs between a joined site and a single build of the same program (empty: nothing
    that this checks). Links are checked separately (`link_problems`)."""
    problems = []
    for rel in DATA_FILES:
        want = (single / rel).read_bytes()
        for site in [merged, *parts]:
            if not (site / rel).is_file() or (site / rel).read_bytes() != want:
                problems.append(f"{site.name}/{rel} is not byte-identical to the single build's")
    ix_single = json.loads((single / "search/search_index.json").read_text(encoding="utf-8"))
    ix_merged = json.loads((merged / "search/search_index.json").read_text(encoding="utf-8"))
    if ix_single["config"] != ix_merged["config"]:
        problems.append("search index: settings differ")
    if ix_single["docs"] != ix_merged["docs"]:
        a = {d["location"] for d in ix_single["docs"]}
        b = {d["location"] for d in ix_merged["docs"]}
        same = "same entries, another order" if sorted(map(json.dumps, ix_single["docs"])) == \
            sorted(map(json.dumps, ix_merged["docs"])) else f"{len(a - b)} missing, {len(b - a)} extra"
        problems.append(f"search index: entries differ ({same})")
    locs_single, locs_merged = _sitemap_locs(single / "sitemap.xml"), _sitemap_locs(merged / "sitemap.xml")
    if locs_single != locs_merged:
        same = "same URLs, another order" if sorted(locs_single) == sorted(locs_merged) else \
            f"{len(set(locs_single) - set(locs_merged))} missing, {len(set(locs_merged) - set(locs_single))} extra"
        problems.append(f"sitemap: entries differ ({same})")
    a, b = files_of(single), files_of(merged)
    if a != b:
        problems.append(f"files: {len(a - b)} only in the single build (e.g. {sorted(a - b)[:3]}), "
                        f"{len(b - a)} only in the joined site (e.g. {sorted(b - a)[:3]})")
    return problems


def differing_files(single: Path, merged: Path) -> list[str]:
    return sorted(rel for rel in files_of(single) & files_of(merged)
                  if (single / rel).read_bytes() != (merged / rel).read_bytes())


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--advocates", type=int, default=20000)
    ap.add_argument("--parts", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temp dir, removed)")
    ap.add_argument("--reuse", action="store_true", help="with --keep: build the program already there, if it "
                    "has --advocates records, instead of generating it again")
    args = ap.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="advocacy-split-"))
    work.mkdir(parents=True, exist_ok=True)
    program = work / "program"
    load_start = load()
    try:
        t = time.perf_counter()
        if args.reuse and args.keep and (program / "mkdocs.yml").is_file() and \
                sum(1 for _ in (program / "advocates").glob("*.yml")) == args.advocates:
            counts = {"advocates": args.advocates,
                      "case_studies": sum(1 for _ in (program / "case_studies").glob("*.md"))}
        else:
            counts = generate(program, args.advocates, seed=args.seed)
        with_shard_option(program / "mkdocs.yml")
        print(f"[{time.strftime('%H:%M:%S')}] program of {counts['advocates']:,} advocates, "
              f"{counts['case_studies']:,} case studies ready in {time.perf_counter() - t:.0f} s", file=sys.stderr)
        loads = {"single": load()}
        for sub in ("single", "merged", *(f"part-{i}" for i in range(1, args.parts + 1))):
            shutil.rmtree(work / sub, ignore_errors=True)
        single = finish(start(build_cmd(work / "single"), program, ENV))
        print(f"[{time.strftime('%H:%M:%S')}] single build: {single.wall:.1f} s", file=sys.stderr)
        t = time.perf_counter()
        loads["parts"] = load()
        dirs, timed = build_parts(program, work, args.parts)
        parts_wall = time.perf_counter() - t
        print(f"[{time.strftime('%H:%M:%S')}] {args.parts} parts: {parts_wall:.1f} s", file=sys.stderr)
        merge = finish(start([sys.executable, "-m", "mkdocs_advocacy", "merge-shards", str(work / "merged"),
                              *map(str, dirs)], program, ENV))
        site_url = re.search(r"^site_url: (\S+)", (program / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
        t = time.perf_counter()
        problems = compare_sites(work / "single", work / "merged", dirs)
        checked, broken = link_problems(work / "merged", site_url.group(1) if site_url else None)
        differing = differing_files(work / "single", work / "merged")
        check_s = time.perf_counter() - t
        manifest = json.loads((dirs[0] / "advocacy-shard.json").read_text(encoding="utf-8"))
        rendered = [len(json.loads((d / "advocacy-shard.json").read_text(encoding="utf-8"))["rendered"]) for d in dirs]
        pages = sum(1 for _ in (work / "merged").rglob("*.html"))
        site_mb = sum(p.stat().st_size for p in (work / "merged").rglob("*") if p.is_file()) / 2**20
        same_bytes = {rel: (work / "single" / rel).read_bytes() == (work / "merged" / rel).read_bytes()
                      for rel in ("search/search_index.json", "sitemap.xml", "sitemap.xml.gz")}
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    cores = os.cpu_count()
    out = [f"`python benchmarks/split.py --advocates {args.advocates} --parts {args.parts}`: "
           f"{args.advocates:,} advocates, {counts['case_studies']:,} case studies, {pages:,} HTML pages "
           f"({len(manifest['urls']):,} generated), {site_mb:.0f} MB; {cores} cores, load average "
           f"{load_start} at start, {load()} at the end; "
           f"{dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}.", "",
           "| build | wall s | CPU s | peak RSS MB | generated pages rendered | load average at its start |",
           "|---|---:|---:|---:|---:|---|",
           f"| single (`mkdocs build`) | {single.wall:.1f} | {single.cpu:.1f} | {single.rss_mb:.0f} "
           f"| {len(manifest['urls']):,} | {loads['single']} |"]
    out += [f"| part {i}/{args.parts} | {r.wall:.1f} | {r.cpu:.1f} | {r.rss_mb:.0f} | {n:,} | |"
            for i, (r, n) in enumerate(zip(timed, rendered, strict=True), start=1)]
    out += [f"| {args.parts} parts at once (wall: first start to last end) | {parts_wall:.1f} "
            f"| {sum(r.cpu for r in timed):.1f} | | | {loads['parts']} |",
            f"| `advocacy merge-shards` | {merge.wall:.1f} | {merge.cpu:.1f} | {merge.rss_mb:.0f} | | |",
            f"| **split total** (parts + merge) | **{parts_wall + merge.wall:.1f}** | "
            f"{sum(r.cpu for r in timed) + merge.cpu:.1f} | | | |", "",
            f"Split / single wall time: {(parts_wall + merge.wall) / single.wall:.2f} "
            f"(speed-up {single.wall / (parts_wall + merge.wall):.2f}x) on {cores} cores.", "",
            f"Checks ({check_s:.0f} s): {checked:,} internal links in {pages:,} pages, "
            f"{'all resolve' if not broken else f'{len(broken)}+ broken'}; "
            + ("api/*.json, feed.xml and the badge of each part and of the joined site byte-identical to the "
               "single build's; search index entries and sitemap URLs the single build's, in its order"
               if not problems else "PROBLEMS") + "; "
            + ", ".join(f"{rel} {'byte-identical' if same else 'not byte-identical'}"
                        for rel, same in same_bytes.items())
            + f"; {len(differing)} of the joined site's files differ from the single build's"
            + (f" (e.g. {', '.join(differing[:5])})" if differing else "") + "."]
    print("\n".join(out))
    for p in [*problems, *broken]:
        print(f"  - {p}")
    return 1 if problems or broken else 0


if __name__ == "__main__":
    sys.exit(main())
