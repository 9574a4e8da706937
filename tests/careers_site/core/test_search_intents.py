"""A query that names a kind of thing rather than a thing (issue 28): a school kind
(« IFSI »), a condition of work (« nuit »), an entry level (« sans bac »), a topic
(« salaire », « CPF »). Each gets an answer of its kind with its reason, never the
« this job is not presented here » message; a suggestion is offered only when it finds
something."""

import pytest
from django.urls import reverse

from careers_site.core.search.service import search as run_search
from professions.models import EntryLevel
from tests.factories import (
    DiplomaFactory,
    InstituteFactory,
    ProfessionFactory,
    RomeAppellationFactory,
    RomeCodeFactory,
    RomeWorkContextFactory,
    TrainingOfferFactory,
)

pytestmark = pytest.mark.django_db

NOT_COVERED = "pas encore présenté ici"


def search(client, query):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return response


def intent_answers(response):
    return [answer for template, answer in response.context["search"].answers if "kind" in answer]


@pytest.fixture
def nursing():
    infirmier = ProfessionFactory(title_masculine="Infirmier", title_feminine="Infirmière")
    dei = DiplomaFactory(name="Diplôme d'État d'infirmier", acronym="DEI", slug="dei")
    dei.professions.add(infirmier)
    vichy = InstituteFactory(name="Institut de formation de Vichy", commune="Vichy")
    annecy = InstituteFactory(name="Institut de formation d'Annecy", commune="Annecy")
    InstituteFactory(name="Institut caché", draft=True)
    TrainingOfferFactory(diploma=dei, institute=vichy)
    TrainingOfferFactory(diploma=dei, institute=annecy)
    # An institute that teaches another diploma only is no IFSI.
    TrainingOfferFactory(institute=InstituteFactory(name="École d'ambulanciers"))
    return {"dei": dei, "vichy": vichy, "annecy": annecy}


@pytest.mark.parametrize("query", ["IFSI", "ifsi", "un IFSI près de chez moi"])
def test_a_school_kind_lists_the_institutes_that_prepare_its_diploma(client, nursing, query):
    response = search(client, query)
    (answer,) = intent_answers(response)
    assert answer["kind"] == "Type d'établissement"
    assert [item["title"] for item in answer["items"]] == [
        "Institut de formation d'Annecy",
        "Institut de formation de Vichy",
    ]
    html = response.content.decode()
    assert "Un IFSI prépare au Diplôme d&#x27;État d&#x27;infirmier" in html
    assert "/formations/?diplome=dei" in html
    assert NOT_COVERED not in html


def test_a_school_kind_whose_diploma_is_not_presented_says_so(client):
    html = search(client, "IFAS").content.decode()
    assert "institut de formation d&#x27;aides-soignants" in html
    assert "n&#x27;est pas encore présenté sur le site" in html
    assert NOT_COVERED not in html


def test_a_school_kind_answer_costs_a_fixed_number_of_queries(
    client, nursing, django_assert_num_queries
):
    search(client, "IFSI")  # fills the caches
    for _n in range(3):
        TrainingOfferFactory(diploma=nursing["dei"], institute=InstituteFactory())
    # The first search after a change also reads what is kept until the next one: the words
    # of the four stored groups, of the ROME's job titles (no job is named « IFSI »), the aids
    # (and when the next scheduled change is), the partners, the communes' names; then the
    # diploma and its institutes. No group holds the word « IFSI »: none is asked.
    with django_assert_num_queries(4 + 1 + 2 + 1 + 1 + 2):
        search(client, "IFSI")
    with django_assert_num_queries(2):  # the diploma and its institutes
        search(client, "IFSI")


@pytest.mark.parametrize(
    ("query", "heading"),
    [
        ("nuit", "Les métiers où l'on travaille la nuit"),
        ("travailler la nuit", "Les métiers où l'on travaille la nuit"),
        ("Travail de nuit", "Les métiers où l'on travaille la nuit"),
        ("week-end", "Les métiers où l'on travaille le week-end"),
        ("les weekends", "Les métiers où l'on travaille le week-end"),
        ("à domicile", "Les métiers où l'on travaille chez les personnes"),
    ],
)
def test_a_condition_of_work_gets_an_answer_from_the_rome(client, query, heading):
    ProfessionFactory(title_masculine="Aide-soignant")
    response = search(client, query)
    (answer,) = intent_answers(response)
    assert answer["kind"] == "Conditions de travail"
    assert answer["heading"] == heading
    html = response.content.decode()
    assert "fiche du ROME de France Travail" in html
    assert NOT_COVERED not in html
    # « travailler la nuit » suggested « travail nuit », which found nothing.
    assert response.context["search"].did_you_mean == ""
    assert "Vouliez-vous dire" not in html


def test_nuit_is_a_condition_of_work_not_the_night_watchman_the_site_does_not_present(client):
    """« nuit » is a word of the ROME's « Veilleur / Veilleuse de nuit »: the search answered
    « ce métier n'est pas encore présenté ici » above the professions that work at night."""
    RomeAppellationFactory(
        label="Veilleur / Veilleuse de nuit", rome_code=RomeCodeFactory(code="K2503")
    )
    ProfessionFactory(title_masculine="Aide-soignant")
    response = search(client, "nuit")
    (answer,) = intent_answers(response)
    assert answer["heading"] == "Les métiers où l'on travaille la nuit"
    html = response.content.decode()
    assert "Veilleur" not in html
    assert NOT_COVERED not in html
    # The job title itself still leads to its family.
    assert "Veilleur / Veilleuse de nuit" in search(client, "veilleur de nuit").content.decode()


def test_nuit_lists_the_professions_whose_rome_fiche_says_so(client):
    night = RomeWorkContextFactory(code_ogr="300803", label="Travail de nuit")
    weekend = RomeWorkContextFactory(
        code_ogr="23376", label="Travail les week-ends et jours fériés"
    )
    nurse = ProfessionFactory(title_masculine="Infirmier", title_feminine="Infirmière")
    nurse.rome_codes.add(RomeCodeFactory(code="J1506", contexts=[night, weekend]))
    secretary = ProfessionFactory(title_masculine="Secrétaire médical")
    secretary.rome_codes.add(RomeCodeFactory(code="M1609", contexts=[weekend]))
    ProfessionFactory(title_masculine="Ambulancier")  # no fiche linked: not known, not listed
    ProfessionFactory(title_masculine="Brancardier", draft=True).rome_codes.add(
        RomeCodeFactory(code="J1301", contexts=[night])
    )

    (answer,) = intent_answers(search(client, "travailler la nuit"))
    assert [item["url"] for item in answer["items"]] == [nurse.get_absolute_url()]
    (answer,) = intent_answers(search(client, "le week-end"))
    assert [item["url"] for item in answer["items"]] == [
        nurse.get_absolute_url(),
        secretary.get_absolute_url(),
    ]


def test_sans_bac_lists_the_professions_whose_sourced_level_allows_it(client):
    without = ProfessionFactory(title_masculine="Agent de service", entry_level=EntryLevel.NONE)
    cap = ProfessionFactory(title_masculine="Aide-soignant", entry_level=EntryLevel.CAP)
    ProfessionFactory(title_masculine="Infirmier", entry_level=EntryLevel.BAC)
    ProfessionFactory(title_masculine="Ambulancier", entry_level=None)  # unknown: not listed
    ProfessionFactory(title_masculine="Brancardier", entry_level=EntryLevel.NONE, draft=True)
    response = search(client, "métier sans bac")
    (answer,) = intent_answers(response)
    assert answer["kind"] == "Niveau d'entrée"
    assert [item["url"] for item in answer["items"]] == [
        without.get_absolute_url(),
        cap.get_absolute_url(),
    ]
    html = response.content.decode()
    assert "Aucun diplôme exigé" in html
    assert "/metiers/?niveau=3" in html
    assert NOT_COVERED not in html


def test_salaire_shows_each_sourced_starting_salary(client):
    ProfessionFactory(title_masculine="Infirmier", starting_salary=2100, salary_source="ONISEP")
    ProfessionFactory(title_masculine="Aide-soignant", starting_salary=None, salary_source="")
    response = search(client, "salaire")
    (answer,) = intent_answers(response)
    assert answer["kind"] == "Sujet\u00a0: le salaire"
    assert [item["meta"] for item in answer["items"]] == [
        "2\u202f100\u00a0€ brut par mois (source\u00a0: ONISEP)"
    ]
    assert NOT_COVERED not in response.content.decode()


def test_cpf_explains_the_cpf_and_links_to_the_official_service(client):
    html = search(client, "CPF").content.decode()
    assert "Le compte personnel de formation (CPF)" in html
    assert 'href="https://www.moncompteformation.gouv.fr/"' in html
    assert 'href="/aides/"' in html
    assert NOT_COVERED not in html


def test_an_ordinary_word_is_no_intent(client):
    ProfessionFactory(title_masculine="Infirmier")
    assert intent_answers(search(client, "infirmier")) == []


def test_a_suggestion_is_offered_only_when_it_finds_something(client):
    ProfessionFactory(title_masculine="Infirmier", tagline="Soigner")
    ProfessionFactory(title_masculine="Manipulateur en radiologie", tagline="Imagerie")
    # « radiologe » corrects to « radiologie », but no job is both: nothing to suggest.
    results = run_search("infirmier radiologe")
    assert results.did_you_mean == ""
    # « radiologe » alone corrects and finds.
    assert run_search("radiologe").did_you_mean == "radiologie"
