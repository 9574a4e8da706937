"""The page cache never serves what should be gone (issue 27): a page unpublished, deleted or
no longer storable loses its copy at its first render; a previous copy stands in only while a
render is in progress or fails, and never more than PAGE_CACHE_REBUILD_SECONDS after the
change; with the cache unreachable, no copy is trusted past that window; junk parameter values
make no entry."""

import pickle

import pytest
import time_machine
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from careers_site.core.models import Status
from careers_site.platform import page_cache
from careers_site.platform.cache import forget_remembered_version
from tests.careers_site.platform.test_cache_keys import page_entries as entries_and_locks
from tests.careers_site.platform.test_cache_rush import rebuild_key
from tests.factories import ProfessionFactory, VideoFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def render_in_progress(url):
    """What another worker holds while it renders `url` (a render that hangs)."""
    assert cache.add(rebuild_key(url), 1, 3600)


def page_entries():
    return {key for key in entries_and_locks() if not key.endswith(":rebuild")}


def test_an_unpublished_page_is_gone_at_its_first_render(client):
    profession = ProfessionFactory(title_masculine="Ambulancier")
    url = profession.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    profession.status = Status.DRAFT
    profession.save()

    assert client.get(url).status_code == 404  # the render: the copy is removed
    render_in_progress(url)  # another request now, while a worker renders the page again
    assert client.get(url).status_code == 404
    assert page_entries() == set()


def test_a_deleted_video_is_not_served_from_a_process_copy(client):
    video = VideoFactory()
    url = video.get_absolute_url()
    client.get(url)
    video.delete()
    assert client.get(url).status_code == 404
    # Another process still has the page in memory: the shared cache says it is gone.
    render_in_progress(url)
    assert client.get(url).status_code == 404


def test_a_render_too_big_to_store_removes_the_previous_copy(client, settings):
    profession = ProfessionFactory()
    url = reverse("professions:list")
    client.get(url)
    settings.PAGE_CACHE_MAX_BYTES = 100  # the new page cannot be stored
    profession.save()
    assert "X-Page-Cache" not in client.get(url)  # rendered, not stored
    assert page_entries() == set()
    render_in_progress(url)
    answer = client.get(url)
    assert answer.status_code == 200 and "X-Page-Cache" not in answer  # rendered, not stale


def test_the_previous_copy_stands_in_ten_seconds_at_most_whatever_the_load(client):
    profession = ProfessionFactory(tagline="Accroche de la veille.")
    url = reverse("professions:list")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.get(url)
        profession.tagline = "Accroche corrigée."
        profession.save()
        render_in_progress(url)  # a render that hangs
        clock.shift(9.9)
        assert client.get(url)["X-Page-Cache"] == "stale"
        clock.shift(0.2)  # 10.1 s after the change
        late = client.get(url)
        assert late["X-Page-Cache"] == "miss"
        assert "Accroche corrigée." in late.content.decode()


def test_an_expired_copy_stands_in_ten_seconds_past_its_expiry_at_most(client, settings):
    ProfessionFactory()
    settings.PAGE_CACHE_TIMEOUT = 60
    url = reverse("professions:list")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.get(url)
        render_in_progress(url)
        clock.shift(60 + 9.9)
        assert client.get(url)["X-Page-Cache"] == "stale"
        clock.shift(0.2)
        assert client.get(url)["X-Page-Cache"] == "miss"


def test_with_the_cache_unreachable_a_local_copy_is_trusted_ten_seconds_at_most(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "careers_site.platform.cache_backends.FailSafeRedisCache",
            "LOCATION": "redis://127.0.0.1:9/5",  # nothing listens on the discard port
            "OPTIONS": {"retry_after_failure": 3600},
        }
    }
    forget_remembered_version()
    profession = ProfessionFactory(tagline="Accroche de la veille.")
    url = reverse("professions:list")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert client.get(url)["X-Page-Cache"] == "miss"
        assert client.get(url)["X-Page-Cache"] == "hit"  # this process's own copy
        # Another server unpublishes or corrects it: nothing can tell this process.
        type(profession).objects.filter(pk=profession.pk).update(tagline="Accroche corrigée.")
        clock.shift(9.9)
        assert client.get(url)["X-Page-Cache"] == "hit"
        clock.shift(0.2)
        fresh = client.get(url)
        assert fresh["X-Page-Cache"] == "miss"
        assert "Accroche corrigée." in fresh.content.decode()


@pytest.mark.parametrize("value", ["1", "0001", "+1", " 1"])
def test_page_one_however_written_is_the_bare_list(client, value):
    ProfessionFactory()
    url = reverse("professions:list")
    client.get(url)
    entries = page_entries()
    response = client.get(url, {"page": value})
    assert (response.status_code, response["X-Page-Cache"]) == (200, "hit")
    assert page_entries() == entries


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=0",
        "page=-1",
        "page=1e3",
        "secteur=inconnu",
        "niveau=99",
        "apprentissage=2",
    ],
)
def test_junk_values_of_read_parameters_make_no_entry_of_their_own(client, query):
    """Junk is dropped before the key is made: the page is the list without it."""
    ProfessionFactory()
    url = reverse("professions:list")
    client.get(url)
    entries = page_entries()
    response = client.get(f"{url}?{query}")
    assert (response.status_code, response["X-Page-Cache"]) == (200, "hit")
    assert page_entries() == entries


def test_the_offers_list_keeps_one_entry_for_its_known_values_only(client):
    url = reverse("trainings:offer_list")
    client.get(url)  # junk is dropped: it is this page
    assert client.get(url, {"departement": "63"})["X-Page-Cache"] == "miss"
    assert client.get(url, {"departement": "63", "page": "01"})["X-Page-Cache"] == "hit"
    entries = page_entries()
    client.get(url, {"departement": "99"})
    client.get(url, {"rentree": "13"})
    client.get(url, {"modalite": "nimporte"})
    assert page_entries() == entries


def test_3000_junk_parameter_requests_add_under_a_megabyte(rf):
    """The probe of issue 27 (2,214 keys and 56 MB before): the professions list's address
    and parameters, a rendered page of 40 KB standing in for the view (3,000 real renders
    would take minutes)."""
    body = b"<!DOCTYPE html><title>M\xc3\xa9tiers</title>" + bytes(range(256)) * 160
    middleware = page_cache.PageCacheMiddleware(
        lambda request: HttpResponse(body, content_type="text/html; charset=utf-8")
    )
    url = reverse("professions:list")

    def stored_bytes():
        return sum(len(pickle.dumps(value)) for value in cache._cache.values())

    middleware(rf.get(url))
    before = stored_bytes()
    params = ["page", "secteur", "niveau", "duree", "apprentissage", "recrute"]
    for number in range(3000):
        name = params[number % len(params)]
        request = rf.get(url, {name: f"{number:04d}x", "utm_source": number})
        assert middleware(request).status_code == 200
    assert stored_bytes() - before < 1024 * 1024
    assert len(page_entries()) == 1
