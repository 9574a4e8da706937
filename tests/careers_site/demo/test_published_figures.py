"""Every figure the demonstration publishes rests on an H source (FACTS.md's rule): a number,
a date, a level, a code or a count, in a field or written in a text, is published only by a
record whose `confidence` is « H ». A record whose sources are only M keeps names and words;
its figures stay empty (the page says « non renseigné ») or the record stays a draft for
staff to verify. The site's own demonstration objects (the accessible-video clips, the example
job fair) are not facts and are left out."""

import re

import pytest

from careers_site.demo.content import DemoDataError, DemoLoader, read_fixtures

# Fields that hold a figure whatever their type.
FIGURE_FIELDS = frozenset(
    {
        "level",
        "rncp_code",
        "duration_months",
        "ects",
        "grade",
        "minimum_age",
        "reform_from",
        "entry_level",
        "starting_salary",
        "salary_date",
        "workforce",
        "rome_code",
        "onisep_id",
        "riasec",
        "places",
        "intake_month",
        "start_date",
        "applications_open",
        "applications_close",
        "results_date",
        "postcode",
        "address",
        "starts_on",
        "ends_on",
        "announced_for",
    }
)
# Fields that are not facts: keys, links, layout, publication bookkeeping, drawings.
NOT_FACTS = frozenset(
    {
        "slug",
        "sources",
        "confidence",
        "status",
        "kind",
        "published_at",
        "episode_number",
        "illustration",
        "poster",
        "poster_alt",
        "master_drawing",
        "media",
        "website",
        "url",
        # the day the editor read the sources: said with them, not a figure they give
        "sources_checked_on",
        "source_url",
        "applications_url",
        "application_url",
        "latitude",  # the commune's centre, drawn from its name, not from a source
        "longitude",
        "departement",  # the commune's département
        "colours",
    }
)
NUMBER_WORDS = re.compile(
    r"\b(deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quinze|seize|"
    r"vingt|trente|quarante|cinquante|soixante|cent|cents|mille|millions?|milliards?)\b",
    re.IGNORECASE,
)


def is_figure(name, value):
    if name in NOT_FACTS or value in ("", None, [], {}) or isinstance(value, bool):
        return False
    if name in FIGURE_FIELDS or not isinstance(value, str):
        return not isinstance(value, list | dict)
    return bool(re.search(r"\d", value) or NUMBER_WORDS.search(value))


def record_name(section, record):
    for key in ("slug", "first_name", "title"):
        if key in record:
            return f"{section} « {record[key]} »"
    if section == "offers":
        return f"offers « {record['diploma']} » à « {record['institute']} »"
    return f"{section} {sorted(record.items())[:2]}"


def demonstration_records(data):
    """The site's own demonstration: its organisations, their campaigns, videos and events."""
    owners = {o["slug"] for o in data.get("demo_organisations", [])}
    campaigns = {c["slug"] for c in data.get("campaigns", []) if c.get("owner") in owners}
    return {
        "demo_organisations": owners,
        "campaigns": campaigns,
        "videos": {v["slug"] for v in data["videos"] if v.get("campaign") in campaigns},
        "events": {e["slug"] for e in data["events"] if e.get("organiser") in owners},
    }


def published_figures(data):
    """(record, field, value, confidence) for every figure of every published record."""
    demonstration = demonstration_records(data)
    found = []
    sections = {key: value for key, value in data.items() if isinstance(value, list)}
    sections["site_settings"] = [{"slug": "réglages du site", **data["site_settings"]}]
    for section, records in sections.items():
        for record in records:
            if record.get("status") == "draft":
                continue
            if record.get("slug") in demonstration.get(section, ()):
                continue
            for name, value in record.items():
                if is_figure(name, value):
                    found.append(
                        (record_name(section, record), name, value, record.get("confidence"))
                    )
    return found


@pytest.fixture(scope="module")
def data():
    return read_fixtures()


def test_every_published_figure_rests_on_an_h_source(data):
    figures = published_figures(data)
    assert len(figures) > 200  # the listing sees the content, not an empty file
    unsourced = [
        f"{where} · {name} = {str(value)[:70]!r} (confiance : {confidence or 'aucune'})"
        for where, name, value, confidence in figures
        if confidence != "H"
    ]
    assert not unsourced, "Chiffres publiés sans source H :\n" + "\n".join(unsourced)


def test_an_h_record_names_its_sources(data):
    for section in ("professions", "diplomas", "financial_aids", "organisations"):
        for record in data[section]:
            if record.get("confidence") == "H":
                assert record.get("sources", "").strip(), record_name(section, record)


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("summary", "Des enfants de moins de sept ans.", True),
        ("summary", "Une formation de 18 à 24 mois.", True),
        ("summary", "Un métier au contact des patients.", False),
        ("places", 15, True),
        ("level", None, False),
        ("website", "https://example.fr/2024", False),
        ("apprenticeship_possible", True, False),
    ],
)
def test_what_counts_as_a_figure(name, value, expected):
    assert is_figure(name, value) is expected


def test_an_m_figure_is_caught():
    data = {
        "site_settings": {},
        "videos": [],
        "events": [],
        "offers": [{"diploma": "de-x", "institute": "y", "modality": "initiale", "places": 15}],
        "institutes": [{"slug": "z", "description": "15 places.", "confidence": "M"}],
    }
    caught = {(where, name) for where, name, _, _ in published_figures(data)}
    assert caught == {
        ("offers « de-x » à « y »", "places"),
        ("institutes « z »", "description"),
    }
    data["offers"][0]["status"] = "draft"  # a draft for staff to verify is not published
    data["institutes"][0]["description"] = "Un institut."
    assert published_figures(data) == []


@pytest.mark.django_db
def test_the_loader_refuses_a_confidence_it_does_not_know():
    loader = DemoLoader({"institutes": [{"slug": "institut-x", "confidence": "plutôt sûr"}]})
    with pytest.raises(DemoDataError, match="vaut H ou M"):
        loader.load()
