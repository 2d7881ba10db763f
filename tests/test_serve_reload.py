"""`mkdocs serve` and `advocacy serve` pick up an edit to an advocate record: the data folders are
watched; `advocacy serve` rebuilds only the pages the edit changes.

Starts a real server on a free loopback port, edits the record, and waits for the page to change.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

MKDOCS_YML = """\
site_name: Reload test
docs_dir: content
theme:
  name: material
plugins:
  - search
  - advocacy
"""

RECORD = """\
name: Robin Example
title: {title}
company: Reload Labs
industry: Software
consent:
  public: true
  given: 2025-01-15
testimonials:
  - quote: Edits show up while I watch.
    date: 2025-03-01
"""

OLD_TITLE = "Head of Original Titles"
NEW_TITLE = "Chief Reloading Officer"

DRAFT = """\
---
title: Unfinished story of Reload Labs
customer: Reload Labs
summary: Not ready yet.
date: 2025-04-01
industry: Software
draft: true
---

Work in progress.
"""

# Talk to the local server directly, whatever proxy the environment names.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with _OPENER.open(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _wait_for(url: str, predicate, timeout: float, proc: subprocess.Popen[bytes], log: Path) -> str:
    deadline = time.monotonic() + timeout
    body = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the server exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        body = _get(url)
        if body is not None and predicate(body):
            return body
        time.sleep(0.5)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {url}\n--- last body ---\n{body}\n"
                f"--- server log ---\n{log.read_text(errors='replace')}")


COMMANDS = {"mkdocs serve": ["-m", "mkdocs", "serve"], "advocacy serve": ["-m", "mkdocs_advocacy", "serve"]}


@pytest.mark.slow
@pytest.mark.parametrize("command", list(COMMANDS))
def test_editing_a_record_reloads_its_page(tmp_path: Path, command: str) -> None:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "advocates").mkdir()
    (site / "case_studies").mkdir()
    (site / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (site / "content" / "index.md").write_text("# Reload test\n", encoding="utf-8")
    record = site / "advocates" / "one.yml"
    record.write_text(RECORD.format(title=OLD_TITLE), encoding="utf-8")
    (site / "case_studies" / "unfinished.md").write_text(DRAFT, encoding="utf-8")

    port = _free_port()
    url = f"http://127.0.0.1:{port}/advocates/one/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        # Livereload stays on (it is what rebuilds on a change); no --dirty: full rebuilds.
        proc = subprocess.Popen(
            [sys.executable, *COMMANDS[command], "-a", f"127.0.0.1:{port}"],
            cwd=site, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
        try:
            _wait_for(url, lambda body: OLD_TITLE in body, 60, proc, log)
            # A draft previews with its banner, and enters no listing or JSON file.
            draft = _get(f"http://127.0.0.1:{port}/case-studies/unfinished/") or ""
            assert "Draft" in draft and "Work in progress." in draft
            assert "Unfinished story" not in (_get(f"http://127.0.0.1:{port}/case-studies/") or "")
            assert (_get(f"http://127.0.0.1:{port}/api/case-studies.json") or "").strip() == "[]"
            time.sleep(1)  # let the watcher settle after the first build
            record.write_text(RECORD.format(title=NEW_TITLE), encoding="utf-8")
            body = _wait_for(url, lambda body: NEW_TITLE in body, 60, proc, log)
            assert OLD_TITLE not in body
            if command == "advocacy serve":  # the page, its listings and the api files; not the hand-written home
                assert re.search(r"Rebuilt \d+ of \d+ generated pages", log.read_text(errors="replace"))
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)
