import pytest
from django.contrib.admin.sites import site as admin_site
from django.test import RequestFactory
from django.urls import reverse

from careers_site.core.admin import SiteSettingsForm
from careers_site.core.models import SiteSettings

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:careers_site_sitesettings_changelist"
ADD = "admin:careers_site_sitesettings_add"
CHANGE = "admin:careers_site_sitesettings_change"


def form_data(row, **overrides):
    """The admin form as an editor would post it, from the current row."""
    data = {}
    for name in SiteSettingsForm._meta.fields:
        value = getattr(row, name)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        if name == "logo":
            continue
        data[name] = "" if value is None else value
    data.update(overrides)
    return data


def test_list_page_leads_to_the_add_form_when_empty(staff_client):
    response = staff_client.get(reverse(CHANGELIST))
    assert response.status_code == 302
    assert response.url == reverse(ADD)


def test_list_page_leads_to_the_single_row(staff_client):
    row = SiteSettings.load()
    row.save()
    response = staff_client.get(reverse(CHANGELIST))
    assert response.status_code == 302
    assert response.url == reverse(CHANGE, args=[row.pk])
    page = staff_client.get(response.url)
    assert page.status_code == 200
    assert "Déclaration d&#x27;accessibilité" in page.content.decode()


def test_no_second_row_and_no_delete(staff_client, django_user_model):
    SiteSettings.load().save()
    model_admin = admin_site._registry[SiteSettings]
    request = RequestFactory().get("/")
    request.user = django_user_model.objects.get(username="equipe")
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_delete_permission(request, SiteSettings.load())
    assert staff_client.get(reverse(ADD)).status_code == 403


def test_saving_through_the_admin_updates_the_site(staff_client, client):
    row = SiteSettings.load()
    row.save()
    response = staff_client.post(
        reverse(CHANGE, args=[row.pk]),
        form_data(row, site_name="Soigner en région", publisher="Agence exemple"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert SiteSettings.objects.get().publisher == "Agence exemple"
    assert "<h1>Soigner en région</h1>" in client.get(reverse("home")).content.decode()


def test_too_light_colour_is_refused_in_french(staff_client):
    row = SiteSettings.load()
    row.save()
    response = staff_client.post(
        reverse(CHANGE, args=[row.pk]), form_data(row, primary_colour="#ffd966")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cette couleur est trop claire" in html
    assert "il faut au moins 4,5:1" in html
    assert SiteSettings.objects.get().primary_colour == "#0b5d73"


def test_the_conformity_level_is_not_typed_in_the_admin(staff_client):
    """Level, rate and date come from the audit grid: the settings form no longer offers
    them, so nobody can claim a level the grid does not support."""
    row = SiteSettings.load()
    row.save()
    html = staff_client.get(reverse(CHANGE, args=[row.pk])).content.decode()
    assert 'name="accessibility_contact"' in html
    for gone in ("accessibility_status", "accessibility_rate", "accessibility_audit_date"):
        assert f'name="{gone}"' not in html
