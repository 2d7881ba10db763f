"""Under `mkdocs serve`, a rebuild after one record changes re-reads only that record."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from mkdocs_advocacy.core.cache import ParseCache
from mkdocs_advocacy.core.program import load_program
from mkdocs_advocacy.core.settings import Settings
from sitegen import write, write_yaml


def _program(root: Path, cache: ParseCache):
    return load_program(root, Settings(), dt.date(2026, 1, 31), root / "content", cache=cache)


def test_only_changed_records_are_parsed_again(tmp_path: Path):
    (tmp_path / "content").mkdir()
    for n in range(5):
        write_yaml(tmp_path / f"advocates/person-{n}.yml", {"name": f"Person {n}", "company": "C", "industry": "I"})
    write(tmp_path / "case_studies/one.md", "---\ntitle: T\ncustomer: C\nsummary: S\ndate: 2025-01-01\nindustry: I\n---\n")
    cache = ParseCache()
    program, problems = _program(tmp_path, cache)
    assert cache.parsed == 6 and not problems.errors

    _program(tmp_path, cache)
    assert cache.parsed == 6  # nothing changed: nothing parsed

    path = tmp_path / "advocates/person-2.yml"
    path.write_text(path.read_text().replace("Person 2", "Person Two"))
    os.utime(path, ns=(1, 1))  # a different modification time, whatever the clock's resolution
    program, _ = _program(tmp_path, cache)
    assert cache.parsed == 7
    assert program.advocates["person-2"].record.name == "Person Two"

    os.utime(path, ns=(2, 2))  # touched, same content: hashed, not parsed
    _program(tmp_path, cache)
    assert cache.parsed == 7


def test_problems_of_a_cached_file_are_reported_on_every_build(tmp_path: Path):
    (tmp_path / "content").mkdir()
    (tmp_path / "case_studies").mkdir()
    write(tmp_path / "advocates/bad.yml", "name: Bad\ncompany: C\nindustry: I\nregion: NO\n")
    cache = ParseCache()
    first = [str(p) for p in _program(tmp_path, cache)[1].errors]
    second = [str(p) for p in _program(tmp_path, cache)[1].errors]
    assert first == second and "region" in first[0]
