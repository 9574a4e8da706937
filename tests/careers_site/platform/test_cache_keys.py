"""What the page cache keeps, and under which key (issue 18): only the parameters a page reads
make an entry, so random or tracking parameters cannot fill the cache; downloads and huge pages
are not kept; the site comes from SITE_URL, not from the Host header; a search term leaves the
cache within seconds."""

import time

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from careers_site.platform.page_cache import reads_params, view_params
from tests.factories import (
    CampaignFactory,
    EventFactory,
    ProfessionFactory,
    SocialAssetFactory,
    VideoFactory,
)
from tests.spies import calls_to

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def page_entries():
    """The page entries the cache holds now (local memory in tests)."""
    return {key for key in cache._cache if ":page-cache:page:" in key}


def test_random_tracking_and_unknown_parameters_create_no_entry(client):
    ProfessionFactory(title_masculine="Aide-soignant")
    url = reverse("professions:list")
    assert client.get(url)["X-Page-Cache"] == "miss"
    entries = page_entries()
    for number in range(30):
        response = client.get(f"{url}?utm_x={number}&fbclid=a{number}&n{number}=junk{number}")
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "hit"
    assert page_entries() == entries


def test_a_cold_page_with_junk_is_stored_as_its_canonical_copy_without_the_junk(client):
    for _number in range(13):  # two pages of twelve
        VideoFactory()
    url = reverse("campaigns:video_list")
    first = client.get(url + "?page=2&inconnu=<b>piege</b>&utm_source=lettre")
    assert first["X-Page-Cache"] == "miss"
    html = first.content.decode()
    assert "piege" not in html and "utm_source" not in html and "inconnu" not in html
    assert len(page_entries()) == 1
    # The declared parameter counts: page 2 is not page 1.
    assert client.get(url + "?page=2")["X-Page-Cache"] == "hit"
    assert client.get(url)["X-Page-Cache"] == "miss"


def test_a_view_that_declares_nothing_is_cached_only_at_its_bare_address(client):
    url = reverse("robots_txt")
    assert view_params(client.get(url).wsgi_request).params is None
    assert client.get(url)["X-Page-Cache"] == "hit"
    entries = page_entries()
    # Its own parameters may change it: rendered, never stored.
    for number in range(10):
        response = client.get(f"{url}?x={number}")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]
    # Tracking parameters only: the bare copy is served.
    assert client.get(url + "?utm_campaign=affiche")["X-Page-Cache"] == "hit"
    assert page_entries() == entries


def test_reads_params_declares_what_a_function_view_reads():
    @reads_params("page", free_text=("q",))
    def view(request):
        return None

    assert set(view.page_cache_params) == {"page", "q"}
    assert view.page_cache_free_text_params == ("q",)


def test_a_campaign_kit_zip_is_not_page_cached(client):
    asset = SocialAssetFactory(campaign=CampaignFactory())
    url = reverse("campaigns:kit_zip", args=[asset.campaign.slug])
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/zip"
        assert "X-Page-Cache" not in response
    assert page_entries() == set()


def test_a_calendar_download_is_not_page_cached(client):
    event = EventFactory()
    response = client.get(reverse("campaigns:event_ics", args=[event.slug]))
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert page_entries() == set()


def test_a_page_over_the_size_cap_is_not_kept(client, settings):
    settings.PAGE_CACHE_MAX_BYTES = 1000
    url = reverse("professions:list")
    assert client.get(url).status_code == 200
    assert "X-Page-Cache" not in client.get(url)
    assert page_entries() == set()


def test_the_host_header_neither_splits_the_cache_nor_shows_in_the_page(client, settings):
    settings.SITE_URL = "https://metiers-du-soin.example.org"
    settings.ALLOWED_HOSTS = ["testserver", "TestServer", "testserver:8080"]
    url = reverse("professions:list")
    assert client.get(url, HTTP_HOST="testserver")["X-Page-Cache"] == "miss"
    for host in ("TESTSERVER", "testserver:8080"):
        response = client.get(url, HTTP_HOST=host)
        assert response["X-Page-Cache"] == "hit"
        html = response.content.decode()
        assert 'rel="canonical" href="https://metiers-du-soin.example.org/metiers/"' in html
        assert "8080" not in html and "TESTSERVER" not in html
    assert len(page_entries()) == 1


def test_a_search_term_leaves_the_cache_within_seconds(client, settings):
    ProfessionFactory(title_masculine="Infirmier")
    url = reverse("search") + "?q=infirmier"
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        first = client.get(url)
        assert first["X-Page-Cache"] == "miss"
        assert "max-age=10" in first["Cache-Control"]
        assert client.get(url)["X-Page-Cache"] == "hit"
        traveller.shift(settings.PAGE_CACHE_FREE_TEXT_SECONDS + 1)
        assert client.get(url)["X-Page-Cache"] == "miss"
    # A page without typed words keeps the usual lifetime.
    assert "max-age=60" in client.get(reverse("professions:list"))["Cache-Control"]


def test_a_search_page_is_stored_in_the_shared_cache_for_seconds_only(client, settings):
    """The privacy promise is about the shared store (Redis in production), not only about
    freshness: the entry of a typed search expires with its freshness, where a page without
    typed words is kept one period longer as the copy served during the next render."""
    ProfessionFactory(title_masculine="Infirmier")
    with time_machine.travel(timezone.now(), tick=False):
        now = time.time()
        assert client.get(reverse("search") + "?q=infirmier")["X-Page-Cache"] == "miss"
        (search_key,) = page_entries()
        assert cache._expire_info[search_key] == now + settings.PAGE_CACHE_FREE_TEXT_SECONDS
        client.get(reverse("professions:list"))
        (list_key,) = page_entries() - {search_key}
        assert cache._expire_info[list_key] > now + settings.PAGE_CACHE_TIMEOUT


def test_a_position_near_me_is_not_kept_either(client):
    url = reverse("trainings:offer_list") + "?lat=45.76&lon=4.84"
    response = client.get(url)
    assert response.status_code == 200
    assert "max-age=10" in response["Cache-Control"]


def test_an_old_address_forwards_the_visitors_source_with_the_cache_on(client):
    """The page cache takes ?src= off the request the view sees; the permanent redirect of an
    old slug still passes it on, so the fair's visit is counted on the new address."""
    profession = ProfessionFactory(slug="ancienne-adresse")
    profession.slug = "nouvelle-adresse"
    profession.save()
    response = client.get("/metiers/ancienne-adresse/?src=salon-lyon&utm_source=affiche")
    assert response.status_code == 301
    assert response["Location"] == "/metiers/nouvelle-adresse/?src=salon-lyon&utm_source=affiche"


def test_a_spelling_of_the_apis_parameters_is_read_once_then_remembered(client, monkeypatch):
    from careers_site.platform import page_cache

    readings = calls_to(monkeypatch, page_cache, "canonical_pairs")
    page_cache._remembered_canonical.cache_clear()
    near = "/api/v1/offres/?lat=45.7797&lon=3.0863"
    assert client.get(near)["X-Page-Cache"] == "miss"
    assert client.get(near)["X-Page-Cache"] == "hit"
    assert client.get(near)["X-Page-Cache"] == "hit"
    assert len(readings) == 1  # the hits found the reading of this spelling remembered
    # Another spelling of the same position is read once too, and served the same copy.
    assert client.get("/api/v1/offres/?lon=3.08630&lat=45.7797")["X-Page-Cache"] == "hit"
    assert len(readings) == 2
    # A refused spelling (half a position) is remembered as refused: each answer is a 400.
    for _ in range(2):
        assert client.get("/api/v1/offres/?lat=45.7797").status_code == 400
    assert len(readings) == 3


def test_a_long_query_string_is_read_each_time_never_remembered(client, monkeypatch):
    from careers_site.platform import page_cache

    page_cache._remembered_canonical.cache_clear()
    url = "/recherche/?q=" + "infirmier+" * 40
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert page_cache._remembered_canonical.cache_info().currsize == 0
    assert client.get("/recherche/?q=infirmier").status_code == 200
    assert page_cache._remembered_canonical.cache_info().currsize == 1
