"""One declaration per list (`careers_site.core.filters`): the page's lenient reading, the
API's strict one, and the canonical query string the page cache keys on."""

import pytest
from django.http import QueryDict
from django.urls import resolve, reverse

from careers_site.core.filters import InvalidParam, canonical_page
from professions.filters import PROFESSION_FILTERS
from trainings.filters import INSTITUTE_FILTERS, OFFER_FILTERS


def canonical(query, declaration=OFFER_FILTERS):
    return declaration.canonical_query_string(QueryDict(query))


@pytest.mark.parametrize("spelling", ["page=2", "page=0002", "page=%2B2", "page=+2", "page=2 "])
def test_every_spelling_of_a_page_number_is_one(spelling):
    assert canonical(spelling) == "page=2"


@pytest.mark.parametrize("first", ["", "page=1", "page=0001", "page=%2B1", "page=0", "page=abc"])
def test_the_first_page_and_junk_page_numbers_are_no_page(first):
    assert canonical(first) == ""


def test_page_last_is_kept_as_django_reads_it():
    assert canonical_page("last") == "last"


def test_order_duplicates_and_junk_do_not_change_the_canonical_form():
    one = canonical("modalite=vae&departement=63&modalite=initiale&ouvertes=1&page=3")
    other = canonical(
        "page=003&ouvertes=true&modalite=initiale&modalite=vae&modalite=vae"
        "&departement=63&rentree=13&metier=%3Cscript%3E&inconnu=1&utm_source=x"
    )
    assert one == other == "departement=63&modalite=initiale&modalite=vae&ouvertes=1&page=3"


def test_a_flag_at_zero_and_half_a_position_are_dropped():
    assert canonical("ouvertes=0&adultes=false&lat=45.7") == ""
    assert canonical("lat=45.70&lon=4.8000") == "lat=45.7&lon=4.8"


def test_a_typed_commune_is_kept_cleaned():
    assert canonical("commune=++Saint-Flour%00+") == "commune=Saint-Flour"


def test_the_lenient_reading_never_raises_and_the_strict_one_names_the_problem():
    query = QueryDict("departement=99&rentree=9&adultes=1")
    assert OFFER_FILTERS.read(query) == {"rentree": 9, "adultes": True}
    with pytest.raises(InvalidParam, match="Valeur inconnue pour « departement »"):
        OFFER_FILTERS.read(query, strict=True)
    with pytest.raises(InvalidParam, match="Paramètre inconnu"):
        OFFER_FILTERS.read(QueryDict("inconnu=1"), strict=True)
    with pytest.raises(InvalidParam, match="ensemble"):
        OFFER_FILTERS.read(QueryDict("lon=4.8"), strict=True)


def test_a_level_of_zero_is_a_filter_not_an_absence():
    """« Sans diplôme » is level 0: it must filter, and survive the canonical form."""
    values = PROFESSION_FILTERS.read(QueryDict("niveau=0"))
    assert values == {"niveau": 0}
    assert list(PROFESSION_FILTERS.conditions(values)) == ["niveau"]
    assert canonical("niveau=0", PROFESSION_FILTERS) == "niveau=0"


def test_the_page_cache_reads_what_the_declaration_declares():
    assert OFFER_FILTERS.page_cache_params == (
        "metier",
        "diplome",
        "departement",
        "modalite",
        "ouvertes",
        "rentree",
        "adultes",
        "parcoursup",
        "commune",
        "lat",
        "lon",
        "page",
    )
    assert OFFER_FILTERS.free_text_params == INSTITUTE_FILTERS.free_text_params
    assert OFFER_FILTERS.free_text_params == ("commune", "lat", "lon")


def test_each_filtered_list_gives_the_page_cache_what_its_declaration_reads():
    for url_name in (
        "trainings:offer_list",
        "trainings:institute_list",
        "professions:list",
        "campaigns:event_list",
    ):
        view = resolve(reverse(url_name)).func.view_class
        declaration = view.filter_declaration
        assert view.page_cache_params == declaration.page_cache_params
        free_text = getattr(view, "page_cache_free_text_params", ())
        assert tuple(free_text) == declaration.free_text_params
