"""The sources text: one source per line, « what it is | its address »."""

from careers_site.core.sources import Source, parse_sources


def test_lines_with_and_without_an_address():
    text = """
    France compétences, fiche RNCP36542 | https://www.francecompetences.fr/recherche/rncp/36542
    Communiqué de l'ARS du 18 novembre 2025

    Une note | pas une adresse
    """
    assert parse_sources(text) == [
        Source(
            "France compétences, fiche RNCP36542",
            "https://www.francecompetences.fr/recherche/rncp/36542",
        ),
        Source("Communiqué de l'ARS du 18 novembre 2025"),
        Source("Une note | pas une adresse"),
    ]


def test_nothing_gives_nothing():
    assert parse_sources("") == parse_sources(None) == []


def test_a_script_address_is_never_a_link():
    assert parse_sources("Piège | javascript:alert(1)") == [Source("Piège | javascript:alert(1)")]
