"""« Se reconvertir »: the routes (VAE, continuing education, apprenticeship) and funding open
to adults, each with who may use it, its steps and its official page; the offers list keeps
the adult routes only when asked; diplomas and aids point at each other."""

import pytest
from django.urls import reverse

from tests.factories import (
    DiplomaFactory,
    FinancialAidFactory,
    InstituteFactory,
    TrainingOfferFactory,
)
from trainings.models import AidKind, Modality

pytestmark = pytest.mark.django_db

RETRAINING = reverse("trainings:retraining")
OFFERS = reverse("trainings:offer_list")


def text(response):
    import re

    html = response.content.decode().replace("&nbsp;", " ")
    html = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def test_retraining_page_lists_adult_routes_then_funding(client):
    FinancialAidFactory(
        name="La validation des acquis de l'expérience (VAE)",
        kind=AidKind.ROUTE,
        for_adults=True,
        modality=Modality.VAE,
        provider=None,
    )
    FinancialAidFactory(name="Le projet de transition professionnelle", for_adults=True)
    FinancialAidFactory(name="Bourse réservée aux lycéens", for_adults=False)
    FinancialAidFactory(name="Voie en brouillon", for_adults=True, draft=True)

    page = text(client.get(RETRAINING))

    assert page.index("Les chemins vers un diplôme") < page.index("(VAE)")
    assert page.index("Qui paie ?") < page.index("Le projet de transition professionnelle")
    for hidden in ("Bourse réservée aux lycéens", "Voie en brouillon"):
        assert hidden not in page
    # Public-hospital staff are sent to the ANFH's routes.
    assert "Vous travaillez à l'hôpital public" in page
    assert 'href="/partenaires/anfh/"' in client.get(RETRAINING).content.decode()
    assert "?adultes=1" in client.get(RETRAINING).content.decode()


def test_retraining_page_costs_one_query(client, django_assert_num_queries):
    FinancialAidFactory.create_batch(4, for_adults=True)
    FinancialAidFactory.create_batch(3, for_adults=True, kind=AidKind.ROUTE, provider=None)
    client.get(RETRAINING)  # fills the site's cached settings and footer
    with django_assert_num_queries(1):
        assert client.get(RETRAINING).status_code == 200


def test_each_card_names_its_sources_and_says_when_it_has_none(client):
    FinancialAidFactory(
        name="Le compte personnel de formation (CPF)",
        for_adults=True,
        sources="Mon Compte Formation (publié le 1er mai 2024) | https://moncompteformation.gouv.fr/x\n"
        "ONISEP (octobre 2025)",
    )
    FinancialAidFactory(name="Aide sans source", for_adults=True, sources="")
    response = client.get(RETRAINING)
    html = response.content.decode()
    assert (
        '<a href="https://moncompteformation.gouv.fr/x">Mon Compte Formation (publié le 1er mai '
        "2024)</a>" in html
    )
    page = text(response)
    assert "Sources (2)" in page and "ONISEP (octobre 2025)" in page
    assert "Source non renseignée" in page


def test_route_without_provider_or_official_page_says_so(client):
    route = FinancialAidFactory(
        name="Se former en apprentissage",
        kind=AidKind.ROUTE,
        for_adults=True,
        provider=None,
        url="",
        sources="Université Paul-Valéry, rémunération des apprentis | https://univ-montp3.fr/x",
    )
    response = client.get(route.get_absolute_url())
    page = text(response)
    assert "Versée par" not in page
    assert "pas encore de lien officiel vérifié" in page
    assert "Sources" in page and 'href="https://univ-montp3.fr/x"' in response.content.decode()
    assert "Se reconvertir" in page


def test_aid_and_diploma_link_each_other(client):
    diploma = DiplomaFactory(name="Diplôme d'État d'infirmier", slug="de-infirmier")
    aid = FinancialAidFactory(name="Entrer en formation continue", for_adults=True)
    aid.diplomas.add(diploma)
    FinancialAidFactory(name="Aide sans rapport")

    diploma_page = text(client.get(diploma.get_absolute_url()))
    assert "Entrer en formation continue" in diploma_page
    assert "Aide sans rapport" not in diploma_page
    assert "Diplôme d'État d'infirmier" in text(client.get(aid.get_absolute_url()))


def test_adult_routes_filter_gives_continuing_vae_and_apprenticeship_offers(client):
    diploma = DiplomaFactory()
    for modality, name in (
        (Modality.INITIAL, "Institut voie initiale"),
        (Modality.CONTINUING, "Institut formation continue"),
        (Modality.VAE, "Institut VAE"),
        (Modality.APPRENTICESHIP, "Institut apprentissage"),
    ):
        TrainingOfferFactory(
            diploma=diploma, modality=modality, institute=InstituteFactory(name=name)
        )

    everything = client.get(OFFERS)
    assert everything.context["adults_count"] == 3
    adults = client.get(OFFERS, {"adultes": "1"})
    shown = {offer.institute.name for offer in adults.context["offers"]}
    assert shown == {"Institut formation continue", "Institut VAE", "Institut apprentissage"}
    html = adults.content.decode()
    assert 'id="filtre-adultes" type="checkbox" name="adultes" value="1" checked' in html
    # Combined with another filter, and offered for removal when nothing is left.
    only_vae = client.get(OFFERS, {"adultes": "1", "modalite": "vae"})
    assert [o.institute.name for o in only_vae.context["offers"]] == ["Institut VAE"]
    none = client.get(OFFERS, {"adultes": "1", "modalite": "initiale"})
    assert list(none.context["offers"]) == []
    assert any("adultes" in s["label"] for s in none.context["relax"])


def test_adult_filter_ignores_other_values(client):
    TrainingOfferFactory(modality=Modality.INITIAL)
    response = client.get(OFFERS, {"adultes": "<script>"})
    assert response.status_code == 200
    assert len(response.context["offers"]) == 1


def test_diploma_under_reform_says_so_with_its_date(client, time_machine):
    import datetime

    diploma = DiplomaFactory(
        name="Diplôme d'État d'assistant de service social",
        reform_note="Nouveau diplôme, délivré au nom de deux ministères.",
        reform_from=datetime.date(2026, 9, 1),
        level=None,
    )
    time_machine.move_to(datetime.datetime(2026, 12, 7, 10, tzinfo=datetime.UTC))
    page = text(client.get(diploma.get_absolute_url()))
    assert "Réforme du diplôme : en vigueur depuis le 1er septembre 2026" in page
    assert "Niveau non renseigné" in page
