"""Shared by every test: an unexpected WARNING from MkDocs or the plugin, logged in the test's own
process, fails the test (as mkdocs-section-index's suite does). Mark a test `allow_warnings` when
a warning is what it checks."""

from __future__ import annotations

import logging

import pytest


@pytest.fixture(autouse=True)
def _no_unexpected_warnings(request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.WARNING)
    yield
    if request.node.get_closest_marker("allow_warnings"):
        return
    unexpected = [f"{r.name}: {r.getMessage()}" for r in caplog.records
                  if r.levelno >= logging.WARNING and r.name.split(".")[0] in ("mkdocs", "mkdocs_advocacy", "properdocs")]
    assert unexpected == [], "unexpected warnings logged"
