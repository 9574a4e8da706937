"""The imports in their bounded box: a file over the size or row limit is refused before it
is parsed, and no dry run (a preview in the admin, `--dry-run` of a command) sets a new
content version or forgets a cached page; only the confirmed import does."""

import io
from pathlib import Path

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from careers_site.platform.cache import content_version
from tests.factories import DiplomaFactory
from tests.trainings.parcoursup_files import OCELLIA_LYON, OCELLIA_VALENCE, csv_bytes, write
from tests.trainings.test_import_export import INSTITUTES_CSV, confirm, upload
from trainings.models import Institute

pytestmark = pytest.mark.django_db

REGION = Path(__file__).parent / "finess" / "structures-region.json"


@pytest.fixture(autouse=True)
def own_upload_dir(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = str(tmp_path)


def test_a_csv_over_the_row_limit_is_refused_before_parsing(regional_editor, settings):
    settings.IMPORT_TABLE_MAX_ROWS = 2
    assert upload(regional_editor, "institute", INSTITUTES_CSV).status_code == 200  # 2 rows

    three = INSTITUTES_CSV + "ifas-exemple-c,IFAS Exemple C,ifas,Vichy,03200,03,,draft\n"
    response = upload(regional_editor, "institute", three)
    assert response.status_code == 302
    page = regional_editor.get(response["Location"]).content.decode()
    assert "Import refusé, rien n&#x27;a été modifié. Ce fichier compte plus de 2 lignes" in page
    assert not Institute.objects.exists()


def test_a_preview_keeps_the_cached_pages_and_the_confirmation_forgets_them(
    regional_editor, settings
):
    settings.PAGE_CACHE_ENABLED = True
    before = content_version(fresh=True)
    preview = upload(regional_editor, "institute", INSTITUTES_CSV)
    assert preview.status_code == 200 and not Institute.objects.exists()
    assert content_version(fresh=True) == before

    confirm(regional_editor, "institute", preview)
    assert Institute.objects.count() == 2
    assert content_version(fresh=True) != before


def finess_command(client, tmp_path):
    call_command("import_finess", str(REGION), "--dry-run", stdout=io.StringIO())


def parcoursup_command(client, tmp_path):
    path = write(tmp_path, OCELLIA_LYON, OCELLIA_VALENCE)
    call_command("import_parcoursup", str(path), "--dry-run", stdout=io.StringIO())


def finess_admin(client, tmp_path):
    response = client.post(
        reverse("admin:trainings_institute_finess_import"),
        {"file": SimpleUploadedFile("structures.json", REGION.read_bytes())},
    )
    assert "2 à créer" in response.content.decode()


def parcoursup_admin(client, tmp_path):
    response = client.post(
        reverse("admin:trainings_trainingoffer_parcoursup_import"),
        {"file": SimpleUploadedFile("p.csv", csv_bytes(OCELLIA_LYON, OCELLIA_VALENCE))},
    )
    assert "Offres : 2 à créer" in response.content.decode()


def csv_admin(client, tmp_path):
    assert "confirm_form" in upload(client, "institute", INSTITUTES_CSV).context


@pytest.mark.parametrize(
    "dry_run", [finess_command, parcoursup_command, finess_admin, parcoursup_admin, csv_admin]
)
def test_a_dry_run_keeps_the_content_version_and_the_cached_pages(
    dry_run, regional_editor, settings, tmp_path
):
    DiplomaFactory(slug="de-educateur-jeunes-enfants")
    DiplomaFactory(slug="de-assistant-service-social")
    settings.PAGE_CACHE_ENABLED = True
    visitor = Client()
    visitor.get(reverse("trainings:offer_list"))
    assert visitor.get(reverse("trainings:offer_list"))["X-Page-Cache"] == "hit"
    before = content_version(fresh=True)

    dry_run(regional_editor, tmp_path)

    assert content_version(fresh=True) == before
    assert visitor.get(reverse("trainings:offer_list"))["X-Page-Cache"] == "hit"
    assert not Institute.objects.exists()


def kept_files():
    from careers_site.platform.uploads import upload_dir

    return list(upload_dir().iterdir())


def test_a_preview_waits_in_the_private_folder_and_goes_with_its_confirmation(regional_editor):
    preview = upload(regional_editor, "institute", INSTITUTES_CSV)
    [waiting] = kept_files()
    assert oct(waiting.stat().st_mode & 0o777) == "0o600"
    confirm(regional_editor, "institute", preview)
    assert kept_files() == []
    assert Institute.objects.count() == 2


def test_a_refused_preview_keeps_no_file(regional_editor):
    bad = (
        "slug,name,kind,commune,postcode,departement,status\n,Sans adresse,inconnu,,7100,07,draft\n"
    )
    response = upload(regional_editor, "institute", bad)
    assert response.status_code == 200 and "confirm_form" not in response.context
    assert kept_files() == []


def test_a_posted_file_name_cannot_leave_the_private_folder(regional_editor, tmp_path):
    secret = tmp_path.parent / "secret.csv"
    secret.write_text(INSTITUTES_CSV)
    preview = upload(regional_editor, "institute", INSTITUTES_CSV)
    form = dict(preview.context["confirm_form"].initial)
    form["import_file_name"] = str(secret)
    response = regional_editor.post(reverse("admin:trainings_institute_process_import"), form)
    assert response.status_code == 302
    page = regional_editor.get(response["Location"]).content.decode()
    assert "n&#x27;est plus disponible" in page
    assert not Institute.objects.exists()  # no such file in the private folder
    assert secret.exists()


def test_an_excel_file_that_would_expand_too_far_is_refused_unopened(regional_editor, settings):
    import io
    import zipfile

    settings.IMPORT_MAX_UPLOAD_BYTES = 20_000  # expands to 100 KB at most
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<row/>" * 40_000)  # 240 KB once expanded
    response = upload(regional_editor, "institute", buffer.getvalue(), name="bombe.xlsx", fmt="1")
    assert response.status_code == 302
    page = regional_editor.get(response["Location"]).content.decode()
    assert "Ce classeur décompressé dépasse 98 Ko" in page


def refusal_page(client, response):
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode().replace("&#x27;", "'")


def test_a_csv_over_the_size_limit_is_refused_before_reading(regional_editor, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 2048
    rows = "".join(f"ifas-{n},IFAS {n},ifas,Vichy,03200,03,,draft\n" for n in range(60))
    response = upload(regional_editor, "institute", INSTITUTES_CSV + rows)  # 2.7 KB
    assert (
        "Import refusé, rien n'a été modifié. Ce fichier pèse plus de 2 Ko, la limite d'un "
        "dépôt dans l'administration. Découpez-le en plusieurs fichiers."
        in refusal_page(regional_editor, response)
    )
    assert kept_files() == [] and not Institute.objects.exists()


def test_a_csv_over_the_real_row_limit_is_refused_at_once_without_a_child(
    regional_editor, monkeypatch
):
    from careers_site.platform import uploads
    from trainings import resources

    def no_child(*args, **kwargs):
        raise AssertionError("a child process was started")

    monkeypatch.setattr(uploads, "run_bounded", no_child)
    monkeypatch.setattr(resources, "run_bounded", no_child)
    rows = "".join(f"ifas-{n},IFAS {n},ifas,Vichy,03200,03,,draft\n" for n in range(2001))
    response = upload(regional_editor, "institute", INSTITUTES_CSV.split("\n")[0] + "\n" + rows)
    assert "Ce fichier compte plus de 2000 lignes" in refusal_page(regional_editor, response)
    assert kept_files() == [] and not Institute.objects.exists()


def test_a_workbook_over_the_row_limit_is_refused_once_read(regional_editor, settings):
    settings.IMPORT_TABLE_MAX_ROWS = 2
    workbook = tablib.Dataset(headers=["slug", "name", "kind", "status"])
    for n in range(3):
        workbook.append([f"ifas-{n}", f"IFAS {n}", "ifas", "draft"])
    response = upload(
        regional_editor, "institute", workbook.export("xlsx"), name="ecoles.xlsx", fmt="1"
    )
    assert response.status_code == 200
    assert response.context["form"].errors["import_file"] == [
        "Ce fichier compte plus de 2 lignes, la limite d'un import dans l'administration. "
        "Découpez-le en plusieurs fichiers."
    ]
    assert kept_files() == [] and not Institute.objects.exists()
