"""Everything a build checks before writing, in one call shared by the plugin and `advocacy validate`."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .docs_guard import walk_docs
from .embeds import Embed, scan_pages
from .markdown_fields import MarkdownFields, Rendered, removal_problems
from .problems import Problem, ProblemList
from .program import Program, load_program
from .settings import resolve_as_of, settings_from


@dataclass
class Checked:
    program: Program | None
    problems: ProblemList
    embeds: dict[str, list[Embed]] = field(default_factory=dict)
    # Sanitized HTML of every story and case-study body: ("story" | "body", slug) -> rendered
    rendered: dict[tuple[str, str], Rendered] = field(default_factory=dict)
    docs_files: list[str] = field(default_factory=list)  # what MkDocs will publish from docs_dir, by path there
    docs_dir: Path | None = None
    site_dir: Path | None = None


_GIVEN: tuple[int, ...] | None = None  # the collector's thresholds before `no_full_collections()`


def no_full_collections() -> None:
    """Until `full_collections_back()`: the cycle collector's young passes only. A full build's
    pages and files live until it ends, and each full pass walked all of them (ten passes, 1.5 s
    at 10,000 advocates); the young passes still free a hand-written page's Markdown instance and
    whatever else dies young in cycles. The first thresholds are kept even when a build never
    got to give them back (interrupted), so the next one cannot take ours for the caller's."""
    global _GIVEN
    if _GIVEN is None:
        _GIVEN = gc.get_threshold()
    gc.set_threshold(_GIVEN[0], _GIVEN[1], 1_000_000_000)


def full_collections_back() -> None:
    global _GIVEN
    if _GIVEN is not None:
        gc.set_threshold(*_GIVEN)
        _GIVEN = None


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Loading builds hundreds of thousands of small, acyclic objects: Python's cycle collector
    would walk all of them again and again (half the time of a 10,000-record load). Reference
    counting frees what is dropped; the collector runs again afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_site(root: Path, options: Mapping[str, Any], docs_dir: Path, config_name: str = "mkdocs.yml",
               markdown: MarkdownFields | None = None) -> Checked:
    """Options, records, case studies, their Markdown (rendered with `markdown`, the site's
    extensions) and the embeds of every page under `docs_dir`."""
    with no_cycle_collection():
        return _check_site(root, options, docs_dir, config_name, markdown or MarkdownFields())


def render_markdown_fields(program: Program, markdown: MarkdownFields) -> tuple[dict[tuple[str, str], Rendered],
                                                                               list[Problem]]:
    """Every spotlight story and case-study body, sanitized, with a warning for what was removed."""
    rendered: dict[tuple[str, str], Rendered] = {}
    problems: list[Problem] = []
    def render(kind: str, slug: str, text: str, file: str, first: int, fld: str) -> None:
        try:
            out = rendered[kind, slug] = markdown.render(kind, text)
        except RecursionError:  # Python-Markdown recurses once per level of nesting
            problems.append(Problem(file, first, fld, "is nested too deeply to render (lists or quotes inside "
                                    "each other, hundreds of levels)", "a story needs a few levels at most"))
            return
        problems.extend(removal_problems(out, text, file, first, fld))

    markdown.render_ahead([("story", a.record.spotlight.story) for a in program.advocates.values()
                           if a.record.spotlight is not None]
                          + [("body", cs.body) for cs in program.case_studies.values()])
    for slug, a in program.advocates.items():
        sp = a.record.spotlight
        if sp is not None:
            key_line = a.located.line_of(("spotlight", "story"))
            # a block scalar (`|`, `>`: text with a line break) starts on the line below its key
            render("story", slug, sp.story, a.file, key_line + 1 if "\n" in sp.story else key_line, "spotlight.story")
    for slug, cs in program.case_studies.items():
        render("body", slug, cs.body, cs.file, cs.body_line, "body")
    return rendered, problems


def _check_site(root: Path, options: Mapping[str, Any], docs_dir: Path, config_name: str,
                markdown: MarkdownFields) -> Checked:
    settings, found = settings_from(options, config_name, root)
    problems = ProblemList(found)
    if settings is None:
        return Checked(None, problems)
    program, more = load_program(root, settings, resolve_as_of(settings.as_of), docs_dir, config_name)
    problems.extend(more)
    embeds: dict[str, list[Embed]] = {}
    docs_files: list[str] = []
    # With a data folder missing nothing was read, and every embed would look wrong.
    folders_read = not any(p.field.startswith("plugins.advocacy.") for p in more.errors)
    if docs_dir.is_dir() and folders_read:
        pages, guarded = walk_docs(docs_dir, root, [program.advocates_dir, program.case_studies_dir])
        problems.extend(guarded)
        embeds, embed_problems = scan_pages(pages, root, program, markdown)
        problems.extend(embed_problems)
        docs_files = [inside for _, inside in pages]
    rendered, removed = render_markdown_fields(program, markdown)
    markdown.forget_unused()
    problems.extend(removed)
    if not problems.errors:
        from .health import notices

        problems.extend(Problem(*row, level="info") for row in notices(program))
    return Checked(program, problems, embeds, rendered, docs_files, docs_dir)
