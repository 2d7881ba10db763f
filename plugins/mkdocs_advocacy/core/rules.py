"""The rules that need more than one file, the configuration, or `as_of`: a list of named rules,
each run on every file (Pelican's "use all() to not short circuit").

Rules read the values as written (`Located.data`), so they run on a file that failed the schema
for another field too: all the errors of a file come in one round. A value the schema already
found wrong is left to the schema's message.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache import KeptWith
from .images import Kind, image_problems
from .images import prepare as prepare_images
from .images import seen as image_seen
from .load import did_you_mean
from .problems import ProblemList
from .records import Advocate, CaseStudy, _check_image_name, _check_relative_path
from .slugs import slugify
from .yamlsource import Located
from .yamlsource import Path as FieldPath

WITHDRAW_HINT = ("if this person withdrew consent, restore their file and set consent.public: false "
                 "(or an expires date) instead of deleting it")


@dataclass(frozen=True)
class File:
    """One record or case study as the rules see it: the values as written, and the model when
    the schema accepted the file."""

    kind: str  # "advocate" | "case study"
    slug: str
    file: str
    located: Located
    model: Advocate | CaseStudy | None = None


@dataclass
class Context:
    program: Any  # program.Program (not imported: program.py imports this module)
    known_advocates: list[str]
    problems: ProblemList
    already: set[tuple[str, str]]  # (file, field) the schema reported
    # slug -> (spelling, file, located, field path), per kind of name: one spelling per URL
    names: dict[str, dict[str, tuple[str, str, Located, FieldPath]]] = field(
        default_factory=lambda: {"industry": {}, "use case": {}, "product": {}})
    known: frozenset[str] = frozenset()  # known_advocates, for lookups (set once: it is read per file)

    def __post_init__(self) -> None:
        self.known = frozenset(self.known_advocates)

    def text(self, f: File, fld: str) -> str | None:
        """The field as written, when it is text and the schema found nothing wrong with it."""
        value = f.located.data.get(fld)
        return value if isinstance(value, str) and (f.file, fld) not in self.already else None

    def add(self, f: File, path: FieldPath, fld: str, message: str, hint: str | None = None,
            level: str = "error") -> None:
        self.problems.add(f.file, f.located.line_of(path), fld, message, hint, level)  # type: ignore[arg-type]


def allowed_values(ctx: Context, f: File) -> None:
    """company_size and industry from the configured lists (when the lists are closed)."""
    s = ctx.program.settings
    for fld, allowed, option in (("company_size", s.company_sizes, "company_sizes"),
                                 ("industry", s.industries, "industries")):
        value = ctx.text(f, fld)
        if value is not None and allowed and value not in allowed:
            ctx.add(f, (fld,), fld, f"{value!r} is not one of {', '.join(allowed)}",
                    did_you_mean(value, allowed) or f"or add it to {option} in mkdocs.yml")


def one_spelling_per_url(ctx: Context, f: File) -> None:
    """Two spellings of an industry or use case with one slug would share one page."""
    if f.model is None:
        found = _names(ctx, f)
    else:  # the names a file gives are kept with it: the rule itself spans files
        slot = _NAMES.slot(f.located)
        if (kept := slot.get((f.kind, f.file))) is None:
            kept = slot[(f.kind, f.file)] = _names(ctx, f)
        found = kept
    for kind, name, path, fld in found:
        first = ctx.names[kind].setdefault(slugify(name), (name, f.file, f.located, path))
        if first[0] != name:
            ctx.add(f, path, fld, f"{kind} {name!r} has the same URL as {first[0]!r} "
                    f"({first[1]}:{first[2].line_of(first[3])})", f"spell it {first[0]!r} everywhere")


_NAMES = KeptWith()


def _names(ctx: Context, f: File) -> list[tuple[str, str, FieldPath, str]]:
    """(kind, name, path, field) of every industry, use case and product a file names."""
    found: list[tuple[str, str, FieldPath, str]] = []
    if (industry := ctx.text(f, "industry")) is not None:
        found.append(("industry", industry, ("industry",), "industry"))
    use_cases = f.located.data.get("use_cases") if f.kind == "case study" else None
    for i, use_case in enumerate(use_cases if isinstance(use_cases, list) else []):
        if isinstance(use_case, str) and use_case.strip():
            found.append(("use case", use_case, ("use_cases", i), f"use_cases[{i}]"))
    reviews = f.located.data.get("reviews") if f.kind == "advocate" else None
    for i, review in enumerate(reviews if isinstance(reviews, list) else []):  # a page per product
        product = review.get("product") if isinstance(review, dict) else None
        if isinstance(product, str) and product.strip():
            found.append(("product", product, ("reviews", i, "product"), f"reviews[{i}].product"))
    return found


def images_publishable(ctx: Context, f: File) -> None:
    """A photo or logo exists inside its folder and can be published (core/images.py)."""
    found = _image_of(ctx, f)
    if found is None:
        return
    fld, folder, rel, path = found
    try:
        findings = _image_findings(folder, rel, fld, path)
    except OSError as e:  # a name too long for the file system, a folder that cannot be listed
        findings = [(f"{folder.name}/{rel[:60]} cannot be read ({e.strerror or type(e).__name__})", None)]
    for message, hint in findings:
        ctx.add(f, (fld,), fld, message, hint)


def images_to_check(ctx: Context, files: list[File]) -> list[tuple[Path, Kind]]:
    """Every photo and logo that images_publishable will decode for the first time in this
    process: inside its folder, there."""
    out: list[tuple[Path, Kind]] = []
    for f in files:
        found = _image_of(ctx, f)
        if found is None or image_seen(found[3], found[0]):
            continue
        fld, folder, rel, path = found
        try:
            if _path_findings(folder, rel, path) is None:
                out.append((path, fld))
        except OSError:
            continue  # said by images_publishable
    return out


def _image_of(ctx: Context, f: File) -> tuple[Kind, Path, str, Path] | None:
    """The file's image field, its folder, the path as written and the path; None without one
    (or with one the schema already refused)."""
    fld: Kind
    fld, folder = ("photo", ctx.program.advocates_dir) if f.kind == "advocate" else \
        ("logo", ctx.program.case_studies_dir)
    rel = ctx.text(f, fld)
    if rel is None:
        return None
    try:
        _check_image_name(_check_relative_path(rel))
    except ValueError:
        return None  # the schema said what is wrong with the path
    return fld, Path(folder), rel, Path(folder) / rel


def _image_findings(folder: Path, rel: str, kind: Kind, path: Path) -> list[tuple[str, str | None]]:
    findings = _path_findings(folder, rel, path)
    if findings is not None:
        return findings
    return [(f"{folder.name}/{rel} {why}", None) for why in image_problems(path, kind)]


def _path_findings(folder: Path, rel: str, path: Path) -> list[tuple[str, str | None]] | None:
    """What is wrong with where the image is (a loop, outside its folder, missing); None when it
    is a file inside its folder. OSError when that cannot be told."""
    if _plainly_inside(folder, rel):
        return None
    try:
        path.resolve().relative_to(folder.resolve())
    except RuntimeError:  # a link that loops, before Python 3.13
        return [(f"{folder.name}/{rel} is a symbolic link that loops", "point it at the image file")]
    except OSError as e:
        if e.errno != errno.ELOOP:
            raise  # said by images_publishable: cannot be read (why)
        return [(f"{folder.name}/{rel} is a symbolic link that loops", "point it at the image file")]
    except ValueError:
        return [(f"{rel!r} leaves the {folder.name}/ folder", None)]
    if not path.exists() and not path.is_symlink():
        return [(f"file {folder.name}/{rel} does not exist", "check the spelling, or add the file")]
    return None


def _plainly_inside(folder: Path, rel: str) -> bool:
    """Whether every step of `rel` below `folder` is there and none is a symbolic link (`..` the
    schema refused): then the file is inside the folder, told by a stat per step instead of
    resolving the folder's whole path twice for each of ten thousand photos on every rebuild."""
    at = str(folder)
    for part in rel.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            return False
        at = os.path.join(at, part)
        try:
            st = os.lstat(at)
        except (OSError, ValueError):  # missing, unreadable, a NUL in the name: said below
            return False
        if stat.S_ISLNK(st.st_mode):
            return False
    return True


def references_known(ctx: Context, f: File) -> None:
    """A case study names advocates that have a file; a non-public one's card is left out."""
    listed = f.located.data.get("advocates") if f.kind == "case study" else None
    program, known = ctx.program, ctx.known
    for i, adv in enumerate(listed if isinstance(listed, list) else []):
        if not isinstance(adv, str) or (f.file, f"advocates[{i}]") in ctx.already:
            continue
        if adv not in known:
            hint = did_you_mean(adv, ctx.known_advocates)
            ctx.add(f, ("advocates", i), f"advocates[{i}]", f"unknown advocate {adv!r}",
                    f"{hint} {WITHDRAW_HINT[0].upper()}{WITHDRAW_HINT[1:]}" if hint else WITHDRAW_HINT)
        elif adv in program.advocates and not program.is_public(adv):
            ctx.add(f, ("advocates", i), f"advocates[{i}]", f"{adv} is not public: their card is left out",
                    level="info")


def quotes_have_consent(ctx: Context, f: File) -> None:
    """A name in print needs consent; consent that lapsed only drops the quote."""
    quote = f.located.data.get("quote") if f.kind == "case study" else None
    quoted = quote.get("advocate") if isinstance(quote, dict) else None
    program = ctx.program
    if not (isinstance(quoted, str) and quoted in program.advocates and not program.is_public(quoted)):
        return
    if not program.advocates[quoted].record.consent.public:
        ctx.add(f, ("quote", "advocate"), "quote.advocate",
                f"{quoted} has not agreed to be named publicly (consent.public is false)",
                "a name in print needs consent: remove the quote or quote someone else")
    else:
        ctx.add(f, ("quote", "advocate"), "quote.advocate",
                f"{quoted}'s consent is not in force on {program.as_of.isoformat()}: the quote is left out", level="info")


def consent_in_force(ctx: Context, f: File) -> None:
    """Expired or not yet begun consent hides the person, with a notice: time never fails a build."""
    if not isinstance(f.model, Advocate):
        return
    c, as_of = f.model.consent, ctx.program.as_of
    if c.public and c.expires is not None and c.expires <= as_of:
        ctx.add(f, ("consent", "expires"), "consent.expires",
                f"consent expired on {c.expires.isoformat()}: {f.slug} is no longer published", level="info")
    elif c.public and c.given is not None and c.given > as_of:
        ctx.add(f, ("consent", "given"), "consent.given",
                f"consent starts on {c.given.isoformat()}: not published before then", level="info")


def dated_after_as_of(ctx: Context, f: File) -> None:
    """A future review or testimonial is a likely typo (a warning); a future activity, spotlight or
    case study is scheduled (a notice)."""
    as_of, m = ctx.program.as_of, f.model
    if isinstance(m, Advocate):
        for kind in ("reviews", "testimonials"):
            for i, item in enumerate(getattr(m, kind)):
                if item.date > as_of:
                    ctx.add(f, (kind, i, "date"), f"{kind}[{i}].date",
                            f"{item.date.isoformat()} is after {as_of.isoformat()}: left out until then",
                            "a likely typo in the year", level="warning")
        for i, act in enumerate(m.activities):
            if act.date > as_of:
                ctx.add(f, ("activities", i, "date"), f"activities[{i}].date",
                        f"scheduled for {act.date.isoformat()}: counted from then on", level="info")
        if m.spotlight and m.spotlight.date > as_of:
            ctx.add(f, ("spotlight", "date"), "spotlight.date",
                    f"scheduled for {m.spotlight.date.isoformat()}: published from then on", level="info")
    elif isinstance(m, CaseStudy) and not m.draft and m.date > as_of:
        ctx.add(f, ("date",), "date", f"scheduled for {m.date.isoformat()}: published from then on", level="info")


def one_currency(ctx: Context, f: File) -> None:
    """Deal values are in the program's currency: amounts in two currencies are never added."""
    want = ctx.program.settings.program.currency
    if not isinstance(f.model, Advocate):
        return
    for i, a in enumerate(f.model.activities):
        if a.private is not None and a.private.currency is not None and a.private.currency != want:
            ctx.add(f, ("activities", i, "private", "currency"), f"activities[{i}].private.currency",
                    f"is not the program's currency {want} (value hidden: private)",
                    f"write the amount in {want}: amounts in two currencies are never added")


RULES: list[tuple[str, Callable[[Context, File], None]]] = [
    ("allowed values", allowed_values),
    ("one spelling per URL", one_spelling_per_url),
    ("images can be published", images_publishable),
    ("case studies name known advocates", references_known),
    ("quotes have consent", quotes_have_consent),
    ("consent in force", consent_in_force),
    ("dated after as_of", dated_after_as_of),
    ("one currency", one_currency),
]
# The rules that read one file and the settings only: what they find in a file is kept with its
# parsed values while the file and those settings are unchanged (`advocacy serve` checks again on
# every rebuild, and most files have not changed).
OWN_FILE_RULES = {allowed_values, consent_in_force, dated_after_as_of, one_currency}
_FOUND = KeptWith()


def check_program(program: Any, known_advocates: list[str], problems: ProblemList) -> None:
    """Every rule on every file: the valid ones, then what could be read of the broken ones."""
    ctx = Context(program, known_advocates, problems, {(p.file, p.field) for p in problems if p.is_error})
    files = [File("advocate", slug, a.file, a.located, a.record) for slug, a in program.advocates.items()]
    files += [File("case study", slug, c.file, c.located, c.front) for slug, c in program.case_studies.items()]
    files += [File(kind, Path(file).stem, file, located) for kind, file, located in program.broken_files]
    s = program.settings
    settings = (program.as_of, tuple(s.company_sizes), tuple(s.industries), s.program.currency)
    own = [rule for _, rule in RULES if rule in OWN_FILE_RULES]
    for f in files:
        if f.model is None:  # a broken file: what the schema found decides what the rules say
            for rule in own:
                rule(ctx, f)
            continue
        slot = _FOUND.slot(f.located)
        key = (f.kind, f.slug, f.file, settings)
        found = slot.get(key)
        if found is None:
            ctx.problems = ProblemList()
            try:
                for rule in own:
                    rule(ctx, f)
            finally:
                found, ctx.problems = ctx.problems, problems
            slot[key] = found
        problems.extend(found)
    prepare_images(images_to_check(ctx, files))  # decoded on two threads, then found kept by the rule
    for _name, spanning in RULES:
        if spanning not in OWN_FILE_RULES:
            for f in files:
                spanning(ctx, f)
