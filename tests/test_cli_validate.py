"""`advocacy validate`: the pre-commit and pull-request check (SPEC.md section 9)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from test_bad_input import ADVOCATE, make_site, sub

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
ERROR = "reviews[0].rating: must be between 1 and 5, got 6 (set scale: 10 for a 10-point rating)"
WARNING = ("testimonials[0].date: 2026-03-01 is after 2026-01-31: left out until then "
           "(a likely typo in the year)")
BOB = """\
name: Bob Roe
company: Acme Clinics
industry: Healthcare
testimonials:
  - quote: Great support.
    date: 2026-03-01
"""


def validate(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # run from elsewhere: -f alone must locate the site
    return subprocess.run([sys.executable, "-m", "mkdocs_advocacy", "validate", "-f", str(root / "mkdocs.yml"), *args],
                          capture_output=True, text=True, env=ENV, cwd=root.parent, timeout=120)


def broken_site(root: Path) -> Path:
    """One error (in jane-doe) and one warning (in bob-roe, whose record is otherwise fine)."""
    make_site(root)
    sub(ADVOCATE, "rating: 5", "rating: 6")(root)
    (root / "advocates" / "bob-roe.yml").write_text(BOB, encoding="utf-8")
    return root


def test_errors_exit_1_and_are_printed_with_file_and_line(tmp_path: Path) -> None:
    result = validate(broken_site(tmp_path / "site"))
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert f"ERROR   advocates/jane-doe.yml:21: {ERROR}" in lines
    assert f"WARNING advocates/bob-roe.yml:6: {WARNING}" in lines
    assert "1 error, 1 warning" in result.stdout


def test_github_format_prints_annotations(tmp_path: Path) -> None:
    result = validate(broken_site(tmp_path / "site"), "--format", "github")
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert f"::error file=advocates/jane-doe.yml,line=21::{ERROR}" in lines
    assert f"::warning file=advocates/bob-roe.yml,line=6::{WARNING}" in lines
    assert all(line.startswith("::") for line in lines), lines


def test_a_warning_alone_does_not_fail(tmp_path: Path) -> None:
    root = broken_site(tmp_path / "site")
    sub(ADVOCATE, "rating: 6", "rating: 5")(root)
    result = validate(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"WARNING advocates/bob-roe.yml:6: {WARNING}" in result.stdout.splitlines()


def test_a_clean_site_exits_0(tmp_path: Path) -> None:
    result = validate(make_site(tmp_path / "site"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ERROR" not in result.stdout and "WARNING" not in result.stdout
    assert "0 errors, 0 warnings (1 advocates, 1 case studies)" in result.stdout


def test_a_misspelled_option_fails(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as f:
        f.write("      page_sise: 12\n")
    result = validate(root)
    assert result.returncode == 1, result.stdout + result.stderr
    # MkDocs' own config loader reports it first (the plugin turns its warning into an error)
    assert "ERROR" in result.stdout and "page_sise" in result.stdout, result.stdout
    assert "did you mean 'page_size'?" in result.stdout
