"""The shape DESIGN.md asks for, held by tests: a MkDocs-free core and schemas in sync with the models."""

from __future__ import annotations

import ast
from pathlib import Path

from mkdocs_advocacy.schemas import schema_texts

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "plugins" / "mkdocs_advocacy" / "core"


def test_core_never_imports_mkdocs():
    offenders = []
    for path in sorted(CORE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in ("mkdocs", "material")]
    assert offenders == []


def test_committed_schemas_match_the_models():
    for name, text in schema_texts().items():
        committed = (ROOT / "schemas" / name).read_text(encoding="utf-8")
        assert committed == text, f"schemas/{name} is stale: run `make schemas`"


def test_every_example_record_names_its_schema():
    for path in sorted((ROOT / "advocates").glob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schemas/advocate.schema.json", path.name
