"""Import and export in French (issue 15, point 5): the same French column names both ways,
a template file, coded values explained, and errors that name the column and what to do."""

import pytest
from django.urls import reverse

from tests.factories import InstituteFactory
from tests.trainings.test_import_export import upload
from trainings.models import Institute

pytestmark = pytest.mark.django_db

FRENCH_CSV = (
    "adresse (slug),nom,type,commune,code postal,département,latitude,état\n"
    "ifas-exemple-a,IFAS Exemple A,ifas,Annonay,07100,07,45.24,draft\n"
)
BAD_NUMBER_CSV = (
    "adresse (slug),nom,type,commune,code postal,département,latitude,état\n"
    "ifas-exemple-a,IFAS Exemple A,ifas,Annonay,07100,07,quarante-cinq,draft\n"
)
ENGLISH_CLASS_NAMES = ("ConversionSyntax", "<class", "InvalidOperation", "Traceback")


def test_a_french_file_imports(regional_editor):
    preview = upload(regional_editor, "institute", FRENCH_CSV)
    assert not preview.context["result"].has_errors()
    assert not preview.context["result"].has_validation_errors()


def test_a_bad_number_names_the_column_and_what_to_do(regional_editor):
    preview = upload(regional_editor, "institute", BAD_NUMBER_CSV)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Colonne « latitude » : « quarante-cinq » n&#x27;est pas un nombre" in page
    assert "laissez la case vide" in page
    for english in ENGLISH_CLASS_NAMES:
        assert english not in page
    assert not Institute.objects.exists()


def test_a_wrong_code_is_reported_under_its_french_column(regional_editor):
    preview = upload(regional_editor, "institute", FRENCH_CSV.replace(",ifas,", ",hopital,"))
    invalid = preview.context["result"].invalid_rows
    assert "type" in invalid[0].field_specific_errors
    assert "kind" not in invalid[0].field_specific_errors


def test_the_import_page_explains_columns_and_codes(regional_editor):
    page = regional_editor.get(reverse("admin:trainings_institute_import")).content.decode()
    assert "Télécharger le modèle de fichier" in page
    assert "<code>ifas</code>&nbsp;: Institut de formation d&#x27;aides-soignants (IFAS)" in page
    assert "<code>63</code>&nbsp;: Puy-de-Dôme (63)" in page or "<code>63</code>" in page
    page = regional_editor.get(reverse("admin:trainings_trainingoffer_import")).content.decode()
    assert "<code>apprentissage</code>&nbsp;: Apprentissage" in page


def test_the_template_file_has_the_export_columns(regional_editor):
    response = regional_editor.get(reverse("admin:trainings_institute_import_template"))
    assert response.status_code == 200
    header = response.content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("adresse (slug),nom,sigle,type")


def test_the_template_file_is_for_importers_only(ars_editor):
    response = ars_editor.get(reverse("admin:trainings_institute_import_template"))
    assert response.status_code == 403


def test_export_then_import_round_trip_in_french(regional_editor):
    InstituteFactory(slug="ifas-saint-flour", name="IFAS de Saint-Flour", latitude="45.03")
    from trainings.resources import InstituteResource

    data = InstituteResource().export().csv
    assert data.splitlines()[0].startswith("adresse (slug),nom")
    Institute.objects.all().delete()
    preview = upload(regional_editor, "institute", data)
    assert not preview.context["result"].has_validation_errors()


def test_two_rows_with_the_same_slug_are_refused_naming_both_lines(regional_editor):
    """The last row used to win silently."""
    twice = FRENCH_CSV + (
        "ifas-exemple-b,IFAS Exemple B,ifas,Vichy,03200,03,46.12,draft\n"
        "ifas-exemple-a,IFAS Exemple A bis,ifas,Annonay,07100,07,45.24,draft\n"
    )
    preview = upload(regional_editor, "institute", twice)
    page = preview.content.decode()
    assert "Les lignes 2 et 4 du fichier ont la même valeur dans « adresse (slug) »" in page
    assert preview.context["result"].has_validation_errors()
    assert "confirm_form" not in preview.context or preview.context["confirm_form"] is None
    assert not Institute.objects.exists()


def test_two_rows_for_the_same_offer_are_refused(regional_editor):
    from tests.factories import DiplomaFactory

    DiplomaFactory(slug="deas")
    InstituteFactory(slug="ifas-annonay")
    header = "diplôme,établissement,modalité,nombre de places,état\n"
    row = "deas,ifas-annonay,initiale,{},draft\n"
    preview = upload(regional_editor, "trainingoffer", header + row.format(20) + row.format(30))
    page = preview.content.decode()
    assert "Les lignes 2 et 3 du fichier ont la même valeur dans" in page
    assert "« diplôme » + « établissement » + « modalité »" in page


@pytest.mark.parametrize(
    "content, words",
    [
        ("adresse (slug),nom\nifas-é,Évian\n".encode("latin-1"), "n'est pas en UTF-8"),
        (b"PK\x03\x04 pas un tableur", "ne peut pas être lu dans le format choisi"),
    ],
)
def test_an_unreadable_file_is_explained_without_python_names(regional_editor, content, words):
    fmt = "1" if content.startswith(b"PK") else "0"
    preview = upload(regional_editor, "institute", content, name="f.xlsx", fmt=fmt)
    page = preview.content.decode().replace("&#x27;", "'")
    assert words in page
    for english in ("UnicodeDecodeError", "BadZipFile", "Error", "encountered"):
        assert english not in page
