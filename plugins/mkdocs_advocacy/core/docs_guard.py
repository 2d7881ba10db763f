"""What must never be published from `docs_dir`: MkDocs copies every file there into `site/`.

A link into a data folder would publish the raw records, `private` included; a copied record or an
internal program report would do the same. Each is an error before anything is written.
"""

from __future__ import annotations

import os
from pathlib import Path

from .problems import Problem

# Every format of `advocacy report` carries this, so that a report saved where the site is built
# from is recognised and refused.
REPORT_MARKER = "advocacy-internal-report"
_TEXT_SUFFIXES = (".html", ".htm", ".json", ".txt", ".md", ".csv", ".xml", ".yml", ".yaml")
_RECORD_SUFFIXES = (".yml", ".yaml", ".json")
_MAX_READ = 4 << 20


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


def _resolve(path: Path) -> Path | None:
    """The real path, or None for a link that loops."""
    try:
        return path.resolve(strict=False)
    except (OSError, RuntimeError):
        return None


def walk_docs(docs_dir: Path, root: Path, data_dirs: list[Path]) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """Every file MkDocs would publish from `docs_dir`, as (path, path inside docs_dir), and a problem
    for each file or link there that would publish private data."""
    problems: list[Problem] = []
    files: list[tuple[Path, str]] = []
    data = [d.resolve() for d in data_dirs]
    docs = docs_dir.resolve()

    def rel(path: Path) -> str:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return path.as_posix()

    def judge(path: Path) -> bool:
        """False when `path` must not be published (a problem is added); True when it may be."""
        real = _resolve(path)
        if real is None:
            problems.append(Problem(rel(path), 1, "", "is a symbolic link that loops", "remove the link"))
            return False
        target = next((d for d in data if real == d or _inside(real, d) or _inside(d, real)), None)
        if target is not None:
            problems.append(Problem(rel(path), 1, "", f"leads into the data folder {rel(target)}/, so MkDocs would "
                                    "publish the raw records (private data included)",
                                    "remove it: the plugin publishes what the records may show"))
            return False
        return True

    # MkDocs follows links to folders: so does this walk, once per real folder.
    seen: set[Path] = set()
    for dirpath, dirnames, filenames in os.walk(docs, followlinks=True):
        here = Path(dirpath)
        inside = here.relative_to(docs)
        real_here = _resolve(here)
        if real_here is None or real_here in seen:
            dirnames[:] = []
            continue
        seen.add(real_here)
        kept = []
        for name in sorted(dirnames):
            if (here / name).is_symlink() and not judge(here / name):
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            path = here / name
            if path.is_symlink() and not judge(path):
                continue
            found = _content_problems(path, rel(path))
            problems += found
            if not found:
                files.append((path, (inside / name).as_posix()))
    return sorted(files, key=lambda f: f[1]), problems


def _content_problems(path: Path, shown: str) -> list[Problem]:
    lower = path.name.lower()
    if not lower.endswith(_TEXT_SUFFIXES):
        return []
    try:
        if path.stat().st_size > _MAX_READ:
            return []
        data = path.read_bytes()
    except OSError:
        return []
    if REPORT_MARKER.encode() in data:
        return [Problem(shown, 1, "", "is an internal program report (it holds private data)",
                        "delete it, and write reports outside the docs folder: advocacy report -o ../report.html")]
    if lower.endswith(_RECORD_SUFFIXES) and b"private" in data and _has_private_key(data, lower):
        return [Problem(shown, 1, "", "holds a `private` key: it looks like an advocate record, which MkDocs would "
                        "publish as it is", "move it to the advocates folder, or delete it")]
    return []


def _has_private_key(data: bytes, name: str) -> bool:
    import json

    from .yamlsource import read_yaml

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    if name.endswith(".json"):
        try:
            value = json.loads(text)
        except ValueError:
            return False
    else:
        located, _ = read_yaml(text, name)
        if located is None:
            return b"private:" in data  # unreadable, but spelled like a record
        value = located.data
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "private" in item:
                return True
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
