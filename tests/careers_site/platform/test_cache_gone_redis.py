"""Issue 27's cache probes on Redis, as in production (database 13, TEST_REDIS_URL to change;
skipped without Redis except under CI=true): junk parameter values add under 1 MB, and an
unpublished page is not served from another process's copy."""

import pytest
from django.http import HttpResponse
from django.urls import reverse

from careers_site.core.models import Status
from careers_site.platform import page_cache
from tests.careers_site.platform.test_cache_redis import redis_cache  # noqa: F401
from tests.factories import ProfessionFactory

pytestmark = pytest.mark.django_db


def stored_bytes(cache):
    client = cache._cache.get_client(write=True)
    prefix = cache.key_prefix
    return sum(
        client.memory_usage(key) or 0 for key in client.scan_iter(match=f"{prefix}:*", count=500)
    )


def test_3000_junk_parameter_requests_add_under_a_megabyte_to_redis(redis_cache, rf):  # noqa: F811
    body = b"<!DOCTYPE html><title>M\xc3\xa9tiers</title>" + bytes(range(256)) * 160
    middleware = page_cache.PageCacheMiddleware(
        lambda request: HttpResponse(body, content_type="text/html; charset=utf-8")
    )
    url = reverse("professions:list")
    middleware(rf.get(url))
    before = stored_bytes(redis_cache)
    params = ["page", "secteur", "niveau", "duree", "apprentissage", "recrute"]
    for number in range(3000):
        name = params[number % len(params)]
        middleware(rf.get(url, {name: f"{number:04d}x", "utm_source": number}))
    assert stored_bytes(redis_cache) - before < 1024 * 1024


def test_an_unpublished_page_is_not_served_from_another_process_copy(
    redis_cache,  # noqa: F811
    client,
):
    profession = ProfessionFactory()
    url = profession.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    other_process_copy = page_cache.local_copies.get(page_cache.page_cache_key(rf_get(url), []))
    assert other_process_copy is not None
    profession.status = Status.DRAFT
    profession.save()
    assert client.get(url).status_code == 404
    # Another process still holds the old page in memory, and a render is in progress.
    page_cache.local_copies.put(page_cache.page_cache_key(rf_get(url), []), other_process_copy)
    redis_cache.add(page_cache.page_cache_key(rf_get(url), []) + ":rebuild", 1, 60)
    assert client.get(url).status_code == 404


def rf_get(url):
    from django.test import RequestFactory

    return RequestFactory().get(url)
