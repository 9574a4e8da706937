import pytest
from django.urls import reverse

from careers_site.text import MAX_QUERY_LENGTH
from tests.factories import DiplomaFactory, InstituteFactory, ProfessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    return {
        "manipulateur": ProfessionFactory(
            title_masculine="Manipulateur en électroradiologie médicale",
            title_feminine="Manipulatrice en électroradiologie médicale",
            other_names="manipulateur radio\nmanip radio\nMERM",
            tagline="Des images pour soigner.",
        ),
        "aide_soignant": ProfessionFactory(
            title_masculine="Aide-soignant",
            title_feminine="Aide-soignante",
            other_names="AS",
            tagline="Au plus près des patients.",
        ),
        "preparateur": ProfessionFactory(
            title_masculine="Préparateur en pharmacie hospitalière",
            title_feminine="Préparatrice en pharmacie hospitalière",
            other_names="PPH",
            tagline="Le médicament, de la pharmacie au patient.",
        ),
        "demem": DiplomaFactory(
            name="Diplôme d'État de manipulateur d'électroradiologie médicale", acronym="DEMEM"
        ),
        "deas": DiplomaFactory(name="Diplôme d'État d'aide-soignant", acronym="DEAS"),
        "depph": DiplomaFactory(
            name="Diplôme d'État de préparateur en pharmacie hospitalière", acronym="DE PPH"
        ),
        "saint_flour": InstituteFactory(
            name="IFAS du Centre hospitalier de Saint-Flour",
            commune="Saint-Flour",
            postcode="15100",
        ),
        "annonay": InstituteFactory(
            name="IFSI-IFAS du Centre hospitalier Ardèche Nord",
            commune="Annonay",
            postcode="07100",
        ),
    }


def search(client, query):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return response


def found(response, key):
    return response.context[key]


@pytest.mark.parametrize(
    "query",
    ["electroradiologie", "ÉLECTRORADIOLOGIE", "Électro-radiologie", "manip radio", "MERM", "merm"],
)
def test_finds_the_manipulateur_however_it_is_typed(client, catalogue, query):
    response = search(client, query)
    assert catalogue["manipulateur"] in found(response, "professions")
    assert catalogue["aide_soignant"] not in found(response, "professions")


@pytest.mark.parametrize("query", ["aide soignante", "aide-soignant", "Aides-soignantes", "AS"])
def test_finds_the_aide_soignant_without_hyphen_or_accent(client, catalogue, query):
    response = search(client, query)
    assert found(response, "professions") == [catalogue["aide_soignant"]]


def test_acronym_finds_profession_and_diploma(client, catalogue):
    response = search(client, "PPH")
    assert found(response, "professions") == [catalogue["preparateur"]]
    assert found(response, "diplomas") == [catalogue["depph"]]
    html = response.content.decode()
    assert "2 résultats" in html
    assert '<a href="#metiers">1 métier</a>' in html
    assert '<a href="#diplomes">1 diplôme</a>' in html


def test_diplomas_by_name_or_acronym(client, catalogue):
    assert found(search(client, "deas"), "diplomas") == [catalogue["deas"]]
    assert catalogue["demem"] in found(search(client, "etat manipulateur"), "diplomas")


def test_institutes_by_name_commune_or_postcode(client, catalogue):
    assert found(search(client, "saint flour"), "institutes") == [catalogue["saint_flour"]]
    assert found(search(client, "15100"), "institutes") == [catalogue["saint_flour"]]
    assert found(search(client, "ardeche"), "institutes") == [catalogue["annonay"]]
    assert found(search(client, "annonay"), "institutes") == [catalogue["annonay"]]


def test_title_matches_rank_before_description_matches(client):
    by_summary = ProfessionFactory(
        title_masculine="Ambulancier",
        title_feminine="Ambulancière",
        tagline="Proche des infirmiers.",
    )
    by_title = ProfessionFactory(title_masculine="Infirmier", title_feminine="Infirmière")
    assert found(search(client, "infirmier"), "professions") == [by_title, by_summary]


def test_results_are_grouped_by_type_with_counts(client, catalogue):
    html = search(client, "hospitalier").content.decode()
    assert '<h2 id="metiers">Métiers <span class="count">(1)</span></h2>' in html
    assert '<h2 id="diplomes">Diplômes <span class="count">(1)</span></h2>' in html
    assert (
        '<h2 id="etablissements">Établissements de formation <span class="count">(2)</span></h2>'
        in html
    )


def test_unpublished_content_is_never_found(client):
    ProfessionFactory(title_masculine="Orthoptiste brouillon", draft=True)
    ProfessionFactory(title_masculine="Orthoptiste programmé", scheduled=True)
    DiplomaFactory(name="Certificat d'orthoptiste", draft=True)
    InstituteFactory(name="Institut d'orthoptie", scheduled=True)
    response = search(client, "orthopt")
    assert response.context["total"] == 0
    assert "Aucun métier, diplôme ou établissement ne correspond" in response.content.decode()


def test_empty_query_offers_the_professions(client, catalogue):
    response = search(client, "")
    html = response.content.decode()
    assert "<h1>Rechercher</h1>" in html
    assert "Pas besoin d'accents ni de majuscules" in html
    assert catalogue["aide_soignant"].get_absolute_url() in html
    assert "Aucun métier" not in html
    assert response.context["search_query"] == ""


def test_no_result_says_so_and_suggests(client, catalogue):
    html = search(client, "astronaute").content.decode()
    assert "Aucun métier, diplôme ou établissement ne correspond à «&nbsp;astronaute&nbsp;»" in html
    assert "vérifiez l'orthographe" in html
    assert catalogue["manipulateur"].get_absolute_url() in html
    assert reverse("professions:list") in html


def test_query_is_echoed_escaped(client, catalogue):
    response = search(client, '<script>alert("x")</script>')
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_very_long_garbage_is_truncated_not_an_error(client, catalogue):
    response = search(client, "é%$*" * 125)
    assert len(response.context["search_query"]) == MAX_QUERY_LENGTH
    assert response.context["total"] == 0


def test_header_box_is_prefilled_and_results_not_indexed(client, catalogue):
    html = search(client, "manip radio").content.decode()
    assert 'id="recherche-q" type="search" name="q" value="manip radio"' in html
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.parametrize("count", [1, 6])
def test_search_query_count_is_fixed(client, django_assert_num_queries, count):
    ProfessionFactory.create_batch(count, title_masculine="Infirmier")
    DiplomaFactory.create_batch(count, name="Diplôme d'infirmier")
    InstituteFactory.create_batch(count, name="Institut infirmier")
    client.get(reverse("home"))  # warm the settings cache
    with django_assert_num_queries(3):
        response = search(client, "infirmier")
    assert response.context["total"] == 3 * count
    with django_assert_num_queries(4):  # + the list of professions to suggest
        search(client, "astronaute")
