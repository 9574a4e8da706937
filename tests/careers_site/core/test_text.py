import pytest

from careers_site.core.search.text import matches, query_terms
from careers_site.core.text import MAX_QUERY_LENGTH, clean_query, normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Électroradiologie", "electroradiologie"),
        ("Aide-soignant·e", "aide soignant e"),
        ("L'ŒIL du manip’ radio !", "l oeil du manip radio"),
        ("  DE   PPH  ", "de pph"),
        ("snake_case", "snake case"),
        (None, ""),
    ],
)
def test_normalise_drops_accents_case_and_punctuation(raw, expected):
    assert normalise(raw) == expected


def test_query_terms_ignore_little_words_and_plurals():
    assert query_terms("Aides-soignantes à domicile") == ["aide", "soignante", "domicile"]
    assert query_terms("de la") == ["de", "la"]  # nothing else: keep what was typed
    assert query_terms("   ") == []


def test_short_terms_must_start_a_word():
    text = normalise("Classe préparatoire, aide-soignant (AS)")
    assert matches(["as"], text)
    assert not matches(["las"], text)
    assert matches(["prepa"], text)
    assert not matches(["lasse"], normalise("Aide-soignant"))


def test_long_terms_match_inside_words():
    assert matches(["radiologie"], normalise("Manipulateur en électroradiologie médicale"))


def test_every_term_must_match():
    text = normalise("Manipulateur radio")
    assert matches(["manip", "radio"], text)
    assert not matches(["manip", "pharmacie"], text)
    assert not matches([], text)


def test_clean_query_trims_and_truncates():
    assert clean_query("  aide \n soignant ") == "aide soignant"
    assert len(clean_query("x" * 500)) == MAX_QUERY_LENGTH
    assert clean_query(None) == ""


def test_mentions_finds_a_phrase_as_whole_words_in_any_form():
    from careers_site.core.search.text import mentions

    phrases = {"nuit": 1, "week-end": 2, "sans bac": 3}
    assert mentions("Travailler la NUIT", phrases) == "nuit"
    assert mentions("les week-ends", phrases) == "week-end"
    assert mentions("métier sans bac", phrases) == "sans bac"
    assert mentions("nuitée", phrases) is None  # not a whole word
    assert mentions("bac sans", phrases) is None
