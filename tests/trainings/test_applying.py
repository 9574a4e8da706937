"""How and when to apply (issue 15, point 2): every offer says how, and its dates are
honest about today."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from tests.factories import InstituteFactory, TrainingOfferFactory
from trainings.applying import OPEN, PAST, UNKNOWN, UPCOMING, how_to_apply
from trainings.models import ApplicationRoute, Modality

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


def noon(day):
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


@pytest.fixture
def offer():
    return TrainingOfferFactory(
        published_at=LONG_AGO,
        diploma__published_at=LONG_AGO,
        institute__published_at=LONG_AGO,
        institute__website="https://ifas.example.org/",
        institute__applications_url="https://ifas.example.org/admission/",
        application_route=ApplicationRoute.INSTITUTE,
        applications_open=datetime.date(2026, 3, 2),
        applications_close=datetime.date(2026, 6, 30),
    )


@pytest.mark.parametrize(
    ("today", "state", "words"),
    [
        (datetime.date(2026, 2, 1), UPCOMING, "Candidatures du 2 mars 2026 au 30 juin 2026 : pas"),
        (datetime.date(2026, 4, 1), OPEN, "Candidatures ouvertes jusqu'au 30 juin 2026."),
        (
            datetime.date(2026, 12, 1),
            PAST,
            "Dernière session connue : candidatures du 2 mars 2026 au 30 juin 2026, terminée. "
            "Les prochaines dates ne sont pas encore connues ici : elles seront publiées sur "
            "le site de l'établissement.",
        ),
    ],
)
def test_the_window_is_described_as_it_is_today(offer, today, state, words):
    with time_machine.travel(noon(today), tick=False):
        apply = how_to_apply(offer)
    assert apply.state == state
    assert words in apply.when


def test_no_dates_says_where_they_will_be_published(offer):
    offer.applications_open = offer.applications_close = None
    apply = how_to_apply(offer)
    assert apply.state == UNKNOWN
    assert "ne sont pas encore connues ici" in apply.when
    assert apply.where_next_url == "https://ifas.example.org/admission/"


def test_parcoursup_links_to_the_course_page_when_known(offer):
    offer.application_route = ApplicationRoute.PARCOURSUP
    offer.application_url = "https://dossier.parcoursup.fr/Candidats/public/fiches/x"
    apply = how_to_apply(offer)
    assert apply.how == "Candidature sur Parcoursup."
    assert apply.link_url == offer.application_url
    assert apply.link_label == "Voir la formation sur Parcoursup"
    offer.application_url = ""
    assert how_to_apply(offer).link_url == "https://www.parcoursup.gouv.fr/"


def test_apprenticeship_means_an_employer_and_the_cfa(offer):
    offer.application_route = ""
    offer.modality = Modality.APPRENTICESHIP
    apply = how_to_apply(offer)
    assert apply.route == ApplicationRoute.EMPLOYER
    assert "trouvez un employeur" in apply.how
    assert "(CFA)" in apply.how


def test_an_unknown_route_says_so_and_points_to_the_institute(offer):
    offer.application_route = ""
    apply = how_to_apply(offer)
    assert "pas encore indiquée ici" in apply.how
    assert apply.link_url == "https://ifas.example.org/admission/"


class TestOnTheInstitutePage:
    def page(self, client, offer, day):
        with time_machine.travel(noon(day), tick=False):
            response = client.get(offer.institute.get_absolute_url())
        assert response.status_code == 200
        return response.content.decode()

    def test_open_window(self, client, offer):
        html = self.page(client, offer, datetime.date(2026, 4, 1))
        assert "Candidatures ouvertes</span>" in html
        assert "Candidatures ouvertes jusqu&#x27;au 30 juin 2026." in html
        assert "qui organise la sélection" in html

    def test_past_window_is_the_last_known_session(self, client, offer):
        html = self.page(client, offer, datetime.date(2026, 12, 1))
        assert "Candidatures ouvertes" not in html
        assert "Dernière session connue" in html
        assert "seront publiées sur le site de l&#x27;établissement" in html

    def test_website_and_application_link_at_the_top(self, client, offer):
        html = self.page(client, offer, datetime.date(2026, 4, 1))
        header = html[html.index("<h1>") : html.index("</header>", html.index("<h1>"))]
        assert 'href="https://ifas.example.org/admission/"' in header
        assert 'href="https://ifas.example.org/"' in header

    def test_an_institute_without_a_website_says_so(self, client):
        institute = InstituteFactory(website="", applications_url="")
        html = client.get(institute.get_absolute_url()).content.decode()
        assert "Le site de l'établissement n'est pas encore indiqué ici" in html


def test_every_offer_in_the_list_says_how_to_apply(client, offer):
    TrainingOfferFactory(modality=Modality.APPRENTICESHIP)
    TrainingOfferFactory(application_route=ApplicationRoute.PARCOURSUP)
    html = client.get("/formations/").content.decode()
    assert html.count('class="offer-how"') == 3
    assert "Candidature sur Parcoursup." in html
    assert "trouvez un employeur" in html


class TestNothingOpenToday:
    def page(self, client, day):
        with time_machine.travel(noon(day), tick=False):
            return client.get("/formations/").content.decode()

    def test_says_when_the_next_known_window_opens(self, client, offer):
        html = self.page(client, datetime.date(2026, 2, 1))
        assert "Aucune candidature n&#x27;est ouverte aujourd&#x27;hui" in html or (
            "Aucune candidature n'est ouverte aujourd'hui" in html
        )
        assert "prochaine ouverture connue&nbsp;: le 2 mars 2026" in html

    def test_says_no_date_is_known_yet(self, client, offer):
        html = self.page(client, datetime.date(2026, 12, 1))
        assert "aucune date à venir n" in html

    def test_says_nothing_while_open(self, client, offer):
        html = self.page(client, datetime.date(2026, 4, 1))
        assert "Aucune candidature n" not in html


@pytest.mark.parametrize(
    ("today", "state", "in_the_filter"),
    [
        (datetime.date(2026, 6, 29), OPEN, True),
        (datetime.date(2026, 6, 30), OPEN, True),  # the closing day is still open
        (datetime.date(2026, 7, 1), PAST, False),
    ],
)
def test_the_closing_day_is_open_on_the_card_and_in_the_filter(
    client, offer, today, state, in_the_filter
):
    """The card (« terminée ») and the « candidatures ouvertes » filter read one rule: on the
    closing day both say open; the day after, both say closed."""
    assert how_to_apply(offer, today=today).state == state
    with time_machine.travel(noon(today), tick=False):
        response = client.get(reverse("trainings:offer_list") + "?ouvertes=1")
        listed = [item.pk for item in response.context["offers"]]
        assert offer.applications_are_open is in_the_filter
    assert (offer.pk in listed) is in_the_filter
