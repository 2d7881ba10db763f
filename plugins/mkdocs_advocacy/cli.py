"""The `advocacy` command: validate, new, schema, report, init (SPEC.md section 9)."""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
from pathlib import Path

import yaml

from .core.check import Checked, check_site
from .core.problems import Problem, sort_key
from .core.slugs import slugify

LEVEL_WORD = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}
GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _load(config_file: str) -> tuple[Checked, Path]:
    """Check a site from its mkdocs.yml, through MkDocs' own config loader (tags, !ENV, inheritance)."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    path = Path(config_file).resolve()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    # MkDocs logs what is wrong with a config and then raises a bare "Aborted": keep what it logged.
    said: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: said.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    from .core.problems import ProblemList
    from .core.settings import unreadable_config

    try:
        cfg = load_config(config_file=str(path))
    except (ConfigurationError, SystemExit) as e:
        problems = ProblemList()
        for message in said or [str(e)]:
            problems.add(path.name, 0, "", " ".join(message.split()))
        return Checked(None, problems), path.parent
    except (ValueError, OSError, yaml.YAMLError) as e:
        # MkDocs' reader lets some errors out bare, without a line: find the line ourselves
        problems = ProblemList(unreadable_config(path, path.name)
                               or [Problem(path.name, 1, "", f"cannot be read ({type(e).__name__}: {e})")])
        return Checked(None, problems), path.parent
    finally:
        logger.removeHandler(handler)
    from .config import given_options
    from .core.markdown_fields import MarkdownFields, MarkdownOptions

    plugin = cfg.plugins.get("advocacy")
    options = given_options(plugin.config) if plugin is not None else {}
    markdown = MarkdownFields(MarkdownOptions(cfg.markdown_extensions, cfg.mdx_configs or {}))
    checked = check_site(path.parent, options, Path(cfg.docs_dir), path.name, markdown)
    checked.site_dir = Path(cfg.site_dir)
    if checked.program is not None:
        from .publish.plan import plan_site

        checked.problems.extend(plan_site(checked, cfg.site_name, cfg.site_url, cfg.use_directory_urls)[2])
    return checked, path.parent


def _print_problems(problems: list[Problem], fmt: str) -> None:
    for p in sorted(problems, key=sort_key):
        if fmt == "github":
            where = f"file={_github_property(p.file)}" + (f",line={p.line}" if p.line else "")
            text = f"{p.field}: {p.message}" if p.field else p.message
            if p.hint:
                text += f" ({p.hint})"
            print(f"::{GITHUB_LEVEL[p.level]} {where}::{_github_data(text)}")
        else:
            print(f"{LEVEL_WORD[p.level]:<8}{p}")


def _github_data(text: str) -> str:
    """A workflow command's message, escaped as the Actions runner unescapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    """A workflow command's property value (`file=`): `:` and `,` end it unless escaped."""
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def cmd_validate(args: argparse.Namespace) -> int:
    checked, _ = _load(args.config_file)
    problems = checked.problems
    _print_problems(problems, args.format)
    program = checked.program
    counts = (f"{len(program.advocates)} advocates, {len(program.case_studies)} case studies"
              if program else "no records read")
    errors, warnings = len(problems.errors), len(problems.warnings)
    summary = f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''} ({counts})"
    print(summary if args.format == "text" else f"::notice::{summary}")
    return 1 if errors else 0


ADVOCATE_TEMPLATE = """# yaml-language-server: $schema=../schemas/advocate.schema.json
name: {name}
title: null            # e.g. VP of Sales
company: Company name   # current employer
industry: Industry
consent:
  public: false        # set to true once they agreed in writing, with the date:
  given: null          # e.g. 2025-01-10
testimonials: []
#  - quote: What they said, as plain text.
#    date: 2025-06-01
reviews: []
activities: []
"""

CASE_STUDY_TEMPLATE = """---
# Checked by `advocacy validate` (editors do not read front matter schemas).
title: {title}
customer: Customer name
summary: One or two sentences for cards and the meta description.
date: {date}
industry: Industry
use_cases: []
products: []
advocates: []
results: []
#  - {{value: "50%", label: lower forecast variance}}
draft: true
---

## Challenge

## Solution

## Results
"""


def cmd_new(args: argparse.Namespace) -> int:
    from mkdocs.config import load_config

    cfg_path = Path(args.config_file).resolve()
    options: dict = {}
    if cfg_path.exists():
        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        from .config import given_options

        plugin = load_config(config_file=str(cfg_path)).plugins.get("advocacy")
        options = given_options(plugin.config) if plugin is not None else {}
    root = cfg_path.parent
    slug = slugify(args.name, prefix="item")
    if args.kind == "advocate":
        path = root / options.get("advocates_dir", "advocates") / f"{slug}.yml"
        text = ADVOCATE_TEMPLATE.format(name=_yaml_text(args.name))
    else:
        import datetime as dt

        path = root / options.get("case_studies_dir", "case_studies") / f"{slug}.md"
        text = CASE_STUDY_TEMPLATE.format(title=_yaml_text(args.name), date=dt.date.today().isoformat())
    if path.exists():
        print(f"{path.relative_to(root)} already exists", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path.relative_to(root)}")
    return 0


def _yaml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def cmd_schema(args: argparse.Namespace) -> int:
    from .schemas import write_schemas

    for path in write_schemas(Path(args.output)):
        print(f"wrote {path}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .core.health import report

    checked, _ = _load(args.config_file)
    if checked.problems.errors or checked.program is None:
        _print_problems(checked.problems.errors, "text")
        return 1
    data = report(checked.program)
    if args.format == "json":
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    elif args.format == "html":
        from .report_html import render_report_html

        text = render_report_html(data)
    else:
        from .report_text import render_report_text

        text = render_report_text(data)
    if args.output:
        refused = _published_folder(Path(args.output), checked)
        if refused:
            print(f"advocacy report: {args.output} is inside {refused}, which is published: the report "
                  "holds private data (write it outside the site, e.g. -o ../program-report.html)", file=sys.stderr)
            return 1
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as e:
            print(f"advocacy report: cannot write {args.output}: {e.strerror or e}", file=sys.stderr)
            return 1
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_match(args: argparse.Namespace) -> int:
    """`advocacy match`: the available references for a request, ranked, with why each matches."""
    from .core.references import Query, candidates
    from .core.returns import currency_problems

    checked, _ = _load(args.config_file)
    if checked.problems.errors or checked.program is None:
        _print_problems(checked.problems.errors, "text")
        return 1
    program = checked.program
    wrong = currency_problems(program)
    if wrong:
        _print_problems(wrong, "text")
        return 1
    query = Query(industry=args.industry, size=args.size, region=args.region, product=args.product,
                  use_case=args.use_case, language=args.language, limit=args.limit, internal=args.internal)
    proposed, held = candidates(program, query)
    if args.format == "json":
        data = {"internal": "advocacy match: private program data, never publish", "as_of": program.as_of.isoformat(),
                "query": query.criteria(), "internal_only_included": args.internal,
                "window_days": program.settings.reference_cap.window_days,
                "matches": [c.as_dict() for c in proposed], "at_cap": [c.as_dict() for c in held]}
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return 0
    from .report_text import render_match_text

    sys.stdout.write(render_match_text(program.as_of.isoformat(), query.criteria(), proposed, held,
                                       program.settings.reference_cap.window_days, args.internal))
    return 0


def _published_folder(output: Path, checked: Checked) -> str | None:
    """The published folder (docs_dir or site_dir) that `output` would land in, if any."""
    target = output.resolve()
    for name, folder in (("docs_dir", checked.docs_dir), ("site_dir", checked.site_dir)):
        if folder is None:
            continue
        try:
            target.relative_to(folder.resolve())
            return f"{name} ({folder.name}/)"
        except ValueError:
            continue
    return None


def _ask(question: str, check=None):  # type: ignore[no-untyped-def]
    """Ask on the terminal until the answer passes `check` (which raises ValueError); "" skips."""
    while True:
        try:
            answer = input(question).strip()
        except EOFError:
            return ""
        if not answer or check is None:
            return answer
        try:
            return check(answer)
        except ValueError as e:
            print(f"  {e}", file=sys.stderr)


def _init_answers(args: argparse.Namespace) -> tuple[str, str | None]:
    """The name and site_url: from the options, else asked for on a terminal, else the defaults."""
    from .scaffold import DEFAULT_NAME, check_site_url

    name, site_url = args.name, args.site_url
    interactive = sys.stdin is not None and sys.stdin.isatty()
    if name is None:
        name = (_ask(f"Company or product name [{DEFAULT_NAME}]: ") if interactive else "") or DEFAULT_NAME
    if site_url is None and interactive:
        site_url = _ask("Address the site will be published at, its site_url (e.g. "
                        "https://your-org.github.io/customers/; Enter to set it later): ", check_site_url) or None
    return name, site_url


def next_steps(directory: str, requirement: str, site_url: str | None) -> list[str]:
    """What to run after `advocacy init`, as printed: commands that work without an activated
    virtual environment (this interpreter has the plugin already; the site's own .venv is made
    with the versions of its requirements.txt)."""
    import shlex
    import subprocess

    from .scaffold import uses_placeholder

    windows = os.name == "nt"
    quote = subprocess.list2cmdline if windows else shlex.join
    venv = ".venv\\Scripts\\" if windows else ".venv/bin/"
    lines = ["Preview it now, with the plugin this command runs from:", "",
             f"  {quote(['cd', directory])}",
             f"  {quote([sys.executable, '-m', 'mkdocs', 'serve'])}      # http://127.0.0.1:8000/", "",
             "Give the site its own environment, with the versions of requirements.txt (as the workflows do):", "",
             f"  {'py' if windows else 'python3'} -m venv .venv",
             f"  {venv}python -m pip install -r requirements.txt",
             f"  {venv}mkdocs serve", ""]
    if uses_placeholder(requirement):
        lines += ["requirements.txt installs the plugin from a placeholder address (" + requirement + "):",
                  "set the plugin's real repository there (or run init with --plugin-repo URL) before you",
                  "install from it or push the site.", ""]
    if not site_url:
        lines += ["site_url is not set: set it in mkdocs.yml to the address the site is published at before you",
                  "publish (`mkdocs build --strict`, as the workflows run it, fails without it).", ""]
    lines.append("Keep the repository private: the records hold private data. More in README.md.")
    return lines


def cmd_init(args: argparse.Namespace) -> int:
    from .scaffold import init_site, plugin_requirement

    try:
        name, site_url = _init_answers(args)
        requirement = plugin_requirement(args.plugin_repo)
        written = init_site(Path(args.directory), name=name, site_url=site_url, requirement=requirement)
    except (FileExistsError, ValueError) as e:
        print(f"advocacy init: {e}", file=sys.stderr)
        return 1
    print(f"Wrote {len(written)} files into {args.directory} for {name}.\n")
    print("\n".join(next_steps(args.directory, requirement, site_url)))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .engines.staging import run_engine

    return run_engine(args.engine, Path(args.config_file).resolve(), args.strict,
                      Path(args.site_dir).resolve() if args.site_dir else None)


def cmd_serve(args: argparse.Namespace) -> int:
    import logging

    from mkdocs.__main__ import ColorFormatter
    from mkdocs.exceptions import MkDocsException

    from .engines.live import serve

    handler = logging.StreamHandler()  # MkDocs' own look: "INFO    -  Building documentation..."
    handler.setFormatter(ColorFormatter())
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    try:
        serve(args.config_file, args.dev_addr, args.open)
    except MkDocsException as e:  # the first build failed: say why, as `mkdocs serve` does
        print(f"advocacy serve: {e}", file=sys.stderr)
        return 1
    return 0


def cmd_merge_shards(args: argparse.Namespace) -> int:
    from .engines.merge import MergeError, merge_shards

    try:
        merged = merge_shards(Path(args.output), [Path(p) for p in args.parts], link=args.link)
    except MergeError as e:
        print(f"advocacy merge-shards: {e}; nothing was written", file=sys.stderr)
        return 1
    print(f"advocacy merge-shards: joined {merged.parts} parts ({merged.pages} generated pages, "
          f"{merged.files} files, {merged.bytes / 2**20:.1f} MB) into {args.output}")
    return 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="advocacy", description="Customer-advocacy sites from YAML records.")
    sub = ap.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check every record without building")
    v.add_argument("-f", "--config-file", default="mkdocs.yml")
    v.add_argument("--format", choices=["text", "github"], default="text")
    v.set_defaults(func=cmd_validate)
    n = sub.add_parser("new", help="write a new advocate record or case study from a template")
    n.add_argument("kind", choices=["advocate", "case-study"])
    n.add_argument("name", help='the person\'s name ("Jane Doe") or the case study\'s title')
    n.add_argument("-f", "--config-file", default="mkdocs.yml")
    n.set_defaults(func=cmd_new)
    s = sub.add_parser("schema", help="write the JSON Schemas editors use")
    s.add_argument("-o", "--output", default="schemas")
    s.set_defaults(func=cmd_schema)
    r = sub.add_parser("report", help="the internal program report (reads private data; never publish it)")
    r.add_argument("-f", "--config-file", default="mkdocs.yml")
    r.add_argument("--format", choices=["text", "json", "html"], default="text")
    r.add_argument("-o", "--output")
    r.set_defaults(func=cmd_report)
    m = sub.add_parser("match", help="the available reference customers for a request, ranked (internal)")
    m.add_argument("-f", "--config-file", default="mkdocs.yml")
    m.add_argument("--industry")
    m.add_argument("--size", help="company size, one of company_sizes (e.g. 1001-5000)")
    m.add_argument("--region")
    m.add_argument("--product")
    m.add_argument("--use-case", dest="use_case")
    m.add_argument("--language")
    m.add_argument("--limit", type=int, default=10, help="at most this many people (default 10)")
    m.add_argument("--format", choices=["text", "json"], default="text")
    m.add_argument("--internal", action="store_true",
                   help="include people who take calls but have not consented to be named publicly")
    m.set_defaults(func=cmd_match)
    b = sub.add_parser("build", help="build the site with MkDocs, ProperDocs or Zensical")
    b.add_argument("-f", "--config-file", default="mkdocs.yml")
    b.add_argument("--engine", choices=["mkdocs", "properdocs", "zensical"], default="mkdocs")
    b.add_argument("--strict", action="store_true", help="warnings fail the build too")
    b.add_argument("-d", "--site-dir", help="where to write the site (default: site_dir of the config)")
    b.set_defaults(func=cmd_build)
    w = sub.add_parser("serve", help="preview the site; after a record edit only the pages it changes are rebuilt")
    w.add_argument("-f", "--config-file", default="mkdocs.yml")
    w.add_argument("-a", "--dev-addr", help="IP:PORT to serve on (default: dev_addr of the config, 127.0.0.1:8000)")
    w.add_argument("-o", "--open", action="store_true", help="open the preview in a browser")
    w.set_defaults(func=cmd_serve)
    g = sub.add_parser("merge-shards", help="join the sites of a build in parts (the `shard` option) into one")
    g.add_argument("output", help="the joined site's folder (must not exist or be empty)")
    g.add_argument("parts", nargs="+", help="the parts' site folders, one per shard")
    g.add_argument("--link", action="store_true", help="hard-link files instead of copying them where possible")
    g.set_defaults(func=cmd_merge_shards)
    i = sub.add_parser("init", help="create a new advocacy site")
    i.add_argument("directory")
    i.add_argument("--name", help="your company's or product's name; the site is called \"NAME Customers\" "
                   "(asked for on a terminal; default: Example Co)")
    i.add_argument("--site-url", help="the address the site will be published at (asked for on a terminal; "
                   "without it, mkdocs.yml explains where to set it)")
    i.add_argument("--plugin-repo", metavar="URL[@REF]",
                   help="install the plugin into the new site from this git repository (at REF, default the tag "
                   "of this version) instead of the way it is installed here")
    i.set_defaults(func=cmd_init)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.func(args))


def run() -> None:
    """The `advocacy` command. Once it has said everything, the process ends without tearing down
    what it loaded: freeing a 10,000-record program object by object takes longer than a tenth of
    checking it, and nothing is left to write (output is flushed, files closed)."""
    # A one-shot command keeps every record until it exits: the cycle collector would only walk them
    # (a full pass over 10,000 records when it is switched back on after loading).
    gc.disable()
    code = main()
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:  # None under pythonw or with the stream closed by the caller
            stream.flush()
    logging.shutdown()
    os._exit(code)


if __name__ == "__main__":
    run()
