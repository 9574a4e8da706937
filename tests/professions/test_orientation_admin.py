"""« Est-ce pour moi ? » in the admin: a regional editor sets a job's position on each
situation from the job's own page, and edits the questions themselves."""

import pytest
from django.urls import reverse
from django.utils import timezone

from professions.models import Frequency, ProfessionSituation, Situation
from tests.factories import ProfessionFactory, ProfessionSituationFactory

pytestmark = pytest.mark.django_db


def change_url(profession):
    return reverse("admin:professions_profession_change", args=[profession.pk])


def posted(response):
    """The change form as the browser would send it back, untouched."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if value is None or name == "hero_image":
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = value
    for field in ("published_at", "unpublished_at"):
        moment = form[field].value()
        data.pop(field, None)
        if moment:
            moment = timezone.localtime(moment)
            data[f"{field}_0"] = moment.strftime("%d/%m/%Y")
            data[f"{field}_1"] = moment.strftime("%H:%M:%S")
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            value = formset.management_form[name].value()
            data[f"{formset.prefix}-{name}"] = "" if value is None else value
        for row in formset.forms:
            for name in row.fields:
                value = row[name].value()
                if value not in (None, False):
                    data[f"{row.prefix}-{name}"] = value
    return data


def test_the_job_page_lists_every_situation_to_fill(regional_editor):
    profession = ProfessionFactory()
    ProfessionSituationFactory(
        profession=profession,
        situation=Situation.objects.get(slug="nuit"),
        frequency=Frequency.OFTEN,
    )
    response = regional_editor.get(change_url(profession))
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert len(formset.forms) == 14  # the one filled, and the thirteen still unknown
    chosen = [form["situation"].value() for form in formset.forms]
    assert sorted(chosen) == sorted(Situation.objects.values_list("pk", flat=True))
    assert "laissez vide sans source" in response.content.decode()


def test_a_regional_editor_sets_a_position_with_its_source(regional_editor, client):
    profession = ProfessionFactory(title_masculine="Auxiliaire de puériculture")
    response = regional_editor.get(change_url(profession))
    data = posted(response)
    formset = response.context["inline_admin_formsets"][0].formset
    children = Situation.objects.get(slug="enfants")
    row = next(f for f in formset.forms if f["situation"].value() == children.pk)
    data.update(
        {
            f"{row.prefix}-frequency": Frequency.OFTEN,
            f"{row.prefix}-note": "Le métier s'occupe des bébés et des jeunes enfants.",
            f"{row.prefix}-source": "France Travail, fiche ROME J1304",
        }
    )
    response = regional_editor.post(change_url(profession), data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors,
        response.context["inline_admin_formsets"][0].formset.non_form_errors(),
        response.context["errors"],
    )

    position = ProfessionSituation.objects.get(profession=profession)  # the only row saved
    assert (position.situation, position.frequency) == (children, Frequency.OFTEN)
    page = client.get(reverse("orientation:result"), {"enfants": "oui"}).content.decode()
    assert "Le métier s&#x27;occupe des bébés et des jeunes enfants." in page


def test_a_note_without_its_position_is_refused(regional_editor):
    profession = ProfessionFactory()
    response = regional_editor.get(change_url(profession))
    data = posted(response)
    row = response.context["inline_admin_formsets"][0].formset.forms[0]
    data[f"{row.prefix}-note"] = "Une explication sans réponse."
    response = regional_editor.post(change_url(profession), data)
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not ProfessionSituation.objects.exists()


def test_a_regional_editor_rewords_a_question(regional_editor, client):
    night = Situation.objects.get(slug="nuit")
    url = reverse("admin:professions_situation_change", args=[night.pk])
    assert regional_editor.get(url).status_code == 200
    response = regional_editor.post(
        url,
        {
            "question": "Travailler quand les autres dorment. Ça vous irait ?",
            "hint": "",
            "topic": "travailler la nuit",
            "slug": "nuit",
            "position": "20",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("orientation:questions")).content.decode()
    assert "Travailler quand les autres dorment." in page


def test_an_organisation_editor_may_not_change_the_questions(ars_editor):
    night = Situation.objects.get(slug="nuit")
    url = reverse("admin:professions_situation_change", args=[night.pk])
    assert ars_editor.get(url).status_code == 403


def test_a_question_may_not_take_a_name_the_address_already_uses(regional_editor):
    response = regional_editor.post(
        reverse("admin:professions_situation_add"),
        {
            "question": "Une question ?",
            "topic": "répondre",
            "slug": "salon",
            "position": "200",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "sert déjà dans l&#x27;adresse des résultats" in response.content.decode()
    assert not Situation.objects.filter(slug="salon").exists()
