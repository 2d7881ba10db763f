"""`advocacy match` on the example program, as of a fixed date: golden text and JSON.

The example's mkdocs.yml leaves `as_of` unset, so the test runs on a copy of it with `as_of:
2026-11-30`, beside links to the example's folders. Regenerate with ADVOCACY_REGENERATE=1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sitegen import ENV

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden" / "match"
CASES = {
    "healthcare": ["--industry", "Healthcare"],
    "forecast-english-internal": ["--product", "Forecast", "--language", "English", "--internal"],
    "software-size": ["--industry", "Software", "--size", "201-1000", "--limit", "3"],
    "use-case": ["--use-case", "Pipeline reviews"],
    "nobody": ["--industry", "Aerospace"],
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("example")
    for name in ("advocates", "case_studies", "content", "theme"):
        (root / name).symlink_to(ROOT / name)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    for item in config["plugins"]:
        if isinstance(item, dict) and "advocacy" in item:
            item["advocacy"]["as_of"] = "2026-11-30"
    text = yaml.safe_dump(config, sort_keys=False, allow_unicode=True).replace("as_of: '2026-11-30'",
                                                                              "as_of: 2026-11-30")
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    return root


def _match(site: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs_advocacy", "match", "-f", str(site / "mkdocs.yml"), *args],
                          cwd=site, env=ENV, capture_output=True, text=True, timeout=300)


def _golden(name: str, got: str) -> None:
    path = GOLDEN / name
    if os.environ.get("ADVOCACY_REGENERATE"):
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8"), f"tests/golden/match/{name} differs"


@pytest.mark.parametrize("case", sorted(CASES))
def test_match_text_golden(site, case):
    done = _match(site, *CASES[case])
    assert done.returncode == 0, done.stderr
    _golden(f"{case}.txt", done.stdout)


def test_match_json_golden_and_shape(site):
    done = _match(site, "--industry", "Healthcare", "--internal", "--format", "json")
    assert done.returncode == 0, done.stderr
    _golden("healthcare-internal.json", done.stdout)
    data = json.loads(done.stdout)
    assert data["as_of"] == "2026-11-30" and data["query"] == {"industry": "Healthcare"}
    # Samuel Osei (cap 1, asked once on 2026-11-02) is held back at his cap, exactly reached
    assert [c["slug"] for c in data["at_cap"]] == ["samuel-osei"]
    assert data["at_cap"][0]["asks_in_window"] == data["at_cap"][0]["cap"] == 1
    assert {c["slug"] for c in data["matches"]} == {"sofia-almeida", "maria-gonzalez"}


def test_match_never_proposes_non_public_people_unless_asked(site):
    public = _match(site, "--industry", "Manufacturing").stdout
    internal = _match(site, "--industry", "Manufacturing", "--internal").stdout
    assert "Robert Haines" not in public  # not public: an internal-only reference
    assert "Robert Haines" in internal and "internal only" in internal


def test_software_account_is_flagged_as_tapped(site):
    out = _match(site, "--industry", "Software").stdout
    assert "Stackwise was asked" in out
    assert "David Okafor (Stackwise)" in out  # over his cap: held back
