"""Every public page type is valid HTML for the Nu HTML checker (the W3C validator), with no
error: duplicated ids, misnested elements or bad attributes break assistive technologies
before anyone notices them on screen.

The checker is a Java program (vnu.jar, from the npm package vnu-jar). `.ci/run` installs it
under `.tools/`; elsewhere set VNU_JAR to a copy, or the test is skipped outside CI."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.test_public_pages import public_urls, world  # noqa: F401 (world: a fixture)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_JAR = ROOT / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
IN_CI = os.environ.get("CI") == "true"


@pytest.fixture(scope="module")
def vnu():
    jar = Path(os.environ.get("VNU_JAR") or DEFAULT_JAR)
    java = shutil.which("java")
    if jar.exists() and java:
        return [java, "-jar", str(jar)]
    message = f"Nu HTML checker not found ({jar}, java: {java}): see this module's docstring"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.mark.django_db
def test_every_public_page_type_is_valid_html(client, world, vnu, tmp_path):  # noqa: F811
    files = {}
    for number, url in enumerate(public_urls(world)):
        response = client.get(url)
        assert response.status_code == 200, url
        path = tmp_path / f"page-{number}.html"
        path.write_bytes(response.content)
        files[path.name] = url

    result = subprocess.run(
        [*vnu, "--errors-only", "--format", "json", *map(str, sorted(tmp_path.glob("*.html")))],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    errors = [
        f"{files.get(Path(m.get('url', '')).name, m.get('url'))} line {m.get('lastLine')}: "
        f"{m.get('message')}"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]
    assert len(files) >= 20
    assert not errors, "\n".join(errors)
