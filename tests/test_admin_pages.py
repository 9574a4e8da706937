"""Every model registered in the admin has working list, add and change pages."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils.html import escape

from tests import factories

FACTORY_FOR_MODEL = {
    factory._meta.model: factory
    for factory in [
        factories.ProfessionFactory,
        factories.DiplomaFactory,
        factories.InstituteFactory,
        factories.TrainingOfferFactory,
        factories.FinancialAidFactory,
        factories.OrganisationFactory,
        factories.CampaignFactory,
        factories.VideoFactory,
        factories.TestimonialFactory,
        factories.EventFactory,
    ]
}

CONTENT_MODELS = sorted(FACTORY_FOR_MODEL, key=lambda model: model.__name__)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_content_model_is_in_the_admin():
    registered = set(admin.site._registry)
    assert set(CONTENT_MODELS) <= registered


@pytest.mark.django_db
@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m.__name__)
def test_changelist_add_and_change_pages_answer(staff_client, model):
    factory = FACTORY_FOR_MODEL[model]
    obj = factory()
    if factory is not factories.OrganisationFactory:  # organisations have no draft state
        factory(draft=True)

    changelist = staff_client.get(admin_url(model, "changelist"))
    assert changelist.status_code == 200
    assert escape(str(obj)) in changelist.content.decode()

    assert staff_client.get(admin_url(model, "add")).status_code == 200
    change = staff_client.get(admin_url(model, "change", obj.pk))
    assert change.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m.__name__)
def test_changelist_searches_without_error(staff_client, model):
    FACTORY_FOR_MODEL[model]()
    response = staff_client.get(admin_url(model, "changelist"), {"q": "soin é'\"<x>"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_admin_requires_a_staff_login(client):
    response = client.get(reverse("admin:professions_profession_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


# --- the same pages for each editor's role --------------------------------------------------

ORGANISATION_MODELS = {"Campaign", "Video", "Testimonial", "Event"}
REFERENCE_MODELS = {"Profession", "Diploma", "Institute", "TrainingOffer", "FinancialAid"}


@pytest.mark.django_db
@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m.__name__)
def test_pages_answer_for_an_organisation_editor(ars_editor, ars, model):
    factory = FACTORY_FOR_MODEL[model]
    if model.__name__ == "Campaign":
        obj = factory(owner=ars)
    elif model.__name__ == "Event":
        obj = factory(organiser=ars)
    elif model.__name__ in {"Video", "Testimonial"}:
        obj = factory(campaign=factories.CampaignFactory(owner=ars))
    else:
        obj = factory()
    may_change = model.__name__ in ORGANISATION_MODELS
    may_view = may_change or model.__name__ in {"Profession", "Organisation"}
    expected = 200 if may_view else 403
    assert ars_editor.get(admin_url(model, "changelist")).status_code == expected
    assert ars_editor.get(admin_url(model, "change", obj.pk)).status_code == expected
    assert ars_editor.get(admin_url(model, "add")).status_code == (200 if may_change else 403)
    if may_change:
        assert ars_editor.get(admin_url(model, "history", obj.pk)).status_code == 200
        assert ars_editor.get(admin_url(model, "recoverlist")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m.__name__)
def test_pages_answer_for_a_regional_editor(regional_editor, model):
    obj = FACTORY_FOR_MODEL[model]()
    may_change = model.__name__ in REFERENCE_MODELS | {"Organisation"}
    expected = 200 if may_change else 403
    for view, args in (("changelist", ()), ("add", ()), ("change", (obj.pk,))):
        assert regional_editor.get(admin_url(model, view, *args)).status_code == expected, view


@pytest.mark.django_db
@pytest.mark.parametrize("client_name", ["ars_editor", "regional_editor", "staff_client"])
def test_admin_home_answers_for_every_role(request, client_name):
    client = request.getfixturevalue(client_name)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "À traiter" in response.content.decode()


@pytest.mark.django_db
def test_an_account_page_shows_its_organisations(staff_client, ars_editor, ars):
    user = ars_editor.user
    page = staff_client.get(reverse("admin:auth_user_change", args=[user.pk])).content.decode()
    assert "organismes pour lesquels cette personne édite" in page.lower()
    assert f'<option value="{ars.pk}" selected>' in page
