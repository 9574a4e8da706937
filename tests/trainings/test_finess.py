"""The FINESS import (trainings/finess.py and manage.py import_finess), on small files in
the real format of the « structures » flow, schema v1 (tests/trainings/finess/)."""

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from careers_site.core.models import Status
from tests.factories import InstituteFactory
from trainings.finess import FinessError, apply_import, build_plan
from trainings.models import Institute

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "finess"
REGION = FILES / "structures-region.json"


def run(path=REGION, *args):
    out = io.StringIO()
    call_command("import_finess", str(path), *args, stdout=out)
    return out.getvalue()


def snapshot():
    return sorted(
        Institute.objects.values_list(
            "source_id", "name", "commune", "status", "phone", "latitude", "updated_at"
        )
    )


def test_import_keeps_the_regions_schools_and_publishes_the_active_one():
    output = run()
    school = Institute.objects.get(source_id="150780001")
    assert school.name == "IFAS DU CENTRE HOSPITALIER D'ESSAI"
    assert school.address == "2 AVENUE DE L'ESSAI"
    assert (school.postcode, school.commune, school.departement) == ("15100", "Saint-Flour", "15")
    assert school.phone == "04 00 00 00 01"
    assert (school.latitude, school.longitude) == (Decimal("45.03400"), Decimal("3.09100"))
    assert school.parent_organisation == "CENTRE HOSPITALIER D'ESSAI"
    assert school.is_public
    assert (school.source, school.source_licence) == ("finess", "Licence Ouverte 2.0")
    assert school.source_imported_at is not None
    # The nursing home, the Paris school and the closed school never imported are left out;
    # the duplicate is reported, not imported twice.
    assert set(Institute.objects.values_list("source_id", flat=True)) == {
        "150780001",
        "690780001",
    }
    assert "1 en double" in output
    assert "1 d'une autre catégorie, 1 d'une autre région" in output


def test_a_school_without_coordinates_is_imported_unplaced_with_its_commune_name():
    run()
    lyon = Institute.objects.get(source_id="690780001")
    assert lyon.latitude is None and lyon.longitude is None
    assert lyon.commune == "Lyon"  # the official name, not « LYON CEDEX 03 »
    assert lyon.is_public


def test_a_second_import_changes_nothing():
    run()
    before = snapshot()
    output = run()
    assert snapshot() == before
    assert "0 à créer, 0 à mettre à jour, 0 fermées, 0 rouvertes, 2 inchangées" in output


def test_dry_run_writes_nothing_and_says_what_would_happen():
    output = run(REGION, "--dry-run")
    assert Institute.objects.count() == 0
    assert "2 à créer" in output
    assert "+ IFAS DU CENTRE HOSPITALIER D'ESSAI (Saint-Flour, FINESS 150780001)" in output
    assert "rien n'a été écrit" in output


def test_a_school_closed_in_finess_is_unpublished_never_deleted(tmp_path):
    closed = InstituteFactory(
        name="École fermée", source="finess", source_id="150780002", status=Status.PUBLISHED
    )
    output = run()
    closed.refresh_from_db()
    assert closed.status == Status.DRAFT
    assert str(closed.source_closed_on) == "2024-06-30"
    assert "x École fermée : fermé dans FINESS, dépublié" in output


def test_an_editors_change_survives_a_reimport_and_a_finess_change_is_reported(tmp_path):
    run()
    school = Institute.objects.get(source_id="150780001")
    school.name = "IFAS du centre hospitalier d'essai"
    school.save()
    assert school.hand_edited_fields() == ["name"]

    changed = (
        REGION.read_text()
        .replace(
            '"nomEgeLong" : "IFAS DU CENTRE HOSPITALIER D\'ESSAI"',
            '"nomEgeLong" : "INSTITUT DU CENTRE HOSPITALIER D\'ESSAI"',
        )
        .replace('"telephone" : "0400000001"', '"telephone" : "0400000009"')
    )
    path = tmp_path / "structures.json"
    path.write_text(changed)
    output = run(path)

    school.refresh_from_db()
    assert school.name == "IFAS du centre hospitalier d'essai"  # the editor's
    assert school.phone == "04 00 00 00 09"  # untouched by hand: follows FINESS
    assert "nom modifié à la main (« IFAS du centre hospitalier d'essai »)" in output
    assert "FINESS indique « INSTITUT DU CENTRE HOSPITALIER D'ESSAI »" in output
    # Reported again until staff settle it.
    assert "nom modifié à la main" in run(path)


def test_an_institute_typed_by_hand_and_linked_by_its_number_keeps_its_values():
    typed = InstituteFactory(
        name="IFAS de Saint-Flour", source_id="150780001", commune="Saint-Flour", phone=""
    )
    output = run()
    typed.refresh_from_db()
    assert typed.name == "IFAS de Saint-Flour"
    assert typed.phone == "04 00 00 00 01"  # empty: filled
    assert typed.source == "finess"
    assert "nom modifié à la main" in output


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "Le fichier est vide."),
        (b"   \n", "Le fichier est vide."),
        (b"PK\x03\x04 not json", "n'est pas du JSON valide"),
        (b"[1, 2]", "devrait commencer par un objet JSON"),
        (b'{"generatedAt": "2026-01-01", "pmej": []}', "schemaVersion manque"),
    ],
)
def test_bad_files_are_refused_with_a_french_message(tmp_path, content, message):
    path = tmp_path / "structures.json"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(path)
    assert Institute.objects.count() == 0


def test_another_schema_version_is_refused():
    with pytest.raises(CommandError, match="version « v2.0.0 »"):
        run(FILES / "structures-schema-v2.json")


def test_a_truncated_file_changes_nothing(tmp_path):
    path = tmp_path / "structures.json"
    path.write_bytes(REGION.read_bytes()[:-400])
    with pytest.raises(CommandError, match="tronqué"):
        run(path)
    assert Institute.objects.count() == 0


def test_a_malformed_record_is_named_and_nothing_is_written():
    # The broken record comes after two valid schools: they are not written either.
    with pytest.raises(CommandError) as error:
        run(FILES / "structures-malformed.json")
    assert "structure n° 3, établissement n° 1" in str(error.value)
    assert "numFinessEge" in str(error.value)
    assert Institute.objects.count() == 0


def test_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="Fichier introuvable"):
        run(FILES / "absent.json")


def test_plan_and_apply_are_the_same_for_an_upload():
    with open(REGION, "rb") as stream:
        plan = build_plan(stream)
    assert [school.finess for school in plan.created] == ["150780001", "690780001"]
    assert apply_import(plan) == 2


def test_reader_refuses_a_stream_that_is_not_json():
    with pytest.raises(FinessError):
        build_plan(io.BytesIO(b"<html>"))


def test_an_imported_institutes_page_names_its_source(client):
    run()
    school = Institute.objects.get(source_id="150780001")
    page = client.get(school.get_absolute_url()).content.decode()
    assert "FINESS (Agence du numérique en santé), Licence Ouverte 2.0, données reprises le" in page
    assert 'href="/sources-des-donnees/">Sources des données</a>' in page


def test_the_schema_version_may_come_after_the_records(tmp_path):
    data = json.loads(REGION.read_text())
    reordered = {"pmej": data["pmej"], "schemaVersion": "v1.0.0", "generatedAt": "2026-03-09"}
    path = tmp_path / "structures.json"
    path.write_text(json.dumps(reordered))
    run(path)
    assert Institute.objects.count() == 2


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"PK\x03\x04 not json", "un caractère inattendu"),
        (b'{"schemaVersion": "v1', "le fichier s'arrête avant la fin"),
        (b'{"schemaVersion" 1}', "une virgule, un deux-points ou une accolade mal placés"),
        (b'{"schemaVersion": "\xff"}', "des caractères ne sont pas en UTF-8"),
    ],
)
def test_parser_messages_are_in_french_not_bytes(tmp_path, content, problem):
    """The parser's English words and the raw bytes (« b'lexical error… \\xff' ») stay out."""
    path = tmp_path / "structures.json"
    path.write_bytes(content)
    with pytest.raises(CommandError) as refused:
        run(path)
    message = str(refused.value)
    assert problem in message
    for english in ("error", "b'", "\\x", "right here", "EOF"):
        assert english not in message
