"""Bad input in, exact problem lines out (SPEC.md sections 3, 4, 7 and 8).

Each case writes a small valid site into `tmp_path`, makes one bad edit, runs the same check the
plugin and `advocacy validate` run, and compares every problem line, level included: the file
(relative to mkdocs.yml), the line, the field path, the message and the hint.
"""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from mkdocs_advocacy.core.check import check_site
from mkdocs_advocacy.core.problems import sort_key
from mkdocs_advocacy.core.settings import settings_from

AS_OF = dt.date(2026, 1, 31)
ADVOCATE = "advocates/jane-doe.yml"
CASE_STUDY = "case_studies/northwind.md"
INDEX = "content/index.md"

MKDOCS_YML = """\
site_name: Test Customers
docs_dir: content
plugins:
  - search
  - advocacy:
      as_of: 2026-01-31
"""

# Line numbers matter: the expected lines below point into these files.
JANE = """\
name: Jane Doe
title: VP of Sales
company: Northwind Health
industry: Healthcare
company_size: 1001-5000
region: North America
linkedin: https://www.linkedin.com/in/janedoe
customer_since: 2023-04-01
consent:
  public: true
  given: 2025-01-10
private:
  email: jane@northwind.example
  nps: 10
  feature_adoption: 0.82
testimonials:
  - quote: Cut our forecast variance in half.
    date: 2025-06-01
reviews:
  - platform: g2
    rating: 5
    date: 2025-05-20
  - platform: capterra
    rating: 4
    date: 2025-06-20
    body: Plain text.
activities:
  - type: reference_call
    date: 2025-07-14
  - type: referral
    date: 2025-12-01
    converted: true
spotlight:
  date: 2025-11-01
  headline: How Jane rebuilt forecasting
  story: |
    Jane rebuilt *forecasting* at Northwind.
awards:
  - {name: Champion of the Year, year: 2025}
"""

NORTHWIND = """\
---
title: How Northwind Health cut forecast variance in half
customer: Northwind Health
summary: One or two sentences for cards.
date: 2025-09-12
industry: Healthcare
use_cases: [Forecasting]
advocates: [jane-doe]
quote: {text: "Cut our forecast variance in half.", advocate: jane-doe}
results:
  - {value: "50%", label: lower forecast variance}
---
The body, in *Markdown*.
"""

INDEX_MD = """\
# Our customers

<!-- advocacy: testimonials industry="Healthcare" limit=3 -->
"""

BOB_NOT_PUBLIC = """\
name: Bob Roe
company: Acme Clinics
industry: Healthcare
consent:
  public: false
"""

BIG = JANE + "# " + "x" * (1 << 20) + "\n"
SVG_OK = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'


def make_site(root: Path) -> Path:
    """A small site that checks clean: one advocate, one case study, one page with an embed."""
    files = {"mkdocs.yml": MKDOCS_YML, ADVOCATE: JANE, CASE_STUDY: NORTHWIND, INDEX: INDEX_MD}
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def check(root: Path, **options: Any):
    """What the plugin runs in on_config, with the options as it passes them."""
    return check_site(root, {"as_of": AS_OF, **options}, root / "content")


# ---------------------------------------------------------------- edits

Edit = Callable[[Path], None]


def sub(rel: str, old: str, new: str) -> Edit:
    """Replace the first `old` in file `rel` (which must contain it) by `new`."""

    def apply(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def put(rel: str, content: str | bytes) -> Edit:
    def apply(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    return apply


def rename(rel: str, new: str) -> Edit:
    return lambda root: (root / rel).rename(root / new)


def delete(rel: str) -> Edit:
    return lambda root: (root / rel).unlink()


def prepend_bom(rel: str) -> Edit:
    return lambda root: (root / rel).write_bytes(b"\xef\xbb\xbf" + (root / rel).read_bytes())


def logo(svg: str) -> list[Edit]:
    """The case study gets `logo: logos/northwind.svg` (line 7) holding `svg`."""
    return [sub(CASE_STUDY, "industry: Healthcare\n", "industry: Healthcare\nlogo: logos/northwind.svg\n"),
            put("case_studies/logos/northwind.svg", svg)]


def linkedin(value: str) -> Edit:
    return sub(ADVOCATE, "linkedin: https://www.linkedin.com/in/janedoe", f"linkedin: {value}")


def E(line: str) -> tuple[str, str]:
    return ("error", line)


def W(line: str) -> tuple[str, str]:
    return ("warning", line)


def I(line: str) -> tuple[str, str]:  # noqa: E743 - reads as the INFO level
    return ("info", line)


@dataclass
class Case:
    id: str
    edits: list[Edit]
    expected: list[tuple[str, str]]
    options: dict[str, Any] = field(default_factory=dict)


NOT_QUOTED_HINT = "quote it"
WITHDRAW = ("if this person withdrew consent, restore their file and set consent.public: false "
            "(or an expires date) instead of deleting it")
A, C = ADVOCATE, CASE_STUDY

CASES = [
    # ---- malformed YAML and front matter
    Case("tab-indentation", [sub(A, "title: VP of Sales\n", "title: VP of Sales\n\tregion: x\n")],
         [E(f"{A}:3: malformed YAML: found a tab character that violates indentation (while scanning a plain "
            "scalar) (indent with spaces, not tabs)")]),
    Case("colon-in-unquoted-value", [sub(A, "title: VP of Sales", "title: VP: Sales")],
         [E(f"{A}:2: malformed YAML: mapping values are not allowed in this context "
            "(a value containing ': ' must be put in quotes)")]),
    Case("front-matter-tab", [sub(C, "customer: Northwind Health\n", "customer: Northwind Health\n\tregion: x\n")],
         [E(f"{C}:4: malformed YAML: found a tab character that violates indentation (while scanning a plain "
            "scalar) (indent with spaces, not tabs)")]),
    Case("front-matter-missing", [sub(C, "---\n", "")],
         [E(f"{C}:1: a case study must start with front matter between two '---' lines "
            "(put '---' on the first line, the fields, then '---' again)")]),
    Case("front-matter-never-closed", [sub(C, "---\nThe body", "The body")],
         [E(f"{C}:1: the front matter is never closed (add a line with '---' after it)")]),
    Case("record-not-a-mapping", [put(A, "- Jane Doe\n- Northwind\n")],
         [E(f"{A}:1: an advocate record must be a set of 'field: value' lines")]),
    # ---- unknown fields, with a did-you-mean, at any depth
    Case("unknown-field", [sub(A, "region: North America", "regoin: North America")],
         [E(f"{A}:6: regoin: unknown field (did you mean 'region'?)")]),
    Case("unknown-nested-field", [sub(A, "    body: Plain text.", "    ratng: 4")],
         [E(f"{A}:26: reviews[1].ratng: unknown field (did you mean 'rating'?)")]),
    Case("unknown-field-in-case-study", [sub(C, "customer: Northwind Health", "costumer: Northwind Health")],
         [E(f"{C}:2: customer: is required"),
          E(f"{C}:3: costumer: unknown field (did you mean 'customer'?)")]),
    Case("unknown-field-in-flow-mapping",
         [sub(C, '{value: "50%", label: lower', '{value: "50%", lable: lower')],
         [E(f"{C}:11: results[0].label: is required"),
          E(f"{C}:11: results[0].lable: unknown field (did you mean 'label'?)")]),
    # ---- missing fields: at the line of the mapping that lacks them
    Case("missing-top-level-field", [sub(A, "company: Northwind Health\n", "")],
         [E(f"{A}:1: company: is required")]),
    Case("missing-nested-field", [sub(A, "    rating: 4\n", "")],
         [E(f"{A}:23: reviews[1].rating: is required")]),
    Case("unknown-private-field-is-not-named",
         [sub(A, "  nps: 10\n", "  nsp: 10\n")],
         [E(f"{A}:14: private.(unknown key): unknown field (value hidden: private) (did you mean 'nps'?)")]),
    Case("mangled-private-line-is-not-named",
         [sub(A, "  email: jane@northwind.example\n", "  jane@northwind.example: x\n")],
         [E(f"{A}:13: private.(unknown key): unknown field (value hidden: private) (known fields: email, nps, "
            "feature_adoption, health_score, positive_social_mentions, responded_to_last_request, notes, "
            "references, reference_requests, thanked_milestones)")]),
    # ---- wrong types, no silent coercion
    Case("quoted-number", [sub(A, "rating: 5", 'rating: "5"')],
         [E(f'{A}:21: reviews[0].rating: must be a number, got the text "5" (remove the quotes)')]),
    Case("quoted-boolean", [sub(A, "public: true", 'public: "true"')],
         [E(f'{A}:10: consent.public: must be true or false, got the text "true" (remove the quotes)')]),
    Case("quoted-date", [sub(A, "customer_since: 2023-04-01", 'customer_since: "2023-04-01"')],
         [E(f'{A}:8: customer_since: must be a date (YYYY-MM-DD), got the text "2023-04-01" '
            "(write the date without quotes, as YYYY-MM-DD)")]),
    Case("text-instead-of-list",
         [sub(A, "testimonials:\n  - quote: Cut our forecast variance in half.\n    date: 2025-06-01\n",
              "testimonials: Cut our forecast variance in half.\n")],
         [E(f'{A}:16: testimonials: must be a list, got the text "Cut our forecast variance in half."')]),
    Case("date-with-time", [sub(A, "customer_since: 2023-04-01", "customer_since: 2023-04-01 10:30:00")],
         [E(f"{A}:8: customer_since: must be a date (YYYY-MM-DD), got the date and time 2023-04-01 10:30:00")]),
    Case("platform-not-in-list", [sub(A, "platform: g2", "platform: G2")],
         [E(f'{A}:20: reviews[0].platform: must be one of g2, capterra, trustradius, gartner, trustpilot, '
            'google, internal; got the text "G2" (did you mean \'g2\'?)')]),
    Case("scale-not-5-or-10", [sub(A, "    rating: 5\n", "    rating: 5\n    scale: 7\n")],
         [E(f"{A}:22: reviews[0].scale: must be one of 5, 10; got 7")]),
    Case("empty-required-text", [sub(A, "name: Jane Doe", "name:")],
         [E(f"{A}:1: name: must not be empty")]),
    # ---- values YAML turns into something else: "quote it"
    Case("region-NO-read-as-boolean", [sub(A, "region: North America", "region: NO")],
         [E(f'{A}:6: region: must be text, got NO, which YAML reads as a boolean (quote it: "NO")')]),
    Case("number-where-text", [sub(C, '{value: "50%"', "{value: 50")],
         [E(f'{C}:11: results[0].value: must be text, got 50, which YAML reads as a number (quote it: "50")')]),
    # ---- duplicate keys, tags, anchors, aliases
    Case("duplicate-key", [sub(A, "title: VP of Sales\n", "title: VP of Sales\ntitle: CEO\n")],
         [E(f"{A}:3: title: duplicate key (first set on line 2) (keep only one of them)")]),
    Case("duplicate-nested-key", [sub(A, "  given: 2025-01-10\n", "  given: 2025-01-10\n  given: 2025-02-10\n")],
         [E(f"{A}:12: consent.given: duplicate key (first set on line 11) (keep only one of them)")]),
    Case("python-object-tag", [sub(A, "region: North America", "region: !!python/object:os.system x")],
         [E(f"{A}:6: region: YAML tags (!!python/object:os.system) are not allowed "
            "(remove the tag; write plain values)")]),
    Case("tag-in-front-matter", [sub(C, "industry: Healthcare", "industry: !!str Healthcare")],
         [E(f"{C}:6: industry: YAML tags (!!str) are not allowed (remove the tag; write plain values)")]),
    Case("anchor-and-alias",
         [sub(A, "  - {name: Champion of the Year, year: 2025}\n",
              "  - &award {name: Champion of the Year, year: 2025}\n  - *award\n")],
         [E(f"{A}:39: awards[0]: YAML anchors (&award) are not allowed (write the value out in full)"),
          E(f"{A}:40: awards[1]: YAML aliases (*award) are not allowed (write the value out in full)")]),
    # ---- size, encoding, file names
    Case("file-over-1-mib", [put(A, BIG)],
         [E(f"{A}:1: file is {len(BIG.encode()):,} bytes; the limit is 1 MiB (split or shorten it)")]),
    Case("file-of-exactly-1-mib-is-read", [put(A, JANE + "#" * ((1 << 20) - len(JANE) - 1) + "\n")], []),
    Case("not-utf-8", [put(A, b"name: Jan\xe9 Doe\n")],
         [E(f"{A}:1: file is not UTF-8 text (invalid continuation byte at byte 9) (save it as UTF-8)")]),
    Case("bad-advocate-slug", [rename(A, "advocates/Jane_Doe.yml"), sub(C, "advocates: [jane-doe]", "advocates: []"),
                                sub(C, "quote: {text", "# quote: {text")],
         [E("advocates/Jane_Doe.yml:1: slug: file name 'Jane_Doe' is not a valid slug "
            "(use lower-case letters, digits and single hyphens, e.g. jane-doe.yml)")]),
    Case("bad-case-study-slug", [rename(C, "case_studies/north--wind.md")],
         [E("case_studies/north--wind.md:1: slug: file name 'north--wind' is not a valid slug "
            "(use lower-case letters, digits and single hyphens, e.g. jane-doe.md)")]),
    Case("yaml-extension", [rename(A, "advocates/jane-doe.yaml")],
         [E("advocates/jane-doe.yaml:1: data files must end in .yml (rename it to jane-doe.yml)")]),
    Case("utf-8-bom-accepted", [prepend_bom(A), prepend_bom(C), prepend_bom(INDEX)], []),
    # ---- out of range, invalid dates, text over its limit
    Case("rating-above-scale", [sub(A, "rating: 5", "rating: 6")],
         [E(f"{A}:21: reviews[0].rating: must be between 1 and 5, got 6 (set scale: 10 for a 10-point rating)")]),
    Case("rating-above-scale-10", [sub(A, "    rating: 5\n", "    rating: 11\n    scale: 10\n")],
         [E(f"{A}:21: reviews[0].rating: must be between 1 and 10, got 11")]),
    Case("private-nps-out-of-range", [sub(A, "nps: 10", "nps: 11")],
         [E(f"{A}:14: private.nps: must be between 0 and 10 (value hidden: private)")]),
    Case("award-year-out-of-range", [sub(A, "year: 2025}", "year: 25}")],
         [E(f"{A}:39: awards[0].year: must be between 1900 and 2200, got 25")]),
    Case("invalid-date", [sub(A, "customer_since: 2023-04-01", "customer_since: 2026-02-30")],
         [E(f"{A}:8: customer_since: 2026-02-30 is not a valid date (day is out of range for month)")]),
    Case("invalid-date-in-front-matter", [sub(C, "date: 2025-09-12", "date: 2025-02-29")],
         [E(f"{C}:5: date: 2025-02-29 is not a valid date (day is out of range for month)")]),
    Case("summary-501", [sub(C, "summary: One or two sentences for cards.", "summary: " + "s" * 501)],
         [E(f"{C}:4: summary: is 501 characters long; the limit is 500")]),
    Case("testimonial-quote-1001",
         [sub(A, "quote: Cut our forecast variance in half.", "quote: " + "q" * 1001)],
         [E(f"{A}:17: testimonials[0].quote: is 1,001 characters long; the limit is 1,000")]),
    Case("case-study-quote-1001",
         [sub(C, '{text: "Cut our forecast variance in half."', '{text: "' + "q" * 1001 + '"')],
         [E(f"{C}:9: quote.text: is 1,001 characters long; the limit is 1,000")]),
    Case("review-body-10001", [sub(A, "body: Plain text.", "body: " + "b" * 10001)],
         [E(f"{A}:26: reviews[1].body: is 10,001 characters long; the limit is 10,000")]),
    Case("story-20001",
         [sub(A, "  story: |\n    Jane rebuilt *forecasting* at Northwind.\n", f"  story: {'w' * 20001}\n")],
         [E(f"{A}:36: spotlight.story: is 20,001 characters long; the limit is 20,000")]),
    Case("other-string-201", [sub(A, "title: VP of Sales", "title: " + "t" * 201)],
         [E(f"{A}:2: title: is 201 characters long; the limit is 200")]),
    Case("nested-string-201", [sub(C, "label: lower forecast variance", "label: " + "l" * 201)],
         [E(f"{C}:11: results[0].label: is 201 characters long; the limit is 200")]),
    # ---- references to advocates
    Case("unknown-advocate-did-you-mean", [sub(C, "advocates: [jane-doe]", "advocates: [jane-doe, jane-do]")],
         [E(f"{C}:8: advocates[1]: unknown advocate 'jane-do' (did you mean 'jane-doe'? "
            + WITHDRAW[0].upper() + WITHDRAW[1:] + ")")]),
    Case("deleted-advocate-still-named", [delete(A)],
         [E(f"{C}:8: advocates[0]: unknown advocate 'jane-doe' ({WITHDRAW})")]),
    Case("quote-by-advocate-not-listed",
         [put("advocates/bob-roe.yml", BOB_NOT_PUBLIC.replace("false", "true\n  given: 2025-01-01")),
          sub(C, "advocate: jane-doe}", "advocate: bob-roe}")],
         [E(f"{C}:9: quote.advocate: 'bob-roe' is not listed in advocates "
            "(add them to advocates, or quote someone who is)")]),
    # ---- activities
    Case("converted-on-non-referral",
         [sub(A, "  - type: reference_call\n    date: 2025-07-14\n",
              "  - type: reference_call\n    date: 2025-07-14\n    converted: true\n")],
         [E(f"{A}:30: activities[0].converted: only a referral can be converted "
            "(remove converted, or set type: referral)")]),
    Case("activity-of-type-review", [sub(A, "type: reference_call", "type: review")],
         [E(f"{A}:28: activities[0].type: 'review' is counted from its own records, not from activities "
            "(remove this entry; every review already earns its points)")]),
    Case("activity-of-type-testimonial", [sub(A, "type: reference_call", "type: testimonial")],
         [E(f"{A}:28: activities[0].type: 'testimonial' is counted from its own records, not from activities "
            "(remove this entry; every testimonial already earns its points)")]),
    Case("activity-of-type-case-study", [sub(A, "type: reference_call", "type: case_study")],
         [E(f"{A}:28: activities[0].type: 'case_study' is counted from its own records, not from activities "
            "(remove this entry; every case study already earns its points)")]),
    Case("unknown-activity-type", [sub(A, "type: reference_call", "type: refrence_call")],
         [E(f"{A}:28: activities[0].type: unknown activity type 'refrence_call' (did you mean 'reference_call'?)")]),
    # ---- paths of photos and logos
    Case("absolute-photo-path", [sub(A, "region: North America", "photo: /etc/jane.jpg")],
         [E(f"{A}:6: photo: must be a path inside its folder, not an absolute path, got '/etc/jane.jpg'")]),
    Case("windows-absolute-photo-path", [sub(A, "region: North America", "photo: C:\\photos\\jane.jpg")],
         [E(f"{A}:6: photo: must be a path inside its folder, not an absolute path, got 'C:\\\\photos\\\\jane.jpg'")]),
    Case("photo-path-leaves-folder", [sub(A, "region: North America", "photo: ../content/jane.jpg")],
         [E(f"{A}:6: photo: must stay inside its folder ('..' is not allowed), got '../content/jane.jpg'")]),
    Case("photo-missing", [sub(A, "region: North America", "photo: photos/jane-doe.jpg")],
         [E(f"{A}:6: photo: file advocates/photos/jane-doe.jpg does not exist (check the spelling, or add the file)")]),
    Case("photo-path-with-a-line-break", [sub(A, "region: North America", 'photo: "photos/jane\\n.jpg"')],
         [E(f"{A}:6: photo: must be a file name without invisible characters, got one (U+000A) in "
            "'photos/jane\\n.jpg' (write the path again by hand: it came in with a pasted character)")]),
    Case("logo-path-with-a-zero-width-space",
         [sub(C, "industry: Healthcare\n", 'industry: Healthcare\nlogo: "logos/north\\u200bwind.png"\n')],
         [E(f"{C}:7: logo: must be a file name without invisible characters, got one (U+200B) in "
            "'logos/north\\u200bwind.png' (write the path again by hand: it came in with a pasted character)")]),
    Case("photo-not-an-image-type", [sub(A, "region: North America", "photo: photos/jane-doe.gif")],
         [E(f"{A}:6: photo: must be a PNG, JPEG, WebP or SVG file, got 'photos/jane-doe.gif'")]),
    Case("absolute-logo-path", [sub(C, "industry: Healthcare\n", "industry: Healthcare\nlogo: /srv/logo.svg\n")],
         [E(f"{C}:7: logo: must be a path inside its folder, not an absolute path, got '/srv/logo.svg'")]),
    Case("logo-path-leaves-folder",
         [sub(C, "industry: Healthcare\n", "industry: Healthcare\nlogo: logos/../../content/logo.svg\n")],
         [E(f"{C}:7: logo: must stay inside its folder ('..' is not allowed), got 'logos/../../content/logo.svg'")]),
    Case("logo-missing", [sub(C, "industry: Healthcare\n", "industry: Healthcare\nlogo: logos/northwind.png\n")],
         [E(f"{C}:7: logo: file case_studies/logos/northwind.png does not exist "
            "(check the spelling, or add the file)")]),
    # ---- URLs: http(s) only, javascript: in any spelling
    Case("url-javascript", [linkedin("javascript:alert(1)")],
         [E(f"{A}:7: linkedin: must be an http:// or https:// address, got 'javascript:alert(1)'")]),
    Case("url-JavaScript-mixed-case", [linkedin("JavaScript:alert(1)")],
         [E(f"{A}:7: linkedin: must be an http:// or https:// address, got 'JavaScript:alert(1)'")]),
    Case("url-leading-space", [linkedin('" javascript:alert(1)"')],
         [E(f"{A}:7: linkedin: must be an http:// or https:// address, got ' javascript:alert(1)'")]),
    Case("url-entity-tab", [linkedin('"jav&#x09;ascript:alert(1)"')],
         [E(f"{A}:7: linkedin: must be an http:// or https:// address, got 'jav&#x09;ascript:alert(1)'")]),
    Case("url-real-tab", [linkedin('"jav\\tascript:alert(1)"')],
         [E(f"{A}:7: linkedin: must be an http:// or https:// address, got 'jav\\tascript:alert(1)'")]),
    Case("url-data", [linkedin('"data:text/html,<script>alert(1)</script>"')],
         [E(f"{A}:7: linkedin: must be an http:// or https:// address, "
            "got 'data:text/html,<script>alert(1)</script>'")]),
    Case("url-without-scheme", [linkedin("www.linkedin.com/in/janedoe")],
         [E(f"{A}:7: linkedin: must be an http:// or https:// address, got 'www.linkedin.com/in/janedoe'")]),
    Case("review-url-javascript", [sub(A, "    body: Plain text.\n", "    body: Plain text.\n    url: javascript:x\n")],
         [E(f"{A}:27: reviews[1].url: must be an http:// or https:// address, got 'javascript:x'")]),
    # ---- embeds in content/ pages: the page and the line
    Case("unknown-embed-kind", [sub(INDEX, "advocacy: testimonials", "advocacy: testimonails")],
         [E(f"{INDEX}:3: embed: unknown embed 'testimonails' (did you mean 'testimonials'?)")]),
    Case("unknown-embed-argument", [sub(INDEX, "limit=3", "limt=3")],
         [E(f"{INDEX}:3: embed: testimonials has no argument 'limt' (did you mean 'limit'?)")]),
    Case("bad-embed-limit", [sub(INDEX, "limit=3", "limit=three")],
         [E(f"{INDEX}:3: embed: limit must be a whole number from 1 to 100, got 'three'")]),
    Case("embed-argument-without-value", [sub(INDEX, "limit=3", "limit")],
         [E(f"{INDEX}:3: embed: 'limit' is not key=value (e.g. industry=\"...\")")]),
    Case("embed-unclosed-quote", [sub(INDEX, 'industry="Healthcare"', 'industry="Healthcare')],
         [E(f"{INDEX}:3: embed: cannot read 'testimonials industry=\"Healthcare limit=3': No closing quotation "
            "(put values with spaces in double quotes: industry=\"Financial Services\")")]),
    Case("embed-unknown-advocate", [sub(INDEX, 'industry="Healthcare"', "advocate=jane-do")],
         [E(f"{INDEX}:3: embed: unknown advocate 'jane-do' (did you mean 'jane-doe'?)")]),
    Case("embed-unknown-industry", [sub(INDEX, 'industry="Healthcare"', 'industry="Helthcare"')],
         [E(f"{INDEX}:3: embed: no advocate or case study is in industry 'Helthcare' (did you mean 'Healthcare'?)")]),
    Case("embed-in-other-page",
         [put("content/about/team.md", "# Team\n\nText.\n\n<!-- advocacy: rating stars=5 -->\n")],
         [E("content/about/team.md:5: embed: rating has no argument 'stars' (rating takes no arguments)")]),
    Case("embed-in-fenced-code-is-not-an-embed",
         [sub(INDEX, "# Our customers\n",
              "# Our customers\n\n```markdown\n<!-- advocacy: nonsense x=1 -->\n```\n\n"
              "~~~~\n<!-- advocacy: testimonials advocate=nobody -->\n~~~~\n\n"
              "    <!-- advocacy: indented code -->\n")],
         []),
    # ---- images published clean
    Case("svg-clean", logo(SVG_OK), []),
    Case("svg-script", logo('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
         [E(f"{C}:7: logo: case_studies/logos/northwind.svg has a <script> element")]),
    Case("svg-onload", logo('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'),
         [E(f"{C}:7: logo: case_studies/logos/northwind.svg has an event-handler attribute (onload)")]),
    Case("svg-javascript-href",
         logo('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
              '<a xlink:href=" JaVaScript:alert(1)"><rect/></a></svg>'),
         [E(f"{C}:7: logo: case_studies/logos/northwind.svg has a javascript: link"),
          E(f"{C}:7: logo: case_studies/logos/northwind.svg has an <a> element (links are not allowed)")]),
    Case("svg-external-href",
         logo('<svg xmlns="http://www.w3.org/2000/svg"><image href="https://tracker.example/p.png"/></svg>'),
         [E(f"{C}:7: logo: case_studies/logos/northwind.svg has an <image> element (embedded images are not allowed)"),
          E(f"{C}:7: logo: case_studies/logos/northwind.svg has an external reference in href "
            "(https://tracker.example/p.png)")]),
    Case("svg-photo-with-script",
         [sub(A, "region: North America", "photo: photos/jane.svg"),
          put("advocates/photos/jane.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>')],
         [E(f"{A}:6: photo: advocates/photos/jane.svg has a <script> element")]),
    # ---- consent
    Case("public-without-given", [sub(A, "  given: 2025-01-10\n", "")],
         [E(f"{A}:9: consent.given: is required when consent.public is true "
            "(add the date the person agreed, e.g. given: 2025-01-10)")]),
    Case("quote-by-non-public-advocate",
         [put("advocates/bob-roe.yml", BOB_NOT_PUBLIC),
          sub(C, "advocates: [jane-doe]", "advocates: [jane-doe, bob-roe]"),
          sub(C, "advocate: jane-doe}", "advocate: bob-roe}")],
         [I(f"{C}:8: advocates[1]: bob-roe is not public: their card is left out"),
          E(f"{C}:9: quote.advocate: bob-roe has not agreed to be named publicly (consent.public is false) "
            "(a name in print needs consent: remove the quote or quote someone else)")]),
    Case("non-public-advocate-named-is-info",
         [put("advocates/bob-roe.yml", BOB_NOT_PUBLIC),
          sub(C, "advocates: [jane-doe]", "advocates: [jane-doe, bob-roe]")],
         [I(f"{C}:8: advocates[1]: bob-roe is not public: their card is left out")]),
    Case("expired-consent-is-info-and-drops-quote",
         [sub(A, "  given: 2025-01-10\n", "  given: 2025-01-10\n  expires: 2026-01-01\n")],
         [I(f"{A}:12: consent.expires: consent expired on 2026-01-01: jane-doe is no longer published"),
          I(f"{C}:8: advocates[0]: jane-doe is not public: their card is left out"),
          I(f"{C}:9: quote.advocate: jane-doe's consent is not in force on 2026-01-31: the quote is left out")]),
    Case("consent-not-yet-given-is-info", [sub(A, "given: 2025-01-10", "given: 2026-03-01")],
         [I(f"{A}:11: consent.given: consent starts on 2026-03-01: not published before then"),
          I(f"{C}:8: advocates[0]: jane-doe is not public: their card is left out"),
          I(f"{C}:9: quote.advocate: jane-doe's consent is not in force on 2026-01-31: the quote is left out")]),
    Case("expires-before-given", [sub(A, "  given: 2025-01-10\n", "  given: 2025-01-10\n  expires: 2024-01-01\n")],
         [E(f"{A}:12: consent.expires: must be after consent.given (2025-01-10)")]),
    # ---- one slug, two spellings
    Case("two-spellings-of-one-industry",
         [sub(A, "industry: Healthcare", "industry: Health care"),
          sub(C, "industry: Healthcare", "industry: Health-Care"),
          sub(INDEX, 'industry="Healthcare"', 'industry="Health care"')],
         [E(f"{C}:6: industry: industry 'Health-Care' has the same URL as 'Health care' ({A}:4) "
            "(spell it 'Health care' everywhere)")]),
    Case("two-spellings-of-one-use-case",
         [sub(C, "use_cases: [Forecasting]", "use_cases: [Forecasting, forecasting]")],
         [E(f"{C}:7: use_cases[1]: use case 'forecasting' has the same URL as 'Forecasting' ({C}:7) "
            "(spell it 'Forecasting' everywhere)")]),
    # ---- dates after as_of: warnings for what is likely a typo, notices for what is scheduled
    Case("future-testimonial-and-review-are-warnings",
         [sub(A, "date: 2025-06-01", "date: 2026-06-01"), sub(A, "date: 2025-05-20", "date: 2026-05-20")],
         [W(f"{A}:18: testimonials[0].date: 2026-06-01 is after 2026-01-31: left out until then "
            "(a likely typo in the year)"),
          W(f"{A}:22: reviews[0].date: 2026-05-20 is after 2026-01-31: left out until then "
            "(a likely typo in the year)")]),
    Case("future-activity-spotlight-case-study-are-info",
         [sub(A, "date: 2025-07-14", "date: 2026-07-14"), sub(A, "date: 2025-11-01", "date: 2026-11-01"),
          sub(C, "date: 2025-09-12", "date: 2026-09-12")],
         [I(f"{A}:29: activities[0].date: scheduled for 2026-07-14: counted from then on"),
          I(f"{A}:34: spotlight.date: scheduled for 2026-11-01: published from then on"),
          I(f"{C}:5: date: scheduled for 2026-09-12: published from then on")]),
    Case("draft-dated-later-is-silent",
         [sub(C, "date: 2025-09-12", "date: 2026-09-12\ndraft: true")], []),
    # ---- the configuration
    Case("data-folder-inside-docs-dir",
         [lambda root: shutil.copytree(root / "advocates", root / "content" / "advocates"),
          sub("mkdocs.yml", "      as_of:", "      advocates_dir: content/advocates\n      as_of:")],
         [E("mkdocs.yml:6: plugins.advocacy.advocates_dir: content/advocates lies inside docs_dir, so MkDocs "
            "would publish the raw records (move it next to mkdocs.yml, outside the docs folder)")],
         {"advocates_dir": "content/advocates"}),
    Case("data-folder-missing", [lambda root: shutil.rmtree(root / "case_studies")],
         [E("mkdocs.yml:5: plugins.advocacy.case_studies_dir: folder case_studies does not exist "
            "(create it next to mkdocs.yml, or set case_studies_dir)")]),
    Case("company-size-not-configured", [sub(A, "company_size: 1001-5000", "company_size: 1000-5000")],
         [E(f"{A}:5: company_size: '1000-5000' is not one of 1-50, 51-200, 201-1000, 1001-5000, 5000+ "
            "(did you mean '1001-5000'?)")]),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, tmp_path: Path) -> None:
    root = make_site(tmp_path)
    for edit in case.edits:
        edit(root)
    checked = check(root, **case.options)
    got = [(p.level, str(p)) for p in sorted(checked.problems, key=sort_key)]
    assert got == sorted(case.expected, key=lambda e: _order(e[1]))


def _order(line: str) -> tuple[str, int, str]:
    file, num, rest = line.split(":", 2)
    return (file, int(num) if num.isdigit() else 0, rest)


def test_the_base_site_is_clean(tmp_path: Path) -> None:
    checked = check(make_site(tmp_path))
    assert [str(p) for p in checked.problems] == []
    assert sorted(checked.program.advocates) == ["jane-doe"]
    assert sorted(checked.program.case_studies) == ["northwind"]


# ---------------------------------------------------------------- privacy of messages

PRIVATE_EDITS = [
    ("nps-11", sub(A, "nps: 10", "nps: 11"), "11"),
    ("nps-quoted", sub(A, "nps: 10", 'nps: "10"'), '"10"'),
    ("nps-invalid-date", sub(A, "nps: 10", "nps: 2026-02-30"), "2026-02-30"),
    ("nps-float", sub(A, "nps: 10", "nps: 9.5"), "9.5"),
    ("email-list", sub(A, "email: jane@northwind.example", "email: [jane@northwind.example]"), "northwind.example"),
    ("email-read-as-boolean", sub(A, "email: jane@northwind.example", "email: NO"), "NO"),
    ("feature-adoption-above-1", sub(A, "feature_adoption: 0.82", "feature_adoption: 82.5"), "82.5"),
    ("notes-too-long", sub(A, "  nps: 10\n", "  nps: 10\n  notes: " + "secretnote" * 30 + "\n"), "secretnote"),
    ("deal-value-negative",
     sub(A, "    converted: true\n", "    converted: true\n    private: {deal_value: -987654}\n"), "987654"),
    ("deal-value-text",
     sub(A, "    converted: true\n", "    converted: true\n    private: {deal_value: lots-of-money}\n"), "lots-of-money"),
]


@pytest.mark.parametrize("edit,secret", [(e, s) for _, e, s in PRIVATE_EDITS], ids=[i for i, _, _ in PRIVATE_EDITS])
def test_private_values_never_appear_in_messages(edit: Edit, secret: str, tmp_path: Path) -> None:
    root = make_site(tmp_path)
    edit(root)
    problems = check(root).problems
    assert problems.errors, "the bad private value must still be an error"
    for p in problems:
        assert p.field.startswith("private.") or ".private." in p.field, str(p)
        assert secret not in f"{p.message} {p.hint or ''}", str(p)
        assert "value hidden: private" in p.message


def test_rating_message_is_exact_and_nps_value_is_hidden(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    sub(A, "rating: 5", "rating: 6")(root)
    sub(A, "nps: 10", "nps: 11")(root)
    problems = check(root).problems
    by_field = {p.field: p for p in problems}
    assert by_field["reviews[0].rating"].message == "must be between 1 and 5, got 6"
    assert by_field["reviews[0].rating"].line == 21
    assert "11" not in str(by_field["private.nps"])


# ---------------------------------------------------------------- all errors together


def test_all_errors_of_a_file_are_reported_together(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    sub(A, "region: North America", "regoin: North America")(root)
    sub(A, "rating: 5", 'rating: "5"')(root)
    sub(A, "customer_since: 2023-04-01", "customer_since: 2023-02-30")(root)
    errors = check(root).problems.errors
    assert [str(p) for p in sorted(errors, key=sort_key)] == [
        f"{A}:6: regoin: unknown field (did you mean 'region'?)",
        f"{A}:8: customer_since: 2023-02-30 is not a valid date (day is out of range for month)",
        f'{A}:21: reviews[0].rating: must be a number, got the text "5" (remove the quotes)',
    ]


def test_all_errors_of_a_build_are_reported_together(tmp_path: Path) -> None:
    """One problem in each kind of file: options aside, every one is reported in a single run."""
    root = make_site(tmp_path)
    sub(A, "rating: 5", "rating: 6")(root)
    sub(C, "summary: One or two sentences for cards.", "summary: " + "s" * 501)(root)
    sub(INDEX, "advocacy: testimonials", "advocacy: testimonails")(root)
    put("advocates/bob-roe.yml", "name: Bob Roe\ncompany: Acme\nindustry: Retail\nlinkedin: javascript:x\n")(root)
    put("advocates/ann-lee.yml", "name: Ann Lee\ncompany: Acme\nindustry: Retail\n")(root)
    errors = check(root).problems.errors
    assert [str(p) for p in sorted(errors, key=sort_key)] == [
        "advocates/bob-roe.yml:4: linkedin: must be an http:// or https:// address, got 'javascript:x'",
        f"{A}:21: reviews[0].rating: must be between 1 and 5, got 6 (set scale: 10 for a 10-point rating)",
        f"{C}:4: summary: is 501 characters long; the limit is 500",
        f"{INDEX}:3: embed: unknown embed 'testimonails' (did you mean 'testimonials'?)",
    ]


def test_a_record_with_errors_is_not_reported_again_where_it_is_named(tmp_path: Path) -> None:
    """The case study and the embeds that name a broken record add no "unknown advocate" noise."""
    root = make_site(tmp_path)
    put("advocates/bob-roe.yml", "name: Bob Roe\ncompany: Acme\nindustry: Retail\n")(root)
    sub(A, "rating: 5", "rating: 6")(root)
    sub(C, "summary: One or two sentences for cards.", "summary: " + "s" * 501)(root)
    sub(INDEX, 'industry="Healthcare"', "advocate=jane-doe")(root)
    put("content/more.md", '<!-- advocacy: case-studies use_case="Forecasting" -->\n'
                           '<!-- advocacy: testimonials industry="Healthcare" -->\n')(root)
    assert [str(p) for p in sorted(check(root).problems, key=sort_key)] == [
        f"{A}:21: reviews[0].rating: must be between 1 and 5, got 6 (set scale: 10 for a 10-point rating)",
        f"{C}:4: summary: is 501 characters long; the limit is 500",
    ]


# ---------------------------------------------------------------- plugin options

OPTION_CASES = [
    ("unknown-option", {"champion_window": 365},
     "mkdocs.yml:7: plugins.advocacy.champion_window: unknown option (did you mean 'champion_window_days'?)",
     "      champion_window: 365\n"),
    ("unknown-points-key", {"points": {"speeking": 5}},
     "mkdocs.yml:7: plugins.advocacy.points.speeking: unknown option (did you mean 'speaking'?)",
     "      points: {speeking: 5}\n"),
    ("unknown-tiers-key", {"tiers": {"champions": 200}},
     "mkdocs.yml:8: plugins.advocacy.tiers.champions: unknown option (did you mean 'champion'?)",
     "      tiers:\n        champions: 200\n"),
    ("product-type-organization", {"product": {"type": "Organization"}},
     "mkdocs.yml:8: plugins.advocacy.product.type: Organization cannot carry review stars: Google ignores "
     "self-serving ratings of an Organization or LocalBusiness; use Product or SoftwareApplication",
     "      product:\n        type: Organization\n"),
    ("product-type-local-business", {"product": {"type": "LocalBusiness"}},
     "mkdocs.yml:7: plugins.advocacy.product.type: LocalBusiness cannot carry review stars: Google ignores "
     "self-serving ratings of an Organization or LocalBusiness; use Product or SoftwareApplication",
     "      product: {type: LocalBusiness}\n"),
    ("page-size-bool", {"page_size": True},
     "mkdocs.yml:7: plugins.advocacy.page_size: must be a whole number, got true (true and false are not numbers)",
     "      page_size: true\n"),
    ("page-size-zero", {"page_size": 0},
     "mkdocs.yml:7: plugins.advocacy.page_size: must be at least 1, got 0", "      page_size: 0\n"),
    ("milestone-text", {"milestones": [5, "ten"]},
     'mkdocs.yml:7: plugins.advocacy.milestones[1]: must be a whole number, got the text "ten"',
     "      milestones: [5, ten]\n"),
    ("exclude-incentivized-text", {"exclude_incentivized": "yes"},
     'mkdocs.yml:7: plugins.advocacy.exclude_incentivized: must be true or false, got the text "yes"',
     '      exclude_incentivized: "yes"\n'),
]


@pytest.mark.parametrize("options,expected,yml", [c[1:] for c in OPTION_CASES], ids=[c[0] for c in OPTION_CASES])
def test_bad_option(options: dict[str, Any], expected: str, yml: str, tmp_path: Path) -> None:
    root = make_site(tmp_path)
    (root / "mkdocs.yml").write_text(MKDOCS_YML + yml, encoding="utf-8")
    settings, problems = settings_from({"as_of": AS_OF, **options}, "mkdocs.yml", root=root)
    assert settings is None
    assert [str(p) for p in problems] == [expected]
    assert all(p.level == "error" for p in problems)
    # and check_site, as the plugin and `advocacy validate` call it, fails on the same option
    checked = check(root, **options)
    assert checked.program is None
    assert [(p.field, p.message, p.hint) for p in checked.problems.errors] == \
        [(p.field, p.message, p.hint) for p in problems]


def test_options_as_mkdocs_passes_them_are_valid(tmp_path: Path) -> None:
    """MkDocs' defaults for dict options are {}: they must mean "every default"."""
    root = make_site(tmp_path)
    options = {"advocates_dir": "advocates", "case_studies_dir": "case_studies", "as_of": AS_OF,
               "champion_window_days": 365, "points": {}, "tiers": {}, "milestones": [5, 10, 25, 50],
               "exclude_incentivized": False, "publish_nps": False, "reference_cap": {},
               "reengage_after_days": 180, "page_size": 48, "industries": [],
               "company_sizes": ["1-50", "51-200", "201-1000", "1001-5000", "5000+"], "product": {}}
    assert [str(p) for p in check_site(root, options, root / "content").problems] == []


def test_the_line_numbers_point_at_the_edited_lines() -> None:
    """Guards the table above: if JANE changes shape, its line numbers must be revisited."""
    lines = textwrap.dedent(JANE).splitlines()
    assert lines[5] == "region: North America"
    assert lines[20] == "    rating: 5"
    assert lines[25] == "    body: Plain text."
    assert lines[27] == "  - type: reference_call"
    assert lines[38] == "  - {name: Champion of the Year, year: 2025}"
