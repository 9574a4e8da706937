"""The page cache on Redis, as in production: a hit makes no query, a change shows at once.
Skipped when Redis does not answer on 127.0.0.1:6379, except under CI=true where it fails."""

import os
import socket
import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import ProfessionFactory

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
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
    settings.CACHES = {
        "default": {
            "BACKEND": "careers_site.cache_backends.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}",
        }
    }
    settings.PAGE_CACHE_ENABLED = True
    yield cache
    cache.clear()


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
