"""Everything a build checks before writing, in one call shared by the plugin and `advocacy validate`."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .embeds import Embed, scan_pages
from .problems import Problem, ProblemList
from .program import Program, load_program
from .settings import resolve_as_of, settings_from


@dataclass
class Checked:
    program: Program | None
    problems: ProblemList
    embeds: dict[str, list[Embed]] = field(default_factory=dict)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
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


def check_site(root: Path, options: Mapping[str, Any], docs_dir: Path, config_name: str = "mkdocs.yml") -> Checked:
    """Options, records, case studies and the embeds of every page under `docs_dir`."""
    with _no_cycle_collection():
        return _check_site(root, options, docs_dir, config_name)


def _check_site(root: Path, options: Mapping[str, Any], docs_dir: Path, config_name: str) -> Checked:
    settings, found = settings_from(options, config_name, root)
    problems = ProblemList(found)
    if settings is None:
        return Checked(None, problems)
    program, more = load_program(root, settings, resolve_as_of(settings.as_of), docs_dir, config_name)
    problems.extend(more)
    embeds: dict[str, list[Embed]] = {}
    # With a data folder missing nothing was read, and every embed would look wrong.
    folders_read = not any(p.field.startswith("plugins.advocacy.") for p in more.errors)
    if docs_dir.is_dir() and folders_read:
        embeds, embed_problems = scan_pages(docs_dir, root, program)
        problems.extend(embed_problems)
    if not problems.errors:
        from .health import notices

        problems.extend(Problem(*row, level="info") for row in notices(program))
    return Checked(program, problems, embeds)
