"""In CI a skipped test fails the run unless the allow-list in the repository names it
(issue 18): run pytest for real on a throwaway test file."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SAMPLE = """
import pytest

def test_runs():
    assert True

def test_needs_a_service():
    pytest.skip("the service does not answer")
"""


def run_pytest(tmp_path, ci, allowed=""):
    (tmp_path / "test_sample.py").write_text(SAMPLE)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    allow_list = tmp_path / "allowed.txt"
    allow_list.write_text(allowed)
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "DJANGO_SETTINGS_MODULE")}
    env.update(PYTEST_ALLOWED_SKIPS=str(allow_list), PYTHONPATH=str(ROOT))
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "tests.skip_guard",
            "-p",
            "no:django",
            "-p",
            "no:cacheprovider",
            "-c",
            str(tmp_path / "pytest.ini"),
            str(tmp_path),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_skip_fails_the_run_in_ci(tmp_path):
    result = run_pytest(tmp_path, ci=True)
    assert result.returncode == 1, result.stdout
    assert "SKIPPED IN CI: test_sample.py::test_needs_a_service" in result.stdout


def test_an_allowed_skip_passes_in_ci(tmp_path):
    allowed = "# no such service on the CI machine\n*::test_needs_a_service\n"
    result = run_pytest(tmp_path, ci=True, allowed=allowed)
    assert result.returncode == 0, result.stdout


def test_outside_ci_a_skip_is_only_reported(tmp_path):
    result = run_pytest(tmp_path, ci=False)
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout
