"""Every example in the marketers' help pages (content/help/) is a valid file; and the help pages
are a draft of the example site (previewed by `mkdocs serve`, left out of `mkdocs build`) that the
site owner can publish.

A marketer copies these examples and changes the values, so each ```yaml block with a top-level
`name:` must be a complete advocate record that loads without error, and each ```markdown block
starting with `---` a complete case study. References to other advocates are not checked here
(the snippets stand alone); `parse_case_study` judges one file only.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
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
    """A snippet would be pasted into the wrong place; show whole records, with the part at hand.
    (A piece of mkdocs.yml says so on its first line, and is not a record.)"""
    partial = [str(b) for b in BLOCKS if b.lang in ("yaml", "yml") and b not in ADVOCATES
               and not b.text.startswith("# mkdocs.yml\n")]
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


# --- where the help pages are published ------------------------------------------------------------
# They are for the people who edit the site: `mkdocs serve` shows them, `mkdocs build` leaves them
# out (draft_docs), unless the site owner publishes them. Their examples are checked above, from the
# files themselves, whichever way the site is built.

MARKETERS = ("content", "theme", "advocates", "case_studies")


def _config() -> dict:
    from test_workflows import _AnyTagLoader

    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)


def _nav_pages(nav) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [p for item in nav for p in _nav_pages(item)]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in _nav_pages(value)]
    return []


def test_help_is_a_draft_and_not_in_the_public_nav() -> None:
    from pathspec.gitignore import GitIgnoreSpec

    config = _config()
    drafts = GitIgnoreSpec.from_lines(config["draft_docs"].splitlines())
    pages = sorted(p.relative_to(ROOT / "content").as_posix() for p in HELP.glob("*.md"))
    assert pages and all(drafts.match_file(page) for page in pages)
    assert not drafts.match_file("index.md") and not drafts.match_file("join.md")
    assert not [p for p in _nav_pages(config["nav"]) if p.startswith("help/")], "no Help tab by default"


def _copy_example(root: Path, publish_help: bool = False) -> Path:
    for name in MARKETERS:
        shutil.copytree(ROOT / name, root / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if publish_help:  # what the comment in mkdocs.yml tells a site owner to do
        config = re.sub(r"(?m)^draft_docs: \|\n  help/\n", "", config)
        config = config.replace("  - Spotlight: spotlight/index.md\n",
                                "  - Spotlight: spotlight/index.md\n  - Help: help/index.md\n", 1)
        assert "draft_docs" not in config.replace("# ", "")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def _env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(int(time.time()))}


def _build(root: Path) -> Path:
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=root, env=_env(),
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


@pytest.mark.slow
def test_the_published_site_leaves_help_out(tmp_path: Path) -> None:
    site = _build(_copy_example(tmp_path))
    assert not (site / "help").exists()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="help/"' not in home and "About this site" not in home, "no link to a page that is not there"
    assert "help/" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert '"location":"help/' not in (site / "search/search_index.json").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_site_owner_can_publish_help(tmp_path: Path) -> None:
    site = _build(_copy_example(tmp_path, publish_help=True))
    for page in HELP.glob("*.md"):
        name = "" if page.stem == "index" else page.stem + "/"
        assert (site / "help" / name / "index.html").is_file(), page.name
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<a href="help/">About this site</a>' in home
    assert re.search(r'class="md-tabs__link"[^>]*>\s*Help\s*<', home) or ">Help<" in home.replace("\n", "")


@pytest.mark.slow
def test_serve_previews_help_with_a_link_to_it(tmp_path: Path) -> None:
    from test_serve_reload import _free_port, _get, _wait_for

    root = _copy_example(tmp_path)
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
                                cwd=root, env=_env(), stdout=out, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}/"
            home = _wait_for(base, lambda body: "</html>" in body, 120, proc, log)
            assert '<a href="help/">About this site</a>' in home
            help_index = _get(base + "help/") or ""
            assert "About this site" in help_index and "mkdocs-draft-marker" in help_index
            assert "Add an advocate" in (_get(base + "help/add-an-advocate/") or "")
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)
    said = log.read_text(encoding="utf-8", errors="replace")
    assert "WARNING" not in said, said  # serve has a site_url of its own: no warning about it
