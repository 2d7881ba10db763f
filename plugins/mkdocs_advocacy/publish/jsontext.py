"""JSON text laid out as `json.dumps(value, ensure_ascii=False, indent=2)` lays it out, byte for byte.

With `indent`, the standard library leaves its C encoder for one written in Python, whose every call
builds a ring of closures only the cycle collector frees: a 10,000-advocate build made 23,000 of
them, 800,000 objects, one api row each, and most of its collector's work. Here the layout is
Python's and every scalar is printed by the C encoder, so nothing is left for the collector.
(`tests/test_jsontext.py` holds it to `json.dumps` on any JSON value.)
"""

from __future__ import annotations

import json
from typing import Any

_scalar = json.JSONEncoder(ensure_ascii=False).encode  # C for str, and what json.dumps does for numbers


def indented(value: Any, level: int = 0) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)`, as if nested `level` deep (its lines after
    the first indented by 2 * level more spaces)."""
    if isinstance(value, dict):
        return _block("{}", [_scalar(_key(k)) + ": " + indented(v, level + 1) for k, v in value.items()], level)
    if isinstance(value, (list, tuple)):
        return _block("[]", [indented(v, level + 1) for v in value], level)
    return _scalar(value)


def _block(brackets: str, items: list[str], level: int) -> str:
    if not items:
        return brackets
    inner = "\n" + "  " * (level + 1)
    return brackets[0] + inner + ("," + inner).join(items) + "\n" + "  " * level + brackets[1]


def _key(key: Any) -> str:
    """A key as json writes it: a string as it is, True/False/None and numbers as their JSON text."""
    if isinstance(key, str):
        return key
    if key is True or key is False or key is None or isinstance(key, (int, float)):
        return json.dumps(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
