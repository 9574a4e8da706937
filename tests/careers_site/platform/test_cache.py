"""The full-page cache: anonymous pages served from the cache without a query, every change
visible at once, scheduled content appearing by itself, headers for browsers and a CDN, 304s,
compression, and staff or previews never cached."""

import datetime
import gzip

import brotli
import pytest
import time_machine
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from careers_site.core.models import SiteSettings, Status
from careers_site.platform import cache as page_cache
from careers_site.toolkit.models import ShortLink, SourceRequest, VisitCount
from tests.factories import (
    DiplomaFactory,
    EventFactory,
    OrganisationFactory,
    ProfessionFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def get(client, url, **headers):
    return client.get(url, headers=headers)


def test_second_anonymous_visit_is_served_from_the_cache_without_any_query(
    client, django_assert_num_queries
):
    ProfessionFactory(title_masculine="Aide-soignant")
    first = client.get(reverse("professions:list"))
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(reverse("professions:list"))
    assert second["X-Page-Cache"] == "hit"
    assert second.status_code == 200
    assert second.content == first.content
    assert "Aide-soignant" in second.content.decode()


@pytest.mark.parametrize("name", ["home", "professions:list", "trainings:offer_list", "sitemap"])
def test_anonymous_pages_do_not_touch_the_session_and_are_cached(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "cookie" in response["Vary"].lower()  # for a CDN: staff must not get this copy
    assert not response.cookies
    assert client.get(reverse(name))["X-Page-Cache"] == "hit"


def test_a_changed_profession_shows_at_once(client):
    profession = ProfessionFactory(title_masculine="Aide-soignant")
    url = profession.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    profession.tagline = "Une phrase toute neuve pour ce métier."
    profession.save()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Une phrase toute neuve pour ce métier." in response.content.decode()
    # The list shows it too: every page is forgotten, not only the object's own.
    assert "Une phrase toute neuve" in client.get(reverse("professions:list")).content.decode()


def test_a_new_link_between_objects_shows_at_once(client):
    profession = ProfessionFactory()
    diploma = DiplomaFactory(name="Diplôme tout nouveau")
    url = profession.get_absolute_url()
    assert "Diplôme tout nouveau" not in client.get(url).content.decode()
    diploma.professions.add(profession)  # many-to-many: no save of either object
    assert "Diplôme tout nouveau" in client.get(url).content.decode()


def test_a_deleted_object_disappears_at_once(client):
    video = VideoFactory(title="Portrait à retirer")
    assert "Portrait à retirer" in client.get(reverse("campaigns:video_list")).content.decode()
    video.delete()
    assert "Portrait à retirer" not in client.get(reverse("campaigns:video_list")).content.decode()


def test_site_settings_and_partners_show_at_once(client):
    client.get(reverse("home"))
    site = SiteSettings.load()
    site.site_name = "Soigner en Auvergne-Rhône-Alpes"
    site.save()
    OrganisationFactory(name="Partenaire tout neuf", show_as_partner=True)
    content = client.get(reverse("home")).content.decode()
    assert "Soigner en Auvergne-Rhône-Alpes" in content
    assert "Partenaire tout neuf" in content


def test_publishing_through_the_admin_action_shows_at_once(staff_client):
    """The admin's « publier » action updates rows in bulk, without any signal: the staff
    request itself forgets the cached pages."""
    draft = ProfessionFactory(title_masculine="Orthoptiste", draft=True)
    visitor = Client()
    assert "Orthoptiste" not in visitor.get(reverse("professions:list")).content.decode()
    assert visitor.get(reverse("professions:list"))["X-Page-Cache"] == "hit"
    response = staff_client.post(
        reverse("admin:professions_profession_changelist"),
        {"action": "publish_now", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert "Orthoptiste" in visitor.get(reverse("professions:list")).content.decode()


def test_a_stranger_posting_with_a_made_up_cookie_does_not_empty_the_cache(client):
    before = page_cache.content_version()
    client.cookies[settings.SESSION_COOKIE_NAME] = "nimportequoi"
    client.post(reverse("admin:professions_profession_changelist"), {"action": "publish_now"})
    assert page_cache.content_version() == before


def test_scheduled_content_appears_by_itself_on_its_date(client):
    now = timezone.now()
    ProfessionFactory(
        title_masculine="Ergothérapeute", published_at=now + datetime.timedelta(minutes=5)
    )
    url = reverse("professions:list")
    response = client.get(url)
    assert "Ergothérapeute" not in response.content.decode()
    # Nobody may keep the page past the publication: not the server, not a CDN.
    assert "s-maxage=" in response["Cache-Control"]
    assert page_cache.seconds_until_change() <= 300
    assert client.get(url)["X-Page-Cache"] == "hit"
    with time_machine.travel(now + datetime.timedelta(minutes=6), tick=False):
        assert "Ergothérapeute" in client.get(url).content.decode()


def test_an_event_leaves_the_upcoming_list_by_itself(client):
    now = timezone.now()
    EventFactory(
        title="Forum des métiers du soin",
        starts_at=now + datetime.timedelta(minutes=1),
        ends_at=now + datetime.timedelta(minutes=10),
    )
    assert page_cache.seconds_until_change() <= 60


def test_pages_expire_at_midnight_at_the_latest(client):
    """Dates decide too (consent ending, application windows): a page never outlives the day."""
    noon = timezone.make_aware(datetime.datetime(2026, 3, 2, 23, 50))
    with time_machine.travel(noon, tick=False):
        assert page_cache.seconds_until_change() == 600


def test_cacheable_pages_tell_browsers_and_cdns_how_long_to_keep_them(client):
    response = client.get(reverse("home"))
    cache_control = response["Cache-Control"]
    assert cache_control.startswith("public")
    assert f"max-age={settings.PAGE_CACHE_BROWSER_MAX_AGE}" in cache_control
    assert f"s-maxage={settings.PAGE_CACHE_SHARED_MAX_AGE}" in cache_control


def test_staff_pages_are_never_cached(staff_client):
    ProfessionFactory(title_masculine="Aide-soignant")
    for _ in range(2):
        response = staff_client.get(reverse("professions:list"))
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]
    admin = staff_client.get(reverse("admin:index"))
    assert "public" not in admin["Cache-Control"]
    assert "private" in admin["Cache-Control"]


def test_a_preview_is_never_cached_nor_served_from_the_cache(staff_client):
    draft = ProfessionFactory(title_masculine="Podologue", draft=True)
    preview = staff_client.get(draft.get_absolute_url() + "?apercu=1")
    assert preview.status_code == 200
    assert "Podologue" in preview.content.decode()
    assert "no-store" in preview["Cache-Control"] or "no-cache" in preview["Cache-Control"]
    assert "X-Page-Cache" not in preview
    # An anonymous visitor asking the same address does not get the preview.
    assert Client().get(draft.get_absolute_url() + "?apercu=1").status_code == 404


def test_errors_are_not_cached(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "X-Page-Cache" not in response
    assert response["Cache-Control"] == "private, no-cache"


def test_query_string_order_does_not_matter(client):
    url = reverse("trainings:offer_list")
    assert client.get(url + "?departement=69&ouvertes=1")["X-Page-Cache"] == "miss"
    assert client.get(url + "?ouvertes=1&departement=69")["X-Page-Cache"] == "hit"
    assert client.get(url + "?ouvertes=1&departement=38")["X-Page-Cache"] == "miss"


def test_conditional_get_answers_304_for_a_cached_page(client):
    first = client.get(reverse("home"))
    etag = first["ETag"]
    assert etag
    response = client.get(reverse("home"), headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    # After a change, the same ETag gets the new page.
    ProfessionFactory(title_masculine="Diététicien")
    changed = client.get(reverse("home"), headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


@pytest.mark.parametrize(
    ("accept", "encoding", "decompress"),
    [
        ("gzip, deflate, br, zstd", "br", brotli.decompress),
        ("gzip, deflate", "gzip", gzip.decompress),
    ],
)
def test_pages_are_compressed_once_for_the_browser(client, accept, encoding, decompress):
    plain = client.get(reverse("home")).content
    response = client.get(reverse("home"), headers={"Accept-Encoding": accept})
    assert response["X-Page-Cache"] == "hit"
    assert response["Content-Encoding"] == encoding
    assert "accept-encoding" in response["Vary"].lower()
    assert decompress(response.content) == plain
    assert len(response.content) < len(plain) / 3


def test_nothing_is_cached_when_the_cache_is_switched_off(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    client.get(reverse("home"))
    response = client.get(reverse("home"))
    assert "X-Page-Cache" not in response


def test_the_cache_survives_losing_its_version(client):
    client.get(reverse("home"))
    cache.delete(page_cache.VERSION_KEY)
    assert client.get(reverse("home"))["X-Page-Cache"] == "miss"
    assert client.get(reverse("home"))["X-Page-Cache"] == "hit"


def test_a_short_link_forgets_the_cached_pages_a_visit_count_or_a_request_does_not():
    """Posters and sheets print the short links; the counts and the counsellors' requests
    show on no public page (PAGE_CACHE_IGNORED_MODELS)."""
    profession = ProfessionFactory()
    before = page_cache.content_version()
    VisitCount.objects.create(day=datetime.date(2026, 3, 14), path="/metiers/", count=3)
    SourceRequest.objects.create(
        source="forum-annecy",
        organisation="CIO d'Annecy",
        email="cio@example.org",
        content_type=ContentType.objects.get_for_model(profession),
        object_id=profession.pk,
    )
    assert page_cache.content_version() == before
    link = ShortLink.objects.get(object_id=profession.pk, kind="m")
    link.code = "relu"
    link.save()
    assert page_cache.content_version() != before


def test_bookkeeping_models_do_not_empty_the_cache(django_user_model):
    """Sessions, admin log entries or login attempts are not content."""
    before = page_cache.content_version()
    django_user_model.objects.create_user("visiteur", password="un-mot-de-passe-solide")
    assert page_cache.content_version() == before
    assert all(
        model._meta.app_label in {"careers_site", "professions", "trainings", "campaigns"}
        or model._meta.app_label == "taggit"
        or model._meta.app_config.path.startswith(str(settings.BASE_DIR))
        for model in page_cache.content_models()
    )
