import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from careers_site.core.models import SiteSettings
from careers_site.pages.accessibility import audit
from careers_site.platform.cache import bump_content_version
from tests.factories import (
    CampaignFactory,
    EventFactory,
    ProfessionFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db

HOME_QUERIES = 4  # featured campaign, professions, videos, events (settings are cached)


def get_home(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


def fill_site(count):
    campaign = CampaignFactory(is_featured=True)
    ProfessionFactory.create_batch(count, recruiting=True)
    VideoFactory.create_batch(count, campaign=campaign)
    EventFactory.create_batch(count, organiser=campaign.owner)


def test_home_shows_brand_search_and_accessibility_status(client):
    SiteSettings.objects.create(
        site_name="Les métiers qui soignent",
        tagline="Trouvez votre voie.",
    )
    html = get_home(client).content.decode()
    assert "<h1>Les métiers qui soignent</h1>" in html
    assert "Trouvez votre voie." in html
    assert 'id="accueil-q"' in html and 'for="accueil-q"' in html
    assert html.count('id="recherche-q"') == 1  # the header's field, never duplicated
    assert f'action="{reverse("search")}"' in html
    assert f"Accessibilité&nbsp;: {audit().level}" in html
    assert f'href="{reverse("accessibility")}"' in html
    assert 'aria-label="Fil d\'Ariane"' not in html  # no breadcrumbs on the home page


def test_home_highlights_the_featured_campaign(client):
    CampaignFactory(title="Une campagne ordinaire", starts_on=datetime.date(2025, 12, 1))
    featured = CampaignFactory(title="La websérie des soignants", is_featured=True)
    CampaignFactory(title="Campagne en brouillon", is_featured=True, draft=True)
    html = get_home(client).content.decode()
    assert "À la une" in html
    assert "La websérie des soignants" in html
    assert featured.get_absolute_url() in html
    assert "Une campagne ordinaire" not in html
    assert "Campagne en brouillon" not in html


def test_home_lists_published_professions_with_recruiting_badge(client):
    ProfessionFactory(
        title_masculine="Aide-soignant", title_feminine="Aide-soignante", recruiting=True
    )
    ProfessionFactory(title_masculine="Métier caché", draft=True)
    ProfessionFactory(title_masculine="Métier programmé", scheduled=True)
    html = get_home(client).content.decode()
    assert "Aide-soignant ou Aide-soignante" in html
    assert "Recrute" in html
    assert "Métier caché" not in html
    assert "Métier programmé" not in html


def test_home_shows_four_latest_videos_and_three_upcoming_events(client):
    now = timezone.now()
    campaign = CampaignFactory()
    for day in range(6):
        VideoFactory(
            campaign=campaign,
            title=f"Vidéo du jour {day}",
            published_at=now - datetime.timedelta(days=day + 1),
        )
    VideoFactory(
        campaign=campaign, title="Vidéo aux droits expirés", rights_expire_on=timezone.localdate()
    )
    for day in range(5):
        EventFactory(title=f"Forum numéro {day}", starts_at=now + datetime.timedelta(days=day + 1))
    EventFactory(title="Forum passé", starts_at=now - datetime.timedelta(days=3))
    html = get_home(client).content.decode()
    for day in range(4):
        assert f"Vidéo du jour {day}" in html
    assert "Vidéo du jour 4" not in html
    assert "Vidéo aux droits expirés" not in html
    for day in range(3):
        assert f"Forum numéro {day}" in html
    assert "Forum numéro 3" not in html
    assert "Forum passé" not in html


def test_home_without_content_stays_calm(client):
    response = get_home(client)
    html = response.content.decode()
    assert "Aucun rendez-vous n'est annoncé pour l'instant" in html
    assert "À la une" not in html
    assert "Ils racontent leur métier" not in html
    assert reverse("trainings:aid_list") in html
    assert reverse("trainings:offer_list") in html


def test_home_links_to_aids_and_trainings(client):
    html = get_home(client).content.decode()
    assert "Financer ses études" in html
    assert "Où se former&nbsp;?" in html


@pytest.mark.parametrize("count", [1, 6])
def test_home_query_count_does_not_grow(client, django_assert_num_queries, count):
    fill_site(count)
    get_home(client)  # warms the settings and partners caches
    bump_content_version()  # the first visit after a change
    # Once per change, when the next scheduled change is (how long the body stays true).
    with django_assert_num_queries(HOME_QUERIES + 1):
        response = get_home(client)
    with django_assert_num_queries(0):  # the body is kept until the next change
        assert get_home(client).content == response.content
    html = response.content.decode()
    assert html.count("Forum des métiers") == min(count, 3)
    assert html.count("Portrait ") == min(count, 4)


def test_anonymous_home_sets_no_cookie(client):
    fill_site(1)
    response = get_home(client)
    assert not response.cookies
