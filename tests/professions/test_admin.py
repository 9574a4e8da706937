import pytest
from django.urls import reverse

from professions.admin import ProfessionForm
from professions.models import EntryLevel, Profession, Sector
from tests.factories import ProfessionFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:professions_profession_changelist")
ADD = reverse("admin:professions_profession_add")


def change_url(profession):
    return reverse("admin:professions_profession_change", args=[profession.pk])


def test_changelist_add_and_change_pages_answer(staff_client):
    published = ProfessionFactory(title_masculine="Aide-soignant", title_feminine="Aide-soignante")
    ProfessionFactory(title_masculine="Brouillon", draft=True)

    changelist = staff_client.get(CHANGELIST)
    page = changelist.content.decode()
    assert changelist.status_code == 200
    assert "Aide-soignant ou Aide-soignante" in page
    assert "Brouillon" in page
    assert published.get_absolute_url() in page  # the « Voir la page » column

    add = staff_client.get(ADD)
    assert add.status_code == 200
    for fieldset in ["Identité", "Le métier", "Salaire et emploi", "Image", "Publication"]:
        assert f">{fieldset}</h2>" in add.content.decode()

    assert staff_client.get(change_url(published)).status_code == 200


@pytest.mark.parametrize("query", ["manip radio", "MERM", "J1306", "MET.416", "manipulatrice"])
def test_search_finds_a_profession_by_any_of_its_names_and_codes(staff_client, query):
    ProfessionFactory(
        title_masculine="Manipulateur en électroradiologie médicale",
        title_feminine="Manipulatrice en électroradiologie médicale",
        other_names="manipulateur radio\nmanip radio\nMERM",
        rome_code="J1306",
        onisep_id="MET.416",
    )
    ProfessionFactory(title_masculine="Préparateur en pharmacie", title_feminine="Préparatrice")

    page = staff_client.get(CHANGELIST, {"q": query}).content.decode()

    assert "Manipulateur en électroradiologie médicale" in page
    assert "Préparateur en pharmacie" not in page


def test_other_apps_can_pick_professions_through_autocomplete(staff_client):
    ProfessionFactory(title_masculine="Aide-soignant", other_names="AS")
    ProfessionFactory(title_masculine="Préparateur en pharmacie", other_names="PPH")

    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "trainings",
            "model_name": "diploma",
            "field_name": "professions",
            "term": "PPH",
        },
    )

    assert response.status_code == 200
    names = [result["text"] for result in response.json()["results"]]
    assert names == ["Préparateur en pharmacie"]


def form_data(**overrides):
    data = {
        "title_masculine": "aide-soignant",
        "title_feminine": "aide-soignante",
        "slug": "aide-soignant",
        "tagline": "Au plus près des patients.",
        "summary": "L'aide-soignant accompagne les patients.",
        "sector": Sector.CARE,
        "entry_level": EntryLevel.NONE,
        "status": "draft",
        "published_at_0": "2025-11-20",
        "published_at_1": "10:00:00",
        "published_at": "2025-11-20 10:00:00",  # the same date, for the form outside the admin
        "interests": "contact humain, travail en équipe",
        # The « Est-ce pour moi ? » inline, left empty.
        "situations-TOTAL_FORMS": "0",
        "situations-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_a_salary_without_its_source_is_refused_on_the_source_field():
    form = ProfessionForm(data=form_data(starting_salary="1801", salary_source=""))

    assert not form.is_valid()
    assert "salary_source" in form.errors
    assert "source" in form.errors["salary_source"][0]


def test_a_salary_with_its_source_is_accepted():
    form = ProfessionForm(
        data=form_data(
            starting_salary="1801",
            salary_source="ONISEP",
            salary_source_url="www.onisep.fr/metier",
        )
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["salary_source_url"] == "https://www.onisep.fr/metier"


def test_an_editor_can_create_a_profession_from_the_add_page(staff_client):
    response = staff_client.post(ADD, form_data())

    assert response.status_code == 302
    profession = Profession.objects.get(slug="aide-soignant")
    assert profession.title == "aide-soignant ou aide-soignante"
    assert sorted(profession.interests.names()) == ["contact humain", "travail en équipe"]
