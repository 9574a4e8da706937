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


def test_a_source_may_carry_its_own_date():
    import datetime

    [dated, month, undated] = parse_sources(
        "ARS, page de la websérie | https://example.org/serie | 2025-11-12\n"
        "ONISEP, fiche métier | https://example.org/onisep | 2025-10\n"
        "Note seule\n",
        consulted=datetime.date(2026, 12, 1),
    )
    assert dated.date == datetime.date(2025, 11, 12)
    assert dated.date_label == "publiée le 12 novembre 2025"
    assert month.date_label == "publiée en octobre 2025"
    assert undated.date is None
    assert undated.date_label == "consultée le 1 décembre 2026"


def test_a_date_without_address_and_a_source_without_any_date():
    import datetime

    [source] = parse_sources("Communiqué de l'ARS | | 2025-11-18")
    assert (source.label, source.url, source.date) == (
        "Communiqué de l'ARS",
        "",
        datetime.date(2025, 11, 18),
    )
    [bare] = parse_sources("Une page sans date")
    assert not bare.is_dated and bare.date_label == ""


def test_an_impossible_date_is_not_a_date():
    [source] = parse_sources("Une page | https://example.org | 2025-13-40")
    assert source.date is None


def test_a_date_spelled_in_the_label_counts_and_is_not_repeated():
    import datetime

    consulted, data, updated, none = parse_sources(
        "Oreka, fiche ergothérapeute (consulté le 7 décembre 2026) | https://example.org\n"
        "ONISEP, fiche métier MET.416 (données d'octobre 2025)\n"
        "Team Officine (mise à jour du 4 octobre 2023) | https://example.org/t\n"
        "Une page (date non renseignée) | https://example.org/p\n"
    )
    assert consulted.consulted == datetime.date(2026, 12, 7) and consulted.date_in_label
    assert (data.date, data.month_only) == (datetime.date(2025, 10, 1), True)
    assert updated.date == datetime.date(2023, 10, 4)
    assert all(source.is_dated for source in (consulted, data, updated))
    assert not none.is_dated
