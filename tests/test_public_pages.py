"""Every public page answers, with the bones every page needs: one h1, a working skip link,
French, a canonical link and a description. Unknown addresses get the branded 404."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.factories import (
    CampaignFactory,
    DiplomaFactory,
    EventFactory,
    FinancialAidFactory,
    InstituteFactory,
    ProfessionFactory,
    TrainingOfferFactory,
    VideoFactory,
)
from trainings.models import ParcoursupFigures

pytestmark = pytest.mark.django_db

DETAIL_ROUTES = [
    "professions:detail",
    "trainings:diploma_detail",
    "trainings:institute_detail",
    "trainings:aid_detail",
    "campaigns:detail",
    "campaigns:video_detail",
    "campaigns:event_detail",
]


@pytest.fixture
def world():
    """One published object of every kind, linked the way real content is."""
    profession = ProfessionFactory(
        title_masculine="Aide-soignant", title_feminine="Aide-soignante", recruiting=True
    )
    diploma = DiplomaFactory(name="Diplôme d'État d'aide-soignant", acronym="DEAS")
    diploma.professions.add(profession)
    institute = InstituteFactory(name="IFAS du Centre hospitalier de Saint-Flour")
    offer = TrainingOfferFactory(diploma=diploma, institute=institute, parcoursup_code="25197")
    # Parcoursup's figures of a session, one left empty, counted for a group (IFSI).
    ParcoursupFigures.objects.create(
        offer=offer,
        session=2025,
        training_label="Regroupement IFSI de test - D.E Infirmier",
        group_label="Regroupement IFSI de test",
        capacity=68,
        candidates=309,
        admitted=67,
        access_rate=50,
        share_general=43,
        imported_at=timezone.now(),
    )
    aid = FinancialAidFactory(for_adults=True)
    aid.professions.add(profession)
    aid.diplomas.add(diploma)
    campaign = CampaignFactory(is_featured=True, owner__has_public_page=True)
    campaign.professions.add(profession)
    video = VideoFactory(campaign=campaign, episode_number=1)
    video.professions.add(profession)
    factories.TestimonialFactory(profession=profession, campaign=campaign, video=video)
    event = EventFactory(campaign=campaign)
    event.professions.add(profession)
    return {
        "professions:detail": profession,
        "trainings:diploma_detail": diploma,
        "trainings:institute_detail": institute,
        "trainings:aid_detail": aid,
        "campaigns:detail": campaign,
        "campaigns:video_detail": video,
        "campaigns:event_detail": event,
    }


def public_urls(world):
    urls = [
        reverse("home"),
        reverse("search"),
        reverse("search") + "?q=aide+soignante",
        reverse("search") + "?q=introuvable",
        reverse("professions:list"),
        reverse("trainings:offer_list"),
        reverse("trainings:diploma_list"),
        reverse("trainings:institute_list"),
        reverse("trainings:aid_list"),
        reverse("campaigns:list"),
        reverse("campaigns:video_list"),
        reverse("campaigns:event_list"),
        reverse("accessibility"),
        reverse("accessibility_grid"),
        reverse("accessibility_scheme"),
        reverse("accessibility_plan"),
        reverse("legal"),
        reverse("privacy"),
        reverse("site_map"),
        reverse("data_sources"),
        reverse("trainings:institute_list") + "?commune=15100",
        reverse("orientation:questions"),
        reverse("orientation:result"),
        reverse("orientation:result") + "?toilette=oui&nuit=non&salon=1",
        reverse("opendata:page"),
        reverse("opendata:api_docs"),
        reverse("trainings:retraining"),
        reverse("trainings:offer_list") + "?adultes=1",
        reverse("campaigns:partner_list"),
        world["campaigns:detail"].owner.get_absolute_url(),
    ]
    profession, event = world["professions:detail"], world["campaigns:event_detail"]
    toolkit = [
        reverse("toolkit_sheet", args=[profession.slug]),
        reverse("toolkit_poster", args=["m", profession.slug]),
        reverse("toolkit_poster", args=["c", world["campaigns:detail"].slug]),
        reverse("toolkit_poster", args=["v", world["campaigns:video_detail"].slug]),
        reverse("toolkit_poster", args=["e", event.slug]),
        reverse("toolkit_poster", args=["i", world["trainings:institute_detail"].slug]),
        reverse("toolkit_event_kit", args=[event.slug]),
        reverse("toolkit_campaign_kit", args=[world["campaigns:detail"].slug]),
        reverse("toolkit_source_request", args=["m", profession.slug]),
    ]
    return urls + [obj.get_absolute_url() for obj in world.values()] + toolkit


def assert_page_bones(html, url):
    assert html.count("<h1") == 1, f"{url}: exactly one h1"
    assert '<html lang="fr">' in html, url
    assert 'href="#contenu"' in html and 'id="contenu"' in html, f"{url}: skip link"
    assert re.search(r'<link rel="canonical" href="http://testserver/[^"]*">', html), url
    description = re.search(r'<meta name="description" content="([^"]*)">', html)
    assert description and description.group(1).strip(), f"{url}: meta description"
    assert "None" not in re.sub(r"<[^>]+>", "", html), f"{url}: « None » shown"


def test_every_public_page_answers_with_its_bones(client, world):
    for url in public_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_page_bones(response.content.decode(), url)
        assert not response.cookies, f"{url}: an anonymous visit sets no cookie"
        # Touching the session or the user adds « Vary: Cookie » and defeats caching.
        assert "Cookie" not in response.get("Vary", ""), f"{url}: session touched"


@pytest.mark.parametrize("route", DETAIL_ROUTES)
def test_unknown_slug_gives_the_branded_404(client, world, route):
    response = client.get(reverse(route, kwargs={"slug": "nexiste-pas"}))
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page introuvable</h1>" in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize("route", DETAIL_ROUTES)
def test_draft_detail_page_is_hidden_from_the_public(client, world, route):
    obj = world[route]
    obj.status = "draft"
    obj.save()
    assert client.get(obj.get_absolute_url()).status_code == 404


def test_sitemap_lists_published_objects_only(client, world):
    hidden = [
        ProfessionFactory(draft=True),
        DiplomaFactory(scheduled=True),
        InstituteFactory(draft=True),
        FinancialAidFactory(draft=True),
        CampaignFactory(draft=True),
        VideoFactory(draft=True),
        EventFactory(scheduled=True),
    ]
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    xml = response.content.decode()
    for obj in world.values():
        assert f"<loc>http://testserver{obj.get_absolute_url()}</loc>" in xml
    for obj in hidden:
        assert obj.get_absolute_url() not in xml
    for name in ("home", "professions:list", "trainings:aid_list", "accessibility", "legal"):
        assert f"<loc>http://testserver{reverse(name)}</loc>" in xml
    assert "<lastmod>" in xml


def test_robots_txt_points_to_the_sitemap_and_hides_the_admin(client):
    response = client.get(reverse("robots_txt"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert f"Disallow: /{settings.ADMIN_URL}" in lines
    assert f"Sitemap: http://testserver{reverse('sitemap')}" in lines


def test_robots_txt_uses_the_configured_site_url(client, settings):
    settings.SITE_URL = "https://metiers-du-soin.example.org"
    lines = client.get(reverse("robots_txt")).content.decode().splitlines()
    assert "Sitemap: https://metiers-du-soin.example.org/sitemap.xml" in lines
