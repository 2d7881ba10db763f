"""Mangled records never crash the loader: every input either loads or says what is wrong, where.

Hypothesis takes a valid advocate record and a valid case study and breaks them the ways people and
editors do (characters deleted, doubled or inserted, lines swapped, values replaced by odd scalars,
tabs), then feeds them to `parse_advocate` / `parse_case_study`.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs_advocacy.core.load import parse_advocate, parse_case_study

SECRET = "Zq7SecretMarker"

ADVOCATE = f"""\
name: Jane Doe
title: VP of Sales
company: Northwind Health
industry: Healthcare
company_size: 1001-5000
region: North America
photo: photos/jane-doe.jpg
linkedin: https://www.linkedin.com/in/janedoe
customer_since: 2023-04-01
previous_companies:
  - {{company: Contoso, title: Director of Sales, until: 2023-03-31}}
consent:
  public: true
  given: 2025-01-10
  expires: 2027-01-10
private:
  email: {SECRET}@northwind.example
  nps: 10
  feature_adoption: 0.82
  health_score: 91
  positive_social_mentions: 3
  responded_to_last_request: true
  notes: "{SECRET}: prefers email"
testimonials:
  - quote: Cut our forecast variance in half.
    date: 2025-06-01
    featured: true
    incentive: null
reviews:
  - platform: g2
    rating: 5
    scale: 5
    date: 2025-05-20
    title: Our forecasts finally mean something
    body: Plain text.
    url: https://www.g2.com/reviews/1
activities:
  - type: referral
    date: 2025-07-14
    converted: true
    private: {{deal_value: 120000, notes: {SECRET}}}
spotlight:
  date: 2025-11-01
  headline: How Jane rebuilt forecasting at Northwind
  story: |
    Markdown, *rendered*.
awards:
  - {{name: Champion of the Year, year: 2025}}
"""

CASE_STUDY = """\
---
title: How Northwind Health cut forecast variance in half
customer: Northwind Health
summary: One or two sentences for cards and meta description
date: 2025-09-12
industry: Healthcare
company_size: 1001-5000
use_cases: [Forecasting, Pipeline reviews]
products: [Forecast]
advocates: [jane-doe]
logo: logos/northwind.svg
results:
  - {value: "50%", label: lower forecast variance}
quote: {text: "Cut it in half.", advocate: jane-doe}
featured: false
draft: false
---
## Challenge

The body.
"""

ODD_SCALARS = ["", "~", "null", "NO", "yes", "off", "1e400", "-1", "0x1F", "0o17", "1_000", ".inf", "-.nan",
               "2026-02-30", "2026-13-01", "2025-01-01 10:00:00", "12:30:00", "[", "]", "{", "}", "[1, 2]",
               "{a: 1}", "*alias", "&anchor x", "!!python/object:os.system", "!!binary aGk=", "!custom x",
               "'unterminated", '"bad \\q escape"', "- item", "? key", "|", ">-", "%YAML 1.2", "---", "...",
               "@at", "`tick", "javascript:alert(1)", "x" * 1200, "é\u200b\ufeff", "\x00", "\x85", "#comment",
               "a: b: c", "true", "5", '"5"', "10.0", "-0"]
CHARS = list(" \t\n:-#&*!|>'\"{}[],?%@`\\\r\ufeff\x00\x07\u2028") + ["a", "7", "é"]


@st.composite
def mangled(draw: st.DrawFn, text: str) -> str:
    """`text` after 1 to 6 random edits."""
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["delete", "duplicate", "insert", "swap", "replace", "tab"]))
        lines = text.split("\n")
        if op == "delete" and text:
            i = draw(st.integers(0, len(text) - 1))
            n = draw(st.integers(1, 8))
            text = text[:i] + text[i + n:]
        elif op == "duplicate" and text:
            i = draw(st.integers(0, len(text) - 1))
            n = draw(st.integers(1, 40))
            text = text[:i] + text[i:i + n] + text[i:]
        elif op == "insert":
            i = draw(st.integers(0, len(text)))
            text = text[:i] + draw(st.sampled_from(CHARS)) + text[i:]
        elif op == "swap" and len(lines) > 1:
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif op == "replace":
            candidates = [k for k, line in enumerate(lines) if ":" in line]
            if candidates:
                k = draw(st.sampled_from(candidates))
                key = lines[k].split(":", 1)[0]
                value = draw(st.sampled_from(ODD_SCALARS) | st.text(max_size=30))
                lines[k] = f"{key}: {value}"
                text = "\n".join(lines)
        elif op == "tab":
            k = draw(st.integers(0, len(lines) - 1))
            lines[k] = "\t" + lines[k]
            text = "\n".join(lines)
    return text


def _assert_well_formed(record: object, problems: list, rel_path: str) -> None:
    assert record is not None or problems, "a file that does not load must say why"
    for p in problems:
        assert p.file == rel_path
        assert p.line >= 0
        assert p.message.strip(), p
        assert p.level in ("error", "warning", "info")
        line = str(p)
        assert line.startswith(rel_path + ":")
        if "private" in p.field.split(".") or ".private." in f".{p.field}.":
            assert SECRET not in line, line


FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_the_unmangled_files_load() -> None:
    record, problems = parse_advocate(ADVOCATE, "advocates/jane-doe.yml")
    assert record is not None and problems == []
    parsed, problems = parse_case_study(CASE_STUDY, "case_studies/northwind.md")
    assert parsed is not None and problems == []


@FUZZ
@given(mangled(ADVOCATE))
def test_parse_advocate_never_raises(text: str) -> None:
    record, problems = parse_advocate(text, "advocates/jane-doe.yml")
    _assert_well_formed(record, problems, "advocates/jane-doe.yml")


@FUZZ
@given(mangled(CASE_STUDY))
def test_parse_case_study_never_raises(text: str) -> None:
    parsed, problems = parse_case_study(text, "case_studies/northwind.md")
    _assert_well_formed(parsed, problems, "case_studies/northwind.md")


@FUZZ
@given(st.text(max_size=300))
def test_any_text_at_all(text: str) -> None:
    record, problems = parse_advocate(text, "advocates/x.yml")
    _assert_well_formed(record, problems, "advocates/x.yml")
    parsed, problems = parse_case_study("---\n" + text + "\n---\n", "case_studies/x.md")
    _assert_well_formed(parsed, problems, "case_studies/x.md")
