"""Rights in one place (careers_site/core/rights.py): every list action of every admin, run by
each role on each object, changes nothing beyond what that role may change on the object's
own change form; previews of drafts follow the same rights."""

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import RequestFactory
from django.urls import reverse

from campaigns.models import Campaign
from careers_site.core.models import Status
from careers_site.core.ownership import organisation_ids, owner_id, owner_path
from careers_site.core.rights import RightsCheckedActions, action_rights
from professions.models import Profession
from tests.factories import (
    CampaignFactory,
    DiplomaFactory,
    EventFactory,
    FinancialAidFactory,
    InstituteFactory,
    ProfessionFactory,
    SocialAssetFactory,
    TestimonialFactory,
    TrainingOfferFactory,
    UserFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ("ars_editor", "region_editor", "regional_editor", "staff_without_rights")


@pytest.fixture
def everything(ars, region):
    """A draft and a published item of every kind of content, campaign content for both
    organisations."""
    for status in (Status.DRAFT, Status.PUBLISHED):
        ProfessionFactory(status=status)
        DiplomaFactory(status=status)
        TrainingOfferFactory(status=status)
        InstituteFactory(status=status)
        FinancialAidFactory(status=status)
        for org in (ars, region):
            campaign = CampaignFactory(owner=org, status=status)
            VideoFactory(campaign=campaign, status=status)
            TestimonialFactory(campaign=campaign, status=status)
            EventFactory(organiser=org, status=status)
            SocialAssetFactory(campaign=campaign)


def snapshot(acted_on):
    """Every row of the model acted on, and how many rows every model the admin shows has
    (an action that adds or deletes elsewhere: offers added to institutes)."""
    counts = {model: model._default_manager.count() for model in admin.site._registry}
    return counts, sorted(map(repr, acted_on._default_manager.values_list()))


def may_on_change_form(user, right, obj):
    """The rule as docs/editors.md states it: the group's permission on the model, and for
    campaign content one of the editor's organisations."""
    meta = obj._meta
    if not user.has_perm(f"{meta.app_label}.{right}_{meta.model_name}"):
        return False
    if owner_path(type(obj)) is None:
        return True
    ids = organisation_ids(user)
    return ids is None or owner_id(obj) in ids


def every_action():
    superuser = UserFactory(username="racine", is_staff=True, is_superuser=True)
    request = RequestFactory().get("/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        for name, (func, _, _) in model_admin.get_actions(request).items():
            yield model, name, action_rights(func)


def test_every_admin_checks_the_rights_of_its_actions():
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, RightsCheckedActions), model


@pytest.mark.parametrize("role", ROLES)
def test_no_list_action_goes_beyond_the_role(request, role, everything):
    client = request.getfixturevalue(role)
    user = client.user
    diploma = DiplomaFactory()
    tried = refused = 0
    for model, name, rights in every_action():
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        for obj in model._default_manager.all():
            if all(may_on_change_form(user, right, obj) for right in rights):
                continue
            before = snapshot(model)
            client.post(
                changelist,
                {
                    "action": name,
                    ACTION_CHECKBOX_NAME: [obj.pk],
                    "index": 0,
                    "post": "yes",  # the confirmation of a delete
                    "apply": "1",  # and the form of « Ajouter les offres d'un diplôme »
                    "diploma": diploma.pk,
                    "modality": "initiale",
                    "publish": "on",
                },
            )
            tried += 1
            if snapshot(model) == before:
                refused += 1
            else:
                pytest.fail(f"{user}: « {name} » changed {meta.label} {obj} beyond the role")
    assert tried > 0 and tried == refused


def test_view_only_editor_cannot_unpublish_a_profession(ars_editor):
    """The finding: the ARS editor, who may only view professions, took one offline."""
    profession = ProfessionFactory(slug="agent-service-hospitalier")
    response = ars_editor.post(
        reverse("admin:professions_profession_changelist"),
        {"action": "back_to_draft", ACTION_CHECKBOX_NAME: [profession.pk], "index": 0},
    )
    profession.refresh_from_db()
    assert profession.status == Status.PUBLISHED
    assert response.status_code in (200, 302)
    changelist = ars_editor.get(reverse("admin:professions_profession_changelist"))
    assert "Repasser en brouillon" not in changelist.content.decode()


def test_editor_publishes_own_campaign_from_the_list(ars_editor, ars):
    campaign = CampaignFactory(owner=ars, status=Status.DRAFT)
    ars_editor.post(
        reverse("admin:campaigns_campaign_changelist"),
        {"action": "publish_now", ACTION_CHECKBOX_NAME: [campaign.pk], "index": 0},
    )
    campaign.refresh_from_db()
    assert campaign.status == Status.PUBLISHED


@pytest.mark.parametrize("model", (Profession, Campaign))
def test_staff_without_rights_sees_no_action(staff_without_rights, model):
    meta = model._meta
    response = staff_without_rights.get(
        reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    )
    assert response.status_code == 403


# --- previews of drafts and the campaign kit: the same rights --------------------------------

DRAFT_PAGES = {
    "profession": ProfessionFactory,
    "diploma": DiplomaFactory,
    "institute": InstituteFactory,
    "financialaid": FinancialAidFactory,
}


@pytest.mark.parametrize("name", sorted(DRAFT_PAGES))
def test_staff_without_rights_does_not_preview_drafts(staff_without_rights, name):
    draft = DRAFT_PAGES[name](status=Status.DRAFT)
    response = staff_without_rights.get(draft.get_absolute_url(), {"apercu": "1"})
    assert response.status_code == 404


@pytest.mark.parametrize("name", sorted(DRAFT_PAGES))
def test_regional_editor_previews_drafts(regional_editor, name):
    draft = DRAFT_PAGES[name](status=Status.DRAFT)
    response = regional_editor.get(draft.get_absolute_url(), {"apercu": "1"})
    assert response.status_code == 200


def test_staff_without_rights_does_not_preview_a_draft_offer(staff_without_rights):
    offer = TrainingOfferFactory(status=Status.DRAFT, places=17)
    html = staff_without_rights.get(
        offer.institute.get_absolute_url(), {"apercu": f"trainings.trainingoffer.{offer.pk}"}
    ).content.decode()
    assert "17 places" not in html


def kit_of(campaign):
    SocialAssetFactory(campaign=campaign)
    return reverse("campaigns:kit_zip", args=[campaign.slug])


def test_draft_kit_of_another_organisation_is_refused(ars_editor, region):
    kit = kit_of(CampaignFactory(owner=region, status=Status.DRAFT))
    assert ars_editor.get(kit, {"apercu": "1"}).status_code == 404


def test_draft_kit_is_refused_to_staff_without_rights(staff_without_rights, ars):
    kit = kit_of(CampaignFactory(owner=ars, status=Status.DRAFT))
    assert staff_without_rights.get(kit, {"apercu": "1"}).status_code == 404


def test_own_draft_kit_is_previewed(ars_editor, ars):
    kit = kit_of(CampaignFactory(owner=ars, status=Status.DRAFT))
    response = ars_editor.get(kit, {"apercu": "1"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"


def test_an_action_refused_on_one_selected_object_changes_none(regional_editor, monkeypatch):
    """The object-level check, beyond the list's own scoping: when the admin refuses the
    change of one selected item (as its change form would), the action touches none of them
    and the list says why, in French."""
    allowed = ProfessionFactory(status=Status.DRAFT)
    refused = ProfessionFactory(
        status=Status.DRAFT, title_masculine="Métier protégé", title_feminine="Métier protégé"
    )
    model_admin = admin.site.get_model_admin(Profession)
    original = type(model_admin).has_change_permission

    def has_change_permission(self, request, obj=None):
        return original(self, request, obj) and (obj is None or obj.pk != refused.pk)

    monkeypatch.setattr(type(model_admin), "has_change_permission", has_change_permission)
    response = regional_editor.post(
        reverse("admin:professions_profession_changelist"),
        {"action": "publish_now", ACTION_CHECKBOX_NAME: [allowed.pk, refused.pk], "index": 0},
        follow=True,
    )
    allowed.refresh_from_db()
    refused.refresh_from_db()
    assert (allowed.status, refused.status) == (Status.DRAFT, Status.DRAFT)
    page = response.content.decode()
    assert "Action refusée" in page and "Métier protégé" in page
    assert "Aucun élément n&#x27;a été modifié" in page
