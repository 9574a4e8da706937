"""The FINESS upload in its bounded box: a nested, malformed or oversized file is refused with
a French message, never a 500, and no copy of it stays on the server."""

import copy
import json
import os
import stat
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from careers_site.platform.uploads import upload_dir
from trainings import finess
from trainings.models import Institute

pytestmark = pytest.mark.django_db

REGION = Path(__file__).parent / "finess" / "structures-region.json"
IMPORT_URL = reverse("admin:trainings_institute_finess_import")


@pytest.fixture(autouse=True)
def own_upload_dir(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = str(tmp_path)


def kept_files():
    return list(upload_dir().iterdir())


def upload(client, content):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile("structures.json", content)})


def test_a_file_nested_200000_levels_is_refused_at_once_and_not_kept(regional_editor, monkeypatch):
    def no_parser(*args, **kwargs):
        raise AssertionError("a parser that builds prefixes read the nested file")

    # « At once »: the flat depth check refuses it before any reader that grows with the
    # depth (ijson's prefixes, the records) sees a byte of it.
    monkeypatch.setattr(finess.ijson, "parse", no_parser)
    monkeypatch.setattr(finess.ijson, "items", no_parser)
    nested = b'{"schemaVersion": "v1.0.0", "pmej": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    response = upload(regional_editor, nested)
    assert response.status_code == 200
    page = response.content.decode()
    assert "imbriqué sur plus de 32 niveaux" in page
    assert "Confirmer l&#x27;import" not in page
    assert kept_files() == []


def region():
    return json.loads(REGION.read_text())


def with_change(change):
    data = copy.deepcopy(region())
    change(data)
    return json.dumps(data).encode()


def ege(data):
    return data["pmej"][0]["ege"][0]


WRONG_TYPES = {
    "informationsGeneralesPMEJ en liste": lambda d: d["pmej"][0].update(
        informationsGeneralesPMEJ=["x"]
    ),
    "ege en nombre": lambda d: d["pmej"][0].update(ege=12),
    "informationsGeneralesEGE en texte": lambda d: ege(d).update(informationsGeneralesEGE="x"),
    "adresse en objet": lambda d: ege(d).update(adresse={"cogCommune": "15187"}),
    "adresse en liste de textes": lambda d: ege(d).update(adresse=["15187"]),
    "coordonnées en liste": lambda d: ege(d)["adresse"][0].update(coordonneesGeographique=[1]),
    "contact en nombre": lambda d: ege(d).update(contact=3),
}


@pytest.mark.parametrize("case", WRONG_TYPES)
def test_a_field_of_the_wrong_json_type_is_named_in_french(regional_editor, case):
    response = upload(regional_editor, with_change(WRONG_TYPES[case]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Import refusé, rien n&#x27;a été modifié" in page
    assert "structure n° 1" in page
    assert kept_files() == []
    assert Institute.objects.count() == 0


def test_parser_messages_are_french_not_python_bytes(regional_editor):
    page = upload(regional_editor, b'{"schemaVersion": "v1.0.0", "pmej": [ {"a": }').content
    page = page.decode()
    assert "Import refusé" in page
    assert "b&#x27;" not in page and "lexical error" not in page
    assert kept_files() == []


def test_a_file_over_the_cap_points_to_the_command(regional_editor, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    response = upload(regional_editor, REGION.read_bytes())
    page = response.content.decode()
    assert "pèse plus de 1 Ko" in page
    assert "la limite d&#x27;un dépôt dans l&#x27;administration" in page
    assert "manage.py import_finess" in page
    assert kept_files() == []


def test_a_preview_awaiting_confirmation_is_private_and_swept_when_abandoned(regional_editor):
    assert "2 à créer" in upload(regional_editor, REGION.read_bytes()).content.decode()
    [waiting] = kept_files()
    assert stat.S_IMODE(waiting.stat().st_mode) == 0o600
    assert stat.S_IMODE(upload_dir().stat().st_mode) == 0o700

    # Abandoned (the tab closed): an hour later, the next upload removes it.
    two_hours_ago = time.time() - 2 * 3600
    os.utime(waiting, (two_hours_ago, two_hours_ago))
    other = Client()  # the same editor, another session
    other.force_login(regional_editor.user)
    upload(other, REGION.read_bytes())
    assert waiting not in kept_files()
    assert len(kept_files()) == 1


def test_a_new_upload_replaces_the_one_waiting(regional_editor):
    upload(regional_editor, REGION.read_bytes())
    [first] = kept_files()
    upload(regional_editor, b"{ pas du json")
    assert kept_files() == []  # the first was forgotten, the refused one never kept
    assert not first.exists()
