"""Merging two institutes that are one school, from the admin: offers, figures, old
addresses and short links all lead to the kept one."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from careers_site.core.models import Status
from careers_site.toolkit.models import ShortLink
from careers_site.toolkit.shortlinks import main_link, source_link
from tests.factories import InstituteFactory, TrainingOfferFactory
from trainings.models import Institute, ParcoursupFigures

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:trainings_institute_changelist")


@pytest.fixture
def twins():
    finess = InstituteFactory(name="IFSI DU CHU DE SAINT-ETIENNE", slug="ifsi-chu-finess")
    finess.source_id = "420000001"
    finess.save()
    parcoursup = InstituteFactory(name="IFSI du CHU de Saint-Étienne", slug="ifsi-chu-psup")
    parcoursup.uai = "0421234A"
    parcoursup.save()
    offer = TrainingOfferFactory(institute=parcoursup, parcoursup_code="23235")
    ParcoursupFigures.objects.create(
        offer=offer,
        session=2025,
        training_label="D.E Infirmier",
        imported_at=timezone.now() - datetime.timedelta(days=1),
    )
    return finess, parcoursup, offer


def merge(client, kept, removed, **data):
    return client.post(
        CHANGELIST,
        {
            "action": "merge_two",
            ACTION_CHECKBOX_NAME: [kept.pk, removed.pk],
            "kept": kept.pk,
            "merge": "1",
            **data,
        },
        follow=True,
    )


def test_a_regional_editor_merges_two_records_of_one_school(regional_editor, client, twins):
    finess, parcoursup, offer = twins
    printed = main_link(parcoursup)
    fair = source_link(parcoursup)
    form = regional_editor.post(
        CHANGELIST, {"action": "merge_two", ACTION_CHECKBOX_NAME: [finess.pk, parcoursup.pk]}
    )
    assert "Fiche à garder" in form.content.decode()

    done = merge(regional_editor, finess, parcoursup)
    assert "est fusionné dans" in done.content.decode()
    finess.refresh_from_db()
    parcoursup.refresh_from_db()
    offer.refresh_from_db()
    assert offer.institute == finess and offer.parcoursup_figures.count() == 1
    assert (finess.source_id, finess.uai) == ("420000001", "0421234A")
    assert parcoursup.status == Status.DRAFT and parcoursup.merged_into == finess
    # Its page address, its printed short link and its fair's link lead to the kept school.
    old_page = client.get("/formations/etablissements/ifsi-chu-psup/")
    assert old_page.status_code == 301 and old_page["Location"].endswith("/ifsi-chu-finess/")
    for link in (printed, fair):
        answer = client.get(link.path)
        assert answer.status_code in (301, 302)
        assert finess.get_absolute_url() in answer["Location"]
    assert ShortLink.objects.filter(pk=fair.pk, object_id=finess.pk).exists()


def test_merging_needs_exactly_two(regional_editor, twins):
    finess, _, _ = twins
    response = regional_editor.post(
        CHANGELIST, {"action": "merge_two", ACTION_CHECKBOX_NAME: [finess.pk]}, follow=True
    )
    assert "exactement deux" in response.content.decode()
    assert Institute.objects.published().count() == 2


def test_organisation_editors_may_not_merge(ars_editor, twins):
    finess, parcoursup, _ = twins
    response = merge(ars_editor, finess, parcoursup)
    assert response.status_code == 403
    parcoursup.refresh_from_db()
    assert parcoursup.merged_into is None
