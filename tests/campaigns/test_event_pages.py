import datetime

import pytest
from django.urls import reverse

from campaigns.dates import event_when
from campaigns.models import EventKind
from campaigns.views import PAST_EVENTS_SHOWN, EventListView
from careers_site.core.geo import Departement
from tests.factories import CampaignFactory, EventFactory, OrganisationFactory, ProfessionFactory

from .helpers import paris, text_of

pytestmark = pytest.mark.django_db

NOW = paris(2026, 1, 20, 12)


def days(n):
    return NOW + datetime.timedelta(days=n)


@pytest.fixture
def frozen_now(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.mark.usefixtures("frozen_now")
class TestEventList:
    def test_upcoming_soonest_first_then_past_most_recent_first(self, client):
        EventFactory(title="Dans un mois", starts_at=days(30))
        EventFactory(title="Dans une semaine", starts_at=days(7))
        EventFactory(title="En cours", starts_at=days(-1), ends_at=days(1))
        EventFactory(title="Il y a un mois", starts_at=days(-30))
        EventFactory(title="Il y a une semaine", starts_at=days(-7))
        EventFactory(title="Brouillon", starts_at=days(3), draft=True)

        response = client.get(reverse("campaigns:event_list"))
        page = text_of(response)

        order = ["En cours", "Dans une semaine", "Dans un mois", "Déjà passés"]
        order += ["Il y a une semaine", "Il y a un mois"]
        positions = [page.index(title) for title in order]
        assert positions == sorted(positions)
        assert "Brouillon" not in page
        assert page.count("Terminé") == 2
        assert 'href="/agenda/" aria-current="page"' in response.content.decode()

    def test_item_shows_date_kind_commune_and_departement(self, client):
        EventFactory(
            starts_at=paris(2026, 2, 1, 9, 30),
            kind=EventKind.JOB_FAIR,
            commune="Annonay",
            departement=Departement.ARDECHE,
        )

        page = text_of(client.get(reverse("campaigns:event_list")))

        assert "dimanche 1er février 2026, 9 h 30" in page
        assert "Salon des métiers · Annonay, Ardèche (07)" in page

    def test_only_the_latest_past_events(self, client):
        for n in range(PAST_EVENTS_SHOWN + 2):
            EventFactory(title=f"Passé numéro {n + 1} ", starts_at=days(-(n + 1)))

        page = text_of(client.get(reverse("campaigns:event_list")))

        assert f"Passé numéro {PAST_EVENTS_SHOWN} " in page
        assert f"Passé numéro {PAST_EVENTS_SHOWN + 1} " not in page

    def test_empty_state(self, client):
        EventFactory(title="Vieux forum", starts_at=days(-10))

        response = client.get(reverse("campaigns:event_list"))
        page = text_of(response)

        assert "Aucun événement annoncé pour le moment…" in page
        assert f'href="{reverse("campaigns:video_list")}"' in response.content.decode()
        assert "Vieux forum" in page

    def test_a_busy_season_comes_in_pages_with_the_filter_kept(self, client):
        per_page = EventListView.paginate_by
        for n in range(per_page + 2):
            EventFactory(
                title=f"Salon numéro {n + 1} ",
                starts_at=days(n + 1),
                departement=Departement.ISERE,
            )
        EventFactory(title="Forum passé", starts_at=days(-3), departement=Departement.ISERE)
        url = reverse("campaigns:event_list")

        first = client.get(url, {"departement": "38"})
        page = text_of(first)
        assert f"Salon numéro {per_page} " in page
        assert f"Salon numéro {per_page + 1} " not in page
        assert f"{per_page + 2} événements à venir" in page
        assert "Page 1 sur 2" in page
        assert "Forum passé" in page
        assert 'href="?departement=38&amp;page=2"' in first.content.decode()

        second = text_of(client.get(url, {"departement": "38", "page": 2}))
        assert f"Salon numéro {per_page + 1} " in second
        assert f"Salon numéro {per_page} " not in second
        assert "Forum passé" not in second
        assert client.get(url, {"page": 99}).status_code == 404

    @pytest.mark.parametrize("count", [1, 6])
    def test_query_count_does_not_grow(self, measure, count):
        for n in range(count):
            EventFactory(starts_at=days(n + 1))
            EventFactory(starts_at=days(-(n + 1)))
        # Counts per département, the page count, the page, the latest past events.
        measure(reverse("campaigns:event_list"), 4)


@pytest.mark.usefixtures("frozen_now")
class TestEventDetail:
    def test_page(self, client):
        campaign = CampaignFactory(title="Les métiers du soin en vidéo")
        event = EventFactory(
            title="Forum des métiers du soin",
            kind=EventKind.FORUM,
            starts_at=paris(2026, 2, 3, 9),
            ends_at=paris(2026, 2, 3, 17, 30),
            venue="Salle des fêtes",
            address="1 place de la Mairie",
            commune="Vichy",
            departement=Departement.ALLIER,
            organiser=OrganisationFactory(name="France Travail", website="https://example.org/ft"),
            campaign=campaign,
            description="Venez rencontrer des professionnels.",
            url="https://example.org/forum",
        )
        event.professions.set(
            [
                ProfessionFactory(title_masculine="Aide-soignant", title_feminine="Aide-soignante"),
                ProfessionFactory(title_masculine="Caché", title_feminine="Caché", draft=True),
            ]
        )

        response = client.get(event.get_absolute_url())
        html = response.content.decode()
        page = text_of(response)

        assert html.count("<h1") == 1
        assert "Mardi 3 février 2026, de 9 h à 17 h 30" in page
        assert "Forum" in page
        assert "Salle des fêtes 1 place de la Mairie Vichy, Allier (03)" in page
        assert '<a href="https://example.org/ft">France Travail</a>' in html
        assert f'<a href="{campaign.get_absolute_url()}">Les métiers du soin en vidéo</a>' in html
        assert "Aide-soignant ou Aide-soignante" in page
        assert "Caché" not in page
        assert "Venez rencontrer des professionnels." in page
        assert 'href="https://example.org/forum"' in html
        assert "terminé" not in page

    def test_past_event_says_so(self, client):
        event = EventFactory(starts_at=days(-2))
        assert "Cet événement est terminé." in text_of(client.get(event.get_absolute_url()))

    def test_minimal_event_leaves_no_trace(self, client):
        event = EventFactory(campaign=CampaignFactory(draft=True), description="", url="")

        response = client.get(event.get_absolute_url())
        page = text_of(response)

        assert "None" not in page
        assert "Dans le cadre de" not in page
        assert "Les métiers présentés" not in page
        assert "En savoir plus" not in page

    @pytest.mark.parametrize("trait", ["draft", "scheduled"])
    def test_unpublished_event_is_not_found(self, client, trait):
        event = EventFactory(**{trait: True})
        assert client.get(event.get_absolute_url()).status_code == 404

    @pytest.mark.parametrize("count", [1, 6])
    def test_query_count_does_not_grow(self, measure, count):
        event = EventFactory(campaign=CampaignFactory())
        event.professions.set(ProfessionFactory.create_batch(count))
        measure(event.get_absolute_url(), 2)


class TestWhenLabel:
    @pytest.mark.parametrize(
        ("starts_at", "ends_at", "label"),
        [
            (paris(2026, 3, 1, 10), None, "dimanche 1er mars 2026 à 10 h"),
            (paris(2026, 3, 2, 0), None, "lundi 2 mars 2026"),
            (
                paris(2026, 3, 2, 14),
                paris(2026, 3, 2, 16, 45),
                "lundi 2 mars 2026, de 14 h à 16 h 45",
            ),
            (
                paris(2026, 3, 2, 9),
                paris(2026, 3, 3, 18),
                "du lundi 2 mars 2026 à 9 h au mardi 3 mars 2026 à 18 h",
            ),
            (
                paris(2026, 3, 2, 0),
                paris(2026, 3, 4, 0),
                "du lundi 2 mars 2026 au mercredi 4 mars 2026",
            ),
        ],
    )
    def test_french_label(self, starts_at, ends_at, label):
        event = EventFactory.build(starts_at=starts_at, ends_at=ends_at)
        assert event_when(event) == label

    def test_label_in_local_time(self):
        utc = datetime.UTC
        event = EventFactory.build(
            starts_at=datetime.datetime(2026, 7, 1, 7, tzinfo=utc), ends_at=None
        )
        assert event_when(event) == "mercredi 1er juillet 2026 à 9 h"
