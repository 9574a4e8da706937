"""The page cache on Redis, as in production: a hit makes no query, a change shows at once.
Skipped when Redis does not answer on 127.0.0.1:6379, except under CI=true where it fails.

Redis database 13 belongs to these tests (test_scaling.py has 15, make bench 14; CI's run on
PostgreSQL, beside the one on SQLite, gives them 11 through TEST_REDIS_URL); each test uses its
own key prefix and deletes its own keys only, never the whole database."""

import os
import socket
import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import ProfessionFactory
from tests.spies import calls_to

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
pytestmark = pytest.mark.django_db


def redis_answers(host="127.0.0.1", port=6379):
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_cache(settings):
    if not redis_answers():
        if os.environ.get("CI") == "true":
            pytest.fail("Redis must answer on 127.0.0.1:6379 in CI")
        pytest.skip("Redis does not answer on 127.0.0.1:6379")
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "careers_site.platform.cache_backends.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    settings.PAGE_CACHE_ENABLED = True
    yield cache
    client = cache._cache.get_client(write=True)
    for key in client.scan_iter(match=f"{prefix}:*", count=500):
        client.delete(key)


def test_redis_serves_cached_pages_and_forgets_them_on_change(
    redis_cache, client, django_assert_num_queries
):
    from django.core.cache import caches

    assert "Redis" in type(caches["default"]).__name__
    profession = ProfessionFactory(title_masculine="Manipulateur radio")
    url = reverse("professions:list")
    assert client.get(url)["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        hit = client.get(url, headers={"If-None-Match": "nothing"})
    assert hit["X-Page-Cache"] == "hit"
    etag = hit["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    profession.tagline = "Une accroche changée sur Redis."
    profession.save()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Une accroche changée sur Redis." in response.content.decode()


@pytest.mark.parametrize(("trusted_seconds", "expected"), [(0, ["GET", "GET"]), (60, [])])
def test_a_cached_page_costs_no_round_trip_to_redis_or_a_small_one(
    redis_cache, client, monkeypatch, settings, trusted_seconds, expected
):
    """The page comes from the copy this process keeps. The content version is read from
    Redis (a few bytes, through one reused client), or not at all while the process trusts
    the one it read (PAGE_CACHE_VERSION_SECONDS, 1 s in production)."""
    from redis import Redis

    settings.PAGE_CACHE_VERSION_SECONDS = trusted_seconds
    ProfessionFactory()
    url = reverse("professions:list")
    client.get(url)
    commands = calls_to(monkeypatch, Redis, "execute_command")
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert [args[1] for args, _ in commands] == expected
    assert len({id(args[0]) for args, _ in commands}) <= 1  # one client, reused


def test_another_process_serves_the_copy_stored_in_redis(redis_cache, client):
    """A server process that has not rendered the page yet finds it in Redis."""
    from careers_site.platform import page_cache

    ProfessionFactory(title_masculine="Ergothérapeute")
    url = reverse("professions:list")
    first = client.get(url)
    page_cache.forget_local_copies()  # as in a process that never served it
    second = client.get(url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_counting_a_visit_is_one_round_trip(redis_cache, client, monkeypatch):
    """The visit counter is incremented by one script run in Redis (exists, then incr), not by
    two commands: it is on every page view."""
    from redis import Redis

    from careers_site.toolkit import visits

    visits.count_visit("/metiers/", "")
    commands = calls_to(monkeypatch, Redis, "execute_command")
    visits.count_visit("/metiers/", "")
    assert [args[1] for args, _ in commands] == ["EVALSHA"]
    with pytest.raises(ValueError):
        cache.incr("absent-counter")
    assert cache.get("absent-counter") is None  # a missing counter is not created
    assert visits.pending_counts(visits.timezone.localdate())[("/metiers/", "")][1] == 2


def test_a_page_rendered_before_a_change_is_not_served_after_it(redis_cache, client):
    """Even when its own key is still in Redis, a page stored under an older content version
    is stale: the next visitor gets a fresh rendering."""
    profession = ProfessionFactory(tagline="Ancienne accroche sur Redis.")
    url = reverse("professions:list")
    assert "Ancienne accroche" in client.get(url).content.decode()
    profession.tagline = "Nouvelle accroche sur Redis."
    profession.save()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Nouvelle accroche" in response.content.decode()
