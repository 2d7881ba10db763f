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
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem, field_path

try:  # the C loader is several times faster on large programs
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path = tuple[str | int, ...]
_STR = "tag:yaml.org,2002:str"

_TYPE_NAMES = {
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "empty",
    "tag:yaml.org,2002:timestamp": "a date",
}


@dataclass
class Located:
    """Plain Python data read from YAML, with the line of every value (1-based, in the file)."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    # Unquoted scalars that YAML turned into something other than text: path -> (raw text, what YAML made of it)
    plain: dict[Path, tuple[str, str]] = field(default_factory=dict)
    # The keys a message may name below a `private` key (see `shown_path`)
    private_fields: frozenset[str] = frozenset()

    def line_of(self, path: Path) -> int:
        """The line of `path`, or of its nearest enclosing value when it is absent (a missing field)."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def shown_path(path: Path | list[str | int], private_fields: Collection[str] = ()) -> str:
    """`field_path` for messages. Below a `private` key, only the known `private_fields` are named: any
    other key (a mangled line such as `jane@example.com: x`) may be the private value itself."""
    out: list[str | int] = []
    private = False
    for part in path:
        out.append("(unknown key)" if private and isinstance(part, str) and part not in private_fields else part)
        private = private or part == "private"
    return field_path(out)


class _Constructor(yaml.constructor.SafeConstructor):
    pass


def _problem(file: str, line: int, message: str, hint: str | None = None, fld: str = "") -> Problem:
    return Problem(file, line, fld, message, hint)


def read_yaml(text: str, file: str, line_offset: int = 0,
              private_fields: Collection[str] = ()) -> tuple[Located | None, list[Problem]]:
    """Parse one YAML document. `line_offset` is added to every line (front matter starts on line 2);
    `private_fields` are the keys that messages may name below a `private` key."""
    problems: list[Problem] = []
    if text.startswith("\ufeff"):
        text = text[1:]
    if any(c in text for c in "&*!"):  # without these characters there is no anchor, alias or tag
        problems = _forbidden_constructs(text, file, line_offset, private_fields)
        if problems:
            return None, problems
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as e:
        return None, [_yaml_error(e, file, line_offset)]
    located = Located(None, private_fields=frozenset(private_fields))
    if node is None:
        located.data = None
        return located, []
    located.data = _build(node, (), located, problems, file, line_offset, _Constructor())
    return located, problems


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
            if isinstance(ev, yaml.AliasEvent):
                problems.append(_problem(file, line, f"YAML aliases (*{ev.anchor}) are not allowed",
                                         "write the value out in full", fld))
                continue
            if ev.anchor:
                problems.append(_problem(file, line, f"YAML anchors (&{ev.anchor}) are not allowed",
                                         "write the value out in full", fld))
            tag = getattr(ev, "tag", None)
            if tag is not None:
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                problems.append(_problem(file, line, f"YAML tags ({shown}) are not allowed",
                                         "remove the tag; write plain values", fld))
    except yaml.YAMLError as e:
        return [_yaml_error(e, file, line_offset)]
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


def _yaml_error(e: yaml.YAMLError, file: str, line_offset: int) -> Problem:
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    line = (mark.line + 1 + line_offset) if mark is not None else 1 + line_offset
    what = getattr(e, "problem", None) or str(e).splitlines()[0]
    context = getattr(e, "context", None)
    message = f"malformed YAML: {what}" + (f" ({context})" if context else "")
    hint = None
    if "\\t" in what or "tab" in what:
        hint = "indent with spaces, not tabs"
    elif "mapping values are not allowed" in what:
        hint = "a value containing ': ' must be put in quotes"
    elif "expected a single document" in str(e):
        hint = "remove the extra '---' line"
    return Problem(file, line, "", message.replace("\t", "\\t"), hint)


_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_PLAIN_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_BOOL_VALUES = yaml.constructor.SafeConstructor.bool_values


def _scalar(node: yaml.ScalarNode, tag: str, ctor: _Constructor) -> Any:
    """What SafeConstructor makes of a scalar, with fast paths for the common tags (a large
    program has hundreds of thousands of scalars; the constructor's generic path dominates)."""
    value = node.value
    if tag == _STR:
        return value
    if tag == _TIMESTAMP and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return dt.date(int(value[:4]), int(value[5:7]), int(value[8:]))  # ValueError as the constructor's
    if tag == _INT and _PLAIN_INT.fullmatch(value):
        return int(value)
    if tag == _BOOL:
        return _BOOL_VALUES[value.lower()]
    if tag == _NULL:
        return None
    if tag not in ctor.yaml_constructors:  # `=` resolves to YAML 1.1's `value` tag, which nothing constructs
        return value
    return ctor.yaml_constructors[tag](ctor, node)


def _build(node: yaml.Node, path: Path, loc: Located, problems: list[Problem], file: str,
           offset: int, ctor: _Constructor) -> Any:
    line = node.start_mark.line + 1 + offset
    lines = loc.lines
    if path not in lines:
        lines[path] = line
    if type(node) is yaml.ScalarNode:
        tag = node.tag
        try:
            value = _scalar(node, tag, ctor)
        except (ValueError, yaml.YAMLError, OverflowError) as e:
            where = shown_path(path, loc.private_fields)
            if "private" in path:  # neither the value nor the reader's words about it (`year 0 is out of range`)
                what = "is not a valid date" if tag == _TIMESTAMP else "cannot be read"
                problems.append(Problem(file, line, where, f"{what} (value hidden: private)"))
            elif tag == _TIMESTAMP:
                problems.append(Problem(file, line, where, f"{node.value} is not a valid date ({e})"))
            else:
                problems.append(Problem(file, line, where, f"cannot read {node.value}: {e}"))
            return _INVALID
        # a date with a time of day stays as given, so the schema can reject it with a clear message
        if tag != _STR and not node.style:  # the C composer gives plain scalars style ""
            loc.plain[path] = (str(node.value), _TYPE_NAMES.get(tag, "something else"))
        return value
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + offset
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(file, key_line, shown_path(path, loc.private_fields),
                                        "a key must be plain text"))
                continue
            key = str(key_node.value)
            if key in key_lines:
                problems.append(Problem(file, key_line, shown_path(path + (key,), loc.private_fields),
                                        f"duplicate key (first set on line {key_lines[key]})",
                                        "keep only one of them"))
                continue
            key_lines[key] = key_line
            child = path + (key,)
            lines[child] = key_line
            out[key] = _build(value_node, child, loc, problems, file, offset, ctor)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), loc, problems, file, offset, ctor) for i, item in enumerate(node.value)]
    return ctor.construct_object(node, deep=True)


class _Invalid:
    """A value already reported as unreadable: the schema must not report it a second time."""

    def __repr__(self) -> str:
        return "<invalid>"


_INVALID = _Invalid()


def is_invalid(value: Any) -> bool:
    return value is _INVALID

