"""The strict YAML reader reads exactly what PyYAML's SafeLoader reads, only faster and with lines.

The reader has its own resolver (which scalar is a number, a date, a boolean) for speed; these tests
hold it to the C SafeLoader's answers on the scalars YAML 1.1 treats specially and on generated text.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs_advocacy.core.yamlsource import _FastLoader, is_invalid, read_yaml

TRICKY = [
    "", "~", "null", "Null", "NULL", "nULL", "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off",
    "Off", "y", "n", "true", "True", "TRUE", "false", "False", "tRUE", "0", "-0", "+1", "007", "0o17", "017",
    "0x1F", "0b101", "1_000", "1,000", "12:30", "190:20:30", "1e3", "1.0e+3", "-1.5", ".5", "5.", ".inf",
    "-.Inf", "+.INF", ".nan", ".NaN", "2026-01-01", "2026-1-1", "2026-01-01T10:00:00Z",
    "2026-01-01 10:00:00.5 -5", "<<", "=", "!", "&", "*", "- x", "Norway", "North America", "1001-5000",
    "5000+", "4.5", "10", "https://example.com", "@handle", "#1",
]


def _tags(text: str, loader: type) -> list[str]:
    def walk(node: yaml.Node) -> list[str]:
        if isinstance(node, yaml.ScalarNode):
            return [node.tag]
        if isinstance(node, yaml.SequenceNode):
            return [node.tag] + [t for item in node.value for t in walk(item)]
        return [node.tag] + [t for k, v in node.value for t in walk(k) + walk(v)]

    return walk(yaml.compose(text, Loader=loader))


def _document(value: str) -> str:
    return (f"plain: {value}\nlist:\n  - {value}\n  - '{value}'\n"
            f"quoted: \"{value}\"\n{value or 'x'}: key\nnested: {{a: [{value}]}}\n")


@pytest.mark.parametrize("value", TRICKY)
def test_resolver_tags_every_special_scalar_as_safe_loader_does(value):
    try:
        expected = _tags(_document(value), yaml.CSafeLoader)
    except yaml.YAMLError:  # not a valid document: not one for the fast loader either
        with pytest.raises(yaml.YAMLError):
            _tags(_document(value), _FastLoader)
        return
    assert _tags(_document(value), _FastLoader) == expected
    assert _tags(_document(value), _FastLoader) == expected  # again, now from the reader's memo


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from(
    list("0123456789.-+:_eEoxXb~yYnNtTfF ")), max_size=20))
@settings(max_examples=400, deadline=None)
def test_resolver_agrees_with_safe_loader_on_generated_scalars(value):
    text = f"k: {value}\n"
    try:
        expected = _tags(text, yaml.CSafeLoader)
    except yaml.YAMLError:
        return
    assert _tags(text, _FastLoader) == expected


@given(st.text(alphabet=st.sampled_from(list("0123456789.-+:_eE~oxbTtFfNnYy ")), max_size=12))
@settings(max_examples=400, deadline=None)
def test_values_are_what_safe_load_makes_of_them(value):
    """The reader's shortcuts for numbers, dates and booleans give SafeLoader's values."""
    text = f"k: {value}\nl: [{value}]\n"
    try:
        expected = yaml.load(text, Loader=yaml.CSafeLoader)
    except (yaml.YAMLError, ValueError, OverflowError):
        return
    located, problems = read_yaml(text, "x.yml")
    number = isinstance(expected["k"], (int, float)) and not isinstance(expected["k"], bool)
    if number and not re.fullmatch(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?", value.strip()):
        # 0x5, 1_0, 010 (octal 8), .inf: YAML 1.1 numbers that no marketer means as one
        assert [(p.line, p.field) for p in problems] == [(1, "k"), (2, "l[0]")]
        assert all("is not a plain decimal number" in p.message for p in problems)
        return
    assert problems == []
    assert _typed(located.data) == _typed(expected)  # 1, 1.0 and True are equal, but not the same value


def _typed(value):
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return type(value).__name__, value


def test_values_and_lines_match_safe_load():
    text = ("name: Jane\nsince: 2024-03-01\nscore: 10\nok: true\nnothing:\nratio: 0.5\n"
            "items:\n  - one\n  - 2\n  - {a: b}\nmap:\n  inner: 'quoted'\n")
    located, problems = read_yaml(text, "x.yml")
    assert problems == []
    assert located.data == yaml.safe_load(text)
    assert located.data["since"] == dt.date(2024, 3, 1)
    assert located.lines[("name",)] == 1
    assert located.lines[("items", 0)] == 8
    assert located.lines[("items", 2, "a")] == 10
    assert located.lines[("map", "inner")] == 12
    # unquoted scalars that became something other than text, for the "quote it" hint
    assert located.plain[("score",)] == ("10", "a number")
    assert ("map", "inner") not in located.plain


def test_an_impossible_date_is_reported_at_its_line():
    located, problems = read_yaml("a: 1\nwhen: 2026-02-30\n", "x.yml")
    assert is_invalid(located.data["when"])
    assert [(p.line, p.field) for p in problems] == [(2, "when")]


@pytest.mark.parametrize("folder", ["advocates", "case_studies"])
def test_positions_read_later_are_where_the_fields_are(folder):
    """A file read without problems gets its lines on first use: every top-level field's line is the
    line it starts on in the file, and every list item's line is the line of its dash."""
    from pathlib import Path

    for path in sorted((Path(__file__).parent.parent / folder).glob("*.*")):
        text = path.read_text(encoding="utf-8")
        offset = 0
        if folder == "case_studies":
            text, offset = text.split("---\n")[1], 1
        located, problems = read_yaml(text, path.name, line_offset=offset)
        assert problems == []
        file_lines = text.splitlines()
        for key, value in located.data.items():
            line = located.lines[(key,)]
            assert file_lines[line - 1 - offset].startswith(f"{key}:"), (path.name, key, line)
            if isinstance(value, list):
                for i in range(len(value)):
                    item_line = file_lines[located.lines[(key, i)] - 1 - offset].strip()
                    assert item_line.startswith("- ") or key in item_line, (path.name, key, i)
        assert located.plain == {} or all(raw for raw, _ in located.plain.values())
