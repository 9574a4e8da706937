"""The home page has an entry for adults retraining, and shows the real portraits of the
featured campaign before any other video (such as the site's demonstration clips)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CampaignFactory, VideoFactory

pytestmark = pytest.mark.django_db


def test_home_has_an_entry_for_adults(client):
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("trainings:retraining")}"' in html
    assert "Adulte, vous voulez vous reconvertir" in html


def test_featured_campaigns_portraits_come_before_demonstration_clips(client):
    day = timezone.now() - datetime.timedelta(days=10)
    series = CampaignFactory(is_featured=True, title="La websérie")
    demo = CampaignFactory(is_featured=False, title="Démonstration")
    for number in (1, 2, 3):
        VideoFactory(campaign=series, episode_number=number, published_at=day)
    # Same day, created later: they used to come first.
    VideoFactory(campaign=demo, episode_number=1, published_at=day)
    VideoFactory(campaign=demo, episode_number=2, published_at=day)

    videos = client.get(reverse("home")).context["latest_videos"]

    assert [(v.campaign.title, v.episode_number) for v in videos] == [
        ("La websérie", 1),
        ("La websérie", 2),
        ("La websérie", 3),
        ("Démonstration", 1),
    ]
