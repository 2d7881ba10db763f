"""Every example in the marketers' help pages (content/help/) is a valid file.

A marketer copies these examples and changes the values, so each ```yaml block with a top-level
`name:` must be a complete advocate record that loads without error, and each ```markdown block
starting with `---` a complete case study. References to other advocates are not checked here
(the snippets stand alone); `parse_case_study` judges one file only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from mkdocs_advocacy.core.load import parse_advocate, parse_case_study

ROOT = Path(__file__).resolve().parent.parent
HELP = ROOT / "content" / "help"
_FENCE = re.compile(r"^(```+|~~~+)\s*([\w+-]*)")


@dataclass(frozen=True)
class Block:
    page: str
    line: int  # of the first line inside the fence
    lang: str
    text: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}"


def _blocks(path: Path) -> list[Block]:
    out: list[Block] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, lang, start = m.group(1), m.group(2).lower(), i + 1
        j = start
        while j < len(lines) and not (lines[j].startswith(fence[0] * len(fence)) and not lines[j].strip(fence[0]).strip()):
            j += 1
        out.append(Block(path.relative_to(ROOT).as_posix(), start + 1, lang, "\n".join(lines[start:j]) + "\n"))
        i = j + 1
    return out


# The help pages and the README: every example a marketer may copy.
BLOCKS = [b for page in [*sorted(HELP.glob("*.md")), ROOT / "README.md"] for b in _blocks(page)]
ADVOCATES = [b for b in BLOCKS if b.lang in ("yaml", "yml") and re.search(r"(?m)^name:", b.text)]
CASE_STUDIES = [b for b in BLOCKS if b.lang in ("markdown", "md") and b.text.startswith("---\n")]


def test_the_help_pages_have_examples() -> None:
    assert len(ADVOCATES) >= 5, [str(b) for b in ADVOCATES]
    assert len(CASE_STUDIES) >= 1, [str(b) for b in CASE_STUDIES]


def test_every_yaml_example_is_a_whole_record() -> None:
    """A snippet would be pasted into the wrong place; show whole records, with the part at hand."""
    partial = [str(b) for b in BLOCKS if b.lang in ("yaml", "yml") and b not in ADVOCATES]
    assert not partial, f"YAML examples that are not complete advocate records: {partial}"


@pytest.mark.parametrize("block", ADVOCATES, ids=str)
def test_advocate_example_is_a_valid_record(block: Block) -> None:
    record, problems = parse_advocate(block.text, "advocates/example.yml")
    errors = [str(p) for p in problems if p.level == "error"]
    assert not errors, f"the example at {block} is not a valid record:\n" + "\n".join(errors)
    assert record is not None


@pytest.mark.parametrize("block", CASE_STUDIES, ids=str)
def test_case_study_example_is_valid(block: Block) -> None:
    case_study, problems = parse_case_study(block.text, "case_studies/example.md")
    errors = [str(p) for p in problems if p.level == "error"]
    assert not errors, f"the example at {block} is not a valid case study:\n" + "\n".join(errors)
    assert case_study is not None


def test_yaml_examples_are_dated_2025_or_earlier() -> None:
    """Examples with future dates would teach the marketer to write a warning."""
    for block in ADVOCATES + CASE_STUDIES:
        years = {int(y) for y in re.findall(r"\b(20\d\d)-\d\d-\d\d\b", block.text)}
        late = {y for y in years if y > 2025}
        # consent.expires is the one date meant to lie ahead
        expires = {int(y) for y in re.findall(r"expires:\s*(20\d\d)-", block.text)}
        assert late <= expires, f"{block}: dates after 2025: {sorted(late)}"


def test_links_between_help_pages_resolve() -> None:
    pages = {p.name: p.read_text(encoding="utf-8") for p in HELP.glob("*.md")}
    for name, text in pages.items():
        for target, anchor in re.findall(r"\]\(([\w-]+\.md)(?:#([\w-]+))?\)", text):
            assert target in pages, f"content/help/{name} links to missing {target}"
            if anchor:
                headings = {
                    re.sub(r"[^\w\s-]", "", h).strip().lower().replace(" ", "-")
                    for h in re.findall(r"(?m)^#+\s+(.+)$", pages[target])
                }
                assert anchor in headings, f"content/help/{name} links to missing {target}#{anchor}"


def test_help_index_links_every_page() -> None:
    index = (HELP / "index.md").read_text(encoding="utf-8")
    for page in sorted(HELP.glob("*.md")):
        if page.name != "index.md":
            assert f"]({page.name})" in index, f"content/help/index.md does not link {page.name}"
