"""Under CI=true a skipped test fails the run, unless tests/allowed_skips.txt names it: a test
that silently skips in CI proves nothing (a missing service, a busy port, a file outside the
repository). Loaded by tests/conftest.py; PYTEST_ALLOWED_SKIPS points at another list."""

import fnmatch
import os
from pathlib import Path

import pytest

DEFAULT_ALLOW_LIST = Path(__file__).with_name("allowed_skips.txt")


def allowed_patterns(path=None):
    path = Path(path or os.environ.get("PYTEST_ALLOWED_SKIPS") or DEFAULT_ALLOW_LIST)
    if not path.exists():
        return []
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def unexpected(nodeids, patterns):
    return [node for node in nodeids if not any(fnmatch.fnmatch(node, p) for p in patterns)]


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("CI") != "true":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    skipped = [report.nodeid for report in reporter.stats.get("skipped", [])]
    found = unexpected(skipped, allowed_patterns())
    if found:
        reporter.write_sep(
            "=", "skipped tests are failures in CI (tests/allowed_skips.txt)", red=True
        )
        for node in found:
            reporter.write_line(f"SKIPPED IN CI: {node}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
