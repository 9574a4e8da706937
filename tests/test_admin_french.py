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
    "Select all",
    "Line number",
    "Import finished",
)


def test_date_widgets_and_time_zone_note_are_french(staff_client):
    catalog = staff_client.get(reverse("admin:jsi18n")).content.decode()
    assert '"Today": "Aujourd\\u2019hui"' in catalog or "Aujourd" in catalog
    assert '"Now": "Maintenant"' in catalog
    assert "heure du serveur" in catalog  # « Note : vous avez … sur l'heure du serveur »
    # The rich-text editor's catalog is loaded after jquery.init.js, which starts a new
    # `django` object: it must carry the admin's strings too, or its gettext (the last one
    # defined) answers « Today » and « Now » (the browser test checks the widgets).
    extra = staff_client.get(reverse("richtext_jsi18n")).content.decode()
    assert '"Now": "Maintenant"' in extra
    assert "Aujourd" in extra
    assert '"Cancel": "Annuler"' in extra


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


def admin_pages():
    """The list, add and (for importable models) import and export pages of every admin."""
    from django.contrib import admin

    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        yield f"{prefix}_changelist"
        yield f"{prefix}_add"
        for view in ("import", "export"):
            if hasattr(model_admin, f"{view}_action"):
                yield f"{prefix}_{view}"


def test_every_admin_page_is_french(staff_client):
    checked = 0
    for url_name in admin_pages():
        response = staff_client.get(reverse(url_name), follow=True)
        if response.status_code == 403 and url_name.endswith("_add"):
            continue  # a model nobody adds by hand (visits, imported records)
        assert response.status_code == 200, url_name
        page = response.content.decode()
        for english in ENGLISH:
            assert english not in page, f"{english!r} on {url_name}"
        checked += 1
    assert checked > 30
