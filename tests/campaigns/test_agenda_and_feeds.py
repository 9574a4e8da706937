"""The agenda filtered by département, each event as an .ics file, and the feeds of new
episodes and upcoming events."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from careers_site.core.geo import Departement
from tests.careers_site.core.rfc5545 import problems
from tests.factories import CampaignFactory, EventFactory, OrganisationFactory, VideoFactory

from .helpers import paris, text_of

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def in_days(days):
    return timezone.now() + datetime.timedelta(days=days)


class TestDepartementFilter:
    def test_filter_with_counts(self, client):
        EventFactory(title="Forum de Lyon", departement=Departement.RHONE, starts_at=in_days(3))
        EventFactory(title="Salon de Villeurbanne", departement=Departement.RHONE)
        EventFactory(title="Forum de Grenoble", departement=Departement.ISERE)
        EventFactory(title="Ancien forum de Lyon", starts_at=in_days(-30))
        url = reverse("campaigns:event_list")

        html = client.get(url).content.decode()
        assert '<option value="" selected>Tous les départements (3 à venir)</option>' in html
        assert '<option value="69">Rhône (69) (2 à venir)</option>' in html
        assert '<option value="38">Isère (38) (1 à venir)</option>' in html
        assert '<option value="15">Cantal (15) (0 à venir)</option>' in html
        assert '<form class="event-filter" method="get"' in html

        response = client.get(url, {"departement": "69"})
        page = text_of(response)
        assert '<option value="69" selected>' in response.content.decode()
        assert "Département choisi : Rhône (69), 2 événements à venir." in page
        assert "Forum de Lyon" in page and "Salon de Villeurbanne" in page
        assert "Ancien forum de Lyon" in page  # past events of the département too
        assert "Forum de Grenoble" not in page

    def test_empty_departement_and_unknown_value(self, client):
        EventFactory(title="Forum de Lyon")
        url = reverse("campaigns:event_list")
        page = text_of(client.get(url, {"departement": "15"}))
        assert "Aucun événement annoncé dans ce département pour le moment." in page
        assert "Forum de Lyon" not in page
        assert "Forum de Lyon" in text_of(client.get(url, {"departement": "75<script>"}))

    @pytest.mark.parametrize("count", [1, 6])
    def test_query_count_does_not_grow(self, measure, count):
        for number in range(count):
            EventFactory(departement=Departement.values[number])
        # Counts per département, the page count, the page, the latest past events.
        measure(reverse("campaigns:event_list") + "?departement=01", 4)


def unfold(text):
    return text.replace("\r\n ", "")


class TestCalendarFile:
    def test_valid_rfc5545_event(self, client):
        event = EventFactory(
            title="Forum des métiers du soin, de l'aide et de l'accompagnement ; édition 2026",
            slug="forum-2026",
            starts_at=paris(2026, 3, 12, 9, 30),
            ends_at=paris(2026, 3, 12, 17),
            venue="Halle Tony-Garnier",
            commune="Lyon",
            description="Rencontres, démonstrations, conseils.\nEntrée libre.",
            organiser=OrganisationFactory(name="France Travail"),
        )
        response = client.get(reverse("campaigns:event_ics", args=["forum-2026"]))

        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="forum-2026.ics"'
        raw = response.content
        assert problems(raw) == []
        body = raw.decode("utf-8")
        # CRLF everywhere, no line longer than 75 octets, continuations start with a space.
        assert body.endswith("\r\n") and "\n" not in body.replace("\r\n", "")
        for line in body.split("\r\n"):
            assert len(line.encode("utf-8")) <= 75
        text = unfold(body)
        lines = text.split("\r\n")
        assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
        for required in ("VERSION:2.0", "PRODID:", "BEGIN:VEVENT", "END:VEVENT"):
            assert any(line.startswith(required) for line in lines), required
        assert f"UID:evenement-{event.pk}@testserver" in lines
        assert any(re.fullmatch(r"DTSTAMP:\d{8}T\d{6}Z", line) for line in lines)
        assert "DTSTART:20260312T083000Z" in lines  # 9 h 30 in Paris, winter time
        assert "DTEND:20260312T160000Z" in lines
        assert (
            "SUMMARY:Forum des métiers du soin\\, de l'aide et de l'accompagnement \\; "
            "édition 2026" in lines
        )
        assert "LOCATION:Halle Tony-Garnier\\, Lyon" in lines
        description = next(line for line in lines if line.startswith("DESCRIPTION:"))
        assert "Rencontres\\, démonstrations\\, conseils.\\nEntrée libre." in description
        assert "Organisé par France Travail." in description
        assert "URL:http://testserver/agenda/forum-2026/" in lines

    def test_event_without_a_time_is_a_whole_day(self, client):
        EventFactory(
            slug="portes-ouvertes",
            starts_at=paris(2026, 2, 7, 0, 0),
            ends_at=paris(2026, 2, 8, 0, 0),
        )
        text = unfold(
            client.get(reverse("campaigns:event_ics", args=["portes-ouvertes"])).content.decode()
        )
        assert "DTSTART;VALUE=DATE:20260207" in text
        assert "DTEND;VALUE=DATE:20260209" in text

    def test_unpublished_event_has_no_file(self, client):
        EventFactory(slug="brouillon", draft=True)
        assert client.get(reverse("campaigns:event_ics", args=["brouillon"])).status_code == 404

    def test_event_page_offers_it_until_the_event_is_over(self, client):
        coming = EventFactory(title="À venir")
        over = EventFactory(title="Passé", starts_at=in_days(-3))
        ics_url = reverse("campaigns:event_ics", args=[coming.slug])
        assert ics_url in client.get(coming.get_absolute_url()).content.decode()
        assert ".ics" not in client.get(over.get_absolute_url()).content.decode()


class TestFeeds:
    def test_episode_feed_lists_what_the_public_can_see(self, client):
        campaign = CampaignFactory(title="La websérie")
        VideoFactory(campaign=campaign, episode_number=1, title="Sara")
        VideoFactory(campaign=campaign, episode_number=2, title="Programmé", scheduled=True)
        VideoFactory(campaign=campaign, title="Brouillon", draft=True)
        VideoFactory(campaign=campaign, title="Expirée", rights_expire_on=timezone.localdate())

        response = client.get(reverse("campaigns:video_feed"))

        assert response["Content-Type"].startswith("application/atom+xml")
        root = ET.fromstring(response.content)
        titles = [entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")]
        assert titles == ["Sara (épisode 1, La websérie)"]

    def test_scheduled_episode_enters_the_feed_on_its_day(self, client):
        import time_machine

        with time_machine.travel(paris(2026, 1, 5, 12), tick=False):
            VideoFactory(title="Quatrième", published_at=paris(2026, 1, 12, 10))
            assert b"Quatri" not in client.get(reverse("campaigns:video_feed")).content
        with time_machine.travel(paris(2026, 1, 12, 10, 1), tick=False):
            assert "Quatrième" in client.get(reverse("campaigns:video_feed")).content.decode()

    def test_event_feed_lists_upcoming_events_soonest_first(self, client):
        EventFactory(title="Plus tard", starts_at=in_days(20), commune="Lyon")
        EventFactory(title="Bientôt", starts_at=in_days(2), commune="Vichy")
        EventFactory(title="Passé", starts_at=in_days(-2))
        EventFactory(title="Brouillon", draft=True)

        response = client.get(reverse("campaigns:event_feed"))

        assert response["Content-Type"].startswith("application/rss+xml")
        root = ET.fromstring(response.content)
        titles = [item.find("title").text for item in root.iter("item")]
        assert titles == ["Bientôt, Vichy", "Plus tard, Lyon"]

    @pytest.mark.parametrize(
        ("url_name", "feed_name", "kind"),
        [
            ("campaigns:video_list", "campaigns:video_feed", "application/atom+xml"),
            ("campaigns:event_list", "campaigns:event_feed", "application/rss+xml"),
        ],
    )
    def test_pages_announce_their_feed(self, client, url_name, feed_name, kind):
        html = client.get(reverse(url_name)).content.decode()
        assert re.search(
            rf'<link rel="alternate" type="{re.escape(kind)}" title="[^"]+" '
            rf'href="{reverse(feed_name)}">',
            html,
        )

    @pytest.mark.parametrize("count", [1, 6])
    def test_feed_query_counts(self, client, django_assert_num_queries, count):
        VideoFactory.create_batch(count)
        EventFactory.create_batch(count)
        from .helpers import warm_site_cache

        warm_site_cache()
        with django_assert_num_queries(1):
            client.get(reverse("campaigns:video_feed"))
        with django_assert_num_queries(1):
            client.get(reverse("campaigns:event_feed"))
