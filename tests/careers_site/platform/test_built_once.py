"""built_once(): one build per content version, the others wait for it; a new version
builds again; a failed build lets the next request build."""

import threading

import pytest
from django.core.cache import cache

from careers_site.platform.cache import BUILT_KEY, built_once, bump_content_version, content_version


def test_built_once_per_version():
    builds = []

    def build():
        builds.append(1)
        return b"contenu"

    assert built_once("fichier", build) == b"contenu"
    assert built_once("fichier", build) == b"contenu"
    assert len(builds) == 1
    bump_content_version()
    built_once("fichier", build)
    assert len(builds) == 2


def test_concurrent_requests_wait_for_the_one_build():
    builds = []
    started = threading.Event()
    release = threading.Event()

    def slow_build():
        builds.append(1)
        started.set()
        release.wait(5)
        return "fait"

    results = []
    builder = threading.Thread(target=lambda: results.append(built_once("lourd", slow_build)))
    builder.start()
    started.wait(5)
    waiters = [
        threading.Thread(target=lambda: results.append(built_once("lourd", slow_build)))
        for _ in range(5)
    ]
    for waiter in waiters:
        waiter.start()
    release.set()
    for thread in (builder, *waiters):
        thread.join(10)
    assert results == ["fait"] * 6
    assert len(builds) == 1


def test_a_failed_build_lets_the_next_request_build():
    def broken():
        raise RuntimeError("panne")

    with pytest.raises(RuntimeError):
        built_once("fragile", broken)
    assert built_once("fragile", lambda: "réparé") == "réparé"
    key = BUILT_KEY.format(version=content_version(), name="fragile")
    assert cache.get(key) == "réparé"
