"""The loaded program: every advocate and case study, and the consent and publication rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .cache import RECORDS, ParseCache
from .images import image_problems
from .load import (
    AdvocateEntry,
    CaseStudyEntry,
    data_files,
    did_you_mean,
    parse_advocate_located,
    parse_case_study_located,
)
from .problems import Problem, ProblemList
from .records import Quote
from .settings import Settings, option_line, options_node
from .slugs import slugify
from .yamlsource import Located
from .yamlsource import Path as Path_

WITHDRAW_HINT = ("if this person withdrew consent, restore their file and set consent.public: false "
                 "(or an expires date) instead of deleting it")


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

    @property
    def advocates_dir(self) -> Path:
        return self.root / self.settings.advocates_dir

    @property
    def case_studies_dir(self) -> Path:
        return self.root / self.settings.case_studies_dir

    # consent
    def is_public(self, slug: str) -> bool:
        entry = self.advocates.get(slug)
        if entry is None:
            return False
        c = entry.record.consent
        return (c.public and c.given is not None and c.given <= self.as_of
                and (c.expires is None or c.expires > self.as_of))

    def public_advocates(self) -> list[AdvocateEntry]:
        return [a for slug, a in self.advocates.items() if self.is_public(slug)]

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
    for slug, rel, path, stat in data_files(program.advocates_dir, root, ".yml", problems, unreadable):
        parsed = cache.parse(path, rel, problems, parse_advocate_located, stat)
        if parsed is None:
            unreadable.add(slug)
            continue
        record, located, found = parsed
        problems.extend(found)
        if record is not None and located is not None and not any(p.is_error for p in found):
            program.advocates[slug] = AdvocateEntry(slug, rel, record, located)
        else:
            program.advocates.setdefault(slug, None)  # type: ignore[arg-type]
            if located is not None and isinstance(located.data, dict):
                program.broken_files.append(("advocate", rel, located))
    for slug, rel, path, stat in data_files(program.case_studies_dir, root, ".md", problems):
        from_cache = cache.parse(path, rel, problems, parse_case_study_located, stat)
        if from_cache is None:
            continue
        case_file, front_located, found = from_cache
        problems.extend(found)
        if case_file is not None and not any(p.is_error for p in found):
            program.case_studies[slug] = CaseStudyEntry(slug, rel, case_file.front, case_file.body,
                                                        case_file.body_line, case_file.located)
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


def check_program(program: Program, known_advocates: list[str], problems: ProblemList) -> None:
    """The rules that need more than one file, the configuration, or `as_of`.

    The rules on single fields (allowed values, images, references) read the values as written, so
    that they run on every file, also on one that failed the schema for another field: all the
    errors of a file are reported in one round."""
    s, as_of = program.settings, program.as_of
    known = set(known_advocates)
    already = {(p.file, p.field) for p in problems if p.is_error}
    # Lines are looked up only for what is reported: a record's positions are read on first use.
    names: dict[str, dict[str, tuple[str, str, Located, Path_]]] = {"industry": {}, "use case": {}}

    def note_name(kind: str, name: str, file: str, loc: Located, path: Path_, fld: str) -> None:
        first = names[kind].setdefault(slugify(name), (name, file, loc, path))
        if first[0] != name:
            problems.add(file, loc.line_of(path), fld,
                         f"{kind} {name!r} has the same URL as {first[0]!r} ({first[1]}:{first[2].line_of(first[3])})",
                         f"spell it {first[0]!r} everywhere")

    def text(file: str, loc: Located, fld: str) -> str | None:
        """The field as written, when it is text and the schema found nothing wrong with it."""
        value = loc.data.get(fld)
        return value if isinstance(value, str) and (file, fld) not in already else None

    def check_choice(file: str, loc: Located, fld: str, allowed: list[str], option: str) -> None:
        value = text(file, loc, fld)
        if value is not None and allowed and value not in allowed:
            problems.add(file, loc.line_of((fld,)), fld, f"{value!r} is not one of {', '.join(allowed)}",
                         did_you_mean(value, allowed) or f"or add it to {option} in mkdocs.yml")

    def field_rules(kind: str, file: str, loc: Located) -> None:
        check_choice(file, loc, "company_size", s.company_sizes, "company_sizes")
        check_choice(file, loc, "industry", s.industries, "industries")
        if (industry := text(file, loc, "industry")) is not None:
            note_name("industry", industry, file, loc, ("industry",), "industry")
        image, folder = ("photo", program.advocates_dir) if kind == "advocate" else ("logo", program.case_studies_dir)
        if (path := text(file, loc, image)) is not None and _valid_image_path(path):
            _check_image(folder, path, file, loc, image, problems)
        if kind == "advocate":
            return
        use_cases = loc.data.get("use_cases")
        for i, use_case in enumerate(use_cases if isinstance(use_cases, list) else []):
            if isinstance(use_case, str) and use_case.strip():
                note_name("use case", use_case, file, loc, ("use_cases", i), f"use_cases[{i}]")
        listed = loc.data.get("advocates")
        for i, adv in enumerate(listed if isinstance(listed, list) else []):
            if not isinstance(adv, str) or (file, f"advocates[{i}]") in already:
                continue
            if adv not in known:
                hint = did_you_mean(adv, known_advocates)
                problems.add(file, loc.line_of(("advocates", i)), f"advocates[{i}]", f"unknown advocate {adv!r}",
                             f"{hint} {WITHDRAW_HINT[0].upper()}{WITHDRAW_HINT[1:]}" if hint else WITHDRAW_HINT)
            elif adv in program.advocates and not program.is_public(adv):
                problems.add(file, loc.line_of(("advocates", i)), f"advocates[{i}]",
                             f"{adv} is not public: their card is left out", level="info")
        quote = loc.data.get("quote")
        quoted = quote.get("advocate") if isinstance(quote, dict) else None
        if isinstance(quoted, str) and quoted in program.advocates and not program.is_public(quoted):
            consent = program.advocates[quoted].record.consent
            if not consent.public:
                problems.add(file, loc.line_of(("quote", "advocate")), "quote.advocate",
                             f"{quoted} has not agreed to be named publicly (consent.public is false)",
                             "a name in print needs consent: remove the quote or quote someone else")
            else:
                problems.add(file, loc.line_of(("quote", "advocate")), "quote.advocate",
                             f"{quoted}'s consent is not in force on {as_of.isoformat()}: the quote is left out",
                             level="info")

    for slug, a in program.advocates.items():
        r, loc, f = a.record, a.located, a.file
        field_rules("advocate", f, loc)
        c = r.consent
        if c.public and c.expires is not None and c.expires <= as_of:
            problems.add(f, loc.line_of(("consent", "expires")), "consent.expires",
                         f"consent expired on {c.expires.isoformat()}: {slug} is no longer published",
                         level="info")
        elif c.public and c.given is not None and c.given > as_of:
            problems.add(f, loc.line_of(("consent", "given")), "consent.given",
                         f"consent starts on {c.given.isoformat()}: not published before then", level="info")
        for kind in ("reviews", "testimonials"):
            for i, item in enumerate(getattr(r, kind)):
                if item.date > as_of:
                    problems.add(f, loc.line_of((kind, i, "date")), f"{kind}[{i}].date",
                                 f"{item.date.isoformat()} is after {as_of.isoformat()}: left out until then",
                                 "a likely typo in the year", level="warning")
        for i, act in enumerate(r.activities):
            if act.date > as_of:
                problems.add(f, loc.line_of(("activities", i, "date")), f"activities[{i}].date",
                             f"scheduled for {act.date.isoformat()}: counted from then on", level="info")
        if r.spotlight and r.spotlight.date > as_of:
            problems.add(f, loc.line_of(("spotlight", "date")), "spotlight.date",
                         f"scheduled for {r.spotlight.date.isoformat()}: published from then on", level="info")

    for cs in program.case_studies.values():
        field_rules("case study", cs.file, cs.located)
        fm = cs.front
        if not fm.draft and fm.date > as_of:
            problems.add(cs.file, cs.located.line_of(("date",)), "date",
                         f"scheduled for {fm.date.isoformat()}: published from then on", level="info")

    for kind, file, loc in program.broken_files:
        field_rules(kind, file, loc)


def _valid_image_path(value: str) -> bool:
    """Whether the path passes the schema's own rules (else the schema reported it)."""
    from .records import _check_image_name, _check_relative_path

    try:
        _check_image_name(_check_relative_path(value))
        return True
    except ValueError:
        return False


def _check_image(folder: Path, rel: str, file: str, loc: Located, fld: str, problems: ProblemList) -> None:
    path = folder / rel
    found: list[tuple[str, str | None]]
    try:
        path.resolve().relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a link that loops (RuntimeError before Python 3.13)
        found = [(f"{folder.name}/{rel} is a symbolic link that loops", "point it at the image file")]
    except ValueError:
        found = [(f"{rel!r} leaves the {folder.name}/ folder", None)]
    else:
        if not path.exists() and not path.is_symlink():
            found = [(f"file {folder.name}/{rel} does not exist", "check the spelling, or add the file")]
        else:
            found = [(f"{folder.name}/{rel} {why}", None) for why in image_problems(path)]
    for message, hint in found:
        problems.add(file, loc.line_of((fld,)), fld, message, hint)


__all__ = ["Program", "load_program", "Problem"]
