"""`advocacy new` writes files a marketer can fill in, that validate as they are."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mkdocs_advocacy.core.load import parse_advocate, parse_case_study
from sitegen import ENV, mkdocs_yml, write


def advocacy(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs_advocacy", *args], cwd=cwd, env=ENV,
                          capture_output=True, text=True, timeout=120)


def test_new_advocate_and_case_study(tmp_path: Path):
    mkdocs_yml(tmp_path)
    write(tmp_path / "content/index.md", "# Home\n")
    result = advocacy("new", "advocate", "Zoë O'Brien-Smith", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    record = tmp_path / "advocates/zoe-o-brien-smith.yml"
    text = record.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/advocate.schema.json\n")
    parsed, problems = parse_advocate(text, "advocates/zoe-o-brien-smith.yml")
    assert parsed is not None and parsed.name == "Zoë O'Brien-Smith" and not problems

    assert advocacy("new", "case-study", "How Acme won", cwd=tmp_path).returncode == 0
    case = (tmp_path / "case_studies/how-acme-won.md").read_text(encoding="utf-8")
    front, problems = parse_case_study(case, "case_studies/how-acme-won.md")
    assert front is not None and front.front.draft and not problems

    again = advocacy("new", "advocate", "Zoë O'Brien-Smith", cwd=tmp_path)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert advocacy("validate", cwd=tmp_path).returncode == 0
