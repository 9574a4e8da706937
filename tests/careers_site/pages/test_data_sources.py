"""« Sources des données »: each open data set with its publisher, licence, link, date of last
import and attribution; linked from every page's footer."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from careers_site.platform.cache import bump_content_version
from tests.factories import InstituteFactory, TrainingOfferFactory
from trainings.models import ParcoursupFigures

pytestmark = pytest.mark.django_db

URL = reverse("data_sources")


def test_lists_each_source_with_licence_publisher_and_attribution(client):
    page = client.get(URL).content.decode().replace("&nbsp;", " ")
    assert "FINESS – Fichier national des établissements sanitaires et sociaux" in page
    assert "Agence du numérique en santé (ANS)" in page
    assert "Licence Ouverte 2.0 (Etalab)" in page
    assert "Source : FINESS, Agence du numérique en santé, Licence Ouverte 2.0." in page
    assert "Pas encore importé sur ce site." in page
    assert "Direction de l&#x27;information légale et administrative (DILA)" in page
    assert "Etalab (DINUM)" in page


def test_shows_the_date_of_the_last_finess_import(client):
    moment = timezone.make_aware(datetime.datetime(2026, 3, 9, 12, 0))
    InstituteFactory(source="finess", source_id="150780001", source_imported_at=moment)
    assert "le 9 mars 2026" in client.get(URL).content.decode().replace("&nbsp;", " ")


def test_the_footer_links_to_it(client):
    assert f'href="{URL}">Sources des données</a>' in client.get(
        reverse("legal")
    ).content.decode().replace("&nbsp;", " ")


def test_query_count_is_pinned(client, django_assert_num_queries):
    client.get(URL)  # brand and footer partners, cached after
    bump_content_version()  # the first visit after a change
    # The last FINESS import, the last ROME import; once per change, when the next change is.
    with django_assert_num_queries(2 + 1):
        first = client.get(URL)
    with django_assert_num_queries(0):  # the body is kept until the next change
        assert client.get(URL).content == first.content


def test_the_rome_is_listed_with_its_version_and_last_import(
    client, django_capture_on_commit_callbacks
):
    from professions.rome import import_rome
    from tests.professions.test_rome_import import ROME_DIR

    assert "ROME 4.0" in client.get(URL).content.decode().replace("&nbsp;", " ")
    # Written in bulk, then committed: the pages (and what they keep) are out of date at once.
    with django_capture_on_commit_callbacks(execute=True):
        import_rome(ROME_DIR)
    html = client.get(URL).content.decode().replace("&nbsp;", " ")
    assert "Source : France Travail, ROME 4.0 (v460), Licence Ouverte." in html
    assert "https://francetravail.org/opendata/repertoire-operationnel-des-meti.html" in html


def test_lists_parcoursup_with_its_last_session(client):
    page = client.get(URL).content.decode().replace("&nbsp;", " ")
    assert "Parcoursup – Parcoursup : vœux de poursuite d&#x27;études" in page
    assert "fr-esr-parcoursup" in page
    offer = TrainingOfferFactory(parcoursup_code="25197")
    ParcoursupFigures.objects.create(
        offer=offer,
        session=2025,
        training_label="OCELLIA - D.E Educateur de Jeunes Enfants",
        imported_at=timezone.make_aware(datetime.datetime(2026, 12, 7, 9, 0)),
    )
    page = client.get(URL).content.decode().replace("&nbsp;", " ")
    assert "le 7 décembre 2026 ; Dernière session importée : 2025." in page
