"""Write a plain Material for MkDocs site of N pages: the baseline the advocacy build is compared with.

    python benchmarks/plain.py DIR --pages 1163

`pages` counts the HTML files the build writes, `404.html` included, as `run.py` counts them in the
advocacy build: `index.md` plus `pages - 2` Markdown pages of about 300 words each (a heading, three
paragraphs, a subheading and a list). Only the home page is in the nav (MkDocs would otherwise
render the whole nav into every page); the rest are marked `not_in_nav`, as the plugin marks its
generated pages. Theme and Markdown extensions are those of `generate.py`'s `mkdocs.yml`.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path


def _names(text: str) -> list[str]:
    return text.split()


WORDS = _names("""forecast pipeline quarter revenue team data review accuracy planning territory quota deal stage
model insight dashboard report leader manager sales finance operations customer process weekly monthly
trust signal variance coverage target growth visibility meeting decision accountability number commit
region plant account renewal churn capacity rollout adoption training workflow integration""")

MKDOCS_YML = """\
# Plain Material site written by benchmarks/plain.py (baseline for benchmarks/run.py)
site_name: Benchmark Plain
site_url: https://plain.benchmark.example/
docs_dir: content
theme:
  name: material
markdown_extensions:
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
plugins:
  - search
nav:
  - Home: index.md
not_in_nav: |
  /pages/
"""


def _paragraph(r: random.Random, n: int) -> str:
    out, left = [], n
    while left > 0:
        k = min(left, r.randint(8, 16))
        s = " ".join(r.choice(WORDS) for _ in range(k))
        out.append(s[0].upper() + s[1:] + ".")
        left -= k
    return " ".join(out)


def write_plain(root: Path, pages: int, seed: int = 1) -> int:
    """Write the site into `root` (its `content/` and `site/` are replaced); return the Markdown page count."""
    root = Path(root)
    r = random.Random(seed)
    for sub in ("content", "site"):
        shutil.rmtree(root / sub, ignore_errors=True)
    pages_dir = root / "content" / "pages"
    pages_dir.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (root / "content" / "index.md").write_text("# Benchmark Plain\n\nA plain site for build benchmarks.\n",
                                               encoding="utf-8")
    count = max(0, pages - 2)  # index.html and 404.html are the other two
    for i in range(count):
        title = " ".join(r.choice(WORDS) for _ in range(4)).capitalize()
        items = "\n".join(f"- {_paragraph(r, r.randint(6, 10))}" for _ in range(5))
        text = (f"# {title}\n\n{_paragraph(r, 80)}\n\n{_paragraph(r, 70)}\n\n## Highlights\n\n{items}\n\n"
                f"## Details\n\n{_paragraph(r, 90)}\n")
        (pages_dir / f"page-{i:05d}.md").write_text(text, encoding="utf-8")
    return count + 1


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("dir", type=Path)
    p.add_argument("--pages", type=int, required=True, help="HTML pages the build should write (404 included)")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    n = write_plain(args.dir, args.pages, args.seed)
    print(f"wrote {n} Markdown pages to {args.dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
