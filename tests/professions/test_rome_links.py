"""A profession's ROME fiches: proposed from the job titles, linked by staff, and the work
contexts each profession exposes (search and « Est-ce pour moi ? » read them)."""

import pytest
from django.urls import reverse

from professions.admin import ProfessionForm
from professions.models import Profession
from professions.rome import NIGHT_WORK, proposed_codes
from tests.factories import (
    ProfessionFactory,
    RomeAppellationFactory,
    RomeCodeFactory,
    RomeWorkContextFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rome():
    night = RomeWorkContextFactory(code_ogr=NIGHT_WORK, label="Travail de nuit")
    day = RomeWorkContextFactory(code_ogr="300806", label="Travail en journée")
    carer = RomeCodeFactory(code="J1501", label="Aide-soignant / Aide-soignante", contexts=[night])
    RomeAppellationFactory(rome_code=carer, label="Aide-soignant / Aide-soignante", is_main=True)
    dietitian = RomeCodeFactory(code="J1402", label="Diététicien / Diététicienne", contexts=[day])
    RomeAppellationFactory(rome_code=dietitian, label="Diététicien / Diététicienne")
    return carer, dietitian


def test_the_fiche_is_proposed_from_a_job_title_never_linked_alone(staff_client, rome):
    carer_code, _ = rome
    carer = ProfessionFactory(title_masculine="Aide-soignant", title_feminine="aide-soignante")
    assert list(proposed_codes(carer)) == [carer_code]
    page = staff_client.get(reverse("admin:professions_profession_change", args=[carer.pk]))
    assert "J1501 Aide-soignant / Aide-soignante" in page.content.decode()
    assert not carer.rome_codes.exists()  # proposed, not linked


def test_linking_a_fiche_fills_the_main_code_and_a_stray_main_code_is_refused(rome):
    carer_code, dietitian_code = rome
    carer = ProfessionFactory(rome_code="")
    data = {**ProfessionForm(instance=carer).initial, "rome_codes": [carer_code.pk]}
    data["interests"] = ""
    data["related"] = []
    form = ProfessionForm(data=data, instance=carer)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["rome_code"] == "J1501"

    data["rome_code"] = "J1402"
    form = ProfessionForm(data=data, instance=carer)
    assert not form.is_valid()
    assert "n'est pas parmi les fiches ROME liées" in form.errors["rome_code"][0]


def test_which_published_professions_have_night_work(rome):
    carer_code, dietitian_code = rome
    carer = ProfessionFactory(slug="aide-soignant")
    carer.rome_codes.set([carer_code])
    dietitian = ProfessionFactory(slug="dieteticien")
    dietitian.rome_codes.set([dietitian_code])
    hidden = ProfessionFactory(slug="brouillon", draft=True)
    hidden.rome_codes.set([carer_code])

    published = Profession.objects.published()
    assert list(published.with_work_context("Travail de nuit")) == [carer]
    assert list(published.with_work_context("travail de nuit")) == [carer]
    assert list(published.with_work_context(NIGHT_WORK)) == [carer]
    assert list(published.with_work_context("Travail en journée")) == [dietitian]
    assert [c.label for c in carer.work_contexts()] == ["Travail de nuit"]
