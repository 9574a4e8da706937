"""The search as one service: places, entry routes, aids, events, partners, professions the
site does not cover (issue 15), and the registry that lets each app declare its content."""

import pytest
from django.test import Client
from django.urls import reverse

from careers_site.core.search import service
from careers_site.core.search.service import SHOWN_PER_GROUP, searchables
from careers_site.core.search.service import search as run_search
from tests.factories import (
    DiplomaFactory,
    EventFactory,
    FinancialAidFactory,
    InstituteFactory,
    OrganisationFactory,
    ProfessionFactory,
    TrainingOfferFactory,
)
from trainings.models import Commune, Departement
from trainings.places import UNKNOWN_DISTANCE_LABEL
from trainings.search import nearest_institutes

pytestmark = pytest.mark.django_db


def search(client, query):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return response


@pytest.fixture
def region():
    aide_soignant = ProfessionFactory(
        title_masculine="Aide-soignant",
        title_feminine="Aide-soignante",
        tagline="Travailler avec les infirmiers, au plus près des patients.",
    )
    deas = DiplomaFactory(name="Diplôme d'État d'aide-soignant", acronym="DEAS")
    deas.professions.add(aide_soignant)
    yssingeaux = InstituteFactory(
        name="IFAS du lycée d'Yssingeaux",
        commune="Yssingeaux",
        postcode="43200",
        departement=Departement.HAUTE_LOIRE,
        latitude="45.14300",
        longitude="4.12400",
    )
    vichy = InstituteFactory(
        name="IFSI-IFAS de Vichy",
        commune="Vichy",
        postcode="03200",
        departement="03",
        latitude="46.12700",
        longitude="3.42600",
    )
    grenoble = InstituteFactory(
        name="IFAPAS de Grenoble",
        commune="Grenoble",
        postcode="38000",
        departement="38",
        latitude="45.18800",
        longitude="5.72400",
    )
    for institute in (yssingeaux, vichy, grenoble):
        TrainingOfferFactory(diploma=deas, institute=institute)
    return {
        "aide_soignant": aide_soignant,
        "yssingeaux": yssingeaux,
        "vichy": vichy,
        "grenoble": grenoble,
    }


def test_every_app_declares_its_groups_in_order():
    assert [s.name for s in searchables()] == [
        "professions",
        "diplomas",
        "institutes",
        "routes",
        "aids",
        "events",
        "partners",
    ]


@pytest.mark.parametrize("query", ["43200", "Yssingeaux", "yssingeaux"])
def test_a_postcode_or_a_commune_leads_to_the_nearest_institutes(client, region, query):
    response = search(client, query)
    (template, answer), *_ = response.context["search"].answers
    assert answer["commune"].name == "Yssingeaux"
    assert answer["institutes"] == [region["yssingeaux"], region["vichy"], region["grenoble"]]
    assert answer["institutes"][0].distance_km < 5
    assert answer["professions"] == [region["aide_soignant"]]
    html = response.content.decode()
    assert "Se former près d&#x27;Yssingeaux (43200)" in html
    assert "?commune=Yssingeaux+%2843200%29" in html
    assert "Aucun métier, diplôme ou établissement" not in html


@pytest.mark.parametrize("query", ["Clermont-Ferrand", "clermont ferrand", "63000"])
def test_a_town_without_an_institute_still_gets_the_nearest_ones(client, region, query):
    response = search(client, query)
    html = response.content.decode()
    assert "Se former près de Clermont-Ferrand" in html
    answer = response.context["search"].answers[0][1]
    # Vichy (Allier) borders the Puy-de-Dôme; Grenoble does not.
    assert answer["institutes"][:2] == [region["vichy"], region["yssingeaux"]]
    assert answer["institutes"][0].distance_km == pytest.approx(50, abs=10)
    assert "Aucun métier" not in html
    assert "Les métiers présentés sur le site" not in html


def test_a_place_answer_is_never_called_a_job_not_presented(client, region):
    """« Clermont-Ferrand » names no job, but the page answers it (the nearest institutes):
    it must not also say « Ce métier n'est pas encore présenté ici »."""
    response = search(client, "Clermont-Ferrand")
    assert response.context["search"].answers
    assert response.context["search"].not_covered is None
    assert "pas encore présenté" not in response.content.decode()
    # The same page without the place answer says it: the silence comes from the answer.
    assert "pas encore présenté" in search(client, "Chaudronnier").content.decode()


def test_le_puy_finds_le_puy_en_velay(client, region):
    response = search(client, "le puy")
    answer = response.context["search"].answers[0][1]
    assert answer["commune"].name == "Le Puy-en-Velay"
    assert answer["institutes"][0] == region["yssingeaux"]
    assert answer["institutes"][0].distance_km == pytest.approx(20, abs=8)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Saint-Priest-en-Jarez", "Saint-Priest-en-Jarez"),
        ("st flour", "Saint-Flour"),
        ("ste foy", "Sainte-Foy"),
    ],
)
def test_saint_in_full_or_short_names_the_commune(client, region, query, name):
    """« St » and « Ste » are read as whole words: « Saint-Priest-en-Jarez » is not
    « saint priesaint en jarez »."""
    answer = search(client, query).context["search"].answers[0][1]
    assert answer["commune"].name.startswith(name)


@pytest.mark.parametrize("query", ["aide soignante", "saint", "infirmier", "12", "ARS"])
def test_words_that_are_not_places_get_no_place_answer(client, region, query):
    assert search(client, query).context["search"].answers == []


@pytest.mark.parametrize(
    ("query", "route"),
    [
        ("VAE", "Validation des acquis de l'expérience (VAE)"),
        ("vae", "Validation des acquis de l'expérience (VAE)"),
        ("apprentissage", "Apprentissage"),
        ("alternance", "Apprentissage"),
        ("Parcoursup", "Parcoursup"),
        ("formation continue", "Formation continue"),
        ("reconversion", "Formation continue"),
    ],
)
def test_entry_routes_are_found(client, query, route):
    response = search(client, query)
    assert [r.name for r in response.context["routes"]] == [route]
    assert "Ce métier n'est pas encore présenté ici" not in response.content.decode()


def test_apprenticeship_leads_to_the_apprenticeship_offers(client):
    html = search(client, "apprentissage").content.decode()
    assert f'href="{reverse("trainings:offer_list")}?modalite=apprentissage"' in html


def test_vae_links_to_the_public_service(client):
    assert 'href="https://vae.gouv.fr/"' in search(client, "VAE").content.decode()


@pytest.mark.parametrize("query", ["bourse", "bourses", "Bourse régionale", "financement"])
def test_aids_are_found(client, query):
    bourse = FinancialAidFactory(name="Bourse régionale des formations sanitaires et sociales")
    response = search(client, query)
    assert bourse in response.context["aids"]
    assert "Ce métier n'est pas encore présenté ici" not in response.content.decode()


def test_draft_aids_are_not_found(client):
    FinancialAidFactory(name="Bourse brouillon", draft=True)
    assert search(client, "bourse").context["aids"] == []


def test_saving_an_aid_refreshes_the_cached_list(client):
    assert search(client, "bourse").context["aids"] == []
    bourse = FinancialAidFactory(name="Bourse régionale")
    assert search(client, "bourse").context["aids"] == [bourse]


def test_events_and_partners_are_found(client):
    opco = OrganisationFactory(name="OPCO Santé", short_name="OPCO", show_as_partner=True)
    OrganisationFactory(name="Organisme caché", show_as_partner=False)
    forum = EventFactory(title="Forum santé de Lyon")
    assert search(client, "opco").context["partners"] == [opco]
    assert search(client, "forum").context["events"] == [forum]
    assert search(client, "cache").context["partners"] == []


def test_the_place_answer_lists_institutes_by_km_as_where_to_train_does():
    """« annecy »: the school of Annecy first, then Chambéry, Lyon, Vichy (issue 28: Vichy came
    first), each with its distance; one not yet placed on the map comes last, nearest
    département first, as on « Où se former »."""
    annecy = Commune.objects.get(name="Annecy")
    assert annecy.has_coordinates

    def institute(name, commune, departement, latitude=None, longitude=None):
        return InstituteFactory(
            name=name,
            commune=commune,
            departement=departement,
            latitude=latitude,
            longitude=longitude,
        )

    vichy = institute("IFSI de Vichy", "Vichy", "03", "46.12700", "3.42600")
    lyon = institute("IFSI de Lyon", "Lyon", "69", "45.76000", "4.83500")
    unplaced = institute("IFAS sans adresse", "Thonon-les-Bains", "74")
    chambery = institute("IFSI de Chambéry", "Chambéry", "73", "45.56600", "5.92100")
    here = institute("IFSI d'Annecy", "Annecy", "74", "45.89900", "6.12900")

    nearest = nearest_institutes(annecy)
    assert nearest == [here, chambery, lyon, vichy, unplaced]
    assert [i.distance_km for i in nearest[:4]] == sorted(i.distance_km for i in nearest[:4])
    assert nearest[0].distance_km < 5
    assert nearest[-1].distance_km is None
    assert nearest[-1].proximity_label == UNKNOWN_DISTANCE_LABEL
    html = search(Client(), "Annecy").content.decode()
    assert f"à {nearest[0].distance_km}&nbsp;km" in html
    assert (
        html.index("IFSI d&#x27;Annecy")
        < html.index("IFSI de Chambéry")
        < html.index("IFSI de Vichy")
    )


def test_without_a_position_the_nearest_institutes_follow_the_tiers_of_where_to_train():
    """A commune not yet placed on the map: by tier (in it, its département, the neighbouring
    ones, elsewhere), then département, town and name."""
    commune = Commune.objects.get(name="Yssingeaux")
    commune.latitude = commune.longitude = None

    def institute(name, commune, postcode, departement, **kwargs):
        return InstituteFactory(
            name=name, commune=commune, postcode=postcode, departement=departement, **kwargs
        )

    here = [institute(f"IFAS {n}", "Yssingeaux", "43200", "43") for n in "BA"]
    filed_elsewhere = institute("IFAS", "Yssingeaux", "43200", "42")  # still in the commune
    puy = institute("IFSI du Puy", "Le Puy-en-Velay", "43000", "43")
    institute("IFSI caché", "Le Puy-en-Velay", "43000", "43", draft=True)
    aurillac = institute("IFSI d'Aurillac", "Aurillac", "15000", "15")
    privas = [institute(f"IFSI de Privas {n}", "Privas", "07000", "07") for n in "21"]
    saint_etienne = institute("IFSI", "Saint-Étienne", "42000", "42")
    lyon = [institute(f"IFSI de Lyon {n}", "Lyon", "69003", "69") for n in "21"]
    ordered = [
        filed_elsewhere,
        *reversed(here),
        puy,
        *reversed(privas),
        aurillac,
        saint_etienne,
        *reversed(lyon),
    ]

    assert nearest_institutes(commune) == ordered[:6]
    nearest = nearest_institutes(commune, limit=20)
    assert nearest == ordered
    assert [i.proximity_label for i in nearest[3:5]] == [
        "Dans votre département",
        "Dans les départements voisins",
    ]
    assert nearest[-1].proximity_label == "Ailleurs dans la région"


def test_a_place_names_a_bounded_number_of_professions(client, region):
    for n in range(12):
        profession = ProfessionFactory(title_masculine=f"Métier {n:02}")
        diploma = DiplomaFactory()
        diploma.professions.add(profession)
        TrainingOfferFactory(diploma=diploma, institute=region["yssingeaux"])
    response = search(client, "Yssingeaux")
    (_template, answer), *_ = response.context["search"].answers
    assert len(answer["professions"]) == 12
    assert answer["professions"][0] == region["aide_soignant"]
    assert "et d'autres encore." in response.content.decode()


def test_a_search_without_result_offers_a_bounded_list_of_professions(client):
    ProfessionFactory.create_batch(25)
    html = search(client, "astronaute").content.decode()
    assert len(search(client, "astronaute").context["suggestions"]) == 24
    assert '<a href="/metiers/">Voir tous les métiers</a>' in html


def test_events_are_found_by_title_place_or_topic_as_soon_as_saved(client):
    forum = EventFactory(
        title="Rencontre santé", commune="Annecy", departement=Departement.HAUTE_SAVOIE
    )
    EventFactory(title="Forum caché", commune="Annecy", draft=True)
    assert search(client, "annecy").context["events"] == [forum]
    assert search(client, "haute savoie").context["events"] == [forum]
    salon = EventFactory(title="Salon de l'étudiant")  # saved after the searches above
    assert search(client, "etudiant").context["events"] == [salon]
    # « agenda » names the whole group: every published event, the latest first.
    assert search(client, "agenda").context["events"] == [salon, forum]
    forum.title = "Journée découverte"
    forum.save()
    assert search(client, "rencontre").context["events"] == []


def test_a_profession_not_covered_says_so_with_the_closest_and_onisep(client, region):
    response = search(client, "infirmier")
    html = response.content.decode()
    assert "Ce métier n'est pas encore présenté ici." in html
    assert "Les métiers les plus proches" in html
    assert response.context["professions"] == [region["aide_soignant"]]
    assert 'href="https://www.onisep.fr/recherche?context=metier&amp;text=infirmier"' in html


def test_an_unknown_word_gets_onisep_and_the_list_of_professions(client, region):
    html = search(client, "astronaute").content.decode()
    assert "Ce métier n'est pas encore présenté ici." in html
    assert "text=astronaute" in html
    assert "Les métiers présentés sur le site" in html


@pytest.mark.parametrize("query", ["aide-soignante", "Aides-soignantes", "DEAS", "vichy"])
def test_known_things_are_not_called_not_covered(client, region, query):
    html = search(client, query).content.decode()
    assert "pas encore présenté ici" not in html


def test_typos_still_get_did_you_mean_for_the_new_groups(client):
    response = search(client, "aprentissage")
    assert response.context["did_you_mean"] == "apprentissage"
    assert [r.name for r in response.context["routes"]] == ["Apprentissage"]


def test_the_service_is_usable_without_the_view(region):
    results = run_search("  Aides-Soignantes  ")
    assert results.query == "Aides-Soignantes"
    assert results.objects("professions") == [region["aide_soignant"]]
    assert results.total == 1


def test_place_search_query_count_is_fixed(client, region, django_assert_num_queries):
    search(client, "infirmier")  # keeps the words of each group, the communes' names…
    # The commune (then kept under its name), its institutes and the professions taught
    # there (kept until the next change), then the one group holding the word: the
    # institutes. No job title holds it: the ROME's are not searched.
    with django_assert_num_queries(4):
        search(client, "Yssingeaux")
    # The same commune by its postcode (looked up: a postcode is no kept name); its answer is
    # kept; the institutes (their postcode).
    with django_assert_num_queries(2):
        search(client, "43200")
    # Its name again, however spelt: its groups and their HTML are kept under the name.
    with django_assert_num_queries(0):
        search(client, "YSSINGEAUX")


def test_a_commune_searched_shows_the_same_results_however_spelt_and_never_the_words_typed(
    client, region
):
    """The groups found for a commune's name are kept under that name: every spelling gets
    them, and what one visitor typed never shows on another's page (the « voir plus » link
    and the heading say what each one typed)."""
    EventFactory.create_batch(
        SHOWN_PER_GROUP + 1, commune="Yssingeaux", departement=Departement.HAUTE_LOIRE
    )
    first = search(client, "yssingeaux").content.decode()
    shown = search(client, "YSSINGEAUX").content.decode()
    assert "IFAS du lycée d&#x27;Yssingeaux" in shown
    assert "Résultats pour «&nbsp;YSSINGEAUX&nbsp;»" in shown
    assert "q=YSSINGEAUX&amp;groupe=agenda" in shown and "q=yssingeaux" not in shown
    cards = [page.split('id="agenda"')[1].split("</section>")[0] for page in (first, shown)]
    assert cards[0] == cards[1].replace("q=YSSINGEAUX", "q=yssingeaux")


def test_a_commune_searched_again_follows_a_new_school_at_once(client, region):
    """Kept until the next change: a school of the commune published since is found."""
    assert "IFSI d&#x27;Yssingeaux" not in search(client, "Yssingeaux").content.decode()
    InstituteFactory(
        name="IFSI d'Yssingeaux", commune="Yssingeaux", departement=Departement.HAUTE_LOIRE
    )
    assert "IFSI d&#x27;Yssingeaux" in search(client, "Yssingeaux").content.decode()


def test_a_place_answer_follows_a_new_school_at_once(client, region):
    """What a commune's answer shows is kept until the next change: a school published
    since is there on the next search."""
    assert "IFAS du Puy-en-Velay" not in search(client, "Yssingeaux").content.decode()
    TrainingOfferFactory(
        institute=InstituteFactory(
            name="IFAS du Puy-en-Velay",
            commune="Le Puy-en-Velay",
            postcode="43000",
            departement=Departement.HAUTE_LOIRE,
            latitude="45.04300",
            longitude="3.88500",
        )
    )
    assert "IFAS du Puy-en-Velay" in search(client, "Yssingeaux").content.decode()


def test_a_postcode_outside_the_region_says_so(client, region):
    html = search(client, "75001").content.decode()
    assert "n&#x27;est pas un code postal de la région" in html or (
        "n'est pas un code postal de la région" in html
    )
    assert "pas encore présenté ici" not in html
    # What was typed shows in it: never kept, each postcode has its own.
    html = search(client, "13001").content.decode()
    assert "«&nbsp;13001&nbsp;» n" in html
    assert "75001" not in html


def test_clermont_means_the_most_populated_clermont(client, region):
    answer = search(client, "clermont").context["search"].answers[0][1]
    assert answer["commune"].name == "Clermont-Ferrand"


def test_results_corrected_from_a_typo_are_never_kept_under_the_typo(region, monkeypatch):
    """A name an app keeps results for that finds nothing is corrected like any query: what
    is shown then is the corrected search's, rendered for it, not kept under the name."""
    kept_names = []

    def keep(phrase, name, build):
        kept_names.append(name)
        return build() if phrase == "aide soignat" else None

    monkeypatch.setattr(service, "_keepers", [keep])
    results = run_search("Aide soignat")
    assert kept_names == ["aide-soignat"]
    assert results.did_you_mean == "aide soignant"
    assert results.kept is None
    assert results.objects("professions")
