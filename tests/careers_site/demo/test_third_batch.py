"""The third batch of demonstration content (FACTS.md, third batch): the thirteen professions
that were missing, « Se reconvertir » with the CPF, the CPF de transition and the public-hospital
route, the roles of the ANFH and the DREETS, and the nursing diploma's two programmes."""

import re
import tomllib

import pytest
from django.urls import reverse

from careers_site.core.models import Organisation
from careers_site.demo.content import FIXTURES_DIR
from professions.models import Profession
from trainings.models import Diploma, FinancialAid, TrainingOffer

pytestmark = pytest.mark.django_db

THIRD_BATCH = {
    "sage-femme",
    "dieteticien",
    "moniteur-educateur",
    "technicien-intervention-sociale-familiale",
    "secretaire-medical",
    "infirmier-bloc-operatoire",
    "infirmier-anesthesiste",
    "infirmier-puericulteur",
    "orthoptiste",
    "audioprothesiste",
    "conseiller-economie-sociale-familiale",
    "educateur-technique-specialise",
    "pedicure-podologue",
}


def text(response):
    html = response.content.decode()
    html = html[html.index("<main") : html.index("</main>")]
    text = re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").replace("&nbsp;", " ")
    return re.sub(r"\s+", " ", text)


def dated(label):
    """A source says when it was published or read, or says plainly that no date is known
    (the ROME files are dated by their version)."""
    return bool(re.search(r"\b(19|20)\d{2}\b|consulté le|date non renseignée|version v460", label))


def rome_links():
    with (FIXTURES_DIR / "professions-rome.toml").open("rb") as handle:
        return {link["profession"]: link["codes"] for link in tomllib.load(handle)["links"]}


def test_each_missing_profession_is_on_the_site_with_sources_code_and_diploma(client, demo_content):
    links = rome_links()
    assert set(links) >= THIRD_BATCH  # the file links every profession of the demo
    for slug in sorted(THIRD_BATCH):
        profession = Profession.objects.published().get(slug=slug)
        assert [profession.rome_code] == links[slug], slug
        response = client.get(profession.get_absolute_url())
        assert response.status_code == 200, slug
        page = text(response)
        assert f"ROME {profession.rome_code}" in page, slug
        assert "Sources" in page, slug
        for source in profession.sources_list:
            assert source.label in page, (slug, source.label)
            assert source.is_dated, (slug, source.label)
        diplomas = profession.diplomas.published()
        assert diplomas.exists(), slug
        for diploma in diplomas:
            assert diploma.name in page, (slug, diploma.name)
    # Where a source names the school, the diploma can be found near you.
    midwifery = TrainingOffer.objects.published().filter(diploma__slug="de-docteur-maieutique")
    assert set(midwifery.values_list("institute__commune", flat=True)) == {"Lyon", "Grenoble"}
    # The psychomotricien's level 5 is not read as a length of study.
    psychomot = text(client.get(reverse("trainings:diploma_detail", args=["de-psychomotricien"])))
    assert "ne dit pas la durée de la formation" in psychomot
    # The two diplomas the Parcoursup work creates too, under the same slugs.
    orthoptie = Diploma.objects.get(slug="certificat-capacite-orthoptiste")
    assert (orthoptie.level, orthoptie.rncp_code) == (6, "RNCP38987")
    assert Diploma.objects.get(slug="de-audioprothesiste").rncp_code == "RNCP36110"
    # What no source gives stays empty: no salary, no workforce, no ONISEP id.
    batch = Profession.objects.filter(slug__in=THIRD_BATCH)
    assert not batch.filter(starting_salary__isnull=False).exists()
    assert not batch.exclude(workforce="").exists()
    assert not batch.exclude(onisep_id="").exists()
    # A lapsed RNCP registration is not shown as the diploma's current code.
    cesf = Diploma.objects.get(slug="de-conseiller-economie-sociale-familiale")
    assert cesf.rncp_code == "" and "31 août 2026" in cesf.reform_note
    # Search finds them by their other names too.
    for name, slug in (
        ("IBODE", "infirmier-bloc-operatoire"),
        ("maïeuticien", "sage-femme"),
        ("TISF", "technicien-intervention-sociale-familiale"),
        ("CESF", "conseiller-economie-sociale-familiale"),
        ("podologue", "pedicure-podologue"),
    ):
        html = client.get(reverse("search"), {"q": name}).content.decode()
        url = reverse("professions:detail", args=[slug])
        assert f'href="{url}"' in html, name


def test_the_adults_page_names_each_route_with_its_source(client, demo_content):
    response = client.get(reverse("trainings:retraining"))
    page = text(response)
    html = response.content.decode()
    for name in (
        "Le compte personnel de formation (CPF)",
        "Le CPF de transition professionnelle (Transitions Pro)",
        "Les études promotionnelles (hôpital public)",
        "Le congé de formation professionnelle (hôpital public)",
        "D'aide-soignant à infirmier",
    ):
        assert name in page, name
    for aid in FinancialAid.objects.published().for_adults():
        assert aid.name in page, aid.slug
        assert aid.sources_list, aid.slug
        for source in aid.sources_list:
            assert source.label in page, (aid.slug, source.label)
            if source.url:
                assert f'href="{source.url}"' in html, (aid.slug, source.url)
    assert "pas encore vérifié" not in page

    cpf = text(client.get(reverse("trainings:aid_detail", args=["compte-personnel-formation-cpf"])))
    assert "102,23 €" in cpf and "1er janvier 2025" in cpf
    assert "demandeur d'emploi" in cpf and "moncompteformation.gouv.fr" in (
        FinancialAid.objects.get(slug="compte-personnel-formation-cpf").url
    )
    assert "103,20" not in cpf  # the 2026 amount has only secondary sources
    route = text(client.get(reverse("trainings:aid_detail", args=["aide-soignant-vers-infirmier"])))
    for words in ("trois ans", "formation professionnelle continue", "études promotionnelles"):
        assert words in route, words
    assert "Transitions Pro" in route and "VAE" in route


def test_anfh_and_dreets_describe_their_roles(client, demo_content):
    anfh = text(client.get(reverse("campaigns:partner_detail", args=["anfh"])))
    for words in ("études promotionnelles", "congé de formation professionnelle", "traitement"):
        assert words in anfh, words
    # Its two funded routes are listed on its page.
    assert "Les études promotionnelles (hôpital public)" in anfh
    dreets = text(
        client.get(reverse("campaigns:partner_detail", args=["dreets-auvergne-rhone-alpes"]))
    )
    assert "délivre les diplômes d'État" in dreets
    for page in (anfh, dreets):
        assert "pas encore décrit" not in page
    for slug in ("anfh", "dreets-auvergne-rhone-alpes"):
        organisation = Organisation.objects.get(slug=slug)
        assert all(dated(source.label) for source in organisation.sources_list), slug


def test_the_nursing_diploma_shows_both_programmes_with_their_cohorts(client, demo_content):
    nursing = Diploma.objects.get(slug="de-infirmier")
    page = text(client.get(nursing.get_absolute_url()))
    assert "Entrés en formation avant 2026 : 6 semestres, 4 200 heures" in page
    assert "Entrés en 2026 : nouveau programme de 4 600 heures" in page
    assert "juin 2029" in page
