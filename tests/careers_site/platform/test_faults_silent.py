"""Outages where the service accepts the connection and then never answers (issue 18): a
firewall that drops packets, a frozen server. Refused connections fail at once whatever the
timeouts; these fail only as fast as the timeouts allow, so raising DATABASE_CONNECT_TIMEOUT or
the Redis socket timeouts (to 30 s, say) makes these tests fail."""

import socket
import time
import urllib.error
import urllib.request

import pytest
from django.urls import reverse

from tests.careers_site.platform.servers import (
    app_arguments,
    free_port,
    gunicorn,
    server_environment,
)
from tests.factories import ProfessionFactory

# The promise: a page or /healthz answers within this many seconds when a service hangs.
DEADLINE = 6


@pytest.fixture
def silent_port():
    """A port that completes the TCP handshake (the kernel's backlog) and never says a word."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield listener.getsockname()[1]


def within_deadline(function):
    """`function()`'s result; a failure if it took longer than DEADLINE (a generous bound: the
    timeouts are half a second for Redis, two seconds for PostgreSQL). Run in the test's own
    thread: the test database is not shared with others."""
    started = time.monotonic()
    value = function()
    elapsed = time.monotonic() - started
    assert elapsed < DEADLINE, f"answered after {elapsed:.1f} s: a timeout is too long"
    return value


@pytest.mark.django_db
def test_a_redis_that_never_answers_only_slows_the_first_request(client, settings, silent_port):
    profession = ProfessionFactory(title_masculine="Manipulateur radio")
    # Then Redis hangs: every cache call from now on is timed, the first one included.
    settings.CACHES = {
        "default": {
            "BACKEND": "careers_site.platform.cache_backends.FailSafeRedisCache",
            "LOCATION": f"redis://127.0.0.1:{silent_port}/0",
        }
    }
    settings.PAGE_CACHE_ENABLED = True
    for url in (reverse("home"), reverse("professions:list"), profession.get_absolute_url()):
        response = within_deadline(lambda url=url: client.get(url))
        assert response.status_code == 200, url
    assert "Manipulateur radio" in response.content.decode()
    health = within_deadline(lambda: client.get("/healthz"))
    assert health.status_code == 200
    assert health.json() == {"database": "ok", "cache": "error"}


@pytest.fixture
def server_with_silent_database(tmp_path, silent_port):
    """gunicorn, with PostgreSQL configured on a host that accepts and never answers."""
    port = free_port()
    env = server_environment(
        DATABASE_URL=f"postgres://careers:secret@127.0.0.1:{silent_port}/careers",
        DJANGO_MEDIA_ROOT=str(tmp_path),
    )
    with gunicorn(app_arguments(port), env, port) as server:
        yield f"http://127.0.0.1:{port}"
    assert "Traceback" not in server.output, server.output


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=DEADLINE) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def test_a_database_that_never_answers_gives_a_503_within_the_deadline(
    server_with_silent_database,
):
    for path in ("/", "/recherche/?q=soin"):
        status, headers, body = fetch(server_with_silent_database + path)
        assert status == 503, (path, body[:300])
        assert headers["Retry-After"] == "30"
        assert "Le site fait une courte pause" in body
    status, _headers, body = fetch(server_with_silent_database + "/healthz")
    assert status == 503
