"""Shared by the browser tests: Debian's Chromium, started so that it never reaches the network."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]


def require_browser() -> None:
    """Skip without Chromium; under CI (ADVOCACY_REQUIRE_BROWSER=1) fail instead."""
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing (apt-get install chromium)"
    if os.environ.get("ADVOCACY_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)
