"""What a visitor sees of Parcoursup's figures, on the institute page (where an offer's own
address leads) and the diploma page: each figure with its session, its column and the
dataset's page; « non publié » for an empty value, never 0; the group of nursing institutes
said beside the figures."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import DiplomaFactory, InstituteFactory, TrainingOfferFactory
from trainings.models import ApplicationRoute, ParcoursupFigures

pytestmark = pytest.mark.django_db

DATASET = "https://data.enseignementsup-recherche.gouv.fr/explore/dataset/fr-esr-parcoursup/"
FICHE = (
    "https://dossierappel.parcoursup.fr/Candidats/public/fiches/afficherFicheFormation"
    "?g_ta_cod=25197&amp;typeBac=0&amp;originePc=0"
)


def text(response):
    return re.sub(r"\s+", " ", response.content.decode().replace("&nbsp;", " "))


@pytest.fixture
def offer():
    offer = TrainingOfferFactory(
        diploma=DiplomaFactory(name="Diplôme d'État d'éducateur de jeunes enfants"),
        institute=InstituteFactory(name="OCELLIA", slug="ocellia"),
        parcoursup_code="25197",
        application_route=ApplicationRoute.PARCOURSUP,
        application_url=FICHE.replace("&amp;", "&"),
    )
    for session, rate in ((2024, "47"), (2025, "50")):
        ParcoursupFigures.objects.create(
            offer=offer,
            session=session,
            training_label="OCELLIA - D.E Educateur de Jeunes Enfants",
            capacity=68,
            candidates=309,
            proposals=158,
            admitted=67,
            access_rate=Decimal(rate),
            share_general=Decimal("43"),
            share_technological=Decimal("36"),
            share_professional=Decimal("21"),
            share_grant_holders=None,
            imported_at=timezone.now() - datetime.timedelta(days=1),
        )
    return offer


def test_the_institute_page_shows_the_latest_sessions_figures_with_their_source(client, offer):
    page = text(client.get(offer.institute.get_absolute_url()))
    assert "Les chiffres de Parcoursup, session 2025" in page
    assert "session 2024" not in page
    assert (
        '<dt>Candidats</dt><dd>309 <span class="figure-column">colonne « Effectif total des '
        "candidats pour une formation »" in page
    )
    assert "<dt>Taux d'accès</dt><dd>50 %" in page
    assert "<dt>Admis néo-bacheliers généraux</dt><dd>43 %" in page
    # Empty in the file: said so, never 0.
    assert "<dt>Admis néo-bacheliers boursiers</dt><dd>non publié" in page
    assert f'<a href="{DATASET}">Parcoursup, session 2025</a>' in page
    assert f'href="{FICHE}">Voir la formation sur Parcoursup' in page
    assert "regroupement" not in page


def test_a_nursing_groups_figures_say_they_count_the_group(client, offer):
    ParcoursupFigures.objects.update(group_label="Regroupement IFSI Université Jean Monnet")
    page = text(client.get(offer.institute.get_absolute_url()))
    assert (
        "Parcoursup compte ces chiffres pour l'ensemble du regroupement « Regroupement "
        "IFSI Université Jean Monnet », pas pour cet institut seul." in page
    )


def test_the_diploma_page_gives_the_access_rate_and_its_session(client, offer):
    ParcoursupFigures.objects.filter(session=2025).update(access_rate=None)
    page = text(client.get(offer.diploma.get_absolute_url()))
    assert "Taux d'accès : non publié" in page
    assert "Parcoursup, session 2025" in page


def test_an_offer_without_figures_shows_none(client):
    offer = TrainingOfferFactory()
    page = text(client.get(offer.institute.get_absolute_url()))
    assert "chiffres de Parcoursup" not in page and "Taux d" not in page


@pytest.mark.parametrize(
    ("published", "shown"),
    [
        ("IFAS DU CENTRE HOSPITALIER D'ESSAI", "IFAS du Centre Hospitalier d'Essai"),
        ("IFSI DU CHU DE SAINT-ETIENNE", "IFSI du CHU de Saint-Etienne"),
        ("EFTS DE VALENCE", "EFTS de Valence"),
        ("IFSI du CHU de Saint-Étienne", "IFSI du CHU de Saint-Étienne"),  # mixed: as published
        ("OCELLIA", "OCELLIA"),
    ],
)
def test_names_in_capitals_are_shown_readable_keeping_acronyms(client, published, shown):
    institute = InstituteFactory(name=published)
    page = client.get(institute.get_absolute_url()).content.decode()
    assert f"<h1>{shown}</h1>".replace("'", "&#x27;") in page
    institute.refresh_from_db()
    assert institute.name == published  # stored as the source wrote it


def test_a_school_without_an_offer_never_answers_the_nearest_for_a_diploma(client):
    """FINESS and Parcoursup bring schools that teach nothing the site knows yet: « Où se
    former » near a commune, for a diploma, lists only schools with a published offer."""
    diploma = DiplomaFactory(slug="de-infirmier")
    InstituteFactory(  # in the commune itself, but no offer
        name="Institut sans offre",
        commune="Lyon",
        departement="69",
        latitude=Decimal("45.76"),
        longitude=Decimal("4.83"),
    )
    TrainingOfferFactory(
        diploma=diploma,
        institute=InstituteFactory(
            name="Institut qui forme",
            commune="Vienne",
            departement="38",
            latitude=Decimal("45.52"),
            longitude=Decimal("4.87"),
        ),
    )
    page = text(
        client.get("/formations/", {"diplome": "de-infirmier", "lat": "45.76", "lon": "4.83"})
    )
    assert "Institut qui forme" in page
    assert "Institut sans offre" not in page


def test_ou_se_former_filters_and_counts_the_offers_on_parcoursup(client):
    TrainingOfferFactory(
        institute=InstituteFactory(name="École sur Parcoursup"),
        application_route=ApplicationRoute.PARCOURSUP,
    )
    TrainingOfferFactory(institute=InstituteFactory(name="École à dossier"))
    everything = text(client.get("/formations/"))
    assert 'Candidature sur Parcoursup <span class="count">(1)</span>' in everything
    page = text(client.get("/formations/", {"parcoursup": "1"}))
    assert "École sur Parcoursup" in page and "École à dossier" not in page
    assert 'name="parcoursup" value="1" checked' in page
    nothing = text(client.get("/formations/", {"parcoursup": "1", "modalite": "vae"}))
    assert "« sur Parcoursup »" in nothing  # « Élargir la recherche » offers to remove it
    api = client.get("/api/v1/offres/", {"parcoursup": "1"}).json()
    assert [offer["institute_name"] for offer in api["results"]] == ["École sur Parcoursup"]
