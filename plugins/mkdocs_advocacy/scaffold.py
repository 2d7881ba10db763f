"""`advocacy init`: a new, working advocacy site for another company.

The files come from the `scaffold/` folder beside this module. Names starting with `dot-` are
written with a leading `.` instead (`dot-github/` -> `.github/`): dot-files are easy to lose on
the way into a wheel, and a `.github/workflows/` folder inside this package would look like a real
one to tools that scan a checkout. A few `@@NAME@@` tokens are replaced (not Jinja or `str.format`:
the workflows are full of `${{ ... }}`, the YAML files of `$schema`): the company's name, each in the
escaping of the file it lands in; `site_url`; the plugin's requirement line; and `@@DAYS_AGO_<n>@@`,
the date n days before the day `init` runs, so that the example records are recent on the first
build (champions on the wall, no "no activity for 442 days" notices) whenever the site is made.
"""

from __future__ import annotations

import datetime as dt
import html
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

__all__ = ["DEFAULT_NAME", "PLUGIN_REPOSITORY", "init_site", "plugin_requirement", "render_scaffold",
           "uses_placeholder"]

DEFAULT_NAME = "Example Co"
# The plugin's public git repository, which new sites install the plugin from until it is on PyPI
# (`mkdocs-advocacy @ git+<this>@v<version>`). PLACEHOLDER: the project has no public repository
# yet. This is the one place to set it; `advocacy init --plugin-repo URL[@REF]` overrides it.
PLUGIN_REPOSITORY = "https://github.com/PLACEHOLDER-ORG/mkdocs-advocacy"
_PLACEHOLDER = "PLACEHOLDER-ORG"

_DOT_PREFIX = "dot-"
# A folder holding nothing but these is still "empty" for `init`: `git init` (or a fresh clone of an
# empty repository) leaves a `.git` folder, and the new site belongs right there.
_IGNORED_IN_EMPTY = {".git"}


def _installed() -> tuple[str, dict | None]:
    """This plugin's version, and how pip installed it (PEP 610's direct_url.json; None: from an index)."""
    from mkdocs_advocacy import __version__

    try:
        dist = metadata.distribution("mkdocs-advocacy")
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        return __version__, {"dir_info": {}}
    try:
        direct = json.loads(dist.read_text("direct_url.json") or "null")
    except ValueError:
        direct = {"dir_info": {}}
    return dist.version, direct if isinstance(direct, dict) else None


def plugin_requirement(plugin_repo: str | None = None, installed: tuple[str, dict | None] | None = None) -> str:
    """The requirements.txt line that installs this plugin into a new site, the same way here and in CI.

    - `plugin_repo` given (`URL` or `URL@REF`): from that git repository, at REF or at the tag
      `v<version>`.
    - Installed from a git URL (`pip install git+...`): that repository, pinned to the commit installed.
    - Installed from a package index (PyPI, after a release): this release series, `mkdocs-advocacy~=X.Y.Z`.
    - Otherwise (a source checkout, a local wheel): `PLUGIN_REPOSITORY` at the tag `v<version>`.
    """
    version, direct = installed or _installed()
    release = re.match(r"\d+(\.\d+)*", version)
    tag = f"v{release.group(0)}" if release else "main"
    if plugin_repo:
        url, _, ref = plugin_repo.rpartition("@") if "@" in plugin_repo.rsplit("/", 1)[-1] else (plugin_repo, "", "")
        return f"mkdocs-advocacy @ git+{url.removeprefix('git+')}@{ref or tag}"
    if direct is None:
        if not release:
            return "mkdocs-advocacy"
        parts = release.group(0).split(".")
        if len(parts) < 2:
            parts.append("0")
        return "mkdocs-advocacy~=" + ".".join(parts)
    vcs = direct.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("commit_id") and str(direct.get("url", "")).startswith("https://"):
        return f"mkdocs-advocacy @ {vcs.get('vcs', 'git')}+{direct['url']}@{vcs['commit_id']}"
    return f"mkdocs-advocacy @ git+{PLUGIN_REPOSITORY}@{tag}"


def uses_placeholder(requirement: str) -> bool:
    """Whether `requirement` still points at the placeholder repository (pip cannot install it)."""
    return _PLACEHOLDER in requirement


def check_site_url(site_url: str) -> str:
    """`site_url` as mkdocs.yml takes it (an http(s) address, with a trailing slash); ValueError if not one."""
    site_url = site_url.strip()
    if not re.fullmatch(r"https?://[^\s/?#\\\"']+(/[^\s?#\\\"']*)?", site_url, re.IGNORECASE):
        raise ValueError(f"the site's address must start with http:// or https://, got {site_url[:80]!r}")
    return site_url if site_url.endswith("/") else site_url + "/"


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


def _markdown_text(text: str) -> str:
    """`text` as literal text in Markdown (and the HTML it may sit in)."""
    return re.sub(r"([\\`*_\[\]{}#|!])", r"\\\1", html.escape(text, quote=False))


def _comment_text(text: str) -> str:
    """`text` safe inside a CSS or XML comment."""
    return re.sub(r"-(?=-)", "- ", text.replace("*/", "* /"))


def _site_url_block(site_url: str | None) -> str:
    if site_url:
        return ("# The address the site is published at: the sitemap, canonical URLs and share links use it.\n"
                f"site_url: {json.dumps(check_site_url(site_url))}")
    return ("# The address the site is published at (with GitHub Pages: Settings > Pages shows it, e.g.\n"
            "# https://your-org.github.io/customers/). The sitemap, canonical URLs and share links need it:\n"
            "# until it is set, `mkdocs build` warns, and `mkdocs build --strict` (the workflows) fails.\n"
            "# site_url: https://customers.example.com/")


def render_scaffold(name: str = DEFAULT_NAME, site_url: str | None = None, requirement: str | None = None,
                    today: dt.date | None = None) -> dict[str, str]:
    """The text of every file of a new site (schemas aside), by path relative to the site's root.

    `name` is the company's (or product's) name: the site is "<name> Customers". The example
    records are dated relative to `today` (default: today's UTC date).
    """
    name = name.strip()
    if not name:
        raise ValueError("the name must not be empty")
    if any(ch in name for ch in "\r\n"):
        raise ValueError("the name must fit on one line")
    if len(name) > 80:
        raise ValueError("the name must be at most 80 characters")
    site_name = f"{name} Customers"
    today = today or dt.datetime.now(dt.timezone.utc).date()
    initial = next((ch for ch in name if ch.isalnum()), "C").upper()
    # A JSON string is a valid double-quoted YAML scalar: any text is safe in mkdocs.yml.
    tokens = {
        "@@SITE_NAME_YAML@@": json.dumps(site_name, ensure_ascii=False),
        "@@SITE_NAME_MD@@": _markdown_text(site_name),
        "@@NAME_YAML@@": json.dumps(name, ensure_ascii=False),
        "@@NAME_MD@@": _markdown_text(name),
        "@@NAME_COMMENT@@": _comment_text(name),
        "@@NAME_XML@@": html.escape(name),
        "@@INITIAL@@": html.escape(initial),
        "@@COPYRIGHT_YAML@@": json.dumps(f"Copyright &copy; {today.year} {html.escape(name)}", ensure_ascii=False),
        # Material prints descriptions into an attribute as they are: escaped here.
        "@@DESCRIPTION_YAML@@": json.dumps(f"Case studies, testimonials, reviews and customer champions of "
                                           f"{html.escape(name)}, in our customers' own words.", ensure_ascii=False),
        "@@CTA_TEXT_YAML@@": json.dumps(f"Want results like these? See {name} on your own data, or ask a customer.",
                                        ensure_ascii=False),
        "@@SITE_URL_BLOCK@@": _site_url_block(site_url),
        "@@REQUIREMENT@@": requirement or plugin_requirement(),
    }

    def days_ago(m: re.Match[str]) -> str:
        return (today - dt.timedelta(days=int(m.group(1)))).isoformat()

    files: dict[str, str] = {}
    for rel, entry in sorted(_walk(resources.files("mkdocs_advocacy").joinpath("scaffold"))):
        text = entry.read_text(encoding="utf-8")
        for token, value in tokens.items():
            text = text.replace(token, value)
        files[rel] = re.sub(r"@@DAYS_AGO_(\d+)@@", days_ago, text)
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


def init_site(target: pathlib.Path, name: str = DEFAULT_NAME, site_url: str | None = None,
              requirement: str | None = None, today: dt.date | None = None) -> list[pathlib.Path]:
    """Create a new advocacy site in `target`, which must not exist yet or be empty.

    Writes `mkdocs.yml` (brand colours, logo, tabs, call to action, `site_url` when given),
    `content/` (a home page, a join page, `assets/` with brand.css, logo and favicon), two example
    advocates and a case study naming both (dated relative to `today`), the GitHub workflows (check
    pull requests; publish to GitHub Pages daily and on merge), editor settings, the JSON Schemas,
    `.gitignore`, `requirements.txt` (`requirement`, default `plugin_requirement()`) and a README.
    Returns the paths written, sorted. Raises `FileExistsError` (writing nothing) when `target` is a
    file or a folder with anything in it but `.git`, and `ValueError` for a bad name or site_url.
    """
    from mkdocs_advocacy.schemas import write_schemas

    target = pathlib.Path(target)
    _check_empty(target)
    # before writing anything: a bad name or address leaves no half-made site
    files = render_scaffold(name, site_url, requirement, today)
    written: list[pathlib.Path] = []
    for rel, text in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        written.append(path)
    written.extend(pathlib.Path(p) for p in write_schemas(target / "schemas"))
    return sorted(written)
