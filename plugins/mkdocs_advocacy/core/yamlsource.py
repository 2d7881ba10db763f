"""Read YAML the strict way, keeping the line of every value.

PyYAML's `safe_load` keeps the last of duplicate keys, accepts anchors and aliases, gives values
no positions and raises a bare `ValueError` without a line for `2026-02-30`. So we read parser
events (for tags, anchors and aliases), compose nodes (for positions), and build plain Python
values ourselves from the nodes, collecting every problem on the way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from typing import Any

import yaml

from .problems import UNKNOWN_KEY, Problem, field_path

try:  # the C loader is several times faster on large programs
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path = tuple[str | int, ...]
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

# Characters that cannot be published: XML 1.0 forbids most C0 controls outright, feed readers and
# HTML parsers choke on the rest of C0 and C1, and lone surrogates cannot be encoded at all.
# (A plain search for bad characters, not a sanitizer: what it finds is an error, never rewritten.)
# The explicit direction controls (embeddings, overrides, isolates) are refused too: a name or a
# quote that holds one displays its characters in another order than they are written, so a
# reviewer of the pull request reads one thing and the site shows another ("Trojan Source").
# Right-to-left text needs none of them: browsers order Arabic and Hebrew by themselves.
DIRECTION = "\u202a-\u202e\u2066-\u2069"
CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff{DIRECTION}]")
_DIRECTION = re.compile(f"[{DIRECTION}]")
CONTROL_HINT = "delete it: invisible characters often come in with text pasted from a PDF or a spreadsheet"
# Records are a few levels deep; anything far deeper is a mistake or an attack, and composing a
# document nested some 100,000 levels deep crashes the C composer (it recurses on the C stack).
MAX_DEPTH = 32

_TYPE_NAMES = {
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "empty",
    "tag:yaml.org,2002:timestamp": "a date",
}


class Located:
    """Plain Python data read from YAML, with the line of every value (1-based, in the file).

    The lines (and which unquoted scalars YAML typed) matter only when a problem is reported, which
    is rare: for a file read without problems they are worked out from its text on first use, so
    that a large program does not hold a position table for every value of every record."""

    def __init__(self, data: Any, lines: dict[Path, int] | None = None,
                 plain: dict[Path, tuple[str, str]] | None = None, private_fields: Collection[str] = (),
                 source: tuple[str, str, int] | None = None) -> None:
        self.data = data
        # The keys a message may name below a `private` key (see `shown_path`)
        self.private_fields = frozenset(private_fields)
        self._lines = lines if lines is not None or source is not None else {}
        self._plain = plain if plain is not None or source is not None else {}
        self._source = source  # (text, file, line offset) to read the positions from when asked

    @property
    def lines(self) -> dict[Path, int]:
        if self._lines is None:
            self._read_positions()
        assert self._lines is not None
        return self._lines

    @property
    def plain(self) -> dict[Path, tuple[str, str]]:
        """Unquoted scalars that YAML turned into something other than text: path -> (raw text, what YAML made of it)."""
        if self._plain is None:
            self._read_positions()
        assert self._plain is not None
        return self._plain

    def _read_positions(self) -> None:
        assert self._source is not None
        text, file, offset = self._source
        node = yaml.compose(text, Loader=_FastLoader)
        assert node is not None  # it was read once already
        located = _located(node, file, offset, self.private_fields, [])
        self._lines, self._plain, self._source = located.lines, located.plain, None

    def line_of(self, path: Path) -> int:
        """The line of `path`, or of its nearest enclosing value when it is absent (a missing field)."""
        path = tuple(path)
        lines = self.lines
        while path:
            if path in lines:
                return lines[path]
            path = path[:-1]
        return lines.get((), 1)


def shown_path(path: Path | list[str | int], private_fields: Collection[str] = ()) -> str:
    """`field_path` for messages. Below a `private` key, only the known `private_fields` are named: any
    other key (a mangled line such as `jane@example.com: x`) may be the private value itself."""
    out: list[str | int] = []
    private = False
    for part in path:
        out.append(UNKNOWN_KEY if private and isinstance(part, str) and part not in private_fields else part)
        private = private or part == "private"
    return field_path(out)


class _Constructor(yaml.constructor.SafeConstructor):
    pass


# What SafeLoader's resolver decides for an unquoted scalar, by its text. The rules are PyYAML's
# YAML 1.1 rules as they are at import: rules other code may add to the shared loader classes later
# are left out on purpose, so that a record does not read differently with another plugin installed.
# Keys, field names and enumerated values repeat across thousands of records and are remembered;
# free text is not (it would only fill the memo).
_IMPLICIT = {first: tuple(rules) for first, rules in _Loader.yaml_implicit_resolvers.items()}
_RESOLVED: dict[str, str] = {}
_RESOLVED_MAX = 20_000
_RESOLVED_LONGEST = 40


class _FastLoader(_Loader):  # type: ignore[misc,valid-type]
    """The C loader with SafeLoader's implicit typing, computed the same way with less Python per node.

    libyaml's composer calls back into Python's resolver for every node, and that generic resolver is
    a third of the time of composing a record. Ours gives the same tags for the same input (a test
    compares the two on many scalars) because it reads the same rule table (as it was at import);
    it drops only what SafeLoader never uses: path resolvers."""

    # libyaml's composer calls these two around every node; SafeLoader's do nothing when there are
    # no path resolvers. Builtins are the cheapest callables that take the same arguments and keep
    # nothing: half a million Python calls fewer for a large program.
    descend_resolver = {}.get  # type: ignore[assignment,var-annotated]  # (parent node, index) -> index
    ascend_resolver = tuple  # type: ignore[assignment]  # () -> ()

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR
            tag = _RESOLVED.get(value)
            if tag is None:
                tag = _STR
                for rule_tag, regexp in _IMPLICIT.get(value[:1], ()):
                    if regexp.match(value):
                        tag = rule_tag
                        break
                if len(value) <= _RESOLVED_LONGEST and len(_RESOLVED) < _RESOLVED_MAX:
                    _RESOLVED[value] = tag
            return tag
        return _SEQ if kind is yaml.SequenceNode else _MAP


# The fast resolver relies on these: SafeLoader has no path resolvers and no rules for every first letter.
assert not _Loader.yaml_path_resolvers and None not in _Loader.yaml_implicit_resolvers


def control_message(value: str) -> str | None:
    """Why text holding a control character cannot be published; None when it holds none."""
    m = CONTROL.search(value)
    if m is None:
        return None
    if _DIRECTION.fullmatch(m.group()):
        return (f"contains a text direction control (U+{ord(m.group()):04X}), which shows the text in another "
                "order than it is written")
    return f"contains a control character (U+{ord(m.group()):04X}), which cannot be published"


def raw_control_problems(text: str, file: str, line_offset: int = 0, limit: int = 10) -> list[Problem]:
    """A problem for each line (up to `limit`) that holds a control character as it is written."""
    out: list[Problem] = []
    seen: set[int] = set()
    for m in CONTROL.finditer(text):
        line = text.count("\n", 0, m.start()) + 1 + line_offset
        if line not in seen:
            seen.add(line)
            out.append(Problem(file, line, "", control_message(m.group()) or "", CONTROL_HINT))
            if len(out) >= limit:
                break
    return out


def _line_count(text: str) -> int:
    return max(1, text.count("\n") + (0 if text.endswith("\n") else 1))


def _nesting_bound(text: str) -> int:
    """An upper bound of the nesting depth, from the text alone: each level is an indentation step,
    a flow bracket, or a `-`/`?` indicator on a line."""
    indent = indicators = 0
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        indent = max(indent, len(line) - len(stripped))
        indicators = max(indicators, stripped.count("-") + stripped.count("?"))
    return indent + indicators + text.count("[") + text.count("{") + 1


def _too_deep(text: str, file: str, line_offset: int) -> Problem | None:
    """A problem at the first value nested deeper than MAX_DEPTH (read from parser events, which
    libyaml produces without recursion); None when the document is shallow enough."""
    if _nesting_bound(text) <= MAX_DEPTH:
        return None
    depth = 0
    try:
        for ev in yaml.parse(text, Loader=_Loader):
            if isinstance(ev, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line = (ev.start_mark.line if ev.start_mark else 0) + 1 + line_offset
                    return Problem(file, line, "", f"values are nested more than {MAX_DEPTH} levels deep",
                                   "records need only a few levels: check the indentation and brackets")
            elif isinstance(ev, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # the composer reports the syntax error, at its line
    return None


def _problem(file: str, line: int, message: str, hint: str | None = None, fld: str = "") -> Problem:
    return Problem(file, line, fld, message, hint)


def read_yaml(text: str, file: str, line_offset: int = 0,
              private_fields: Collection[str] = ()) -> tuple[Located | None, list[Problem]]:
    """Parse one YAML document. `line_offset` is added to every line (front matter starts on line 2);
    `private_fields` are the keys that messages may name below a `private` key."""
    problems: list[Problem] = []
    if text.startswith("\ufeff"):
        text = text[1:]
    raw = raw_control_problems(text, file, line_offset)
    if raw:
        return None, raw
    deep = _too_deep(text, file, line_offset)
    if deep is not None:
        return None, [deep]
    if any(c in text for c in "&*!"):  # without these characters there is no anchor, alias or tag
        problems = _forbidden_constructs(text, file, line_offset, private_fields)
        if problems:
            return None, problems
    try:
        node = yaml.compose(text, Loader=_FastLoader)
    except yaml.YAMLError as e:
        return None, [_yaml_error(e, file, line_offset, text)]
    if node is None:
        return Located(None, private_fields=private_fields), []
    # Text can hold a control character only if the file does, or spells one with a backslash escape.
    if "\\" not in text and not CONTROL.search(text):
        try:
            return Located(_data(node), private_fields=private_fields, source=(text, file, line_offset)), []
        except _Unusual:
            pass  # read it again, slowly, to say what and where
    located = _located(node, file, line_offset, private_fields, problems)
    return located, problems


def _located(node: yaml.Node, file: str, offset: int, private_fields: Collection[str],
             problems: list[Problem]) -> Located:
    located = Located(None, lines={}, plain={}, private_fields=private_fields)
    located.data = _build(node, (), located, problems, file, offset, _Constructor())
    return located


def _forbidden_constructs(text: str, file: str, line_offset: int,
                          private_fields: Collection[str]) -> list[Problem]:
    """Tags, anchors and aliases, each at its field; or the syntax error that stops the parser."""
    problems: list[Problem] = []
    try:
        paths = _EventPaths()
        for ev in yaml.parse(text, Loader=_Loader):
            line = (ev.start_mark.line if ev.start_mark else 0) + 1 + line_offset
            if not isinstance(ev, yaml.NodeEvent):
                paths.end(ev)
                continue
            path = paths.enter(ev)
            if not (isinstance(ev, yaml.AliasEvent) or ev.anchor or getattr(ev, "tag", None) is not None):
                continue
            fld = shown_path(path, private_fields)
            # Below `private`, an anchor or tag name is the marketer's text too: it is not repeated.
            hidden = "private" in path
            if isinstance(ev, yaml.AliasEvent):
                name = "*…" if hidden else f"*{ev.anchor}"
                problems.append(_problem(file, line, f"YAML aliases ({name}) are not allowed",
                                         "write the value out in full", fld))
                continue
            if ev.anchor:
                name = "&…" if hidden else f"&{ev.anchor}"
                problems.append(_problem(file, line, f"YAML anchors ({name}) are not allowed",
                                         "write the value out in full", fld))
            tag = getattr(ev, "tag", None)
            if tag is not None:
                shown = "!…" if hidden else tag.replace("tag:yaml.org,2002:", "!!")
                problems.append(_problem(file, line, f"YAML tags ({shown}) are not allowed",
                                         "remove the tag; write plain values", fld))
    except yaml.YAMLError as e:
        return [_yaml_error(e, file, line_offset, text)]
    return problems


class _EventPaths:
    """The field path of each parser event, so tags, anchors and aliases are reported at their field."""

    def __init__(self) -> None:
        # one frame per open collection: [path, is_mapping, next is a key, current key or index]
        self.stack: list[list[Any]] = []

    def enter(self, ev: yaml.NodeEvent) -> Path:
        path: Path = ()
        if self.stack:
            frame = self.stack[-1]
            base, is_mapping = frame[0], frame[1]
            if is_mapping:
                if frame[2]:  # a key: reported at its mapping; a plain-text key names the value's field
                    frame[3] = ev.value if isinstance(ev, yaml.ScalarEvent) else "?"
                    path = base
                else:
                    path = (*base, frame[3])
                frame[2] = not frame[2]
            else:
                frame[3] += 1
                path = (*base, frame[3])
        if isinstance(ev, yaml.MappingStartEvent):
            self.stack.append([path, True, True, None])
        elif isinstance(ev, yaml.SequenceStartEvent):
            self.stack.append([path, False, False, -1])
        return path

    def end(self, ev: yaml.Event) -> None:
        if isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)) and self.stack:
            self.stack.pop()


def _yaml_error(e: yaml.YAMLError, file: str, line_offset: int, text: str) -> Problem:
    if isinstance(e, yaml.reader.ReaderError):  # a character YAML refuses; it has a position, not a mark
        line = text.count("\n", 0, e.position) + 1 + line_offset
        bad = text[e.position] if e.position < len(text) else ""
        message = control_message(bad) or "contains a character that YAML does not allow"
        return Problem(file, line, "", message, CONTROL_HINT)
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    # An error at the end of the file is marked on the line after the last one
    last = _line_count(text) + line_offset
    line = min(mark.line + 1 + line_offset, last) if mark is not None else 1 + line_offset
    what = getattr(e, "problem", None) or str(e).splitlines()[0]
    context = getattr(e, "context", None)
    hint = None
    if "\\t" in what or "tab" in what:
        hint = "indent with spaces, not tabs"
    elif "mapping values are not allowed" in what:
        hint = "a value containing ': ' must be put in quotes"
    elif "expected a single document" in str(e):
        hint = "remove the extra '---' line"
    # The reader's words may quote what was written (a tag handle, a value): it could be private.
    message = _QUOTED.sub("'…'", f"malformed YAML: {what}" + (f" ({context})" if context else ""))
    return Problem(file, line, "", message.replace("\t", "\\t"), hint)


_QUOTED = re.compile(r"'(?!<)[^']{3,}'")  # in the YAML reader's messages, not in any output
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_FLOAT = "tag:yaml.org,2002:float"
_PLAIN_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_PLAIN_FLOAT = re.compile(r"-?[0-9]+\.[0-9]+")
_BOOL_VALUES = yaml.constructor.SafeConstructor.bool_values


def _scalar(node: yaml.ScalarNode, tag: str, ctor: _Constructor) -> Any:
    """What SafeConstructor makes of a scalar, with fast paths for the common tags (a large
    program has hundreds of thousands of scalars; the constructor's generic path dominates)."""
    value = node.value
    if tag == _STR:
        return value
    if tag == _TIMESTAMP and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return dt.date(int(value[:4]), int(value[5:7]), int(value[8:]))  # ValueError as the constructor's
    if tag == _INT:
        if _PLAIN_INT.fullmatch(value):
            return int(value)
        raise NotPlainNumber(value)
    if tag == _FLOAT:
        if _PLAIN_FLOAT.fullmatch(value):
            return float(value)
        raise NotPlainNumber(value)
    if tag == _BOOL:
        return _BOOL_VALUES[value.lower()]
    if tag == _NULL:
        return None
    if tag not in ctor.yaml_constructors:  # `=` resolves to YAML 1.1's `value` tag, which nothing constructs
        return value
    return ctor.yaml_constructors[tag](ctor, node)


class NotPlainNumber(ValueError):
    """YAML 1.1 reads `0x5`, `1_0`, `0o17`, `1:30`, `+5`, `.inf` and `1.5e3` as numbers: a marketer
    meant none of them as one, so only plain decimals are numbers."""


class _Unusual(Exception):
    """Raised by `_data` at anything `_build` reports: a duplicate key, a key that is not text, an
    unreadable value."""


_SCALARS = _Constructor()  # its scalar constructors keep no state


def _data(node: yaml.Node) -> Any:
    """What `_build` gives for a file without problems, without positions."""
    kind = type(node)
    if kind is yaml.ScalarNode:
        return _data_scalar(node)  # type: ignore[arg-type]
    if kind is yaml.MappingNode:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode:
                raise _Unusual
            key = str(key_node.value)
            if key in out:
                raise _Unusual
            if type(value_node) is yaml.ScalarNode:
                out[key] = value_node.value if value_node.tag == _STR else _data_scalar(value_node)
            else:
                out[key] = _data(value_node)
        return out
    if kind is yaml.SequenceNode:
        return [item.value if (type(item) is yaml.ScalarNode and item.tag == _STR) else _data(item)
                for item in node.value]
    raise _Unusual


def _data_scalar(node: yaml.ScalarNode) -> Any:
    try:
        return _scalar(node, node.tag, _SCALARS)
    except (ValueError, yaml.YAMLError, OverflowError):
        raise _Unusual from None


def _build(node: yaml.Node, path: Path, loc: Located, problems: list[Problem], file: str,
           offset: int, ctor: _Constructor) -> Any:
    lines = loc.lines
    if path not in lines:
        lines[path] = node.start_mark.line + 1 + offset
    kind = type(node)
    if kind is yaml.ScalarNode:
        return _build_scalar(node, path, loc, problems, file, ctor)  # type: ignore[arg-type]
    # Plain text is most of a record: its children are taken inline rather than by a call each.
    if kind is yaml.MappingNode:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + offset
            if type(key_node) is not yaml.ScalarNode:
                problems.append(Problem(file, key_line, shown_path(path, loc.private_fields),
                                        "a key must be plain text"))
                continue
            key = str(key_node.value)
            child = path + (key,)
            if key in out:
                problems.append(Problem(file, key_line, shown_path(child, loc.private_fields),
                                        f"duplicate key (first set on line {lines[child]})",
                                        "keep only one of them"))
                continue
            lines[child] = key_line
            _check_text(key, child, loc, problems, file)
            out[key] = _build(value_node, child, loc, problems, file, offset, ctor)
        return out
    if kind is yaml.SequenceNode:
        return [_build(item, path + (i,), loc, problems, file, offset, ctor) for i, item in enumerate(node.value)]
    return ctor.construct_object(node, deep=True)


def _build_scalar(node: yaml.ScalarNode, path: Path, loc: Located, problems: list[Problem], file: str,
                  ctor: _Constructor) -> Any:
    tag = node.tag
    if tag == _STR:
        _check_text(node.value, path, loc, problems, file)
        return node.value
    try:
        value = _scalar(node, tag, ctor)
    except (ValueError, yaml.YAMLError, OverflowError) as e:
        line = loc.lines[path]
        where = shown_path(path, loc.private_fields)
        if "private" in path:  # neither the value nor the reader's words about it (`year 0 is out of range`)
            what = ("is not a valid date" if tag == _TIMESTAMP else
                    "must be a plain decimal number" if isinstance(e, NotPlainNumber) else "cannot be read")
            problems.append(Problem(file, line, where, f"{what} (value hidden: private)"))
        elif isinstance(e, NotPlainNumber):
            problems.append(Problem(file, line, where, f"{node.value} is not a plain decimal number",
                                    "write it with digits only (e.g. 5 or 4.5), or in quotes if it is text"))
        elif tag == _TIMESTAMP:
            problems.append(Problem(file, line, where, f"{node.value} is not a valid date ({e})"))
        else:
            problems.append(Problem(file, line, where, f"cannot read {node.value}: {e}"))
        return _INVALID
    # a date with a time of day stays as given, so the schema can reject it with a clear message
    if tag != _STR and not node.style:  # the C composer gives plain scalars style ""
        loc.plain[path] = (str(node.value), _TYPE_NAMES.get(tag, "something else"))
    return value


def _check_text(value: str, path: Path, loc: Located, problems: list[Problem], file: str) -> None:
    message = control_message(value)
    if message is not None:
        problems.append(Problem(file, loc.lines[path], shown_path(path, loc.private_fields), message, CONTROL_HINT))


class _Invalid:
    """A value already reported as unreadable: the schema must not report it a second time."""

    def __repr__(self) -> str:
        return "<invalid>"


_INVALID = _Invalid()


def is_invalid(value: Any) -> bool:
    return value is _INVALID

