"""The page cache under a rush: a hit is answered before the rest of the middleware stack with
the same headers as the page it copies, and after a change one request re-renders a page while
the others get the previous copy for a few seconds."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from careers_site.platform import page_cache
from tests.factories import ProfessionFactory

pytestmark = pytest.mark.django_db

# Headers the security middleware, the CSP and the clickjacking middleware give a page.
STACK_HEADERS = (
    "Content-Security-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def test_a_hit_carries_the_headers_of_the_page_it_copies(client):
    ProfessionFactory(title_masculine="Ambulancier")
    url = reverse("professions:list")
    miss = client.get(url)
    hit = client.get(url)
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    for name in STACK_HEADERS:
        assert hit[name] == miss[name], name
    assert hit["Content-Length"] == str(len(hit.content))


def test_a_hit_never_touches_the_session_or_the_user(client, monkeypatch):
    """Answered before SessionMiddleware and AuthenticationMiddleware: they do not run."""
    from django.contrib.sessions.middleware import SessionMiddleware

    url = reverse("professions:list")
    client.get(url)

    def refuse(self, request):
        raise AssertionError("the session middleware ran for a cached page")

    monkeypatch.setattr(SessionMiddleware, "process_request", refuse)
    assert client.get(url)["X-Page-Cache"] == "hit"


@override_settings(SECURE_HSTS_SECONDS=3600, SITE_URL="https://testserver")
def test_hsts_goes_with_https_copies_only(client):
    """One copy for both (the key is the site, not the scheme asked): HSTS is added to each
    answer over HTTPS, never stored with the page."""
    url = reverse("professions:list")
    assert "Strict-Transport-Security" in client.get(url, secure=True)
    plain = client.get(url)
    assert plain["X-Page-Cache"] == "hit"
    assert "Strict-Transport-Security" not in plain
    secure = client.get(url, secure=True)
    assert secure["X-Page-Cache"] == "hit"
    assert secure["Strict-Transport-Security"] == "max-age=3600"


@override_settings(SECURE_SSL_REDIRECT=True, SITE_URL="https://testserver")
def test_a_plain_http_visit_is_still_redirected_when_the_page_is_cached(client):
    url = reverse("professions:list")
    client.get(url, secure=True)
    assert client.get(url, secure=True)["X-Page-Cache"] == "hit"
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_a_host_not_allowed_gets_a_400_not_the_cached_copy(client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    url = reverse("professions:list")
    client.get(url)
    assert client.get(url, HTTP_HOST="evil.example").status_code == 400


def test_a_cached_copy_answers_304_to_a_browser_that_has_it(client):
    url = reverse("professions:list")
    etag = client.get(url)["ETag"]
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response.content == b""


def test_static_files_are_left_to_whitenoise(client):
    response = client.get("/static/does-not-exist.css")
    assert "X-Page-Cache" not in response
    assert response.get("Cache-Control", "") != "private, no-cache"


# -- A publish in a rush ------------------------------------------------------------------------


def rebuild_key(url):
    """The lock a request holds while it re-renders `url` (what a busy worker would hold)."""
    from django.test import RequestFactory

    request = RequestFactory().get(url)
    return page_cache.page_cache_key(request, []) + ":rebuild"


def test_while_one_request_rebuilds_a_page_the_others_get_the_previous_copy(client):
    profession = ProfessionFactory(tagline="Accroche de la veille.")
    url = reverse("professions:list")
    client.get(url)
    profession.tagline = "Accroche corrigée."
    profession.save()  # a publish: every page is out of date

    # Another worker is re-rendering the page right now.
    assert cache.add(rebuild_key(url), 1, 10)
    stale = client.get(url)
    assert stale["X-Page-Cache"] == "stale"
    assert "Accroche de la veille." in stale.content.decode()
    assert stale["Cache-Control"] == "public, max-age=0, s-maxage=0"  # never kept downstream

    # It is done: the next request renders (once) and stores the new page.
    cache.delete(rebuild_key(url))
    fresh = client.get(url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Accroche corrigée." in fresh.content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_the_request_that_rebuilds_releases_the_page_even_when_the_view_fails(client, monkeypatch):
    from professions.views import ProfessionListView

    profession = ProfessionFactory()
    url = reverse("professions:list")
    client.get(url)
    profession.save()

    def broken(self, **kwargs):
        raise RuntimeError("panne pendant le rendu")

    monkeypatch.setattr(ProfessionListView, "get_context_data", broken)
    client.raise_request_exception = False
    # Within the window after the change, the failed render gives the previous copy.
    failed = client.get(url)
    assert (failed.status_code, failed["X-Page-Cache"]) == (200, "stale")
    assert cache.get(rebuild_key(url)) is None  # the next request may try again


def test_a_page_never_cached_is_rendered_by_each_request(client):
    """No previous copy, nothing to serve meanwhile: a cold page is rendered, not refused."""
    url = reverse("professions:list")
    assert cache.add(rebuild_key(url), 1, 10)
    assert client.get(url)["X-Page-Cache"] == "miss"


def test_serving_the_previous_copy_can_be_switched_off(client, settings):
    settings.PAGE_CACHE_REBUILD_SECONDS = 0
    profession = ProfessionFactory(tagline="Accroche de la veille.")
    url = reverse("professions:list")
    client.get(url)
    profession.tagline = "Accroche corrigée."
    profession.save()
    cache.add(rebuild_key(url), 1, 10)
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Accroche corrigée." in response.content.decode()


# -- The version a process trusts ----------------------------------------------------------------


def test_a_change_made_in_this_process_shows_at_once(client, settings):
    settings.PAGE_CACHE_VERSION_SECONDS = 60
    profession = ProfessionFactory(tagline="Accroche de la veille.")
    url = reverse("professions:list")
    client.get(url)
    profession.tagline = "Accroche corrigée."
    profession.save()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Accroche corrigée." in response.content.decode()


def test_a_change_made_by_another_process_shows_within_the_trusted_seconds(client, settings):
    import time

    from careers_site.platform.cache import VERSION_KEY

    settings.PAGE_CACHE_VERSION_SECONDS = 0.2
    url = reverse("professions:list")
    client.get(url)
    cache.set(VERSION_KEY, "publié-par-un-autre-processus", None)
    assert client.get(url)["X-Page-Cache"] == "hit"  # still trusting what it read
    time.sleep(0.3)
    assert client.get(url)["X-Page-Cache"] == "miss"  # read again: the page is rebuilt
    assert client.get(url)["X-Page-Cache"] == "hit"


# -- This process's copies ----------------------------------------------------------------------


def entry(size):
    return {"content": b"x" * size, "variants": {}}


def test_local_copies_keep_the_most_recently_served_pages_within_their_bytes():
    copies = page_cache.LocalCopies(max_bytes=250, weight=page_cache.page_weight)
    copies.put("a", entry(100))
    copies.put("b", entry(100))
    assert copies.get("a") is not None  # « a » is now the most recent
    copies.put("c", entry(100))
    assert copies.get("b") is None
    assert copies.get("a") is not None and copies.get("c") is not None
    assert copies.size == 200
    copies.put("huge", entry(1000))  # bigger than everything: not kept, nothing pushed out
    assert copies.get("huge") is None and copies.size == 200
