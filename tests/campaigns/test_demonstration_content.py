"""The demonstration salon, campaign and clips (their organisation `is_demonstration`) are
never taken for real: not on the home page's lists, not in the agenda or its counts, not in
the downloads, the API, the feeds or the calendars (issue 25)."""

import json

import pytest
from django.urls import reverse

from campaigns.models import Campaign, Event, Video
from tests.factories import (
    CampaignFactory,
    EventFactory,
    OrganisationFactory,
    ProfessionFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    team = OrganisationFactory(name="Équipe du site (démonstration)", is_demonstration=True)
    campaign = CampaignFactory(title="Campagne de démonstration", owner=team, is_featured=True)
    return {
        "campaign": campaign,
        "video": VideoFactory(title="Clip de démonstration", campaign=campaign),
        "event": EventFactory(title="Salon fictif", organiser=team, departement="69"),
        "real_event": EventFactory(title="Forum réel", departement="42"),
        "real_video": VideoFactory(title="Portrait réel"),
    }


def test_real_is_one_rule_per_model(demo):
    assert list(Event.objects.real()) == [demo["real_event"]]
    assert list(Video.objects.real()) == [demo["real_video"]]
    assert demo["campaign"] not in Campaign.objects.real()
    assert demo["campaign"].is_demonstration
    assert not demo["real_video"].campaign.is_demonstration


def test_home_lists_only_real_content(client, demo):
    html = client.get(reverse("home")).content.decode()
    assert "Portrait réel" in html
    assert "Forum réel" in html
    assert "Clip de démonstration" not in html
    assert "Salon fictif" not in html
    assert "Campagne de démonstration" not in html


def test_agenda_neither_lists_nor_counts_the_fictitious_salon(client, demo):
    html = client.get(reverse("campaigns:event_list")).content.decode()
    assert "Salon fictif" not in html
    assert "Forum réel" in html
    assert "Tous les départements (1 à venir)" in html
    assert "Rhône (69) (0 à venir)" in html
    assert "Loire (42) (1 à venir)" in html


@pytest.mark.parametrize(
    ("key", "title"),
    [
        ("evenements", "Salon fictif"),
        ("videos", "Clip de démonstration"),
        ("campagnes", "Campagne de démonstration"),
    ],
)
def test_downloads_and_api_leave_demonstration_content_out(client, demo, key, title):
    for fmt in ("csv", "json"):
        body = client.get(reverse("opendata:download", args=[key, fmt])).content.decode()
        assert title not in body
    api = json.loads(client.get(f"/api/v1/{key}/").content)
    assert title not in json.dumps(api, ensure_ascii=False)


def test_demonstration_pages_stay_reachable_and_say_so(client, demo):
    page = client.get(demo["event"].get_absolute_url()).content.decode()
    assert "exemple de démonstration" in page


def test_video_list_and_profession_pages_show_only_real_portraits(client, demo):
    html = client.get(reverse("campaigns:video_list")).content.decode()
    assert "Portrait réel" in html
    assert "Clip de démonstration" not in html
    profession = ProfessionFactory()
    demo["video"].professions.add(profession)
    demo["real_video"].professions.add(profession)
    page = client.get(profession.get_absolute_url()).content.decode()
    assert "Portrait réel" in page
    assert "Clip de démonstration" not in page


def test_the_campaign_list_marks_the_demonstration_campaign(client, demo):
    html = client.get(reverse("campaigns:list")).content.decode()
    card = html.split("Campagne de démonstration")[1].split("</article>")[0]
    assert "Pas une vraie campagne" in card
