"""Expensive answers built once per change (issue 27): the downloads, the OpenAPI document and
the API lists are served from storage under a rush; the next content change gives new ones."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from careers_site.platform.cache import BUILT_KEY, content_version
from careers_site.platform.page_cache import forget_local_copies
from tests.careers_site.opendata.test_downloads import download
from tests.factories import InstituteFactory, TrainingOfferFactory
from tests.spies import calls_to

pytestmark = pytest.mark.django_db


def test_a_download_is_built_once_until_the_next_change(client, django_assert_num_queries):
    offer = TrainingOfferFactory(institute=InstituteFactory(name="IFAS du Velay"))
    first = download(client, "offres", "csv")
    assert "IFAS du Velay" in first.content.decode()
    with django_assert_num_queries(0):
        again = download(client, "offres", "csv")
    assert again.content == first.content
    assert again["Last-Modified"] == first["Last-Modified"]

    offer.institute.name = "IFAS du Velay (Le Puy-en-Velay)"
    offer.institute.save()  # a change: the next download is built from the database again
    assert "Le Puy-en-Velay" in download(client, "offres", "csv").content.decode()


def test_a_download_is_compressed_once_with_its_build_not_at_each_download(
    client, monkeypatch, django_user_model
):
    import brotli

    from careers_site.platform import compression

    TrainingOfferFactory(institute=InstituteFactory(name="IFAS du Velay"))
    plain = download(client, "offres", "csv").content
    made = calls_to(monkeypatch, compression, "compress")
    for _ in range(3):
        response = client.get(
            reverse("opendata:download", args=["offres", "csv"]), HTTP_ACCEPT_ENCODING="br, gzip"
        )
        assert response["Content-Encoding"] == "br"
        assert "Accept-Encoding" in response["Vary"]
        assert brotli.decompress(response.content) == plain
        assert int(response["Content-Length"]) == len(response.content) < len(plain)
    gzipped = client.get(
        reverse("opendata:download", args=["offres", "csv"]), HTTP_ACCEPT_ENCODING="gzip"
    )
    assert gzipped["Content-Encoding"] == "gzip"
    assert made == []  # each was the variant kept with the file
    # Someone logged in gets it plain (BREACH: see careers_site/platform/compression.py).
    staff = Client()
    staff.force_login(django_user_model.objects.create_user("equipe", is_staff=True))
    logged_in = staff.get(
        reverse("opendata:download", args=["offres", "csv"]), HTTP_ACCEPT_ENCODING="br"
    )
    assert not logged_in.has_header("Content-Encoding") and logged_in.content == plain


def test_a_download_reads_from_the_cache_only_the_encoding_it_sends(
    client, django_assert_num_queries
):
    import brotli

    TrainingOfferFactory.create_batch(3, institute=InstituteFactory(name="IFAS du Velay"))
    url = reverse("opendata:download", args=["offres", "csv"])
    plain = client.get(url).content
    name = "encoded:http://testserver:offres:.csv"
    key = BUILT_KEY.format(version=content_version(), name=name)
    kept = {part: cache.get(f"{key}:{part}") for part in ("identity", "br", "gzip")}
    assert kept["identity"][0] == plain
    assert brotli.decompress(kept["br"][0]) == plain
    assert len(kept["br"][0]) < len(plain) / 3
    # Each part stands alone: without the plain bytes, a brotli download is still served
    # from the cache (nothing rebuilt, nothing read from the database).
    cache.delete(f"{key}:identity")
    with django_assert_num_queries(0):
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br, zstd")
    assert response["Content-Encoding"] == "br"
    assert brotli.decompress(response.content) == plain
    assert response["Last-Modified"] == client.get(url)["Last-Modified"]


def test_a_file_too_small_to_compress_is_sent_plain(client):
    url = reverse("opendata:download", args=["evenements", "csv"])
    response = client.get(url, HTTP_ACCEPT_ENCODING="br, gzip")
    assert response.status_code == 200
    assert len(response.content) < 256
    assert not response.has_header("Content-Encoding")
    assert "Accept-Encoding" in response["Vary"]


def test_each_departement_and_format_is_its_own_file(client):
    TrainingOfferFactory(institute=InstituteFactory(departement="63", name="IFSI de Thiers"))
    TrainingOfferFactory(institute=InstituteFactory(departement="69", name="IFSI de Lyon"))
    auvergne = download(client, "offres", "csv", departement="63").content.decode()
    rhone = download(client, "offres", "csv", departement="69").content.decode()
    assert "Thiers" in auvergne and "Lyon" not in auvergne
    assert "Lyon" in rhone and "Thiers" not in rhone
    assert download(client, "offres", "json", departement="63")["Content-Type"].startswith(
        "application/json"
    )


def test_the_openapi_document_is_made_once_and_open_to_other_sites(client, monkeypatch):
    from drf_spectacular.generators import SchemaGenerator

    from careers_site.opendata import views

    views.openapi_schema.cache_clear()
    views.openapi_schema_document.cache_clear()
    made = calls_to(monkeypatch, SchemaGenerator, "get_schema")
    for _ in range(3):
        response = client.get(reverse("opendata:schema"))
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*"
    assert len(made) == 1


def test_a_filtered_api_list_is_answered_from_storage(client, settings):
    settings.PAGE_CACHE_ENABLED = True
    TrainingOfferFactory(institute=InstituteFactory(departement="63"))
    url = reverse("opendata:offres-list")
    assert client.get(url, {"departement": "63"})["X-Page-Cache"] == "miss"
    forget_local_copies()  # another worker: from the shared cache
    assert client.get(url, {"departement": "63", "page": "1"})["X-Page-Cache"] == "hit"
    entries = {key for key in cache._cache if ":page-cache:page:" in key}
    junk = client.get(url, {"departement": "99"})
    assert junk.status_code == 400
    assert {key for key in cache._cache if ":page-cache:page:" in key} == entries
