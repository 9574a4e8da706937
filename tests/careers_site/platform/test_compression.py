"""Every text answer goes out compressed, whether or not the page cache keeps it, and never one
that holds a secret (a session or a CSRF token): BREACH (careers_site/platform/compression.py)."""

import gzip

import brotli
import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import ProfessionFactory

pytestmark = pytest.mark.django_db

# The orientation result is never kept by the page cache (answers stay out of it).
RESULT = reverse("orientation:result") + "?r1=oui&r2=non"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture(autouse=True)
def a_profession():
    ProfessionFactory(title_masculine="Aide-soignant")


def test_an_uncached_page_is_sent_in_brotli_to_a_browser_that_accepts_it(client):
    response = client.get(RESULT, headers={"accept-encoding": "gzip, deflate, br"})
    assert response.status_code == 200
    assert "X-Page-Cache" not in response or response["X-Page-Cache"] != "hit"
    assert response["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response["Vary"]
    html = brotli.decompress(response.content).decode()
    assert "</html>" in html
    assert int(response["Content-Length"]) == len(response.content)


def test_gzip_when_the_browser_does_not_take_brotli(client):
    response = client.get(RESULT, headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert "</html>" in gzip.decompress(response.content).decode()


def test_a_refused_encoding_is_not_used(client):
    response = client.get(RESULT, headers={"accept-encoding": "br;q=0, gzip"})
    assert response["Content-Encoding"] == "gzip"


def test_no_compression_for_a_browser_that_asks_for_none(client):
    response = client.get(RESULT)
    assert not response.has_header("Content-Encoding")
    assert "</html>" in response.content.decode()
    assert "Accept-Encoding" in response["Vary"]


def test_the_404_page_is_compressed(client):
    response = client.get("/cette-page-n-existe-pas/", headers={"accept-encoding": "br"})
    assert response.status_code == 404
    assert response["Content-Encoding"] == "br"


def test_a_cached_page_keeps_its_stored_variant_and_is_not_compressed_twice(client):
    url = reverse("professions:list")
    client.get(url)
    hit = client.get(url, headers={"accept-encoding": "br"})
    assert hit["X-Page-Cache"] == "hit"
    assert hit["Content-Encoding"] == "br"
    assert "Aide-soignant" in brotli.decompress(hit.content).decode()


def test_a_page_with_a_csrf_token_is_never_compressed(client):
    """The admin login form carries a CSRF token: compressing it beside reflected text would
    let an attacker guess the token from the response sizes."""
    response = client.get(
        reverse("admin:login") + "?next=/admin/quelque-chose/", headers={"accept-encoding": "br"}
    )
    assert response.status_code == 200
    assert settings.CSRF_COOKIE_NAME in response.cookies
    assert not response.has_header("Content-Encoding")


def test_a_logged_in_editor_gets_public_pages_uncompressed(staff_client):
    response = staff_client.get(RESULT, headers={"accept-encoding": "br"})
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


def test_a_strong_etag_becomes_weak_once_the_bytes_change(client):
    url = "/cette-page-n-existe-pas/"
    plain = client.get(url)
    compressed = client.get(url, headers={"accept-encoding": "gzip"})
    assert plain["ETag"].startswith('"')
    assert compressed["ETag"] == "W/" + plain["ETag"]
