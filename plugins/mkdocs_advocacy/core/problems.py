"""The one shape every problem takes: `path:line: field: message (hint)`."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning", "info"]


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong (or worth knowing) about one place in one file."""

    file: str
    line: int
    field: str
    message: str
    hint: str | None = None
    level: Level = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:" if self.line else f"{self.file}:"
        text = f"{where} {self.field}: {self.message}" if self.field else f"{where} {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    @property
    def is_error(self) -> bool:
        return self.level == "error"


class ProblemList(list[Problem]):
    """Problems of one run, collected rather than raised so that all of them are reported together."""

    def add(self, file: str, line: int, field: str, message: str, hint: str | None = None,
            level: Level = "error") -> None:
        self.append(Problem(file, line, field, message, hint, level))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self if p.level == "warning"]


UNKNOWN_KEY = "(unknown key)"  # a key below `private` that may be the private value itself
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]+")


def field_path(loc: tuple[str | int, ...] | list[str | int]) -> str:
    """`("reviews", 2, "rating")` -> `reviews[2].rating`; a key that is not a plain word (a space,
    a line break, a dot) is quoted, so the message still reads `path:line: field: message`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        name = str(part)
        if name != UNKNOWN_KEY and not _PLAIN_KEY.fullmatch(name):
            name = json.dumps(name[:40], ensure_ascii=False)
        out += f".{name}" if out else name
    return out


def sort_key(p: Problem) -> tuple[str, int, str, str]:
    return (p.file, p.line, p.field, p.message)
