import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.factories import CampaignFactory, EventFactory, OrganisationFactory, VideoFactory

pytestmark = pytest.mark.django_db

MAKERS = {
    "organisation": OrganisationFactory,
    "campaign": CampaignFactory,
    "video": VideoFactory,
    "testimonial": factories.TestimonialFactory,
    "event": EventFactory,
}


@pytest.mark.parametrize("model_name", MAKERS)
def test_changelist_add_and_change_pages(staff_client, model_name):
    obj = MAKERS[model_name]()

    prefix = f"admin:{obj._meta.app_label}_{model_name}"  # organisations are core models
    for url in (
        reverse(f"{prefix}_changelist"),
        reverse(f"{prefix}_add"),
        reverse(f"{prefix}_change", args=[obj.pk]),
    ):
        assert staff_client.get(url).status_code == 200, url


def test_campaign_page_lists_its_episodes_inline(staff_client):
    campaign = CampaignFactory()
    VideoFactory(campaign=campaign, episode_number=2, title="Benjamin, manipulateur")
    VideoFactory(campaign=campaign, episode_number=1, title="Sara, aide-soignante")
    VideoFactory(campaign=campaign, episode_number=4, draft=True, announced_for="janvier 2026")

    html = staff_client.get(
        reverse("admin:campaigns_campaign_change", args=[campaign.pk])
    ).content.decode()

    assert 'name="videos-TOTAL_FORMS" value="3"' in html
    assert html.index('value="Sara, aide-soignante"') < html.index('value="Benjamin, manipulateur"')
    assert 'value="janvier 2026"' in html
    assert 'name="testimonials-TOTAL_FORMS"' in html


def test_campaign_can_be_saved_with_a_new_episode(staff_client):
    campaign = CampaignFactory()
    url = reverse("admin:campaigns_campaign_change", args=[campaign.pk])
    now = timezone.localtime()
    data = {
        "title": campaign.title,
        "slug": campaign.slug,
        "summary": campaign.summary,
        "owner": campaign.owner.pk,
        "status": "published",
        "published_at_0": now.strftime("%d/%m/%Y"),
        "published_at_1": now.strftime("%H:%M:%S"),
        "videos-TOTAL_FORMS": "1",
        "videos-INITIAL_FORMS": "0",
        "videos-0-episode_number": "1",
        "videos-0-title": "Sara, aide-soignante",
        "videos-0-slug": "sara-aide-soignante",
        "videos-0-status": "draft",
        "videos-0-published_at_0": now.strftime("%d/%m/%Y"),
        "videos-0-published_at_1": now.strftime("%H:%M:%S"),
        "videos-0-announced_for": "janvier 2026",
        "testimonials-TOTAL_FORMS": "0",
        "testimonials-INITIAL_FORMS": "0",
        "social_assets-TOTAL_FORMS": "0",
        "social_assets-INITIAL_FORMS": "0",
    }

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert campaign.videos.get().announced_for == "janvier 2026"


def test_video_changelist_shows_captions_and_transcript_columns(staff_client):
    VideoFactory(title="Sans transcription", transcript="")

    html = staff_client.get(reverse("admin:campaigns_video_changelist")).content.decode()

    assert "sous-titres" in html.lower()
    assert "transcription" in html.lower()
    assert "Sans transcription" in html


def test_testimonial_consent_filter(staff_client):
    today = timezone.localdate()
    factories.TestimonialFactory(
        first_name="Expirée", rights_expire_on=today - datetime.timedelta(days=1)
    )
    factories.TestimonialFactory(
        first_name="Bientôt", rights_expire_on=today + datetime.timedelta(days=30)
    )
    factories.TestimonialFactory(
        first_name="Tranquille", rights_expire_on=today + datetime.timedelta(days=90)
    )
    factories.TestimonialFactory(first_name="Sans date")
    url = reverse("admin:campaigns_testimonial_changelist")

    expired = staff_client.get(url, {"consentement": "expire"}).content.decode()
    soon = staff_client.get(url, {"consentement": "bientot"}).content.decode()

    assert "Expirée" in expired and "Bientôt" not in expired and "Tranquille" not in expired
    assert "Bientôt" in soon and "Expirée" not in soon and "Tranquille" not in soon
    assert "Sans date" not in expired + soon


def test_event_upcoming_and_past_filter(staff_client):
    now = timezone.now()
    EventFactory(title="Forum à venir", starts_at=now + datetime.timedelta(days=3))
    EventFactory(title="Forum passé", starts_at=now - datetime.timedelta(days=3))
    url = reverse("admin:campaigns_event_changelist")

    upcoming = staff_client.get(url, {"quand": "a-venir"}).content.decode()
    past = staff_client.get(url, {"quand": "passe"}).content.decode()

    assert "Forum à venir" in upcoming and "Forum passé" not in upcoming
    assert "Forum passé" in past and "Forum à venir" not in past


def test_organisation_search_serves_autocomplete(staff_client):
    OrganisationFactory(name="Agence régionale de santé", short_name="ARS")
    OrganisationFactory(name="France Travail", short_name="")

    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"term": "ARS", "app_label": "campaigns", "model_name": "campaign", "field_name": "owner"},
    )

    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["ARS"]


@pytest.mark.parametrize("name", ["campaign", "video", "testimonial", "event"])
def test_changelists_do_not_query_per_row(staff_client, name):
    url = reverse(f"admin:campaigns_{name}_changelist")

    def queries_with(rows):
        for _ in range(rows):
            video = VideoFactory()
            factories.TestimonialFactory(video=video, campaign=video.campaign)
            EventFactory()
        staff_client.get(url)  # the first request also loads the session and the settings
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(url).status_code == 200
        return len(queries)

    assert queries_with(1) == queries_with(5)
