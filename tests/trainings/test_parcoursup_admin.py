"""The training offers admin's Parcoursup import (upload → preview → confirm, the machinery
FINESS uses too), the filière table and the review of schools matched by place."""

from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import DiplomaFactory, InstituteFactory
from tests.trainings.parcoursup_files import OCELLIA_LYON, OCELLIA_VALENCE, csv_bytes, row
from trainings.models import Institute, ProximityMatch, TrainingOffer
from trainings.parcoursup import import_file

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:trainings_trainingoffer_parcoursup_import")
CHANGELIST = reverse("admin:trainings_trainingoffer_changelist")


@pytest.fixture(autouse=True)
def diplomas():
    DiplomaFactory(slug="de-educateur-jeunes-enfants")
    DiplomaFactory(slug="de-assistant-service-social")


def upload(client, content=None, name="fr-esr-parcoursup.csv"):
    content = csv_bytes(OCELLIA_LYON, OCELLIA_VALENCE) if content is None else content
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content)})


def test_a_regional_editor_previews_then_confirms(regional_editor):
    assert "Importer depuis Parcoursup" in regional_editor.get(CHANGELIST).content.decode()
    unknown = row(code="40000", label="D.E Orthoprothésiste", bis="D.E Orthoprothésiste")
    preview = upload(regional_editor, csv_bytes(OCELLIA_LYON, OCELLIA_VALENCE, unknown))
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Offres : 2 à créer" in page
    assert "+ offre D.E Educateur de Jeunes Enfants – OCELLIA (code 25197)" in page
    assert "filière inconnue de la table : « D.E Orthoprothésiste »" in page
    assert not TrainingOffer.objects.exists()  # nothing before confirming

    confirmed = regional_editor.post(IMPORT_URL, {"confirm": "1"}, follow=True)
    assert "Import Parcoursup (session 2025) terminé : 2 offres créées" in (
        confirmed.content.decode()
    )
    assert set(TrainingOffer.objects.values_list("parcoursup_code", flat=True)) == {
        "25197",
        "25251",
    }
    again = regional_editor.post(IMPORT_URL, {"confirm": "1"}, follow=True)
    assert "déposez-le à nouveau" in again.content.decode()


def test_a_bad_upload_shows_the_reason_on_the_form(regional_editor):
    response = upload(regional_editor, csv_bytes(row(admitted="douze")))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Import refusé, rien n&#x27;a été modifié. Ligne 2, colonne" in page
    assert "Confirmer l&#x27;import" not in page
    assert not TrainingOffer.objects.exists()


def test_organisation_editors_may_not_import(ars_editor):
    assert ars_editor.get(IMPORT_URL).status_code == 403
    assert upload(ars_editor).status_code == 403
    assert ars_editor.post(IMPORT_URL, {"confirm": "1"}).status_code == 403
    assert "Importer depuis Parcoursup" not in ars_editor.get(CHANGELIST).content.decode()
    assert not TrainingOffer.objects.exists()


def test_staff_undo_a_match_by_place_and_the_next_import_creates_the_school(
    regional_editor, tmp_path
):
    near = InstituteFactory(
        commune="Lyon", departement="69", latitude=Decimal("45.7790"), longitude=Decimal("4.805")
    )
    path = tmp_path / "parcoursup.csv"
    path.write_bytes(csv_bytes(OCELLIA_LYON))
    import_file(path)
    match = ProximityMatch.objects.get()
    response = regional_editor.post(
        reverse("admin:trainings_proximitymatch_changelist"),
        {"action": "undo_matches", ACTION_CHECKBOX_NAME: [match.pk]},
        follow=True,
    )
    assert "1 rapprochement(s) annulé(s)" in response.content.decode()
    near.refresh_from_db()
    assert near.uai == ""
    import_file(path)
    assert TrainingOffer.objects.get().institute == Institute.objects.get(uai="0692522S")
