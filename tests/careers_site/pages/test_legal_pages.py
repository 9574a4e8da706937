import pytest
from django.urls import reverse

from careers_site.core.models import SiteSettings
from careers_site.pages.accessibility import audit
from tests.factories import (
    CampaignFactory,
    DiplomaFactory,
    FinancialAidFactory,
    InstituteFactory,
    ProfessionFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db


def page(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


def test_the_statement_states_level_rate_date_and_sample_from_the_grid(client):
    grid = audit()
    html = page(client, "accessibility")
    assert f"<strong>{grid.level}</strong>" in html
    rate = f"{grid.rate:.2f}".replace(".", ",").replace(",00", "")
    assert f"{rate}&nbsp;%" in html
    assert f"{grid.counts['NE']} pas encore évalués" in html
    assert "auto-évaluation" in html
    assert "7 décembre 2026" in html  # the grid's date
    for sample_page in grid.pages:
        assert sample_page["title"].replace("'", "&#x27;") in html
    assert "aucune n'a encore été utilisée" in html  # no assistive technology claimed
    for link in ("accessibility_grid", "accessibility_scheme", "accessibility_plan"):
        assert f'href="{reverse(link)}"' in html


def test_the_statement_keeps_the_editors_contact(client):
    SiteSettings.objects.create(
        publisher="Agence exemple",
        accessibility_contact="Écrivez à accessibilite@example.org",
        accessibility_multiyear_plan="Audit complet tous les trois ans.",
        accessibility_annual_plan="Transcrire toutes les vidéos.",
    )
    assert "Agence exemple s'engage" in page(client, "accessibility")
    assert "accessibilite@example.org" in page(client, "accessibility")
    assert "Audit complet tous les trois ans." in page(client, "accessibility_scheme")
    assert "Transcrire toutes les vidéos." in page(client, "accessibility_plan")


def test_accessibility_gives_the_defenseur_des_droits_channels(client):
    html = page(client, "accessibility")
    assert 'href="https://formulaire.defenseurdesdroits.fr/"' in html
    assert "Libre réponse 71120" in html
    assert "75342 Paris CEDEX 07" in html


def test_accessibility_contact_falls_back_to_the_site_email(client):
    SiteSettings.objects.create(contact_email="contact@example.org")
    assert 'href="mailto:contact@example.org"' in page(client, "accessibility")


def test_legal_notice_shows_site_settings(client):
    SiteSettings.objects.create(
        publisher="Agence exemple",
        publisher_address="1 rue de l'Exemple\n69000 Lyon",
        publication_director="La directrice générale",
        host="Hébergeur exemple\n2 avenue du Serveur",
        contact_email="contact@example.org",
        credits="Photos : Studio exemple\nVidéos : Agence exemple",
    )
    html = page(client, "legal")
    assert "<strong>Agence exemple</strong>" in html
    assert "1 rue de l&#x27;Exemple<br>69000 Lyon" in html
    assert "La directrice générale" in html
    assert "Hébergeur exemple<br>2 avenue du Serveur" in html
    assert 'href="mailto:contact@example.org"' in html
    assert "<li>Photos : Studio exemple</li>" in html
    assert "Licence Ouverte 2.0" in html
    assert "Open Database License (ODbL)" in html
    assert "À compléter" not in html


def test_legal_notice_omits_empty_fields_outside_demo(client, settings):
    settings.DEMO_MODE = False
    html = page(client, "legal")
    assert "À compléter" not in html
    assert "Direction de la publication" not in html
    assert "Hébergement" not in html
    assert "Licence Ouverte 2.0" in html  # the licences never depend on settings


def test_legal_notice_flags_empty_fields_in_demo(client, settings):
    settings.DEMO_MODE = True
    html = page(client, "legal")
    assert "Direction de la publication" in html
    assert "Hébergement" in html
    assert html.lower().count("à compléter par l'éditeur") >= 4


def test_privacy_page_is_plain_about_cookies_and_rights(client):
    SiteSettings.objects.create(publisher="Agence exemple", contact_email="dpo@example.org")
    html = page(client, "privacy")
    assert "aucun cookie" in html
    assert "espace d'administration" in html
    assert "adresse IP" in html
    assert "RGPD" in html
    assert 'href="https://www.cnil.fr/fr/plaintes"' in html
    assert 'href="mailto:dpo@example.org"' in html


def test_site_map_lists_published_content_and_legal_pages(client):
    published = [
        ProfessionFactory(),
        DiplomaFactory(),
        FinancialAidFactory(),
        CampaignFactory(),
        VideoFactory(),
    ]
    hidden = [
        ProfessionFactory(draft=True),
        DiplomaFactory(scheduled=True),
        InstituteFactory(draft=True),
        FinancialAidFactory(draft=True),
        CampaignFactory(draft=True),
        VideoFactory(draft=True),
    ]
    html = page(client, "site_map")
    for obj in published:
        assert f'href="{obj.get_absolute_url()}"' in html
    for obj in hidden:
        assert f'href="{obj.get_absolute_url()}"' not in html
    for name in ("accessibility", "legal", "privacy"):
        assert f'href="{reverse(name)}"' in html


def test_site_map_gives_institutes_by_departement_and_the_latest_videos(client):
    """Thousands of institutes and hundreds of videos would bury the map: institutes come by
    département with their number (drafts not counted), videos the latest first."""
    from careers_site.pages.views import SITE_MAP_VIDEOS

    InstituteFactory.create_batch(2, departement="15")
    InstituteFactory(departement="43")
    InstituteFactory(departement="43", draft=True)
    InstituteFactory(departement="01", draft=True)
    videos = VideoFactory.create_batch(SITE_MAP_VIDEOS + 1)
    html = page(client, "site_map")
    offers = reverse("trainings:offer_list")
    assert "Établissements de formation</a> (3)" in html
    cantal = f'href="{offers}?departement=15">Se former en Cantal (15)</a> (2 établissements)'
    haute_loire = f'href="{offers}?departement=43">Se former en Haute-Loire (43)</a>'
    assert cantal in html
    assert f"{haute_loire} (1 établissement)" in html
    assert f"{offers}?departement=01" not in html
    latest_first = sorted(videos, key=lambda v: (-v.published_at.timestamp(), v.pk))
    assert f'href="{latest_first[0].get_absolute_url()}"' in html
    assert f'href="{latest_first[-1].get_absolute_url()}"' not in html
    assert "Toutes les autres vidéos" in html


@pytest.mark.parametrize("count", [1, 5])
def test_site_map_query_count_is_fixed(client, django_assert_num_queries, count):
    ProfessionFactory.create_batch(count)
    VideoFactory.create_batch(count)
    client.get(reverse("home"))
    with django_assert_num_queries(6):
        client.get(reverse("site_map"))


@pytest.mark.parametrize("name", ["accessibility", "legal", "privacy"])
def test_legal_pages_make_no_query_once_warm(client, django_assert_num_queries, name):
    client.get(reverse(name))
    with django_assert_num_queries(0):
        client.get(reverse(name))


def test_privacy_page_says_exactly_how_long_a_search_is_kept(client, settings):
    """The search page is kept PAGE_CACHE_FREE_TEXT_SECONDS in the page cache (issue 18): the
    privacy page says so, with the same figure."""
    html = page(client, "privacy")
    assert f"{settings.PAGE_CACHE_FREE_TEXT_SECONDS}&nbsp;secondes au plus" in html
    assert "le site ne les enregistre pas" in html


def test_the_privacy_page_follows_the_setting(client, settings):
    settings.PAGE_CACHE_FREE_TEXT_SECONDS = 5
    assert "5&nbsp;secondes au plus" in page(client, "privacy")
