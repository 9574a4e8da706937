"""The API's throttles (issue 27): atomic counters that lose no concurrent request, a limit
per client that leaves the others served, and the site's ceiling untouched by a client
already refused. Before: 1,500 requests went through a 1,200 a minute limit, then every client
was locked out at once."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.test import RequestFactory
from django.urls import reverse

from careers_site.opendata.throttling import ClientThrottle, SiteWideThrottle

pytestmark = pytest.mark.django_db

URL = reverse("opendata:metiers-list")


def test_concurrent_requests_are_all_counted(monkeypatch):
    """Eight threads at once, with a cache slow enough for any read-change-write to lose
    updates: exactly the rate gets through (DRF's list of timestamps let 120 of 120 through
    this way)."""
    monkeypatch.setattr(SiteWideThrottle, "THROTTLE_RATES", {"api": "50/min"})
    slow_get = LocMemCache.get

    def get(self, *args, **kwargs):
        value = slow_get(self, *args, **kwargs)
        time.sleep(0.002)
        return value

    # On the class: each thread has its own cache object (over the same memory).
    monkeypatch.setattr(LocMemCache, "get", get)
    request = RequestFactory().get(URL)

    def one(_):
        return SiteWideThrottle().allow_request(request, None)

    with ThreadPoolExecutor(8) as pool:
        allowed = sum(pool.map(one, range(120)))
    assert allowed == 50


def test_a_client_over_its_limit_leaves_the_others_served(client, monkeypatch):
    monkeypatch.setattr(ClientThrottle, "THROTTLE_RATES", {"api-client": "3/min"})
    monkeypatch.setattr(SiteWideThrottle, "THROTTLE_RATES", {"api": "10/min"})
    greedy = {"REMOTE_ADDR": "203.0.113.7"}
    for _ in range(3):
        assert client.get(URL, **greedy).status_code == 200
    for _ in range(20):  # refused by its own limit: the site's budget is not spent
        refused = client.get(URL, **greedy)
        assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Trop de requêtes")
    assert 1 <= int(refused["Retry-After"]) <= 60
    for number in range(7):
        assert client.get(URL, REMOTE_ADDR=f"198.51.100.{number}").status_code == 200
    # The site's ceiling: ten answers a minute in all.
    assert client.get(URL, REMOTE_ADDR="198.51.100.99").status_code == 429


def test_an_ipv6_slash_64_is_one_client_and_no_address_is_stored(client, monkeypatch):
    monkeypatch.setattr(ClientThrottle, "THROTTLE_RATES", {"api-client": "2/min"})
    assert client.get(URL, REMOTE_ADDR="2001:db8:1:2::1").status_code == 200
    assert client.get(URL, REMOTE_ADDR="2001:db8:1:2::ffff").status_code == 200
    assert client.get(URL, REMOTE_ADDR="2001:db8:1:2:aaaa::3").status_code == 429
    assert client.get(URL, REMOTE_ADDR="2001:db8:1:3::1").status_code == 200
    keys = " ".join(cache._cache)
    assert "2001" not in keys and "203.0" not in keys


def test_the_limit_ends_with_its_window(client, monkeypatch):
    import time_machine

    monkeypatch.setattr(ClientThrottle, "THROTTLE_RATES", {"api-client": "1/min"})
    with time_machine.travel("2026-03-02 10:00:00 +0000", tick=False) as clock:
        assert client.get(URL).status_code == 200
        clock.shift(59)
        assert client.get(URL).status_code == 429
        clock.shift(1)
        assert client.get(URL).status_code == 200
