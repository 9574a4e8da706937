"""The site keeps answering when a service does not: a database that is down gives cached
pages or a branded 503 at once, a dead Redis only slows the site down, and /healthz tells the
load balancer which is which."""

import json
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import connections
from django.db.utils import OperationalError
from django.urls import reverse

from careers_site.platform import health
from tests.careers_site.platform.servers import (
    app_arguments,
    free_port,
    gunicorn,
    server_environment,
)
from tests.factories import ProfessionFactory

DEAD_REDIS = "redis://127.0.0.1:1/0"


@contextmanager
def database_down():
    """Every new query fails as it does when the server refuses connections."""

    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')

    # On the class: /healthz asks from its own thread, with its own connection object.
    with mock.patch.object(type(connections["default"]), "ensure_connection", refuse):
        yield


def no_wait(seconds):
    raise AssertionError(f"a request waited {seconds} s before trying again")


def assert_branded_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    html = response.content.decode()
    assert "<h1>Le site fait une courte pause</h1>" in html
    assert html.count("<h1") == 1 and '<html lang="fr">' in html
    for leak in ("Traceback", "OperationalError", "5432", "127.0.0.1"):
        assert leak not in html
    assert "Content-Security-Policy" in response


@pytest.mark.django_db
class TestDatabaseDown:
    def test_pages_answer_a_branded_503_at_once(self, client):
        ProfessionFactory()

        # « At once »: the first refused connection answers the 503, no wait-and-retry.
        with database_down(), mock.patch("time.sleep", no_wait):
            for url in (reverse("home"), reverse("professions:list"), reverse("search") + "?q=x"):
                assert_branded_503(client.get(url))

    def test_cached_pages_keep_being_served(self, client, settings):
        settings.PAGE_CACHE_ENABLED = True
        profession = ProfessionFactory(title_masculine="Aide-soignant")
        warm = client.get(profession.get_absolute_url())
        assert warm.status_code == 200
        with database_down():
            cached = client.get(profession.get_absolute_url())
            assert cached.status_code == 200
            assert "Aide-soignant" in cached.content.decode()
            # A page nobody asked for yet needs the database: 503, not 500.
            assert_branded_503(client.get(reverse("trainings:aid_list")))

    def test_the_503_is_never_cached(self, client, settings):
        settings.PAGE_CACHE_ENABLED = True
        with database_down():
            assert client.get(reverse("home")).status_code == 503
        assert client.get(reverse("home")).status_code == 200

    def test_healthz_says_the_database_is_down(self, client):
        with database_down():
            response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json() == {"database": "error", "cache": "ok"}


@pytest.mark.django_db
class TestHealthz:
    def test_all_well(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"database": "ok", "cache": "ok"}
        assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]

    def test_answers_the_load_balancer_by_address_and_over_http(self, client, settings):
        settings.SECURE_SSL_REDIRECT = True
        response = client.get("/healthz", HTTP_HOST="10.0.0.12:8000")
        assert response.status_code == 200

    def test_no_other_method(self, client):
        assert client.post("/healthz").status_code != 200


@pytest.fixture
def dead_redis(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "careers_site.platform.cache_backends.FailSafeRedisCache",
            "LOCATION": DEAD_REDIS,
        }
    }


@pytest.mark.django_db
class TestRedisDown:
    def test_pages_are_served_from_the_database(self, client, dead_redis, settings):
        settings.PAGE_CACHE_ENABLED = True
        profession = ProfessionFactory(title_masculine="Manipulateur radio")
        # A refused connection is given up at once: no request waits to try Redis again.
        with mock.patch("time.sleep", no_wait):
            for url in (
                reverse("home"),
                reverse("professions:list"),
                profession.get_absolute_url(),
            ):
                response = client.get(url)
                assert response.status_code == 200, url
        assert "Manipulateur radio" in response.content.decode()

    def test_a_copy_kept_from_before_the_outage_is_not_served_instead_of_the_page(
        self, client, settings
    ):
        """The previous copy is served only while another request rebuilds the page; with
        Redis down nobody can say so, and every request renders the current page."""
        settings.PAGE_CACHE_ENABLED = True
        profession = ProfessionFactory(title_masculine="Manipulateur radio", tagline="Avant.")
        url = reverse("professions:list")
        client.get(url)  # kept in Redis (here local memory) and in this process's copies
        settings.CACHES = {
            "default": {
                "BACKEND": "careers_site.platform.cache_backends.FailSafeRedisCache",
                "LOCATION": DEAD_REDIS,
            }
        }
        profession.tagline = "Pendant la panne."
        profession.save()
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss"
        assert "Pendant la panne." in response.content.decode()

    def test_healthz_reports_a_degraded_cache_but_stays_in_service(self, client, dead_redis):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"database": "ok", "cache": "error"}

    def test_the_cache_api_answers_misses(self, dead_redis):
        from django.core.cache import cache

        assert cache.get("clé", "défaut") == "défaut"
        assert cache.set("clé", 1) is None
        assert cache.add("clé", 1) is False
        assert cache.get_many(["a", "b"]) == {}
        assert cache.get_or_set("clé", 42) == 42
        with pytest.raises(ValueError):
            cache.incr("compteur")


@pytest.fixture
def server_with_dead_database(tmp_path):
    """gunicorn, with PostgreSQL configured on a port where nothing listens."""
    port = free_port()
    env = server_environment(
        DATABASE_URL="postgres://careers:secret@127.0.0.1:1/careers",
        DJANGO_MEDIA_ROOT=str(tmp_path),
    )
    with gunicorn(app_arguments(port), env, port) as server:
        yield f"http://127.0.0.1:{port}"
    assert "Traceback" not in server.output, server.output


def fetch(url):
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, error.headers, error.read()
    return status, headers, body.decode(), time.monotonic() - started


def test_a_real_server_with_its_database_down_answers_503(server_with_dead_database):
    # How long it may take is the business of the timeouts, checked against a database that
    # never answers in test_faults_silent.py (a refused connection here fails at once).
    for path in ("/", "/metiers/", "/formations/", "/recherche/?q=soin"):
        status, headers, body, _elapsed = fetch(server_with_dead_database + path)
        assert status == 503, (path, body[:300])
        assert headers["Retry-After"] == "30"
        assert "Le site fait une courte pause" in body
        assert "Traceback" not in body
    status, _headers, body, _elapsed = fetch(server_with_dead_database + "/healthz")
    assert status == 503
    assert json.loads(body) == {"database": "error", "cache": "ok"}


@pytest.mark.django_db
def test_healthz_answers_within_a_second_when_the_database_hangs(client, monkeypatch):
    """A database that accepts and never answers (frozen): /healthz says so within a second,
    again and again, and the probes stuck behind it do not pile up."""
    import threading

    from django.db.backends.base.base import BaseDatabaseWrapper

    release = threading.Event()
    started = []

    def hang(self, *args, **kwargs):
        started.append(1)
        release.wait(30)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", hang)
    assert health.DATABASE_PROBE_SECONDS < 1
    try:
        for _ in range(3):
            began = time.monotonic()
            response = client.get("/healthz")
            # Not a speed: the database holds each probe 30 s; an answer before that is the
            # probe's own limit (DATABASE_PROBE_SECONDS, under a second) at work.
            assert time.monotonic() - began < 30
            assert response.status_code == 503
            assert response.json()["database"] == "error"
        assert len(started) == 1  # one probe stuck, not one per request
    finally:
        release.set()
