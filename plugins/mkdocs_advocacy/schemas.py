"""JSON Schemas of advocate records and case-study front matter, generated from the models.

Editors use them through `# yaml-language-server: $schema=...`: a red underline and each field's
description while a marketer types.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .core.records import Advocate, CaseStudy

SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {"advocate.schema.json": (Advocate, "Advocate record"),
           "case-study.schema.json": (CaseStudy, "Case study front matter")}


def schema_texts() -> dict[str, str]:
    out = {}
    for name, (model, title) in SCHEMAS.items():
        schema = model.model_json_schema()
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": title}
        out[name] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return out


def write_schemas(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
