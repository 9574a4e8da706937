"""Counters and QR codes are bounded (issue 18): random sources add no counter and no row (they
are counted under « autre »), and QR codes are made only for published pages, short links that
exist and registered sources, so a client cannot fill the cache or the visit table."""

import pytest
from django.core.cache import cache

from careers_site.core.models import Status
from careers_site.toolkit import visits
from careers_site.toolkit.models import VisitCount
from tests.factories import ProfessionFactory, SourceLinkFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/131.0 Mobile"


def cache_keys(prefix):
    return {key for key in cache._cache if f":{prefix}" in key}


@pytest.fixture
def profession():
    return ProfessionFactory(slug="aide-soignant")


def test_random_sources_add_neither_counters_nor_rows(client, profession):
    client.get("/metiers/aide-soignant/", HTTP_USER_AGENT=BROWSER)
    client.get("/metiers/aide-soignant/?src=premier", HTTP_USER_AGENT=BROWSER)
    counters = cache_keys("visits:")
    for number in range(100):
        response = client.get(f"/metiers/aide-soignant/?src=x{number}", HTTP_USER_AGENT=BROWSER)
        assert response.status_code == 200
    assert cache_keys("visits:") == counters
    visits.flush()
    rows = {(row.source, row.count) for row in VisitCount.objects.all()}
    assert rows == {("", 1), ("autre", 101)}


def test_a_registered_source_is_counted_by_name_from_its_first_visit(client, profession):
    client.get("/metiers/aide-soignant/?src=salon-lyon", HTTP_USER_AGENT=BROWSER)
    SourceLinkFactory(code="salon-lyon")  # staff add the fair's dedicated link
    client.get("/metiers/aide-soignant/?src=salon-lyon", HTTP_USER_AGENT=BROWSER)
    visits.flush()
    assert {(row.source, row.count) for row in VisitCount.objects.all()} == {
        ("autre", 1),
        ("salon-lyon", 1),
    }


@pytest.mark.parametrize(
    "lien",
    [
        "/metiers/n-existe-pas/",
        "/metiers/brouillon/",
        "/m/n-existe-pas",
        "/s/aucun-salon",
        "/affiche/m/aide-soignant/",
    ],
)
def test_no_qr_code_for_a_page_that_does_not_exist(client, profession, lien):
    ProfessionFactory(slug="brouillon", status=Status.DRAFT)
    response = client.get("/qr.svg", {"lien": lien})
    assert response.status_code == 400
    assert "aucune page publiée" in response.content.decode()
    assert cache_keys("qr:") == set()


@pytest.mark.parametrize("lien", ["/", "/metiers/", "/metiers/aide-soignant/", "/m/aide-soignant"])
def test_qr_codes_for_published_pages_and_short_links(client, profession, lien):
    assert client.get("/qr.svg", {"lien": lien}).status_code == 200


def test_qr_code_with_a_source_needs_a_registered_one(client, profession):
    response = client.get("/qr.svg", {"lien": "/m/aide-soignant", "src": "inconnue"})
    assert response.status_code == 400
    assert "est pas enregistrée" in response.content.decode()
    assert cache_keys("qr:") == set()
    SourceLinkFactory(code="inconnue")
    assert client.get("/qr.svg", {"lien": "/m/aide-soignant", "src": "inconnue"}).status_code == 200


def test_a_poster_with_an_unregistered_source_says_how_to_ask_for_it(client, profession):
    response = client.get("/affiche/m/aide-soignant/?source=salon-invente")
    assert response.status_code == 404
    html = response.content.decode()
    assert "La source «&nbsp;salon-invente&nbsp;» n'est pas enregistrée" in html
    assert 'href="/affiche/m/aide-soignant/">Ouvrir la page sans source' in html
    assert 'href="/demander-une-source/m/aide-soignant/?source=salon-invente"' in html


def test_counters_live_in_their_own_cache_when_one_is_configured(client, profession, settings):
    """In production the counters go to a Redis that never evicts (REDIS_COUNTERS_URL), apart
    from the page cache, which may evict under its memory limit."""
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "counters": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "counters-test",
        },
    }
    client.get("/metiers/aide-soignant/", HTTP_USER_AGENT=BROWSER)
    assert any(":visits:" in key for key in caches["counters"]._cache)
    assert not cache_keys("visits:")
    cache.clear()  # the page cache evicts everything: no visit is lost
    assert visits.flush() == 1
    assert VisitCount.objects.get().count == 1
    caches["counters"].clear()
