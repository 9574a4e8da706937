"""No file a spreadsheet may open carries a formula (« CSV injection »). A name imported from
FINESS or a file may read « =HYPERLINK(…) »: every admin export (CSV and Excel, institutes
and offers) and every open-data CSV download neutralise a cell that starts with = + - @, a tab
or a carriage return (careers_site/core/sanitize.py, one rule for all); a plain number
(« +33 4 72 00 00 00 », « -4.85 », « +1 ») stays as it is, since it cannot run anything, and
an empty cell stays empty. The JSON downloads are data for programs, which run no formula:
they keep the exact value, as the API does.

django-import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT stays off (see
settings/base.py): the last test says why, and fails the day an upgrade fixes it."""

import csv
import io
import json

import openpyxl
import pytest
from django.urls import reverse

from careers_site.core.sanitize import FORMULA_STARTS, PLAIN_NUMBER, neutralise_formula
from tests.factories import InstituteFactory, TrainingOfferFactory

pytestmark = pytest.mark.django_db

FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "-1",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "+1+HYPERLINK(A1)",
    "-1-cmd|' /C calc'!A0",
]
FIELDS = {
    "institute": ("slug", "name", "latitude", "phone"),
    "trainingoffer": ("institute", "modality", "places", "fees"),
}


@pytest.fixture
def traps():
    """An institute named after each formula, and an offer whose cost reads it."""
    for number, formula in enumerate(FORMULAS):
        institute = InstituteFactory(
            slug=f"piege-{number}", name=formula, latitude=None, phone="+33 4 72 00 00 00"
        )
        TrainingOfferFactory(institute=institute, fees=formula, places=None)


def is_harmless(cell):
    return not cell.startswith(FORMULA_STARTS) or bool(PLAIN_NUMBER.fullmatch(cell))


def admin_export(client, model, fmt):
    response = client.post(
        reverse(f"admin:trainings_{model}_export"),
        {"format": fmt, "resource": "0", **{f"{model}resource_{f}": "on" for f in FIELDS[model]}},
    )
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize("model, text_column", [("institute", 1), ("trainingoffer", 3)])
def test_the_admin_csv_export_neutralises_every_formula(regional_editor, traps, model, text_column):
    text = admin_export(regional_editor, model, "0").decode("utf-8-sig")
    rows = {row[0]: row for row in list(csv.reader(io.StringIO(text)))[1:]}  # by institute
    for number, formula in enumerate(FORMULAS):
        cell = rows[f"piege-{number}"][text_column]
        assert cell == neutralise_formula(formula) and is_harmless(cell), formula
    assert neutralise_formula("+1") == "+1" and neutralise_formula("-1") == "-1"
    assert rows["piege-0"][2] == ""  # empty stays empty
    if model == "institute":
        assert rows["piege-0"][3] == "+33 4 72 00 00 00"


@pytest.mark.parametrize("model, text_column", [("institute", 1), ("trainingoffer", 3)])
def test_the_admin_excel_export_has_no_formula_and_empty_cells_stay_empty(
    regional_editor, traps, model, text_column
):
    sheet = openpyxl.load_workbook(io.BytesIO(admin_export(regional_editor, model, "1"))).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}  # by institute
    for number, formula in enumerate(FORMULAS):
        cell = rows[f"piege-{number}"][text_column]
        assert cell.data_type == "s"
        # A carriage return is read back from the XML as a line feed.
        assert cell.value == neutralise_formula(formula).replace("\r", "\n"), formula
        assert is_harmless(cell.value)
    assert rows["piege-0"][2].value is None  # an empty cell stays empty, never « None »


def download(client, key, fmt):
    response = client.get(reverse("opendata:download", args=[key, fmt]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("key, column", [("etablissements", "name"), ("offres", "fees")])
def test_the_open_data_csv_neutralises_every_formula(client, traps, key, column):
    slug = "slug" if key == "etablissements" else "institute"
    rows = list(csv.DictReader(io.StringIO(download(client, key, "csv"))))
    assert slug in rows[0], rows[0].keys()
    cells = {row[slug]: row[column] for row in rows}
    for number, formula in enumerate(FORMULAS):
        assert cells[f"piege-{number}"] == neutralise_formula(formula), formula
        assert is_harmless(cells[f"piege-{number}"])


@pytest.mark.parametrize("key, column", [("etablissements", "name"), ("offres", "fees")])
def test_the_open_data_json_keeps_the_exact_value(client, traps, key, column):
    slug = "slug" if key == "etablissements" else "institute"
    records = json.loads(download(client, key, "json"))["enregistrements"]
    cells = {record[slug]: record[column] for record in records}
    assert [cells[f"piege-{number}"] for number in range(len(FORMULAS))] == FORMULAS


def test_the_librarys_own_escaping_would_spoil_the_workbook(regional_editor, settings):
    """Why IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT stays off with django-import-export 4.4:
    it writes every cell as text, an empty one as « None » and a number as « 45.50000 »
    (and would only drop a leading « = »). If this fails after an upgrade, the library no
    longer does so: reconsider the setting (our neutraliser runs before it either way)."""
    settings.IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
    InstituteFactory(slug="ifas", latitude=None, phone="")
    InstituteFactory(slug="ifsi", latitude=45.5, phone="")
    sheet = openpyxl.load_workbook(
        io.BytesIO(admin_export(regional_editor, "institute", "1"))
    ).active
    latitudes = {row[0].value: row[2].value for row in sheet.iter_rows(min_row=2)}
    assert latitudes == {"ifas": "None", "ifsi": "45.50000"}
