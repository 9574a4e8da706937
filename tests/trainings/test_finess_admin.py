"""The institute admin's FINESS import (upload → preview → confirm), its « sans offre » filter
and the action adding one diploma's offers to many institutes."""

from pathlib import Path

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from careers_site.core.models import Status
from tests.factories import DiplomaFactory, InstituteFactory, TrainingOfferFactory
from trainings.models import Institute, Modality, TrainingOffer

pytestmark = pytest.mark.django_db

REGION = Path(__file__).parent / "finess" / "structures-region.json"
IMPORT_URL = reverse("admin:trainings_institute_finess_import")
CHANGELIST = reverse("admin:trainings_institute_changelist")


def upload(client, content=None, name="structures.json"):
    content = REGION.read_bytes() if content is None else content
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content)})


def test_a_regional_editor_previews_then_confirms(regional_editor):
    assert "Importer depuis FINESS" in regional_editor.get(CHANGELIST).content.decode()
    preview = upload(regional_editor)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "2 à créer" in page
    assert "IFAS DU CENTRE HOSPITALIER D&#x27;ESSAI (Saint-Flour, FINESS 150780001)" in page
    assert Institute.objects.count() == 0  # nothing before confirming

    confirmed = regional_editor.post(IMPORT_URL, {"confirm": "1"})
    assert confirmed.status_code == 302
    assert set(Institute.objects.values_list("source_id", flat=True)) == {
        "150780001",
        "690780001",
    }
    # The uploaded copy is gone: confirming again asks for the file.
    again = regional_editor.post(IMPORT_URL, {"confirm": "1"}, follow=True)
    assert "déposez-le à nouveau" in again.content.decode()
    assert Institute.objects.count() == 2


def test_a_bad_upload_shows_the_reason_on_the_form(regional_editor):
    response = upload(regional_editor, b"{ pas du json")
    assert response.status_code == 200
    assert "Import refusé, rien n&#x27;a été modifié" in response.content.decode()
    assert "Confirmer l&#x27;import" not in response.content.decode()


def test_organisation_editors_may_not_import(ars_editor):
    assert ars_editor.get(IMPORT_URL).status_code == 403
    assert upload(ars_editor).status_code == 403
    assert ars_editor.post(IMPORT_URL, {"confirm": "1"}).status_code == 403
    assert Institute.objects.count() == 0


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_change_page_says_where_the_data_came_from(regional_editor):
    upload(regional_editor)
    regional_editor.post(IMPORT_URL, {"confirm": "1"})
    school = Institute.objects.get(source_id="150780001")
    school.phone = "04 00 00 00 99"
    school.save()
    page = regional_editor.get(
        reverse("admin:trainings_institute_change", args=[school.pk])
    ).content.decode()
    assert "FINESS (Agence du numérique en santé) – numéro 150780001 – Licence Ouverte 2.0" in page
    assert "Modifié à la main depuis (jamais écrasé par un import) : téléphone." in page


def test_institutes_without_offer_filter(staff_client):
    lonely = InstituteFactory(name="Sans offre du tout")
    TrainingOfferFactory(institute__name="Avec une offre")
    page = staff_client.get(CHANGELIST, {"offres": "aucune"}).content.decode()
    assert lonely.name in page
    assert "Avec une offre" not in page


def test_add_one_diplomas_offers_to_many_institutes(regional_editor):
    diploma = DiplomaFactory(name="Diplôme d'État d'essai")
    first, second = InstituteFactory(), InstituteFactory()
    TrainingOfferFactory(institute=second, diploma=diploma, modality=Modality.INITIAL)
    selection = {"action": "add_offers", ACTION_CHECKBOX_NAME: [first.pk, second.pk]}

    form = regional_editor.post(CHANGELIST, selection)
    assert form.status_code == 200
    assert "Ajouter les offres" in form.content.decode()

    done = regional_editor.post(
        CHANGELIST,
        {**selection, "apply": "1", "diploma": diploma.pk, "modality": Modality.INITIAL},
        follow=True,
    )
    assert "1 offre(s)" in done.content.decode()
    offer = TrainingOffer.objects.get(institute=first, diploma=diploma)
    assert offer.status == Status.DRAFT  # to complete before publishing
    assert TrainingOffer.objects.filter(institute=second, diploma=diploma).count() == 1
