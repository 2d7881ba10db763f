"""Embeds: live content placed in any hand-written page.

Syntax: an HTML comment on a line of its own, so a page still reads cleanly without the plugin:

    <!-- advocacy: testimonials industry="Healthcare" limit=3 -->
    <!-- advocacy: rating -->
    <!-- advocacy: case-studies use_case="Forecasting" limit=3 -->

Lines inside fenced code blocks are never embeds. Indented lines are (inside admonitions, content
tabs and lists); the Markdown extension (`mkdocs_advocacy/embeds.py`) renders them, and shows one
that ends up inside an indented code block as the text it is.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from .load import did_you_mean
from .markdown_fields import MarkdownFields
from .problems import Problem
from .program import Program
from .slugs import slugify

ANY_EMBED_LINE = re.compile(r"^(?P<indent>[ \t]*)<!--\s*advocacy\s*:\s*(?P<body>.*?)\s*-->\s*$")
_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")
ARGUMENTS = {
    "testimonials": ("industry", "product", "advocate", "limit"),
    "rating": (),
    "case-studies": ("industry", "use_case", "limit"),
    "cta": ("source",),
}
DEFAULT_LIMIT = {"testimonials": 3, "case-studies": 3}


@dataclass(frozen=True)
class Embed:
    line: int  # 1-based, in the page
    kind: str
    args: dict[str, str] = field(default_factory=dict)

    @property
    def limit(self) -> int:
        return int(self.args.get("limit", DEFAULT_LIMIT.get(self.kind, 3)))


def read_embed(body: str, line: int = 0) -> Embed:
    """The embed a comment's body names, as `parse_embeds` reads it (which has checked it)."""
    words = shlex.split(body)
    args = dict(word.partition("=")[::2] for word in words[1:])
    return Embed(line, words[0], args)


def embed_key(embed: Embed) -> str:
    """What identifies an embed whatever its spelling (quotes, spaces, order of arguments)."""
    return json.dumps([embed.kind, sorted(embed.args.items())], ensure_ascii=False)


def embed_lines(markdown: str) -> list[tuple[int, str]]:
    """(line index, comment body) of every embed line outside fenced code."""
    out = []
    fence: str | None = None
    for i, line in enumerate(markdown.splitlines()):
        m = _FENCE.match(line)
        if fence is not None:
            if m and m.group("fence")[0] == fence[0] and len(m.group("fence")) >= len(fence) \
                    and not line.strip()[len(m.group("fence")):].strip():
                fence = None
            continue
        if m:
            fence = m.group("fence")
            continue
        e = ANY_EMBED_LINE.match(line)
        if e:
            out.append((i, e.group("body")))
    return out


def parse_embeds(found: list[tuple[int, str]], page: str, program: Program) -> tuple[list[Embed], list[Problem]]:
    """Every embed of one page (`found`: (line, comment body) as rendering meets them), with a problem
    for each wrong one (page-relative path, line)."""
    embeds, problems = [], []
    industries = sorted({slugify(a.record.industry) for a in program.advocates.values()}
                        | {slugify(c.front.industry) for c in program.case_studies.values()})
    use_cases = sorted({slugify(u) for c in program.case_studies.values() for u in c.front.use_cases})
    for line, body in found:

        def bad(message: str, hint: str | None = None, line: int = line) -> None:
            problems.append(Problem(page, line, "embed", message, hint))

        try:
            words = shlex.split(body)
        except ValueError as e:
            bad(f"cannot read {body!r}: {e}", 'put values with spaces in double quotes: industry="Financial Services"')
            continue
        if not words:
            bad("the embed names no kind", "one of: " + ", ".join(ARGUMENTS))
            continue
        kind, rest = words[0], words[1:]
        if kind not in ARGUMENTS:
            bad(f"unknown embed {kind!r}", did_you_mean(kind, list(ARGUMENTS)) or "one of: " + ", ".join(ARGUMENTS))
            continue
        args: dict[str, str] = {}
        ok = True
        for word in rest:
            key, eq, value = word.partition("=")
            if not eq or not value:
                bad(f"{word!r} is not key=value", f'e.g. {ARGUMENTS[kind][0]}="..."' if ARGUMENTS[kind] else
                    f"{kind} takes no arguments")
                ok = False
            elif key not in ARGUMENTS[kind]:
                allowed = ARGUMENTS[kind]
                bad(f"{kind} has no argument {key!r}",
                    did_you_mean(key, allowed) or (f"its arguments: {', '.join(allowed)}" if allowed
                                                   else f"{kind} takes no arguments"))
                ok = False
            else:
                args[key] = value
        if "limit" in args and not (args["limit"].isdigit() and 1 <= int(args["limit"]) <= 100):
            bad(f"limit must be a whole number from 1 to 100, got {args['limit']!r}")
            ok = False
        # A record left out for its own errors is not unknown: its file's errors say what to fix.
        if "advocate" in args and args["advocate"] not in program.advocates \
                and args["advocate"] not in program.broken_advocates:
            bad(f"unknown advocate {args['advocate']!r}", did_you_mean(args["advocate"], sorted(program.advocates)))
            ok = False
        if "industry" in args and slugify(args["industry"]) not in industries \
                and not (program.broken_advocates or program.broken_case_studies):
            bad(f"no advocate or case study is in industry {args['industry']!r}",
                did_you_mean(args["industry"], sorted({a.record.industry for a in program.advocates.values()}
                                                      | {c.front.industry for c in program.case_studies.values()})))
            ok = False
        if "use_case" in args and slugify(args["use_case"]) not in use_cases and not program.broken_case_studies:
            bad(f"no case study has use case {args['use_case']!r}",
                did_you_mean(args["use_case"], sorted({u for c in program.case_studies.values()
                                                       for u in c.front.use_cases})))
            ok = False
        if ok:
            embeds.append(Embed(line, kind, args))
    return embeds, problems


def scan_pages(pages: list[tuple[Path, str]], root: Path, program: Program,
               markdown: MarkdownFields) -> tuple[dict[str, list[Embed]], list[Problem]]:
    """Every embed of every Markdown page of `pages` ((path, path inside docs_dir), as `walk_docs`
    lists them), keyed by its path in docs_dir; problems name the page relative to `root`. Pages
    go through the site's Markdown, so an embed is checked exactly where it would be rendered."""
    from .load import read_text
    from .problems import ProblemList

    found: dict[str, list[Embed]] = {}
    problems = ProblemList()
    for path, inside in pages:
        if not inside.lower().endswith(".md"):
            continue
        try:
            rel = path.relative_to(root).as_posix()
        except ValueError:
            rel = path.as_posix()
        text = read_text(path, rel, problems)  # MkDocs would stop at a page that is not UTF-8, with a traceback
        if text is None or "advocacy" not in text:
            continue
        try:
            seen = markdown.embeds_in(text)
        except Exception as e:  # an extension of the site failed on the page: say so, do not crash
            problems.add(rel, 1, "", f"cannot be rendered to find its embeds ({type(e).__name__}: {e})")
            continue
        embeds, more = parse_embeds(seen, rel, program)
        problems += more
        if embeds:
            found[inside] = embeds
    return found, problems
