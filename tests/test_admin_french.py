"""The admin speaks French (issue 15, point 5): date and time widgets, their time-zone note,
the import and export pages. No known English string of Django or django-import-export."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ENGLISH = (
    ">Today<",
    ">Now<",
    "You are",
    "server time",
    "This importer will import the following fields",
    "This exporter will export the following fields",
    "File to import",
    ">Submit<",
    "Non field specific",
    "Some rows failed to validate",
    "<class '",
)


def test_date_widgets_and_time_zone_note_are_french(staff_client):
    catalog = staff_client.get(reverse("admin:jsi18n")).content.decode()
    assert '"Today": "Aujourd\\u2019hui"' in catalog or "Aujourd" in catalog
    assert '"Now": "Maintenant"' in catalog
    assert "heure du serveur" in catalog  # « Note : vous avez … sur l'heure du serveur »
    # The rich-text editor's catalog, loaded after, adds to it and removes nothing.
    extra = staff_client.get(reverse("richtext_jsi18n")).content.decode()
    assert "django.catalog = django.catalog || {}" in extra


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:trainings_institute_import",
        "admin:trainings_institute_export",
        "admin:trainings_trainingoffer_import",
        "admin:trainings_trainingoffer_export",
        "admin:campaigns_event_add",
        "admin:trainings_trainingoffer_add",
    ],
)
def test_admin_pages_have_no_known_english_string(staff_client, url_name):
    response = staff_client.get(reverse(url_name))
    assert response.status_code == 200
    page = response.content.decode()
    for english in ENGLISH:
        assert english not in page, english


def test_export_page_lists_the_french_column_names(staff_client):
    page = staff_client.get(reverse("admin:trainings_institute_export")).content.decode()
    assert "adresse (slug)" in page
    assert "code postal" in page
