import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.urls import path, reverse
from PIL import Image

from careers_site.core.models import SiteSettings
from careers_site.pages.context_processors import site
from careers_site.urls import urlpatterns as site_urlpatterns
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_context_processor_makes_no_query_once_warm(django_assert_num_queries):
    OrganisationFactory(name="Agence partenaire", show_as_partner=True)
    request = RequestFactory().get("/")
    site(request)["footer_partners"]()  # read when the footer is built
    with django_assert_num_queries(0):
        context = site(request)
        partners = context["footer_partners"]()
    assert context["site_settings"].site_name
    assert [p.name for p in partners] == ["Agence partenaire"]


def test_a_partner_renamed_or_removed_shows_at_once_in_the_footer():
    partner = OrganisationFactory(name="Agence partenaire", show_as_partner=True)
    request = RequestFactory().get("/")
    site(request)["footer_partners"]()  # cached
    partner.name = "Agence renommée"
    partner.save()
    assert [p.name for p in site(request)["footer_partners"]()] == ["Agence renommée"]
    partner.delete()
    assert site(request)["footer_partners"]() == []


def test_the_footer_and_menu_follow_a_new_partner_at_once(client):
    """Both are kept until the next change: a partner shown in the footer of every page."""
    assert "Agence nouvelle" not in client.get(reverse("home")).content.decode()
    OrganisationFactory(name="Agence nouvelle", show_as_partner=True)
    page = client.get(reverse("professions:list")).content.decode()
    assert "Agence nouvelle" in page
    assert 'href="/metiers/" aria-current="page"' in page  # the menu marks its own section
    assert 'aria-current="page">Métiers' not in client.get(reverse("home")).content.decode()


def test_saving_settings_shows_at_once(client):
    client.get(reverse("home"))
    settings_row = SiteSettings.load()
    settings_row.site_name = "Nouveau nom du site"
    settings_row.save()
    assert "<h1>Nouveau nom du site</h1>" in client.get(reverse("home")).content.decode()


def test_unknown_page_gets_the_branded_404(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "<h1>Page introuvable</h1>" in html
    assert 'id="introuvable-q"' in html
    assert f'href="{reverse("professions:list")}"' in html
    assert '<meta name="robots" content="noindex">' in html


def boom(request):
    raise RuntimeError("panne simulée")


urlpatterns = [*site_urlpatterns, path("panne/", boom)]
handler404 = "careers_site.pages.views.page_not_found"
handler500 = "careers_site.pages.views.server_error"


@pytest.mark.urls(__name__)
def test_server_error_renders_the_branded_500_without_database(client, django_assert_num_queries):
    client.raise_request_exception = False
    with django_assert_num_queries(0):
        response = client.get("/panne/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert html.count("<h1") == 1
    assert 'href="#contenu"' in html and 'id="contenu"' in html
    assert 'href="/static/css/site.css"' in html
    assert "panne simulée" not in html


def test_a_refusal_gets_the_french_403_in_the_layout(client, staff_without_rights):
    """Django's own page was « 403 Forbidden » in English, outside the site."""
    response = staff_without_rights.get(reverse("admin:professions_profession_changelist"))
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert html.count("<h1") == 1 and "<h1>Accès refusé</h1>" in html
    assert 'href="#contenu"' in html and 'id="contenu"' in html
    assert "Forbidden" not in html
    assert "demandez-le à un administrateur" in html
    assert '<meta name="robots" content="noindex">' in html


def test_a_form_sent_without_its_csrf_token_gets_the_french_page(admin_user):
    """An editor whose session changed while a form stayed open: a French page that says
    nothing was saved, inside the layout, not Django's English « CSRF verification failed »."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(admin_user)
    response = browser.post(reverse("admin:professions_profession_add"), {"title": "Essai"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Ce formulaire n'est plus valable</h1>" in html
    assert "Rien n'a été enregistré" in html
    assert "CSRF" not in html
    assert 'id="contenu"' in html


def test_favicon_ico_answers_with_an_icon(client, django_assert_num_queries):
    """Browsers and feed readers ask for /favicon.ico whatever the page says: no 404."""
    with django_assert_num_queries(0):
        response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # the ICO signature
    assert "max-age=86400" in response["Cache-Control"]

    # The page names a 32 px PNG of 330 bytes, not the 2.8 KB icon of three sizes, and the
    # vector icon for the browsers that take it.
    page = client.get("/").content.decode()
    png = re.search(r'<link rel="icon" href="([^"]+)" sizes="32x32" type="image/png">', page)
    assert png and png.group(1).startswith("/static/img/favicon-32")
    found = Path(finders.find("img/favicon-32.png"))
    with Image.open(found) as icon:
        assert icon.size == (32, 32)
    assert found.stat().st_size < 512
    assert 'type="image/svg+xml"' in page
