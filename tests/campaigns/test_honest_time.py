"""Honest time (issue 15, point 3): past announcements stop saying « bientôt »,
demonstration items stay out of feeds and calendar files, « Mis à jour le » is the review
date."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from campaigns.announcements import has_passed, period_end
from careers_site.core.models import Status
from tests.factories import (
    CampaignFactory,
    EventFactory,
    OrganisationFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("janvier 2026", datetime.date(2026, 1, 31)),
        ("Février 2028", datetime.date(2028, 2, 29)),
        ("2026", datetime.date(2026, 12, 31)),
        ("15/01/2026", datetime.date(2026, 1, 15)),
        ("courant 2026 ou 2027", None),
        ("à la rentrée", None),
        ("", None),
    ],
)
def test_announced_periods_are_understood(text, end):
    assert period_end(text) == end


@pytest.mark.parametrize(
    ("today", "passed"),
    [
        (datetime.date(2026, 1, 30), False),
        (datetime.date(2026, 1, 31), False),  # the last day announced is not past yet
        (datetime.date(2026, 2, 1), True),
    ],
)
def test_an_announcement_has_passed_the_day_after_its_period(today, passed):
    assert has_passed("janvier 2026", today) is passed
    assert has_passed("31/01/2026", today) is passed


def test_an_unreadable_announcement_is_never_called_past():
    assert not has_passed("bientôt", datetime.date(2099, 1, 1))


@pytest.fixture
def announced_campaign():
    campaign = CampaignFactory(published_at=datetime.datetime(2025, 11, 1, tzinfo=datetime.UTC))
    for number in (4, 5, 6):
        VideoFactory(
            campaign=campaign,
            episode_number=number,
            status=Status.DRAFT,
            announced_for="janvier 2026",
        )
    return campaign


def campaign_page(client, campaign, day):
    moment = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        return client.get(campaign.get_absolute_url()).content.decode()


def test_announcement_to_come_says_bientot(client, announced_campaign):
    html = campaign_page(client, announced_campaign, datetime.date(2025, 12, 1))
    assert "Bientôt en ligne" in html
    assert "3 épisodes annoncés pour janvier 2026</li>" in html


def test_announcement_past_its_date_stops_saying_bientot(client, announced_campaign):
    html = campaign_page(client, announced_campaign, datetime.date(2026, 12, 1))
    assert "ientôt" not in html[html.index("<main") : html.index("</main>")]
    assert "Annoncées, pas encore en ligne" in html
    assert "3 épisodes annoncés pour janvier 2026&nbsp;: pas encore en ligne" in html


@pytest.fixture
def demo():
    organiser = OrganisationFactory(name="Équipe du site (démonstration)", is_demonstration=True)
    event = EventFactory(title="Salon fictif", organiser=organiser)
    video = VideoFactory(title="Vidéo de démonstration", campaign__owner=organiser)
    real = EventFactory(title="Forum réel")
    return event, video, real


def test_demonstration_items_never_reach_the_feeds(client, demo):
    event, video, real = demo
    events = client.get(reverse("campaigns:event_feed")).content.decode()
    assert "Salon fictif" not in events
    assert "Forum réel" in events
    videos = client.get(reverse("campaigns:video_feed")).content.decode()
    assert "Vidéo de démonstration" not in videos


def test_demonstration_event_has_no_calendar_file(client, demo):
    event, _video, real = demo
    assert client.get(reverse("campaigns:event_ics", args=[event.slug])).status_code == 404
    assert client.get(reverse("campaigns:event_ics", args=[real.slug])).status_code == 200
    page = client.get(event.get_absolute_url()).content.decode()
    assert ".ics" not in page
    assert "exemple de démonstration" in page


def test_updated_on_is_the_review_date_never_the_load_date(client):
    loaded = CampaignFactory(last_reviewed=None)
    assert "Mis à jour" not in client.get(loaded.get_absolute_url()).content.decode()
    checked = CampaignFactory(last_reviewed=datetime.date(2026, 9, 1))
    page = client.get(checked.get_absolute_url()).content.decode()
    assert "Mis à jour le 1 septembre 2026." in page
