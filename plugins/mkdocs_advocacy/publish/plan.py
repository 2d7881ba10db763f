"""The plan of a build: the site's figures, its pages, and what in the docs folder collides with them."""

from __future__ import annotations

import contextlib
from typing import Any

from ..core.problems import Problem
from ..core.yamlsource import CONTROL_HINT, control_message
from .pages import KeptPages, Page, build_pages
from .site import Site
from .urls import (
    API,
    BADGE,
    CARD_EXTRAS,
    CSS,
    FEED,
    JS,
    REVIEW_LIST,
    TESTIMONIAL_EXTRAS,
    case_study_card_path,
    destination,
    logo_path,
    photo_path,
    spotlight_card_path,
)


def data_paths(site: Site, preview: bool = False) -> list[str]:
    """Every data file the build writes: api/*.json, feed, badge, our assets, cleaned images, share cards."""
    paths = [*API.values(), FEED, BADGE, CARD_EXTRAS, REVIEW_LIST, TESTIMONIAL_EXTRAS, CSS, JS]
    paths += [p for a in site.program.public_advocates() if (p := photo_path(a))]
    shown = list(site.case_studies) + (site.program.unpublished_case_studies() if preview else [])
    paths += [p for cs in shown if (p := logo_path(cs))]
    paths += [case_study_card_path(cs.slug) for cs in shown]
    paths += [spotlight_card_path(a.slug) for a in site.spotlights]
    return paths


def collisions(pages: list[Page], data: list[str], docs_files: list[str], docs_dir: str,
               directory_urls: bool) -> list[Problem]:
    """A hand-written file of docs_dir that lands where a generated page or data file does: MkDocs
    would publish both (two search entries and sitemap lines for one URL) or drop one silently."""
    owners = {destination(p.src_uri, directory_urls): f"the generated page /{p.url}" for p in pages}
    owners.update({path: f"the generated file /{path}" for path in data})
    out = []
    for rel in docs_files:
        owner = owners.get(destination(rel, directory_urls))
        if owner is not None:
            out.append(Problem(f"{docs_dir}/{rel}", 1, "", f"has the same address as {owner}",
                               "rename or move it: the plugin makes that page from the records"))
    return out


def plan_site(checked: Any, site_name: str, site_url: str | None, directory_urls: bool = True,
              preview: bool = False, lang: str | None = None,
              kept: KeptPages | None = None) -> tuple[Site, list[Page], list[Problem]]:
    """The site's figures and pages for a checked program (`core.check.Checked`), and the files of
    docs_dir that would collide with them. `lang`: the site's `theme.language` (default English).
    `kept`: the last build's pages (under `advocacy serve`), reused where made of the same."""
    site = Site(checked.program, site_name, site_url, lang)
    pages = build_pages(site, preview=preview, kept=kept)
    root, docs_dir = checked.program.root, checked.docs_dir
    shown = docs_dir.as_posix() if docs_dir is not None else "docs"
    if docs_dir is not None:
        with contextlib.suppress(ValueError):
            shown = docs_dir.resolve().relative_to(root.resolve()).as_posix()
    problems = collisions(pages, data_paths(site, preview), checked.docs_files, shown, directory_urls)
    # The site's own names go into every page, the feed and the badge, like a record's text
    for fld, value in (("site_name", site_name), ("site_url", site_url or ""),
                       ("plugins.advocacy.product.name", checked.program.settings.product.name or "")):
        if (message := control_message(value)) is not None:
            problems.append(Problem("mkdocs.yml", 1, fld, message, CONTROL_HINT))
    return site, pages, problems
