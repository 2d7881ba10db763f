"""Lighthouse (mobile) on the example site's pages that sell: home, library, a case study, reviews.

    python benchmarks/lighthouse.py                      # build site/ first: .venv/bin/mkdocs build
    python benchmarks/lighthouse.py --site /tmp/site --no-gzip --runs 3
    python benchmarks/lighthouse.py --lighthouse /tmp/lh/node_modules/.bin/lighthouse

Serves the built site from a local HTTP server, gzip-compressing text the way static hosts do
(GitHub Pages, Netlify; `--no-gzip` to serve it raw), runs Lighthouse's default mobile profile
(simulated slow 4G, 4x CPU slowdown) on each page and prints performance, accessibility, SEO, LCP,
TBT and CLS, the median over `--runs` runs. Needs Lighthouse from npm (`--lighthouse`, or `npx
lighthouse` when the option is left out) and Chromium (`CHROME_PATH`, default /usr/bin/chromium).
Not part of `make test`: its figures depend on the machine.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

PAGES = {"home": "", "library": "case-studies/", "case study": "case-studies/harborview-medical-group/",
         "reviews": "reviews/"}
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")


class Handler(http.server.SimpleHTTPRequestHandler):
    """A static host: index.html for directories, gzip for text when the client accepts it."""

    gzip = True

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the slash
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.gzip and accepts and path.suffix in COMPRESSIBLE and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        self.end_headers()
        return io.BytesIO(body)


def serve(root: Path, compress: bool) -> tuple[http.server.ThreadingHTTPServer, int]:
    handler = functools.partial(type("H", (Handler,), {"gzip": compress}), directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def lighthouse(command: list[str], url: str, out: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run([*command, url, "--quiet", "--output=json", f"--output-path={out}",
                    "--only-categories=performance,accessibility,seo", f"--chrome-flags={CHROME_FLAGS}"],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    report = json.loads(out.read_text())
    audits, cats = report["audits"], report["categories"]
    return {"perf": cats["performance"]["score"] * 100, "a11y": cats["accessibility"]["score"] * 100,
            "seo": cats["seo"]["score"] * 100,
            "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
            "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
            "tbt": audits["total-blocking-time"]["numericValue"],
            "cls": audits["cumulative-layout-shift"]["numericValue"],
            "element": _lcp_element(audits)}


def _lcp_element(audits: dict) -> str:
    try:
        return audits["largest-contentful-paint-element"]["details"]["items"][0]["items"][0]["node"]["selector"]
    except (KeyError, IndexError):
        return "?"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--site", type=Path, default=Path(__file__).resolve().parent.parent / "site")
    p.add_argument("--lighthouse", help="the lighthouse executable (default: npx lighthouse)")
    p.add_argument("--no-gzip", action="store_true", help="serve the files uncompressed")
    p.add_argument("--runs", type=int, default=1, help="runs per page; the median is printed")
    p.add_argument("--page", action="append", choices=sorted(PAGES), help="only these pages")
    p.add_argument("--keep", type=Path, help="keep the JSON reports in this folder")
    args = p.parse_args(argv)
    if not (args.site / "index.html").is_file():
        sys.exit(f"{args.site}/index.html not found: build the site first (.venv/bin/mkdocs build)")
    command = [args.lighthouse] if args.lighthouse else [shutil.which("npx") or "npx", "--yes", "lighthouse"]
    server, port = serve(args.site, not args.no_gzip)
    print(f"site {args.site}, served by http.server on 127.0.0.1:{port}, "
          f"{'uncompressed' if args.no_gzip else 'gzip'}, mobile, median of {args.runs}")
    print(f"{'page':<12} {'perf':>4} {'a11y':>4} {'seo':>4} {'FCP s':>6} {'LCP s':>6} {'TBT ms':>6} {'CLS':>6}  LCP element")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            out = args.keep or Path(tmp)
            out.mkdir(parents=True, exist_ok=True)
            for name, path in PAGES.items():
                if args.page and name not in args.page:
                    continue
                runs = [lighthouse(command, f"http://127.0.0.1:{port}/{path}",
                                   out / f"{name.replace(' ', '-')}-{i + 1}.json") for i in range(args.runs)]
                m = {k: statistics.median(r[k] for r in runs) for k in runs[0] if k != "element"}
                print(f"{name:<12} {m['perf']:>4.0f} {m['a11y']:>4.0f} {m['seo']:>4.0f} {m['fcp']:>6.2f} "
                      f"{m['lcp']:>6.2f} {m['tbt']:>6.0f} {m['cls']:>6.3f}  {runs[0]['element']}", flush=True)
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
