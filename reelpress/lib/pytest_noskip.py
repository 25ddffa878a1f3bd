"""Pytest plugin: with REELPRESS_FORBID_SKIPS=1 (as in CI) a skipped test fails the run.

Locally, tests that need something absent (PostgreSQL, Chromium, the dev set) skip with a
reason; in CI everything is installed, so a skip means a broken install and must not pass.
"""

import os

import pytest


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("REELPRESS_FORBID_SKIPS") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(
            f"REELPRESS_FORBID_SKIPS=1: {len(skipped)} test(s) skipped; in CI nothing may skip.", red=True
        )
        for report in skipped:
            reporter.write_line(f"  skipped: {report.nodeid} {report.longrepr}")
        session.exitstatus = 1
