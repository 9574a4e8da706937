"""The search knows every job title of care and social work from the ROME (issue 24): a title
of a presented profession leads to it, a real job not presented says so and points to
official pages, and a typo is corrected into a word of the same job."""

import pytest
from django.urls import reverse

from professions.models import RomeCode
from professions.rome import import_rome
from tests.factories import ProfessionFactory

from .test_rome_import import ROME_DIR

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    import_rome(ROME_DIR)
    professions = {}
    for slug, masculine, feminine, code in (
        (
            "technicien-laboratoire-medical",
            "Technicien de laboratoire médical",
            "technicienne de laboratoire médical",
            "J1302",
        ),
        (
            "accompagnant-educatif-social",
            "Accompagnant éducatif et social",
            "accompagnante éducative et sociale",
            "K1306",
        ),
        ("orthophoniste", "Orthophoniste", "orthophoniste", "J1406"),
        ("ergotherapeute", "Ergothérapeute", "ergothérapeute", "J1403"),
        ("aide-soignant", "Aide-soignant", "aide-soignante", "J1501"),
    ):
        profession = ProfessionFactory(
            slug=slug, title_masculine=masculine, title_feminine=feminine, rome_code=code
        )
        profession.rome_codes.set([RomeCode.objects.get(code=code)])
        professions[slug] = profession
    return professions


def search(client, query):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return response, response.content.decode().replace("&nbsp;", " ")


def test_a_title_of_a_presented_profession_leads_to_it(client, site):
    response, html = search(client, "Technicienne de biologie médicale")
    assert "« Technicien / Technicienne de biologie médicale » : un des noms de ce métier" in html
    assert site["technicien-laboratoire-medical"].get_absolute_url() in html
    assert "pas encore présenté" not in html
    assert not response.context.get("did_you_mean")


def test_a_feminine_title_that_is_the_profession_s_own_name_finds_it(client, site):
    response, html = search(client, "Accompagnante éducative et sociale")
    found = response.context["search"].objects("professions")
    assert found[0] == site["accompagnant-educatif-social"]
    assert "pas encore présenté" not in html


def test_a_real_job_not_presented_says_so_and_leads_to_official_pages(client, site):
    response, html = search(client, "orthoptiste")
    assert "« Orthoptiste » : ce métier n'est pas encore présenté ici" in html
    assert "fiche J1407 « Orthoptiste »" in html
    assert "famille « Santé › Rééducation et appareillage »" in html
    assert 'href="https://candidat.francetravail.fr/metierscope/fiche-metier/J1407"' in html
    assert "https://www.onisep.fr/recherche?context=metier&amp;text=Orthoptiste" in html
    # Not another job: no « Vouliez-vous dire orthophoniste ? », and orthophoniste is only
    # offered as a close job of the same family (J14, rééducation), beside ergothérapeute.
    assert not response.context.get("did_you_mean")
    assert "Des métiers proches, présentés sur ce site" in html
    assert site["orthophoniste"].get_absolute_url() in html
    assert site["ergotherapeute"].get_absolute_url() in html
    assert site["aide-soignant"].get_absolute_url() not in html
    assert "Source : France Travail, ROME 4.0 (v460)" in html


def test_aide_a_domicile_is_a_real_job_of_the_social_family(client, site):
    _, html = search(client, "aide à domicile")
    assert "« Aide à domicile » : ce métier n'est pas encore présenté ici" in html
    assert "fiche K1304" in html
    assert site["accompagnant-educatif-social"].get_absolute_url() in html  # K13 as well


def test_a_typo_is_corrected_into_a_word_of_the_same_job(client, site):
    response, html = search(client, "orthoptise")
    assert response.context["did_you_mean"] == "orthoptiste"
    assert "« Orthoptiste » : ce métier n'est pas encore présenté ici" in html


def test_a_typo_of_a_presented_job_still_finds_it(client, site):
    response, _ = search(client, "aide soigante")
    assert response.context["did_you_mean"] == "aide soignante"
    assert response.context["search"].objects("professions") == [site["aide-soignant"]]
