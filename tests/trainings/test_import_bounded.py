"""The CSV and Excel imports of the admin in the bounded box, as in production: the preview
and the confirmation run in a child process with a memory and time ceiling, on connections of
its own (a database the child sees: tests/databases.py). Rows, errors in French and the diff
come back to the page; a child stopped for its time or memory saves nothing and leaves no
file; a preview never sets a new content version, so no cached page is forgotten."""

import os
import time

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse

from careers_site.platform.cache import content_version
from careers_site.platform.uploads import upload_dir
from tests.factories import DiplomaFactory, InstituteFactory
from tests.trainings.test_import_export import BAD_INSTITUTES_CSV, INSTITUTES_CSV, confirm, upload
from trainings import resources
from trainings.models import Institute, TrainingOffer
from trainings.resources import InstituteResource

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("database_children_see"),
]

PUBLIC_PAGE = reverse("trainings:institute_list")


@pytest.fixture(autouse=True)
def own_upload_dir(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = str(tmp_path / "uploads")


def kept_files():
    return list(upload_dir().iterdir())


@pytest.fixture
def result_makers(monkeypatch, tmp_path):
    """The ids of the processes that made each import's result."""
    seen = tmp_path / "pids"
    make = resources.portable_result

    def spy(result, keep_instances):
        with seen.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return make(result, keep_instances)

    monkeypatch.setattr(resources, "portable_result", spy)
    return lambda: [int(pid) for pid in seen.read_text().split()] if seen.exists() else []


@pytest.fixture
def cache_children_share(settings, tmp_path):
    """A cache the child shares, as Redis is in production (the tests' cache in local memory
    is each process's own: there a child's new content version would go unseen)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    settings.PAGE_CACHE_ENABLED = True


def slow_rows(monkeypatch, seconds, from_row=1):
    """Each row from `from_row` on takes `seconds` to import (in the child)."""
    import_row = InstituteResource.before_import_row

    def slow(self, row, **kwargs):
        if kwargs["row_number"] >= from_row:
            time.sleep(seconds)
        return import_row(self, row, **kwargs)

    monkeypatch.setattr(InstituteResource, "before_import_row", slow)


def refusal(client, response):
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:trainings_institute_import")
    return client.get(response["Location"]).content.decode().replace("&#x27;", "'")


def test_a_preview_and_its_confirmation_run_in_a_child(regional_editor, result_makers):
    preview = upload(regional_editor, "institute", INSTITUTES_CSV)

    assert preview.status_code == 200
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["new", "new"]
    page = preview.content.decode()
    assert "IFAS Exemple A" in page and "IFAS Exemple B" in page  # the diff of each row
    assert not Institute.objects.exists()  # a preview saves nothing
    assert len(kept_files()) == 1

    done = confirm(regional_editor, "institute", preview)

    assert done.status_code == 302
    assert sorted(Institute.objects.values_list("slug", flat=True)) == [
        "ifas-exemple-a",
        "ifas-exemple-b",
    ]
    assert LogEntry.objects.filter(object_repr__startswith="IFAS Exemple").count() == 2
    assert kept_files() == []
    makers = result_makers()
    assert len(makers) == 2 and os.getpid() not in makers


def test_errors_come_back_from_the_child_in_french(regional_editor):
    preview = upload(regional_editor, "institute", BAD_INSTITUTES_CSV)
    invalid = {row.number: row.error_dict for row in preview.context["result"].invalid_rows}
    assert set(invalid) == {3, 4}
    assert "Ce champ ne peut pas être vide" in preview.content.decode()

    DiplomaFactory(slug="deas")
    InstituteFactory(slug="ifas-annonay")
    offers = (
        "diploma,institute,modality,places,status\n"
        "deas,ifas-annonay,initiale,40,published\n"
        "deas,institut-inconnu,initiale,40,published\n"
    )
    preview = upload(regional_editor, "trainingoffer", offers)
    page = preview.content.decode().replace("&#x27;", "'")
    assert (
        "Ligne 3 du fichier : Aucun objet « établissement » n'a l'adresse (slug) "
        "« institut-inconnu »" in page
    )
    assert "Error" not in page.split("Ligne 3 du fichier")[1][:200]  # no Python class
    assert "confirm_form" not in preview.context
    assert not TrainingOffer.objects.exists() and kept_files() == []


def test_a_preview_keeps_the_cached_pages_and_the_confirmation_forgets_them(
    regional_editor, cache_children_share
):
    visitor = Client()
    visitor.get(PUBLIC_PAGE)
    assert visitor.get(PUBLIC_PAGE)["X-Page-Cache"] == "hit"
    before = content_version(fresh=True)

    preview = upload(regional_editor, "institute", INSTITUTES_CSV)

    assert preview.status_code == 200 and "confirm_form" in preview.context
    assert content_version(fresh=True) == before
    assert visitor.get(PUBLIC_PAGE)["X-Page-Cache"] == "hit"

    confirm(regional_editor, "institute", preview)

    assert Institute.objects.count() == 2
    assert content_version(fresh=True) != before
    assert visitor.get(PUBLIC_PAGE)["X-Page-Cache"] == "miss"


def test_a_preview_over_its_time_is_refused_in_french(regional_editor, settings, monkeypatch):
    settings.IMPORT_SECONDS = 1
    slow_rows(monkeypatch, seconds=60)
    started = time.monotonic()

    response = upload(regional_editor, "institute", INSTITUTES_CSV)

    # Not a speed: the first row alone would take a minute, so an answer before that means
    # the child was stopped at its limit.
    assert time.monotonic() - started < 60
    page = refusal(regional_editor, response)
    assert (
        "Import refusé, rien n'a été modifié. La lecture de ce fichier a dépassé le temps "
        "permis (1 s) : il est trop lourd pour l'administration. Découpez-le en plusieurs "
        "fichiers." in page
    )
    assert not Institute.objects.exists()
    assert kept_files() == []


def test_a_confirmation_stopped_after_a_saved_row_saves_nothing(
    regional_editor, settings, monkeypatch
):
    preview = upload(regional_editor, "institute", INSTITUTES_CSV)
    settings.IMPORT_SECONDS = 1
    slow_rows(monkeypatch, seconds=5, from_row=2)  # the first row is written, then the wait

    response = confirm(regional_editor, "institute", preview)

    page = refusal(regional_editor, response)
    assert "a dépassé le temps permis (1 s)" in page
    assert not Institute.objects.exists()
    assert kept_files() == []
    # The database is whole and free: a later import goes through.
    monkeypatch.undo()
    settings.IMPORT_SECONDS = 60
    confirm(regional_editor, "institute", upload(regional_editor, "institute", INSTITUTES_CSV))
    assert Institute.objects.count() == 2


def test_a_preview_over_its_memory_is_refused_in_french(regional_editor, settings, monkeypatch):
    settings.IMPORT_MEMORY_BYTES = 64 * 1024 * 1024

    def hog(self, row, **kwargs):
        return bytearray(1024 * 1024 * 1024)

    monkeypatch.setattr(InstituteResource, "before_import_row", hog)

    response = upload(regional_editor, "institute", INSTITUTES_CSV)

    page = refusal(regional_editor, response)
    assert (
        "La lecture de ce fichier demande plus de 64 Mo de mémoire : il est trop lourd pour "
        "l'administration. Découpez-le en plusieurs fichiers." in page
    )
    assert not Institute.objects.exists()
    assert kept_files() == []
