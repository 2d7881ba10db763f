"""`advocacy build --engine zensical`: the same site, built by an engine that runs no plugins.

Zensical, the successor of Material for MkDocs, reads mkdocs.yml and the site's Markdown
extensions but no third-party plugin. So the page model (`publish/`) is written out as files into a
build folder of its own: the site's `content/` copied, each generated page as Markdown with front
matter (title, description, `hide`, `search`, our head tags) and its body as HTML, the data files
(api/*.json, feed, badge, images, our CSS and JS), a theme override that prints the head tags, and
a mkdocs.yml pointing there. Zensical builds that folder; the result replaces `site/` only once it
is complete. The marketer's folders are never written to.

`--engine mkdocs` and `--engine properdocs` run those engines, with the plugin, on the site as it is.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from ..core.check import Checked
from ..core.embeds import embed_key
from ..core.problems import Problem
from ..publish.data import data_files
from ..publish.pages import Page
from ..publish.plan import plan_site
from ..publish.render import TEMPLATES, Renderer
from ..publish.urls import CSS, JS

ENGINES = ("mkdocs", "properdocs", "zensical")
EMBEDS = "mkdocs_advocacy.embeds"
# Printed into every page's <head> by the theme override; `advocacy_head` is a page's front matter.
MAIN_OVERRIDE = ('{% extends "$base" %}\n{% block extrahead %}{{ super() }}'
                 "{% if page.meta %}{% if page.meta.advocacy_head %}{{ page.meta.advocacy_head }}{% endif %}{% endif %}"
                 "{% endblock %}\n"
                 "{% block announce %}$announce{% endblock %}\n")
# Material's search form, which some sites override, is not Zensical's: its search would stop working.
NOT_FOR_ZENSICAL = ("partials/search.html",)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run_engine(engine: str, config_file: Path, strict: bool, site_dir: Path | None = None) -> int:
    """Build the site at `config_file` with `engine` (into `site_dir`, else the config's); the exit code."""
    if engine in ("mkdocs", "properdocs"):
        cmd = [sys.executable, "-m", engine, "build", "-f", str(config_file), *(["--strict"] if strict else []),
               *(["-d", str(site_dir)] if site_dir else [])]
        return subprocess.run(cmd, check=False).returncode
    return build_with_zensical(config_file, strict, site_dir)


def build_with_zensical(config_file: Path, strict: bool, site_dir: Path | None = None) -> int:
    from ..cli import _load, _print_problems  # the command's own loading and printing

    checked, root = _load(str(config_file))
    problems = checked.problems
    failing = problems.errors + (problems.warnings if strict else [])
    _print_problems([p for p in problems if p.level != "info"], "text")
    if notices := len(problems) - len(problems.errors) - len(problems.warnings):
        print(f"{notices} program notice{'s' if notices != 1 else ''} (see `advocacy validate`)")
    if failing or checked.program is None:
        print(f"advocacy build: {len(failing)} problem(s); nothing was written", file=sys.stderr)
        return 1
    raw = _raw_config(config_file)
    site_dir = site_dir or (config_file.parent / raw.get("site_dir", "site")).resolve()
    with tempfile.TemporaryDirectory(prefix="advocacy-zensical-") as tmp:
        stage = Path(tmp)
        stage_site(checked, raw, config_file, stage)
        cmd = [sys.executable, "-m", "zensical", "build", "--clean", "-f", str(stage / "mkdocs.yml"),
               *(["--strict"] if strict else [])]
        result = subprocess.run(cmd, cwd=stage, capture_output=True, text=True, check=False)
        output = _ANSI.sub("", result.stdout + result.stderr)
        if result.returncode != 0:
            sys.stderr.write(output)
            print("advocacy build: zensical failed; site/ was left as it was", file=sys.stderr)
            return result.returncode
        sys.stdout.write(output)
        _replace(stage / "site", site_dir)
    print(f"advocacy build: wrote {site_dir} with zensical")
    return 0


def _raw_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as written (with INHERIT merged and !ENV read), to be rewritten for the build folder."""
    from mkdocs.utils.yaml import yaml_load

    with open(config_file, encoding="utf-8-sig") as f:
        return yaml_load(f)


def stage_site(checked: Checked, raw: dict[str, Any], config_file: Path, stage: Path) -> None:
    """Write everything Zensical needs into `stage`: docs/, theme/, mkdocs.yml."""
    program = checked.program
    assert program is not None and checked.docs_dir is not None
    root = config_file.parent
    site_url = raw.get("site_url") or None
    lang = _language(raw)
    site, pages, _ = plan_site(checked, raw.get("site_name", ""), site_url, lang=lang)
    custom = (root / raw["theme"]["custom_dir"]) if isinstance(raw.get("theme"), dict) and \
        raw["theme"].get("custom_dir") else None
    renderer = Renderer(([str(custom)] if custom and custom.is_dir() else []) + [str(TEMPLATES)], site.lang)
    docs = stage / "docs"
    shutil.copytree(checked.docs_dir, docs, symlinks=False)
    _drop_drafts(raw.get("draft_docs"), docs)
    for page in pages:
        _write(docs / page.src_uri, _page_source(page, renderer, checked, raw.get("site_name", ""), site_url))
    for dest, content in data_files(site, renderer, {p.url: p.url for p in pages}).items():
        _write(docs / dest, content)
    embeds = _embeds_html(checked, site, renderer, site_url)
    (stage / "embeds.json").write_text(json.dumps(embeds, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    _theme(custom, stage / "theme", renderer.announce(site))
    (stage / "mkdocs.yml").write_text(yaml.safe_dump(_config(raw, stage), sort_keys=False, allow_unicode=True),
                                      encoding="utf-8")


def _language(raw: dict[str, Any]) -> str:
    """`theme.language` as written in mkdocs.yml (Zensical reads the same key), else `theme.locale`."""
    theme = raw.get("theme")
    value = (theme.get("language") or theme.get("locale")) if isinstance(theme, dict) else None
    return str(value) if value else "en"


def _drop_drafts(patterns: object, docs: Path) -> None:
    """The pages of `draft_docs` stay out of a build, as `mkdocs build` leaves them out."""
    if not isinstance(patterns, str) or not patterns.strip():
        return
    from pathspec.gitignore import GitIgnoreSpec  # MkDocs' own reading of these patterns

    spec = GitIgnoreSpec.from_lines(patterns.splitlines())
    for path in sorted(docs.rglob("*")):
        if path.is_file() and spec.match_file(path.relative_to(docs).as_posix()):
            path.unlink()


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def _page_source(page: Page, renderer: Renderer, checked: Checked, site_name: str, site_url: str | None) -> str:
    """A generated page as Markdown: front matter, then its body as HTML (which Markdown leaves alone)."""
    rendered = checked.rendered.get(page.markdown_field) if page.markdown_field else None
    body = renderer.body(page, rendered.html if rendered else "")
    # The theme prints these without escaping, as Material does: escape record text first.
    meta: dict[str, Any] = {"title": html.escape(page.title, quote=False), "description": html.escape(page.description)}
    if not page.kind.toc:
        meta["hide"] = ["toc"]
    if page.search_exclude:
        meta["search"] = {"exclude": True}
    meta["advocacy_head"] = renderer.head(page, site_name, site_url)
    front = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items())
    return f"---\n{front}---\n\n{body}\n"


def _embeds_html(checked: Checked, site: Any, renderer: Renderer, site_url: str | None) -> dict[str, str]:
    """The HTML of every embed of the hand-written pages, by its comment's words. Links are
    root-relative (under site_url's path): Zensical rewrites relative links in raw HTML."""
    from urllib.parse import urlsplit

    base = urlsplit(site_url).path if site_url else "/"
    base = base if base.endswith("/") else base + "/"
    out: dict[str, str] = {}
    for embeds in checked.embeds.values():
        for embed in embeds:
            out.setdefault(embed_key(embed), renderer.embed(site, embed, lambda t: base + t))
    return out


def _theme(custom: Path | None, theme: Path, announce: str) -> None:
    """The site's theme overrides (less what only suits Material) and ours for the head tags."""
    theme.mkdir()
    if custom is not None and custom.is_dir():
        shutil.copytree(custom, theme, dirs_exist_ok=True)
        for rel in NOT_FOR_ZENSICAL:
            (theme / rel).unlink(missing_ok=True)
    base = "base.html"
    if (theme / "main.html").exists():
        (theme / "main.html").rename(theme / "site-main.html")
        base = "site-main.html"
    # The header's call to action is the same on every page: written into the template, as it is
    # (our renderer escaped it; the site owner's text holds no template syntax worth keeping).
    safe = announce.replace("{", "&#123;").replace("}", "&#125;")
    (theme / "main.html").write_text(MAIN_OVERRIDE.replace("$base", base).replace("$announce", safe), encoding="utf-8")


def _config(raw: dict[str, Any], stage: Path) -> dict[str, Any]:
    config = {k: v for k, v in raw.items() if k not in ("plugins", "hooks", "INHERIT", "docs_dir", "site_dir")}
    config.update(docs_dir="docs", site_dir="site")
    theme = dict(raw.get("theme") or {"name": "material"}) if not isinstance(raw.get("theme"), str) else \
        {"name": raw["theme"]}
    theme.update(custom_dir="theme")
    theme.setdefault("variant", "classic")  # Material's look, not Zensical's "modern" default
    config["theme"] = theme
    config["extra_css"] = [*[c for c in raw.get("extra_css") or [] if c != CSS], CSS]
    config["extra_javascript"] = [*[j for j in raw.get("extra_javascript") or [] if j != JS], JS]
    extensions = [e for e in raw.get("markdown_extensions") or [] if e != EMBEDS
                  and not (isinstance(e, dict) and EMBEDS in e)]
    config["markdown_extensions"] = [*extensions, {EMBEDS: {"html": str(stage / "embeds.json")}}]
    config["plugins"] = ["search"]
    return config


def _replace(built: Path, site_dir: Path) -> None:
    """Put the finished build in place of site/ in one step, the old one removed after."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    incoming = Path(tempfile.mkdtemp(prefix=".advocacy-new-", dir=site_dir.parent))
    shutil.copytree(built, incoming, dirs_exist_ok=True)
    old = None
    if site_dir.exists():
        old = site_dir.with_name(f".advocacy-old-{os.getpid()}")
        site_dir.rename(old)
    incoming.rename(site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


__all__ = ["ENGINES", "Problem", "run_engine"]
