"""Regional editors import institutes and offers from CSV or Excel: a preview first, errors
row by row in French, nothing saved before confirmation, nothing at all if one row is wrong."""

import csv
import io

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import DiplomaFactory, InstituteFactory, TrainingOfferFactory
from trainings.models import Institute, TrainingOffer
from trainings.resources import InstituteResource, TrainingOfferResource

pytestmark = pytest.mark.django_db

INSTITUTES_CSV = (
    "slug,name,kind,commune,postcode,departement,description,status\n"
    "ifas-exemple-a,IFAS Exemple A,ifas,Annonay,07100,07,Formation d'aide-soignant.,draft\n"
    "ifas-exemple-b,IFAS Exemple B,ifas,Vichy,03200,03,,draft\n"
)
BAD_INSTITUTES_CSV = (
    "slug,name,kind,commune,postcode,departement,status\n"
    "ifas-bon,IFAS Bon,ifas,Annonay,07100,07,draft\n"
    "ifas-mauvais,IFAS Mauvais,ifas,Paris,75001,75,draft\n"
    ",Sans adresse,inconnu,,7100,07,draft\n"
)


def upload(client, model, content, name="import.csv", fmt="0"):
    return client.post(
        reverse(f"admin:trainings_{model}_import"),
        {
            "format": fmt,
            "import_file": SimpleUploadedFile(
                name, content if isinstance(content, bytes) else content.encode()
            ),
        },
    )


def confirm(client, model, preview):
    form = preview.context["confirm_form"]
    return client.post(reverse(f"admin:trainings_{model}_process_import"), form.initial)


def test_only_regional_editors_may_import(ars_editor, regional_editor):
    assert ars_editor.get(reverse("admin:trainings_institute_import")).status_code == 403
    assert regional_editor.get(reverse("admin:trainings_institute_import")).status_code == 200
    assert regional_editor.get(reverse("admin:trainings_trainingoffer_import")).status_code == 200


def test_preview_then_confirm_creates_the_institutes(regional_editor):
    preview = upload(regional_editor, "institute", INSTITUTES_CSV)

    assert preview.status_code == 200
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["new", "new"]
    assert "IFAS Exemple A" in preview.content.decode()
    assert not Institute.objects.exists()  # a preview saves nothing

    done = confirm(regional_editor, "institute", preview)

    assert done.status_code == 302
    institute = Institute.objects.get(slug="ifas-exemple-a")
    assert institute.description == "<p>Formation d'aide-soignant.</p>"
    assert " annonay " in institute.search_text  # search text kept up to date


def test_bad_rows_are_listed_in_french_and_nothing_is_saved(regional_editor):
    preview = upload(regional_editor, "institute", BAD_INSTITUTES_CSV)

    assert preview.status_code == 200
    result = preview.context["result"]
    assert result.has_validation_errors()
    invalid = {row.number: row.error_dict for row in result.invalid_rows}
    assert set(invalid) == {2, 3}
    page = preview.content.decode()
    assert "n’est pas un choix valide" in page or "n'est pas un choix valide" in page
    assert "Ce champ ne peut pas être vide" in page
    assert "confirm_form" not in preview.context or preview.context["confirm_form"] is None
    assert not Institute.objects.exists()


def test_a_failed_import_changes_nothing_even_when_run_directly():
    existing = InstituteFactory(slug="ifas-bon", name="Nom d'origine")
    dataset = tablib.Dataset().load(BAD_INSTITUTES_CSV.replace("IFAS Bon", "Nouveau nom"), "csv")

    result = InstituteResource().import_data(dataset, dry_run=False)

    assert result.has_validation_errors()
    existing.refresh_from_db()
    assert existing.name == "Nom d'origine"
    assert Institute.objects.count() == 1


def test_offers_name_their_diploma_and_institute_by_slug(regional_editor):
    DiplomaFactory(slug="deas")
    InstituteFactory(slug="ifas-annonay")
    csv = (
        "diploma,institute,modality,places,applications_open,applications_close,status\n"
        "deas,ifas-annonay,initiale,40,2025-01-13,2025-06-04,published\n"
        "deas,institut-inconnu,initiale,40,,,published\n"
        "deas,ifas-annonay,apprentissage,0,2025-06-04,2025-01-13,published\n"
    )
    preview = upload(regional_editor, "trainingoffer", csv)

    result = preview.context["result"]
    page = preview.content.decode().replace("&#x27;", "'")
    # An unknown slug stops the row: the page names the row and the slug.
    assert result.has_errors()
    assert "Aucun objet « établissement » n'a l'adresse (slug) « institut-inconnu »" in page
    # The model's own rules, in French, for the other faulty row.
    (invalid,) = result.invalid_rows
    assert invalid.number == 3
    assert invalid.error_dict["__all__"] == [
        "La clôture des candidatures ne peut pas précéder leur ouverture.",
        "Le nombre de places doit être supérieur à zéro.",
    ]
    assert "confirm_form" not in preview.context
    assert not TrainingOffer.objects.exists()


def test_excel_export_and_import_round_trip(regional_editor):
    offer = TrainingOfferFactory(places=24)
    data = TrainingOfferResource().export().export("xlsx")
    offer_slugs = (offer.diploma.slug, offer.institute.slug)
    TrainingOffer.objects.all().delete()

    preview = upload(regional_editor, "trainingoffer", data, name="offres.xlsx", fmt="1")
    result = preview.context["result"]
    assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    confirm(regional_editor, "trainingoffer", preview)

    restored = TrainingOffer.objects.get()
    assert (restored.diploma.slug, restored.institute.slug) == offer_slugs
    assert restored.places == 24


def test_csv_export_lists_the_columns(regional_editor):
    InstituteFactory(name="IFAS du Centre hospitalier de Saint-Flour", slug="ifas-saint-flour")
    response = regional_editor.post(
        reverse("admin:trainings_institute_export"),
        {
            "format": "0",
            "resource": "0",
            "instituteresource_slug": "on",
            "instituteresource_name": "on",
        },
    )
    assert response.status_code == 200
    content = response.content.decode("utf-8-sig")
    assert content.splitlines()[0].startswith("adresse (slug),nom")
    assert "ifas-saint-flour" in content


def test_an_import_is_kept_in_the_history(regional_editor):
    from reversion.models import Version

    existing = InstituteFactory(slug="ifas-exemple-a", name="Ancien nom")
    preview = upload(regional_editor, "institute", INSTITUTES_CSV)
    confirm(regional_editor, "institute", preview)

    existing.refresh_from_db()
    assert existing.name == "IFAS Exemple A"
    versions = Version.objects.get_for_object(existing)
    # the state before the import, then the imported row: one click restores the old name
    assert [v.field_dict["name"] for v in versions] == ["IFAS Exemple A", "Ancien nom"]
    assert versions[0].revision.user.username == "editeur-regional"


TRAP = '=HYPERLINK("http://exemple.org","clic")'


def export(client, model, fmt):
    return client.post(
        reverse(f"admin:trainings_{model}_export"),
        {"format": fmt, "resource": "0", **{f"{model}resource_{name}": "on" for name in FIELDS}},
    )


FIELDS = ("slug", "name", "latitude", "phone")  # in the file's order


def test_admin_exports_never_carry_a_formula(regional_editor):
    InstituteFactory(slug="ifas-piege", name=TRAP, phone="+33 4 72 00 00 00", latitude=None)

    text = export(regional_editor, "institute", "0").content.decode("utf-8-sig")
    (row,) = list(csv.reader(io.StringIO(text)))[1:]
    assert row[0] == "ifas-piege"
    assert not row[1].startswith(("=", "+", "-", "@"))
    assert "HYPERLINK" in row[1]
    assert row[2:] == ["", "+33 4 72 00 00 00"]

    sheet = openpyxl.load_workbook(io.BytesIO(export(regional_editor, "institute", "1").content))
    cells = list(sheet.active.iter_rows(min_row=2, values_only=False))[0]
    assert cells[1].data_type != "f"
    assert not str(cells[1].value).startswith("=")
    assert cells[2].value in (None, "")
    assert cells[3].value == "+33 4 72 00 00 00"
