"""Bulk downloads, the « Données ouvertes » page, its catalogue and the API documentation page:
what a reuser reads, fetches and cites."""

import csv
import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from careers_site.opendata.datasets import DATASETS
from tests.factories import (
    DiplomaFactory,
    InstituteFactory,
    ProfessionFactory,
    TrainingOfferFactory,
)

pytestmark = pytest.mark.django_db

KEYS = [dataset.key for dataset in DATASETS]


@pytest.fixture
def institutes():
    profession = ProfessionFactory(slug="aide-soignant")
    diploma = DiplomaFactory(slug="deas", professions=[profession])
    cantal = InstituteFactory(slug="ifas-saint-flour", departement="15", commune="Saint-Flour")
    puy = InstituteFactory(slug="ifsi-clermont", departement="63")
    TrainingOfferFactory(diploma=diploma, institute=cantal)
    TrainingOfferFactory(diploma=diploma, institute=puy)
    InstituteFactory(slug="brouillon", departement="15", draft=True)
    ProfessionFactory(slug="metier-programme", scheduled=True)
    return cantal, puy


def download(client, key, fmt, **params):
    return client.get(reverse("opendata:download", args=[key, fmt]), params)


@pytest.mark.parametrize("key", KEYS)
def test_every_dataset_downloads_as_csv_and_json_with_its_licence(client, institutes, key):
    response = download(client, key, "json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert 'rel="license"' in response["Link"]
    document = json.loads(response.content)
    assert document["licence"]["id"] in ("etalab-2.0", "ODbL-1.0")
    assert document["attribution"]
    assert document["dictionnaire"] and all(c["description"] for c in document["dictionnaire"])
    assert document["nombre"] == len(document["enregistrements"])
    assert all(r["licence"] == document["licence"]["id"] for r in document["enregistrements"])

    response = download(client, key, "csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="{key}.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0] if rows else []) in (
        [],
        [column["nom"] for column in document["dictionnaire"]],
    )
    assert len(rows) == document["nombre"]


def test_the_institutes_of_a_departement_with_their_licence(client, institutes):
    response = download(client, "etablissements", "json", departement="15")
    document = json.loads(response.content)
    assert [r["slug"] for r in document["enregistrements"]] == ["ifas-saint-flour"]
    assert document["departement"] == "15"
    assert document["licence"]["id"] == "etalab-2.0"
    assert "FINESS" in document["attribution"]
    assert document["date_des_donnees"]
    assert response["Last-Modified"]

    response = download(client, "etablissements", "csv", departement="15")
    assert 'filename="etablissements-15.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["slug"] for row in rows] == ["ifas-saint-flour"]
    assert rows[0]["diplomas"] == "deas"
    assert rows[0]["url"] == "http://testserver/formations/etablissements/ifas-saint-flour/"


def test_professions_are_odbl_and_nothing_hidden_leaks(client, institutes):
    document = json.loads(download(client, "metiers", "json").content)
    assert document["licence"]["id"] == "ODbL-1.0"
    assert "ONISEP" in document["attribution"]
    assert [r["slug"] for r in document["enregistrements"]] == ["aide-soignant"]
    text = download(client, "etablissements", "csv").content.decode()
    assert "brouillon" not in text


@pytest.mark.parametrize(
    "url",
    [
        "/open-data/inconnu.csv",
        "/open-data/metiers.xml",
    ],
)
def test_unknown_files_are_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "key, params",
    [
        ("metiers", {"departement": "15"}),
        ("etablissements", {"departement": "99"}),
        ("etablissements", {"x": "1"}),
    ],
)
def test_bad_download_parameters_are_a_french_400(client, key, params):
    response = download(client, key, "csv", **params)
    assert response.status_code == 400
    assert "departement" in response.content.decode()


def test_download_queries_are_fixed(client, institutes, django_assert_num_queries):
    # The summary, the records, the prefetched offers of the institutes.
    with django_assert_num_queries(3):
        download(client, "etablissements", "csv")
    for _ in range(5):
        TrainingOfferFactory()
    with django_assert_num_queries(3):
        download(client, "etablissements", "csv")


def test_data_dictionary_covers_every_dataset(client):
    response = client.get(reverse("opendata:dictionary"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["jeu_de_donnees"] for row in rows} == set(KEYS)
    assert all(row["description"] and row["type"] for row in rows)


def json_ld_blocks(html):
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def test_the_open_data_page_lists_datasets_licences_and_the_api(
    client, institutes, django_assert_num_queries
):
    # One summary per dataset, the site settings, the footer partners.
    with django_assert_num_queries(len(DATASETS) + 2):
        response = client.get(reverse("opendata:page"))
    html = response.content.decode()
    assert "<h1>Données ouvertes</h1>" in html
    for dataset in DATASETS:
        assert reverse("opendata:download", args=[dataset.key, "csv"]) in html
        assert reverse("opendata:download", args=[dataset.key, "json"]) in html
    assert "Licence Ouverte 2.0" in html and "ODbL" in html
    assert reverse("opendata:api_docs") in html and reverse("opendata:schema") in html
    (catalogue,) = json_ld_blocks(html)
    assert catalogue["@type"] == "DataCatalog"
    assert len(catalogue["dataset"]) == len(DATASETS)
    for entry in catalogue["dataset"]:
        assert entry["@type"] == "Dataset"
        assert entry["name"] and entry["description"] and entry["license"]
        assert {d["encodingFormat"] for d in entry["distribution"]} == {
            "text/csv",
            "application/json",
        }
    assert client.get(reverse("opendata:catalogue")).json()["@type"] == "DataCatalog"


def test_the_footer_links_to_the_open_data_page(client):
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("opendata:page")}">Données ouvertes</a>' in html


def test_old_addresses_lead_to_the_data(client):
    assert client.get("/open-data/").url == reverse("opendata:page")
    response = client.get("/metiers.json")
    assert response.status_code == 301
    assert response.url == "/open-data/metiers.json"


def test_the_api_documentation_page_shows_every_endpoint_and_its_filters(client):
    html = client.get(reverse("opendata:api_docs")).content.decode()
    for key in KEYS:
        assert f"GET /api/v1/{key}/" in html
    assert "<code>departement</code>" in html and "<code>modalite</code>" in html
    assert "<script" not in html.split("</footer>")[0].split("<main")[1]


def test_export_command_writes_every_file(tmp_path, institutes):
    call_command("export_open_data", output=str(tmp_path), base_url="https://exemple.fr")
    names = {path.name for path in tmp_path.iterdir()}
    assert {f"{key}.{fmt}" for key in KEYS for fmt in ("csv", "json")} <= names
    assert {"dictionnaire.csv", "catalogue.jsonld"} <= names
    document = json.loads((tmp_path / "etablissements.json").read_text())
    assert document["enregistrements"][0]["url"].startswith("https://exemple.fr/")
    with pytest.raises(CommandError):
        call_command("export_open_data", output=str(tmp_path), base_url="")


def test_the_site_map_the_sitemap_and_the_legal_notice_lead_to_the_open_data(client):
    page = reverse("opendata:page")
    assert f'href="{page}"' in client.get(reverse("site_map")).content.decode()
    assert f'href="{page}"' in client.get(reverse("legal")).content.decode()
    assert f"http://testserver{page}" in client.get(reverse("sitemap")).content.decode()


def test_the_dictionary_documents_the_parcoursup_fields_and_the_download_cites_it(client):
    response = client.get(reverse("opendata:dictionary"))
    rows = {
        (row["jeu_de_donnees"], row["colonne"]): row["description"]
        for row in csv.DictReader(io.StringIO(response.content.decode()))
    }
    assert "colonne « Taux d’accès »" in rows[("offres", "parcoursup_access_rate")]
    assert ("offres", "parcoursup_code") in rows
    assert ("etablissements", "uai") in rows
    document = download(client, "offres", "json").json()
    assert "Parcoursup, ministère de l'Enseignement supérieur" in json.dumps(
        document, ensure_ascii=False
    )


def test_a_formula_in_a_name_is_shown_not_run(client):
    """A name imported from FINESS or a file as « =HYPERLINK(…) » reaches the CSV quoted."""
    InstituteFactory(slug="ifas-piege", name='=HYPERLINK("http://exemple.org","clic")')
    response = download(client, "etablissements", "csv")
    (row,) = csv.DictReader(io.StringIO(response.content.decode()))
    assert row["name"] == '\'=HYPERLINK("http://exemple.org","clic")'
