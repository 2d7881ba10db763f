"""`advocacy init`: a new, working advocacy site for another company.

The files come from the `scaffold/` folder beside this module. Names starting with `dot-` are
written with a leading `.` instead (`dot-github/` -> `.github/`): dot-files are easy to lose on
the way into a wheel, and a `.github/workflows/` folder inside this package would look like a real
one to tools that scan a checkout. A few `@@NAME@@` tokens are replaced (not Jinja or `str.format`:
the workflows are full of `${{ ... }}`, the YAML files of `$schema`).
"""

from __future__ import annotations

import json
import pathlib
import re
import sys
from importlib import metadata, resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

__all__ = ["init_site", "render_scaffold"]

_DOT_PREFIX = "dot-"
# A folder holding nothing but these is still "empty" for `init`: `git init` (or a fresh clone of an
# empty repository) leaves a `.git` folder, and the new site belongs right there.
_IGNORED_IN_EMPTY = {".git"}


def _requirement() -> str:
    """The line that pins the new site to this release series, e.g. `mkdocs-advocacy~=0.1.0`."""
    from mkdocs_advocacy import __version__

    try:
        version = metadata.version("mkdocs-advocacy")
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        version = __version__
    release = re.match(r"\d+(\.\d+)*", version)
    if not release:
        return "mkdocs-advocacy"
    parts = release.group(0).split(".")
    if len(parts) < 2:
        parts.append("0")
    return "mkdocs-advocacy~=" + ".".join(parts)


def _walk(folder: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    found: list[tuple[str, Traversable]] = []
    for entry in folder.iterdir():
        if entry.name == "__pycache__":
            continue
        name = "." + entry.name[len(_DOT_PREFIX):] if entry.name.startswith(_DOT_PREFIX) else entry.name
        rel = f"{prefix}{name}"
        if entry.is_dir():
            found.extend(_walk(entry, rel + "/"))
        else:
            found.append((rel, entry))
    return found


def render_scaffold(site_name: str = "Our Customers") -> dict[str, str]:
    """The text of every file of a new site (schemas aside), by path relative to the site's root."""
    site_name = site_name.strip()
    if not site_name:
        raise ValueError("the site name must not be empty")
    if any(ch in site_name for ch in "\r\n"):
        raise ValueError("the site name must fit on one line")
    tokens = {
        # A JSON string is a valid double-quoted YAML scalar: any name is safe in mkdocs.yml.
        "@@SITE_NAME_YAML@@": json.dumps(site_name, ensure_ascii=False),
        "@@SITE_NAME@@": site_name,
        "@@REQUIREMENT@@": _requirement(),
    }
    files: dict[str, str] = {}
    for rel, entry in sorted(_walk(resources.files("mkdocs_advocacy").joinpath("scaffold"))):
        text = entry.read_text(encoding="utf-8")
        for token, value in tokens.items():
            text = text.replace(token, value)
        files[rel] = text
    return files


def _check_empty(target: pathlib.Path) -> None:
    if target.exists() and not target.is_dir():
        raise FileExistsError(f"{target} exists and is not a folder; choose a new folder for the site")
    if target.is_dir():
        present = sorted(p.name for p in target.iterdir() if p.name not in _IGNORED_IN_EMPTY)
        if present:
            shown = ", ".join(present[:5]) + (", ..." if len(present) > 5 else "")
            raise FileExistsError(
                f"{target} is not empty ({shown}); `advocacy init` only writes into a new or empty "
                "folder, so that it never overwrites anything"
            )


def init_site(target: pathlib.Path, site_name: str = "Our Customers") -> list[pathlib.Path]:
    """Create a new advocacy site in `target`, which must not exist yet or be empty.

    Writes `mkdocs.yml`, `content/index.md`, two example advocates and a case study naming both,
    the GitHub workflows (check pull requests; publish to GitHub Pages daily and on merge),
    editor settings, the JSON Schemas, `.gitignore`, `requirements.txt` and a README. Returns
    the paths written, sorted. Raises `FileExistsError` (writing nothing) when `target` is a
    file or a folder with anything in it but `.git`.
    """
    from mkdocs_advocacy.schemas import write_schemas

    target = pathlib.Path(target)
    _check_empty(target)
    files = render_scaffold(site_name)  # before writing anything: a bad name leaves no half-made site
    written: list[pathlib.Path] = []
    for rel, text in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        written.append(path)
    written.extend(pathlib.Path(p) for p in write_schemas(target / "schemas"))
    return sorted(written)
