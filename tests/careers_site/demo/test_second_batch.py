"""The second batch of demonstration content (FACTS.md): what a lycéen, an adult retraining
and a counsellor find, and the rules of the facts file held: H facts published with their
source on the page, M facts only as names and descriptive text, NOT FOUND left empty."""

import re

import pytest
from django.urls import reverse

from campaigns.models import Campaign, Video
from careers_site.core.models import Organisation
from professions.models import Profession
from trainings.models import Diploma, FinancialAid

pytestmark = pytest.mark.django_db

FIRST_THREE = {"manipulateur-electroradiologie-medicale", "aide-soignant", "preparateur-pharmacie"}
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
PARTNERS = {
    "ars-auvergne-rhone-alpes",
    "region-auvergne-rhone-alpes",
    "dreets-auvergne-rhone-alpes",
    "france-travail",
    "opco-sante",
    "anfh",
    "missions-locales",
}


def text(response):
    html = response.content.decode()
    html = html[html.index("<main") : html.index("</main>")]
    text = re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").replace("&nbsp;", " ")
    return re.sub(r"\s+", " ", text)


def test_a_lyceen_finds_each_profession_by_each_of_its_names(client, demo_content):
    professions = Profession.objects.published()
    assert professions.count() >= 13
    for slug in ("infirmier", "masseur-kinesitherapeute", "ambulancier", "pharmacien-officine"):
        assert professions.get(slug=slug).diplomas.exists(), slug
    for profession in professions:
        names = [profession.title_masculine, profession.title_feminine]
        for name in names + profession.other_names_list:
            html = client.get(reverse("search"), {"q": name}).content.decode()
            assert f'href="{profession.get_absolute_url()}"' in html, (profession.slug, name)


def test_every_published_figure_carries_its_source_on_the_page(client, demo_content):
    for diploma in Diploma.objects.published():
        figures = (
            diploma.level,
            diploma.rncp_code,
            diploma.duration_months,
            diploma.ects,
            diploma.grade,
            diploma.minimum_age,
            diploma.reform_from,
        )
        if any(figures):
            assert diploma.sources_list, diploma.slug
            assert "Sources" in text(client.get(diploma.get_absolute_url())), diploma.slug
    for profession in Profession.objects.published():
        if profession.starting_salary:
            assert profession.salary_source
        if profession.workforce or profession.rome_code:
            assert profession.sources_list, profession.slug
        if profession.slug not in FIRST_THREE:
            page = client.get(profession.get_absolute_url())
            assert "Sources" in text(page), profession.slug
            first = profession.sources_list[0]
            assert first.url in page.content.decode() if first.url else first.label in text(page)
    for aid in FinancialAid.objects.published():
        if re.search(r"\d", aid.amount):
            assert aid.sources_list, aid.slug
            assert "Sources" in text(client.get(aid.get_absolute_url())), aid.slug


def test_m_facts_and_gaps_stay_unpublished(client, demo_content):
    second_batch = Profession.objects.exclude(slug__in=FIRST_THREE | THIRD_BATCH)
    # ROME codes come from France Travail's own files (fixtures/rome, professions-rome.toml),
    # never from the third party's copy of the facts file, and name their source.
    for profession in Profession.objects.all():
        assert profession.rome_code in profession.rome_codes.values_list("code", flat=True)
        assert any("ROME 4.0 (v460)" in s.label for s in profession.sources_list)
    # No salary or workforce figure is H for these professions.
    assert not second_batch.filter(starting_salary__isnull=False).exists()
    assert not second_batch.exclude(workforce="").exists()
    assert Profession.objects.get(slug="agent-service-hospitalier").entry_level is None
    for slug in (
        "de-auxiliaire-puericulture",
        "de-masseur-kinesitherapeute",
        "de-docteur-pharmacie",
    ):
        diploma = Diploma.objects.get(slug=slug)
        assert (diploma.level, diploma.rncp_code, diploma.duration_months) == (None, "", None)
        assert "Niveau non renseigné" in text(client.get(diploma.get_absolute_url()))
    # Reforms: the nursing programme of 2026 (Parcoursup, H), the new social-work diploma of
    # September 2026 (France compétences, H); the educators' dates are M, so not given.
    nursing = Diploma.objects.get(slug="de-infirmier")
    assert "juin 2029" in nursing.reform_note and nursing.reform_from is None
    social_work = Diploma.objects.get(slug="de-assistant-service-social")
    assert social_work.reform_from.isoformat() == "2026-09-01"
    assert Diploma.objects.get(slug="de-educateur-specialise").reform_from is None
    page = text(client.get(social_work.get_absolute_url()))
    assert "Réforme du diplôme : en vigueur depuis le 1er septembre 2026" in page


def test_the_regions_campaigns_in_their_order(client, demo_content):
    pharmacien = Campaign.objects.get(slug="region-pharmacien-officine")
    manipulateur = Campaign.objects.get(slug="region-manipulateur-radio")
    assert pharmacien.owner.slug == manipulateur.owner.slug == "region-auvergne-rhone-alpes"
    assert [p.slug for p in pharmacien.professions.all()] == ["pharmacien-officine"]
    assert "première" in pharmacien.tagline and "deuxième" in manipulateur.tagline
    for campaign in (pharmacien, manipulateur):
        # The channels are named; the accounts' addresses are not known, so none is invented.
        assert campaign.channels_list == ["Instagram", "TikTok"]
        assert "http" not in campaign.summary and "@" not in campaign.summary
    page = text(client.get(reverse("professions:detail", args=["pharmacien-officine"])))
    assert "première campagne de la Région" in page


def test_the_web_series_says_where_the_videos_are(client, demo_content):
    portrait = Video.objects.get(slug="benjamin-manipulateur-radiologie")
    assert portrait.title == "Benjamin et Maëlys, manipulateurs en radiologie"
    response = client.get(portrait.get_absolute_url())
    page = text(response)
    assert "bientôt" not in page
    assert "n'est pas hébergée sur ce site" in page
    assert f'href="{portrait.campaign.source_url}"' in response.content.decode()
    assert "auvergne-rhone-alpes.ars.sante.fr" in portrait.campaign.source_url
    # Real testimonies before demonstration clips on the home page.
    videos = client.get(reverse("home")).context["latest_videos"]
    assert [v.campaign.slug for v in videos[:3]] == ["webserie-metiers-du-soin"] * 3
    assert videos[0].episode_number == 1


def test_each_partner_has_its_page_and_adults_find_their_routes(client, demo_content):
    with_page = set(Organisation.objects.with_public_page().values_list("slug", flat=True))
    assert with_page == PARTNERS
    for organisation in Organisation.objects.with_public_page():
        response = client.get(organisation.get_absolute_url())
        assert response.status_code == 200, organisation.slug
        assert organisation.role and organisation.sources_list, organisation.slug
    region = text(
        client.get(reverse("campaigns:partner_detail", args=["region-auvergne-rhone-alpes"]))
    )
    assert "Pharmacien d'officine, la première campagne de la Région" in region
    assert "Bourse régionale" in region

    routes = FinancialAid.objects.published().for_adults()
    assert {"vae", "continue", "apprentissage"} <= set(routes.values_list("modality", flat=True))
    for aid in routes:
        assert aid.eligibility and aid.steps_list, aid.slug
    page = text(client.get(reverse("trainings:retraining")))
    for name in ("(VAE)", "formation continue", "apprentissage", "Transitions Pro", "(AIF)"):
        assert name in page, name
    infirmier = text(client.get(reverse("trainings:diploma_detail", args=["de-infirmier"])))
    assert "Entrer en formation en tant qu'adulte" in infirmier
