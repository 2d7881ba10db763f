"""Read advocate records and case studies, and turn every problem into a `Problem`.

`parse_advocate` and `parse_case_study` judge one file on its own; `load_program` reads the two
folders, then checks what needs the whole program (references, images, the configuration).
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .problems import Problem, ProblemList
from .records import (
    SLUG_RE,
    ActivityPrivate,
    Advocate,
    AdvocatePrivate,
    CaseStudy,
    NpsAnswer,
    ReferenceAvailability,
    ReferenceRequest,
    ThankedMilestone,
)
from .yamlsource import Located, is_invalid, raw_control_problems, read_yaml, shown_path

MAX_BYTES = 1 << 20
# The only keys a message may name below a `private` key; any other may be the private value itself.
PRIVATE_FIELDS = frozenset().union(*(m.model_fields for m in (
    AdvocatePrivate, ActivityPrivate, NpsAnswer, ReferenceAvailability, ReferenceRequest, ThankedMilestone)))
_FRONT_MATTER_END = re.compile(r"^(---|\.\.\.)[ \t]*$")


@dataclass(frozen=True)
class CaseStudyFile:
    front: CaseStudy
    body: str
    body_line: int  # the line the Markdown body starts on
    located: Located


def did_you_mean(word: str, candidates: list[str] | tuple[str, ...]) -> str | None:
    folded = {c.casefold(): c for c in reversed(candidates)}  # `G2` means `g2`: compare case-folded
    close = difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=0.6)
    return f"did you mean {folded[close[0]]!r}?" if close else None


# ---------------------------------------------------------------- one file


def parse_advocate(text: str, rel_path: str) -> tuple[Advocate | None, list[Problem]]:
    """An advocate record from the text of its file, with every problem found in it."""
    record, _, problems = parse_advocate_located(text, rel_path)
    return record, problems


def parse_advocate_located(text: str, rel_path: str) -> tuple[Advocate | None, Located | None, list[Problem]]:
    """As `parse_advocate`, with the line of every value."""
    located, problems = read_yaml(text, rel_path, private_fields=PRIVATE_FIELDS)
    if located is None:
        return None, None, problems
    record, more = _validate(Advocate, located, rel_path, "an advocate record")
    return record, located, problems + more


def parse_case_study(text: str, rel_path: str) -> tuple[CaseStudyFile | None, list[Problem]]:
    """A case study (front matter and Markdown body) from the text of its file."""
    case_file, _, problems = parse_case_study_located(text, rel_path)
    return case_file, problems


def parse_case_study_located(text: str, rel_path: str) -> tuple[CaseStudyFile | None, Located | None, list[Problem]]:
    """As `parse_case_study`, with the front matter's values and lines even when it has errors."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None, None, [Problem(rel_path, 1, "", "a case study must start with front matter between two '---' "
                                    "lines", "put '---' on the first line, the fields, then '---' again")]
    end = next((i for i in range(1, len(lines)) if _FRONT_MATTER_END.match(lines[i].rstrip("\r\n"))), None)
    if end is None:
        return None, None, [Problem(rel_path, 1, "", "the front matter is never closed",
                                    "add a line with '---' after it")]
    located, problems = read_yaml("".join(lines[1:end]), rel_path, line_offset=1,
                                  private_fields=PRIVATE_FIELDS)
    body = "".join(lines[end + 1:])
    problems += raw_control_problems(body, rel_path, end + 1)
    if located is None:
        return None, None, problems
    front, more = _validate(CaseStudy, located, rel_path, "front matter")
    problems += more
    if front is None:
        return None, located, problems
    return CaseStudyFile(front, body, end + 2, located), located, problems


def _validate(model: type[BaseModel], located: Located, file: str, what: str) -> tuple[Any, list[Problem]]:
    if not isinstance(located.data, dict):
        return None, [Problem(file, located.line_of(()), "", f"{what} must be a set of 'field: value' lines")]
    try:
        return model.model_validate(located.data), []
    except ValidationError as e:
        problems = [p for err in e.errors() if (p := _translate(err, located, model, file)) is not None]
        return None, problems


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):  # quoted and escaped: a line break in a value stays on the message's line
        return f"the text {json.dumps(value[:60], ensure_ascii=False)}"
    if isinstance(value, dt.datetime):
        return f"the date and time {value.isoformat(sep=' ')}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return repr(value)


_EXPECTED = {
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "bool_type": "must be true or false",
    "date_type": "must be a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "must be a date without a time (YYYY-MM-DD)",
    "date_from_datetime_parsing": "must be a date (YYYY-MM-DD)",
    "list_type": "must be a list",
    "model_type": "must be a set of fields",
    "dict_type": "must be a set of fields",
    "model_attributes_type": "must be a set of fields",
}


def _translate(err: Any, located: Located, model: type[BaseModel], file: str) -> Problem | None:
    kind, loc, value = err["type"], tuple(err["loc"]), err.get("input")
    if is_invalid(value):
        return None  # already reported by the YAML reader
    problem = _explain(kind, loc, value, err, located, model, file)
    # an unknown key's did-you-mean names only a known field: it may stay
    return redact(problem, keep_hint=kind == "extra_forbidden") if "private" in loc else problem


def redact(problem: Problem, keep_hint: bool = False) -> Problem:
    """Private values never reach a log line: keep what is wrong, drop what was written."""
    message = re.sub(r",? got .*$", "", problem.message)
    return Problem(problem.file, problem.line, problem.field, message + " (value hidden: private)",
                   problem.hint if keep_hint else None, problem.level)


def _explain(kind: str, loc: tuple[Any, ...], value: Any, err: Any, located: Located,
             model: type[BaseModel], file: str) -> Problem:
    line = located.line_of(loc)
    where = shown_path(loc, located.private_fields)
    hint = None
    if kind == "missing":
        return Problem(file, line, where, "is required")
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        fields = list(parent.model_fields) if parent else []
        return Problem(file, line, where, "unknown field", did_you_mean(str(loc[-1]), fields)
                       or (f"known fields: {', '.join(fields)}" if fields else None))
    if kind == "advocacy":  # our own rules (records.py): the message, its hint, the field inside the item
        ctx = err.get("ctx") or {}
        loc = (*loc, *ctx.get("at", ()))
        return Problem(file, located.line_of(loc), shown_path(loc, located.private_fields),
                       ctx.get("message", err["msg"]), ctx.get("hint"))
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        options = re.findall(r"'([^']*)'|(\d+)", expected)
        names = [a or b for a, b in options]
        return Problem(file, line, where, f"must be one of {', '.join(names)}; got {_describe(value)}",
                       did_you_mean(str(value), names) if isinstance(value, str) else None)
    if kind in _EXPECTED:
        message = f"{_EXPECTED[kind]}, got {_describe(value)}"
        if value is None:
            message = "must not be empty" if kind == "string_type" else f"{_EXPECTED[kind]}, but it is empty"
        plain = located.plain.get(loc)
        if plain and kind == "string_type" and value is not None:
            raw, made = plain
            message = f"{_EXPECTED[kind]}, got {raw}, which YAML reads as {made}"
            hint = f'quote it: "{raw}"'
        elif isinstance(value, str) and kind in ("float_type", "int_type", "bool_type"):
            hint = "remove the quotes"
        elif isinstance(value, str) and kind == "date_type":
            hint = "write the date without quotes, as YYYY-MM-DD"
        return Problem(file, line, where, message, hint)
    return Problem(file, line, where, str(err["msg"]) if "private" not in loc else "is not valid")


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    cls: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int) or cls is None:
            continue
        info = cls.model_fields.get(str(part))
        cls = _inner_model(info.annotation) if info else None
    return cls


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) is not None or get_args(annotation):
        for arg in get_args(annotation):
            if (found := _inner_model(arg)) is not None:
                return found
    return None


# ---------------------------------------------------------------- the folders


@dataclass(frozen=True)
class AdvocateEntry:
    slug: str
    file: str  # relative to the mkdocs.yml folder
    record: Advocate
    located: Located


@dataclass(frozen=True)
class CaseStudyEntry:
    slug: str
    file: str
    front: CaseStudy
    body: str
    body_line: int
    located: Located


def data_files(folder: Path, root: Path, suffix: str, problems: ProblemList,
               unreadable: set[str] | None = None) -> list[tuple[str, str, str, os.stat_result]]:
    """(slug, relative path, path, stat) of every data file in `folder`, sorted; bad names and sizes
    are problems. One `stat` a file: `mkdocs serve` lists the folders again on every rebuild.

    The slugs of files that are there but cannot be read go into `unreadable`, so that references
    to them are not reported a second time as unknown."""
    out = []
    unreadable = set() if unreadable is None else unreadable
    wrong = {".yml": (".yaml",), ".md": (".markdown",)}[suffix]
    base = _rel(folder, root)
    with os.scandir(folder) as listing:
        entries = sorted((e for e in listing if not e.name.startswith(".")), key=lambda e: e.name)
    for entry in entries:
        try:
            is_dir, is_file = entry.is_dir(), entry.is_file()
        except OSError as e:  # a link that loops, a name the file system refuses
            problems.add(f"{base}/{entry.name}", 1, "", f"cannot be read ({e.strerror or type(e).__name__})",
                         "replace the link with the file itself")
            unreadable.add(entry.name.rpartition(".")[0])
            continue
        if is_dir:
            # photos/ and logos/ live in subfolders; a record there would be silently skipped
            _records_in_subfolder(Path(entry.path), root, (suffix, *wrong), problems)
            continue
        stem, dot, extension = entry.name.rpartition(".")
        if not dot or not is_file:
            continue
        rel = f"{base}/{entry.name}"
        ext = "." + extension
        if ext.lower() in wrong or (ext.lower() == suffix and ext != suffix):
            problems.add(rel, 1, "", f"data files must end in {suffix}" + (", in lower case" if ext.lower() == suffix else ""),
                         f"rename it to {stem}{suffix}")
            unreadable.add(stem)
            continue
        if ext != suffix:
            continue
        if not SLUG_RE.match(stem):
            problems.add(rel, 1, "slug", f"file name {stem!r} is not a valid slug",
                         "use lower-case letters, digits and single hyphens, e.g. jane-doe" + suffix)
            continue
        stat = entry.stat()
        if stat.st_size > MAX_BYTES:
            problems.add(rel, 1, "", f"file is {stat.st_size:,} bytes; the limit is 1 MiB", "split or shorten it")
            unreadable.add(stem)
            continue
        out.append((stem, rel, entry.path, stat))  # a str: ten thousand Paths cost more than the listing
    return out


def _records_in_subfolder(folder: Path, root: Path, suffixes: tuple[str, ...], problems: ProblemList) -> None:
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and name.lower().endswith(suffixes):
                rel = _rel(Path(dirpath) / name, root)
                problems.add(rel, 1, "", "records must sit directly in their folder, not in a subfolder",
                             f"move it to {_rel(folder.parent, root)}/{name}")


def read_text(path: Path | str, rel: str, problems: ProblemList) -> str | None:
    """The file as text (a UTF-8 byte-order mark is dropped), or None with a problem."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        problems.add(rel, 1, "", f"cannot be read ({e.strerror or type(e).__name__})")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        problems.add(rel, line, "", f"file is not UTF-8 text ({e.reason} at byte {e.start})", "save it as UTF-8")
        return None


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
