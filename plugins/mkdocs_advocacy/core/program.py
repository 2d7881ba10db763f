"""The loaded program: every advocate and case study, and the consent and publication rules."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from .cache import RECORDS, KeptWith, ParseCache
from .load import (
    AdvocateEntry,
    CaseStudyEntry,
    data_files,
    parse_advocate_located,
    parse_case_study_located,
)
from .problems import Problem, ProblemList
from .records import Quote
from .rules import check_program
from .settings import Settings, option_line, options_node
from .yamlsource import Located


@dataclass
class Program:
    """Everything the site is built from, judged at `as_of`."""

    settings: Settings
    as_of: dt.date
    root: Path
    advocates: dict[str, AdvocateEntry] = field(default_factory=dict)
    case_studies: dict[str, CaseStudyEntry] = field(default_factory=dict)
    # Slugs of files that are there but were left out for their errors: references to them are not
    # reported a second time as unknown.
    broken_advocates: set[str] = field(default_factory=set)
    broken_case_studies: set[str] = field(default_factory=set)
    # What could be read of those files (kind, file, values), so that every other rule still runs on them.
    broken_files: list[tuple[str, str, Located]] = field(default_factory=list)
    # Computed once, on first use after loading: the program does not change during a build.
    _published: list[CaseStudyEntry] | None = field(default=None, repr=False, compare=False)
    _by_advocate: dict[str, list[CaseStudyEntry]] | None = field(default=None, repr=False, compare=False)
    _public_found: tuple[list[AdvocateEntry], set[str]] | None = field(default=None, repr=False, compare=False)
    _public_seen: tuple | None = field(default=None, repr=False, compare=False)

    @functools.cached_property  # asked for every record's photo
    def advocates_dir(self) -> Path:
        return self.root / self.settings.advocates_dir

    @functools.cached_property
    def case_studies_dir(self) -> Path:
        return self.root / self.settings.case_studies_dir

    # consent
    def is_public(self, slug: str) -> bool:
        return slug in self._public()[1]

    def public_advocates(self) -> list[AdvocateEntry]:
        return list(self._public()[0])

    def _public(self) -> tuple[list[AdvocateEntry], set[str]]:
        # asked thousands of times a build; made again if advocates were added since (tests build
        # programs by hand)
        seen = (id(self.advocates), len(self.advocates), self.as_of)
        if self._public_seen != seen or self._public_found is None:
            slugs = [slug for slug, a in self.advocates.items() if _consents(a, self.as_of)]
            self._public_found = ([self.advocates[s] for s in slugs], set(slugs))
            self._public_seen = seen
        return self._public_found

    # publication
    def is_published(self, slug: str) -> bool:
        cs = self.case_studies[slug].front
        return not cs.draft and cs.date <= self.as_of

    def published_case_studies(self) -> list[CaseStudyEntry]:
        """In index order: featured first, then newest, then title case-folded, then slug."""
        if self._published is None:
            found = [c for slug, c in self.case_studies.items() if self.is_published(slug)]
            self._published = sorted(found, key=lambda c: (not c.front.featured, -c.front.date.toordinal(),
                                                           c.front.title.casefold(), c.slug))
        return list(self._published)

    def unpublished_case_studies(self) -> list[CaseStudyEntry]:
        """Drafts and scheduled ones: previewed under `mkdocs serve` only."""
        return [c for slug, c in self.case_studies.items() if not self.is_published(slug)]

    def visible_quote(self, cs: CaseStudyEntry) -> Quote | None:
        q = cs.front.quote
        return q if q is not None and self.is_public(q.advocate) else None

    def public_advocates_of(self, cs: CaseStudyEntry) -> list[AdvocateEntry]:
        return [self.advocates[s] for s in cs.front.advocates if self.is_public(s)]

    def case_studies_of(self, slug: str) -> list[CaseStudyEntry]:
        """The published case studies that list this advocate, in index order."""
        if self._by_advocate is None:
            self._by_advocate = {}
            for c in self.published_case_studies():
                for s in dict.fromkeys(c.front.advocates):
                    self._by_advocate.setdefault(s, []).append(c)
        return list(self._by_advocate.get(slug, []))


def _consents(entry: AdvocateEntry, as_of: dt.date) -> bool:
    c = entry.record.consent
    return bool(c.public and c.given is not None and c.given <= as_of and (c.expires is None or c.expires > as_of))


_E = TypeVar("_E", AdvocateEntry, CaseStudyEntry)
_ENTRIES = KeptWith()  # the entry made for a record the last time


def _kept(entry: _E, record: Any) -> _E:
    slot = _ENTRIES.slot(record)
    if slot.get("entry") == entry:
        return slot["entry"]  # type: ignore[no-any-return]
    slot["entry"] = entry
    return entry


def load_program(root: Path, settings: Settings, as_of: dt.date, docs_dir: Path | None = None,
                 config_file: str = "mkdocs.yml", cache: ParseCache | None = None) -> tuple[Program, ProblemList]:
    """Read and check every record under `root` (the mkdocs.yml folder). Problems are collected, not raised."""
    problems = ProblemList()
    cache = RECORDS if cache is None else cache
    program = Program(settings, as_of, root)
    folders = {"advocates_dir": program.advocates_dir, "case_studies_dir": program.case_studies_dir}
    for option, folder in folders.items():
        value = getattr(settings, option)
        if docs_dir is not None and _inside(folder, docs_dir):
            problems.add(config_file, option_line(options_node(root / config_file), (option,)),
                         f"plugins.advocacy.{option}",
                         f"{value} lies inside docs_dir, so MkDocs would publish the raw records",
                         "move it next to mkdocs.yml, outside the docs folder")
        elif not folder.is_dir():
            problems.add(config_file, option_line(options_node(root / config_file), (option,)),
                         f"plugins.advocacy.{option}", f"folder {value} does not exist",
                         f"create it next to {config_file}, or set {option}")
    if problems.errors:
        return program, problems

    unreadable: set[str] = set()
    listed = data_files(program.advocates_dir, root, ".yml", problems, unreadable)
    cache.parse_ahead([(path, rel, stat) for _, rel, path, stat in listed], parse_advocate_located)
    for slug, rel, path, stat in listed:
        parsed = cache.parse(path, rel, problems, parse_advocate_located, stat)
        if parsed is None:
            unreadable.add(slug)
            continue
        record, located, found = parsed
        problems.extend(found)
        if record is not None and located is not None and not any(p.is_error for p in found):
            program.advocates[slug] = _kept(AdvocateEntry(slug, rel, record, located), record)
        else:
            program.advocates.setdefault(slug, None)  # type: ignore[arg-type]
            if located is not None and isinstance(located.data, dict):
                program.broken_files.append(("advocate", rel, located))
    listed = data_files(program.case_studies_dir, root, ".md", problems)
    cache.parse_ahead([(path, rel, stat) for _, rel, path, stat in listed], parse_case_study_located)
    for slug, rel, path, stat in listed:
        from_cache = cache.parse(path, rel, problems, parse_case_study_located, stat)
        if from_cache is None:
            continue
        case_file, front_located, found = from_cache
        problems.extend(found)
        if case_file is not None and not any(p.is_error for p in found):
            program.case_studies[slug] = _kept(CaseStudyEntry(slug, rel, case_file.front, case_file.body,
                                                              case_file.body_line, case_file.located),
                                               case_file.front)
        else:
            program.case_studies.setdefault(slug, None)  # type: ignore[arg-type]
            if front_located is not None and isinstance(front_located.data, dict):
                program.broken_files.append(("case study", rel, front_located))

    for slug in unreadable:
        program.advocates.setdefault(slug, None)  # type: ignore[arg-type]
    known_advocates = sorted(program.advocates)
    # Files with errors were kept as None so references to them do not cascade; now drop them.
    program.broken_advocates = {k for k, v in program.advocates.items() if v is None}
    program.broken_case_studies = {k for k, v in program.case_studies.items() if v is None}
    program.advocates = {k: v for k, v in sorted(program.advocates.items()) if v is not None}
    program.case_studies = {k: v for k, v in sorted(program.case_studies.items()) if v is not None}

    check_program(program, known_advocates, problems)
    return program, problems


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


__all__ = ["Program", "load_program", "Problem"]
