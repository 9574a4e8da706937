"""« Où se former »: filters in the URL, counts, what to relax, proximity, the map."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from careers_site.platform.cache import bump_content_version, kept_key
from tests.factories import (
    DiplomaFactory,
    InstituteFactory,
    ProfessionFactory,
    TrainingOfferFactory,
)
from trainings import filters
from trainings.communes import NEIGHBOURS, find_communes, haversine_km
from trainings.models import Commune, Modality, TrainingOffer
from trainings.places import TIER_LABELS, UNKNOWN_DISTANCE_LABEL

pytestmark = pytest.mark.django_db

OFFERS = reverse("trainings:offer_list")


def get(client, **params):
    response = client.get(OFFERS, params)
    assert response.status_code == 200
    return response


def shown(response):
    return [offer.institute.name for offer in response.context["offers"]]


def main(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


@pytest.fixture
def region():
    """Offers in three départements, two diplomas, every modality."""
    aide = ProfessionFactory(title_masculine="Aide-soignant", slug="aide-soignant")
    deas = DiplomaFactory(name="Diplôme d'État d'aide-soignant", acronym="DEAS", slug="deas")
    deas.professions.add(aide)
    demem = DiplomaFactory(name="Diplôme de manipulateur", acronym="DEMEM", slug="demem")
    yssingeaux = InstituteFactory(
        name="IFAS Yssingeaux", commune="Yssingeaux", postcode="43200", departement="43"
    )
    le_puy = InstituteFactory(
        name="IFAS Le Puy", commune="Le Puy-en-Velay", postcode="43000", departement="43"
    )
    annonay = InstituteFactory(
        name="IFAS Annonay", commune="Annonay", postcode="07100", departement="07"
    )
    lyon = InstituteFactory(
        name="Institut Lyon", commune="Lyon", postcode="69008", departement="69"
    )
    today = timezone.localdate()
    TrainingOfferFactory(
        diploma=deas, institute=yssingeaux, modality=Modality.APPRENTICESHIP, intake_month=1
    )
    TrainingOfferFactory(diploma=deas, institute=le_puy, modality=Modality.INITIAL, intake_month=9)
    TrainingOfferFactory(
        diploma=deas,
        institute=annonay,
        modality=Modality.INITIAL,
        intake_month=9,
        applications_open=today - datetime.timedelta(days=3),
        applications_close=today + datetime.timedelta(days=30),
    )
    TrainingOfferFactory(diploma=demem, institute=lyon, modality=Modality.INITIAL, intake_month=9)
    return {"aide": aide, "deas": deas, "demem": demem}


class TestFilters:
    def test_no_filter_lists_everything_and_is_indexable(self, client, region):
        response = get(client)
        assert len(response.context["offers"]) == 4
        assert "noindex" not in response.content.decode()

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"departement": "43"}, {"IFAS Yssingeaux", "IFAS Le Puy"}),
            ({"modalite": "apprentissage"}, {"IFAS Yssingeaux"}),
            (
                {"modalite": ["apprentissage", "initiale"], "departement": "43"},
                {"IFAS Yssingeaux", "IFAS Le Puy"},
            ),
            ({"metier": "aide-soignant"}, {"IFAS Yssingeaux", "IFAS Le Puy", "IFAS Annonay"}),
            ({"diplome": "demem"}, {"Institut Lyon"}),
            ({"ouvertes": "1"}, {"IFAS Annonay"}),
            ({"rentree": "9", "departement": "43"}, {"IFAS Le Puy"}),
            (
                {"rentree": "9", "metier": "aide-soignant", "modalite": "initiale"},
                {"IFAS Le Puy", "IFAS Annonay"},
            ),
        ],
    )
    def test_filters_combine(self, client, region, params, expected):
        response = get(client, **params)
        assert set(shown(response)) == expected
        html = response.content.decode()
        assert '<meta name="robots" content="noindex, follow">' in html
        assert f'<link rel="canonical" href="http://testserver{OFFERS}">' in html

    def test_form_keeps_the_choices_and_shows_counts(self, client, region):
        html = main(get(client, departement="43", modalite="apprentissage"))
        assert '<option value="43" selected>Haute-Loire (43) – 1</option>' in html
        # Counts of a filter keep the other filters: in Haute-Loire, 1 initial, 1 apprenticeship.
        assert (
            '<label for="filtre-modalite-initiale">Formation initiale <span class="count">(1)'
            in html
        )
        assert 'value="apprentissage" checked>' in html
        assert "1 formation pour ces critères" in html

    def test_nothing_matches_says_what_to_relax(self, client, region):
        html = main(get(client, departement="69", modalite="apprentissage"))
        assert "Aucune formation ne correspond à tous ces critères." in html
        assert 'Enlever le département</a> <span class="count">(1 formation)</span>' in html
        assert 'Enlever la modalité</a> <span class="count">(1 formation)</span>' in html
        assert 'href="?modalite=apprentissage"' in html

    def test_choices_that_match_nothing_are_kept_until_an_offer_matches(self, client, region):
        assert "Aucune formation ne correspond" in main(
            get(client, departement="69", modalite="apprentissage")
        )
        lyon = InstituteFactory(name="IFSI Lyon Sud", departement="69")
        TrainingOfferFactory(institute=lyon, modality=Modality.APPRENTICESHIP)
        html = main(get(client, departement="69", modalite="apprentissage"))
        assert "1 formation pour ces critères" in html
        assert "IFSI Lyon Sud" in html

    def test_a_made_up_slug_keeps_nothing_under_its_name(self, client, region):
        for _visit in range(2):
            html = main(get(client, diplome="pas-un-diplome", departement="43"))
            assert "Aucune formation ne correspond à tous ces critères." in html
            assert 'Enlever le diplôme</a> <span class="count">(2 formations)</span>' in html
        chosen = filters.OfferFilters.from_params(
            QueryDict("diplome=pas-un-diplome&departement=43")
        )
        assert cache.get(kept_key(f"offer-counts:{chosen.key}")) is None
        # The same figures under a real diploma are kept.
        get(client, diplome="demem", departement="43")
        real = filters.OfferFilters.from_params(QueryDict("diplome=demem&departement=43"))
        assert cache.get(kept_key(f"offer-counts:{real.key}")) is not None

    @pytest.mark.parametrize(
        "params",
        [
            {"departement": "99"},
            {"modalite": "nimporte"},
            {"rentree": "13"},
            {"rentree": "x"},
            {"lat": "abc", "lon": "3"},
            {"lat": "89", "lon": "3"},
            {"lat": "nan", "lon": "inf"},
            {"metier": "<script>"},
            {"commune": "%" * 300},
            {"page": "999"},
        ],
    )
    def test_odd_parameters_never_break_the_page(self, client, region, params):
        response = client.get(OFFERS, params)
        assert response.status_code in (200, 404)  # a page beyond the last is a 404
        assert "<script>" not in response.content.decode().split("</head>")[1]

    def test_unpublished_offers_are_not_counted(self, client, region):
        TrainingOfferFactory(institute=InstituteFactory(departement="15"), draft=True)
        TrainingOfferFactory(institute=InstituteFactory(departement="15", draft=True))
        html = main(get(client))
        assert 'aria-label="Cantal : 0 formation"' in html

    def test_pagination_keeps_the_filters(self, client):
        institute = InstituteFactory(departement="63")
        TrainingOfferFactory.create_batch(21, institute=institute, modality=Modality.INITIAL)
        html = main(get(client, departement="63", modalite="initiale"))
        assert "?departement=63&amp;modalite=initiale&amp;page=2" in html
        second = main(get(client, departement="63", modalite="initiale", page="2"))
        assert "?departement=63&amp;modalite=initiale&amp;page=1" in second
        assert "Page 2 sur 2" in second


class TestMap:
    def test_each_departement_shows_its_count_and_links_to_the_list(self, client, region):
        html = main(get(client))
        assert 'aria-label="Haute-Loire : 2 formations"' in html
        assert 'aria-label="Ardèche : 1 formation"' in html
        assert 'aria-label="Savoie : 0 formation"' in html
        assert html.count('class="map-tile') == 12
        assert "Carte schématique" in html
        # The same links as a plain list.
        assert (
            '<a href="?departement=43">Haute-Loire (43)</a> <span class="count">: 2 formations'
            in html
        )

    def test_map_counts_follow_the_other_filters(self, client, region):
        html = main(get(client, diplome="demem"))
        assert 'aria-label="Rhône : 1 formation"' in html
        assert 'aria-label="Haute-Loire : 0 formation"' in html
        assert 'href="?diplome=demem&amp;departement=69"' in html


class TestProximity:
    def test_communes_come_from_the_official_list(self):
        assert Commune.objects.count() > 4000
        assert set(Commune.objects.values_list("departement", flat=True)) == set(NEIGHBOURS)

    def test_neighbours_are_symmetric(self):
        for code, neighbours in NEIGHBOURS.items():
            for other in neighbours:
                assert code in NEIGHBOURS[other], (code, other)

    @pytest.mark.parametrize(
        ("typed", "expected"),
        [
            ("yssingeaux", "Yssingeaux"),
            ("YSSINGEAUX", "Yssingeaux"),
            ("43200", "Yssingeaux"),
            ("Le Puy en Velay", "Le Puy-en-Velay"),
            ("St Etienne", "Saint-Étienne"),
            ("Saint-Flour (15100)", "Saint-Flour"),
            ("Lyon (69)", "Lyon"),
        ],
    )
    def test_finds_a_commune_by_name_or_postcode(self, typed, expected):
        assert find_communes(Commune, typed)[0].name == expected

    def test_without_a_town_hall_position_same_commune_then_departement_then_neighbours(
        self, client, region
    ):
        Commune.objects.filter(name="Yssingeaux").update(latitude=None, longitude=None)
        response = get(client, commune="Yssingeaux")
        assert shown(response) == [
            "IFAS Yssingeaux",
            "IFAS Le Puy",
            "IFAS Annonay",
            "Institut Lyon",
        ]
        html = main(response)
        labels = [TIER_LABELS[tier] for tier in range(4)]
        positions = [html.index(label) for label in labels]
        assert positions == sorted(positions)
        assert "de la plus proche à la plus éloignée d&#x27;Yssingeaux (43)" in html

    def test_proximity_keeps_the_filters(self, client, region):
        response = get(client, commune="07100", metier="aide-soignant")
        assert shown(response) == ["IFAS Annonay", "IFAS Le Puy", "IFAS Yssingeaux"]

    def test_unknown_commune_says_so(self, client, region):
        response = get(client, commune="Paris")
        html = main(response)
        assert "Nous ne trouvons pas «&nbsp;Paris&nbsp;» parmi les communes de la région" in html
        assert 'aria-invalid="true"' in html
        assert len(response.context["offers"]) == 4

    def test_ambiguous_commune_offers_the_others(self, client, region):
        html = main(get(client, commune="Clermont"))
        assert "Pas la bonne commune" in html
        assert "Clermont-Ferrand (63)" in html

    def test_browser_position_orders_by_distance_unknown_last(self, client):
        near = InstituteFactory(name="Près", latitude=Decimal("45.1"), longitude=Decimal("4.1"))
        far = InstituteFactory(name="Loin", latitude=Decimal("46.2"), longitude=Decimal("6.1"))
        middle = InstituteFactory(name="Milieu", latitude=Decimal("45.5"), longitude=Decimal("4.6"))
        unknown = InstituteFactory(name="Inconnu")
        for institute in (far, unknown, middle, near):
            TrainingOfferFactory(institute=institute)
        response = get(client, lat="45.04", lon="3.88")
        assert shown(response) == ["Près", "Milieu", "Loin", "Inconnu"]
        html = main(response)
        expected_km = round(haversine_km(45.04, 3.88, 45.1, 4.1))
        assert f"à {expected_km} km" in html
        assert UNKNOWN_DISTANCE_LABEL.replace("'", "&#x27;") in html
        assert "Ne plus utiliser ma position" in html

    def test_haversine(self):
        # Lyon – Clermont-Ferrand, about 137 km as the crow flies.
        assert 130 < haversine_km(45.764, 4.836, 45.778, 3.087) < 145

    def test_commune_suggestions_json(self, client):
        response = client.get(reverse("trainings:commune_suggestions"), {"q": "yssin"})
        data = json.loads(response.content)
        assert data["communes"][0] == {"label": "Yssingeaux (43200)", "departement": "43"}
        assert "max-age" in response["Cache-Control"]
        assert json.loads(client.get(reverse("trainings:commune_suggestions")).content) == {
            "communes": []
        }

    def test_form_works_without_javascript(self, client, region):
        html = get(client).content.decode()
        assert 'name="commune"' in html
        assert 'list="communes-suggestions"' in html
        assert "Utiliser ma position" not in html  # added by the script only
        assert "js/near-me.js" in html


def offers_everywhere(count):
    profession = ProfessionFactory(slug="le-metier")
    for index in range(count):
        diploma = DiplomaFactory()
        diploma.professions.add(profession)
        for departement in ("43", "07", "69"):
            TrainingOfferFactory(
                diploma=diploma,
                institute=InstituteFactory(
                    departement=departement,
                    latitude=Decimal("45.0") + index,
                    longitude=Decimal("4.0"),
                ),
                intake_month=1 + index,
            )


@pytest.mark.parametrize("count", [1, 6])
@pytest.mark.parametrize(
    ("params", "queries", "kept_queries"),
    [
        # the page, the counts and facets (one GROUP BY), the diplomas, the professions, and
        # once per change the next scheduled change (how long what is kept stays true); once
        # kept (until the next change), the page's body is not built again: nothing is read
        ({}, 5, 0),
        ({"departement": "43", "modalite": ["initiale", "vae"], "rentree": "1"}, 5, 0),
        # nothing matches: no page to fetch; real choices that match nothing are kept too
        ({"ouvertes": "1"}, 4, 0),
        # + the published slugs (once per change), to tell a real choice from a made-up one
        ({"metier": "le-metier", "ouvertes": "1"}, 5, 0),
        # a made-up slug: its figures are counted again at each visit, never kept
        ({"diplome": "pas-un-diplome"}, 5, 2),
        ({"metier": "le-metier", "commune": "Yssingeaux"}, 6, 2),  # + the commune
        ({"lat": "45.2", "lon": "4.1"}, 5, 1),
    ],
)
def test_query_count_does_not_grow(
    client, django_assert_num_queries, count, params, queries, kept_queries
):
    offers_everywhere(count)
    client.get(OFFERS)  # warms the cached site settings and partners
    bump_content_version()  # the first visit after a change: nothing kept yet
    with django_assert_num_queries(queries):
        response = client.get(OFFERS, params)
    assert response.status_code == 200
    with django_assert_num_queries(kept_queries):
        assert client.get(OFFERS, params).content == response.content
    assert TrainingOffer.objects.count() == 3 * count
