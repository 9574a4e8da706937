import io

import pytest
from django.urls import reverse

from careers_site.core.text import MAX_QUERY_LENGTH
from tests.factories import DiplomaFactory, EventFactory, InstituteFactory, ProfessionFactory

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
    EventFactory.create_batch(count, title="Forum des infirmiers")
    client.get(reverse("home"))  # warm the settings cache
    # The first search after a change also reads what is kept until the next one: the words
    # of the four stored groups, the aids and the partners (short lists matched in Python),
    # the communes' names; then the four groups holding the word: professions, diplomas,
    # institutes, events.
    with django_assert_num_queries(4 + 2 + 1 + 4):
        search(client, "infirmier")
    # The four groups only: a profession is named « infirmier », so the ROME's job titles
    # are not searched.
    with django_assert_num_queries(4):
        response = search(client, "infirmier")
    assert response.context["total"] == 4 * count
    # A word no row holds: no group is asked; the words of the ROME's job titles (once per
    # change: none holds it either), the vocabulary with the ROME job titles (no close word:
    # no second search), the list of professions to offer.
    with django_assert_num_queries(1 + 2 + 1):
        search(client, "astronaute")
    # The vocabulary now comes from the cache.
    with django_assert_num_queries(1):
        search(client, "astronaute")
    # A typo: the vocabulary (kept) corrects it, then the four groups with the corrected
    # word.
    with django_assert_num_queries(4):
        response = search(client, "infirmeir")
    assert response.context["did_you_mean"] == "infirmier"
    assert response.context["total"] == 4 * count


def test_a_group_whose_rows_lack_a_word_is_not_asked(client, django_assert_num_queries):
    """The database is asked only for the groups that hold every word typed somewhere: a
    school's name asks for no profession nor diploma, a profession for no event."""
    ProfessionFactory(title_masculine="Infirmier")
    InstituteFactory(name="IFSI Hippocrate")
    EventFactory(title="Forum Hippocrate")
    search(client, "hippocrate")  # keeps the words of each group and of the ROME's titles
    with django_assert_num_queries(2):  # the institutes and the events
        response = search(client, "hippocrate")
    assert [obj.name for obj in response.context["institutes"]] == ["IFSI Hippocrate"]
    assert [obj.title for obj in response.context["events"]] == ["Forum Hippocrate"]
    with django_assert_num_queries(1):  # the professions
        search(client, "infirmier")


def test_words_kept_for_the_search_follow_every_change(client):
    """What each group's words say is kept until the next change: an event saved since is
    found at once, and so is one rewritten in bulk once `rebuild_search` has run."""
    from django.core.management import call_command

    from campaigns.models import Event

    assert search(client, "ergotherapie").context["total"] == 0
    event = EventFactory(title="Forum de l'ergothérapie")
    assert [e.pk for e in search(client, "ergotherapie").context["events"]] == [event.pk]
    Event.objects.filter(pk=event.pk).update(title="Forum de l'orthoptie")  # no save()
    call_command("rebuild_search", stdout=io.StringIO())
    assert [e.pk for e in search(client, "orthoptie").context["events"]] == [event.pk]


# --- Typos, highlighting, ranking, limits -------------------------------------------------


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [("aide soigante", "aide soignante"), ("aides soigantes", "aide soignante")],
)
def test_typo_gets_a_suggestion_and_its_results(client, catalogue, query, suggestion):
    response = search(client, query)
    html = response.content.decode()
    assert response.context["did_you_mean"] == suggestion
    assert found(response, "professions") == [catalogue["aide_soignant"]]
    assert "Vouliez-vous dire" in html
    assert f'href="/recherche/?q={suggestion.replace(" ", "%20")}"' in html


def test_feminine_title_with_a_partial_word_still_finds(client, catalogue):
    response = search(client, "manipulatrice radiologie")
    assert found(response, "professions") == [catalogue["manipulateur"]]
    assert "did_you_mean" not in response.context


def test_garbage_gets_no_suggestion(client, catalogue):
    response = search(client, "zzqxw")
    assert "did_you_mean" not in response.context
    assert "Vouliez-vous dire" not in response.content.decode()


@pytest.mark.parametrize("query", ["%", "_", "'; DROP TABLE x; --", "\\", "a", "ééé", "\x00"])
def test_odd_queries_give_a_helpful_page(client, catalogue, query):
    response = search(client, query)
    assert response.context["total"] == 0
    assert "Les métiers présentés sur le site" in response.content.decode()


def test_single_letter_query_asks_for_more(client, catalogue):
    html = search(client, "a").content.decode()
    assert "tapez au moins deux lettres" in html


def test_matched_words_are_highlighted_on_the_original_text(client, catalogue):
    html = search(client, "electroradiologie").content.decode()
    assert "<mark>électroradiologie</mark> médicale" in html


def test_matching_other_name_is_shown_when_the_title_does_not_explain_the_result(client, catalogue):
    html = search(client, "MERM").content.decode()
    assert "Aussi appelé&nbsp;: <mark>MERM</mark></p>" in html
    html = search(client, "manip radio").content.decode()
    assert "<mark>Manip</mark>ulateur en électro<mark>radio</mark>logie" in html
    assert "Aussi appelé" not in html  # the title already shows both words


def test_highlighting_escapes_first(client):
    ProfessionFactory(title_masculine="Soigneur <b>gras</b>", title_feminine="Soigneuse")
    html = search(client, "soigneur").content.decode()
    assert "<mark>Soigneur</mark> &lt;b&gt;gras&lt;/b&gt;" in html
    assert "<b>gras</b>" not in html


def test_exact_other_name_ranks_first(client):
    long_title = ProfessionFactory(
        title_masculine="Assistant de régulation médicale", title_feminine="Assistante"
    )
    exact = ProfessionFactory(
        title_masculine="Aide-soignant", title_feminine="Aide-soignante", other_names="AS"
    )
    in_text = ProfessionFactory(
        title_masculine="Brancardier", title_feminine="Brancardière", tagline="As du transport."
    )
    assert found(search(client, "as"), "professions") == [exact, long_title, in_text]


def test_results_are_limited_with_a_link_to_see_more(client):
    ProfessionFactory.create_batch(51, title_masculine="Infirmier")
    response = search(client, "infirmier")
    html = response.content.decode()
    assert len(found(response, "professions")) == 6
    assert "plus de 6 métiers" in html
    more = '<a href="/recherche/?q=infirmier&amp;groupe=metiers">Voir plus de métiers</a>'
    assert more in html

    response = client.get(reverse("search"), {"q": "infirmier", "groupe": "metiers"})
    html = response.content.decode()
    assert len(found(response, "professions")) == 50
    assert "plus de 50 métiers" in html
    assert "précisez votre recherche" in html
    assert "Voir plus de métiers" not in html
    assert 'href="/recherche/?q=infirmier">Revenir à tous les résultats' in html


def test_an_unknown_group_shows_every_group(client, catalogue):
    response = client.get(reverse("search"), {"q": "aide soignant", "groupe": "nimporte"})
    assert found(response, "professions") == [catalogue["aide_soignant"]]
    assert "Revenir à tous les résultats" not in response.content.decode()


def test_an_exact_name_is_kept_among_many_names_starting_with_the_word(client):
    ProfessionFactory.create_batch(
        12, title_masculine="Assistant de régulation", title_feminine="Assistante"
    )
    exact = ProfessionFactory(
        title_masculine="Soignant", title_feminine="Soignante", other_names="AS"
    )
    assert found(search(client, "as"), "professions")[0] == exact


def test_saving_a_profession_refreshes_the_vocabulary(client, catalogue):
    assert "did_you_mean" not in search(client, "ergotherapeute").context  # warms the cache
    ProfessionFactory(title_masculine="Ergothérapeute", title_feminine="Ergothérapeute")
    response = search(client, "ergotherapeut")
    assert found(response, "professions")  # found as it is, no correction needed
    response = search(client, "ergoterapeute")
    assert response.context["did_you_mean"] == "ergotherapeute"


def test_search_documents_are_stored_normalised(catalogue):
    manipulateur = catalogue["manipulateur"]
    manipulateur.refresh_from_db()
    assert manipulateur.search_title.startswith(" manipulateur en electroradiologie medicale")
    assert " merm " in manipulateur.search_title
    assert " des images pour soigner " in manipulateur.search_text
    institute = catalogue["saint_flour"]
    institute.refresh_from_db()
    assert " 15100 " in institute.search_text
