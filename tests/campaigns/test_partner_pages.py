"""The partners' pages: each organisation of the coordination that has a page says what it
does for these careers, with its sources, and lists its own published campaigns, events and
aids; an editor of that organisation changes its page, and only its page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign
from careers_site.core.models import Organisation
from tests.editors import make_editor
from tests.factories import (
    CampaignFactory,
    EventFactory,
    FinancialAidFactory,
    OrganisationFactory,
)

from .helpers import text_of, warm_site_cache

pytestmark = pytest.mark.django_db

PARTNERS = reverse("campaigns:partner_list")


@pytest.fixture
def opco():
    return OrganisationFactory(
        name="OPCO Santé",
        short_name="OPCO Santé",
        slug="opco-sante",
        kind="opco",
        has_public_page=True,
        role="L'opérateur de compétences du secteur privé à but non lucratif.",
        sources="OPCO Santé, rapport d'activité 2022 | https://www.opco-sante.fr/rapport-dactivite-2022",
    )


def test_list_shows_only_organisations_with_a_page(client, opco):
    OrganisationFactory(name="Organisme sans page")
    page = text_of(client.get(PARTNERS))
    assert "OPCO Santé" in page
    assert "Organisme sans page" not in page


def test_detail_says_the_role_with_its_sources(client, opco):
    response = client.get(opco.get_absolute_url())
    assert response.status_code == 200
    page = text_of(response)
    assert "L'opérateur de compétences du secteur privé" in page
    assert "Sources" in page
    assert 'href="https://www.opco-sante.fr/rapport-dactivite-2022"' in response.content.decode()


def test_detail_without_a_sourced_role_says_so(client):
    dreets = OrganisationFactory(name="DREETS", has_public_page=True, role="")
    page = text_of(client.get(dreets.get_absolute_url()))
    assert "Nous n'avons pas encore de source vérifiée sur son rôle" in page


def test_organisation_without_a_page_gives_404(client):
    hidden = OrganisationFactory(has_public_page=False)
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_detail_lists_its_published_campaigns_events_and_aids(client, opco):
    led = CampaignFactory(owner=opco, title="Campagne portée par l'OPCO")
    supported = CampaignFactory(title="Campagne soutenue par l'OPCO")
    supported.partners.add(opco)
    CampaignFactory(owner=opco, title="Campagne en brouillon", draft=True)
    CampaignFactory(title="Campagne d'un autre organisme")
    EventFactory(organiser=opco, title="Forum de l'alternance")
    EventFactory(
        organiser=opco,
        title="Salon passé",
        starts_at=timezone.now() - datetime.timedelta(days=40),
        ends_at=timezone.now() - datetime.timedelta(days=40, hours=-2),
    )
    FinancialAidFactory(provider=opco, name="Aide à l'apprentissage de l'OPCO")
    FinancialAidFactory(provider=opco, name="Aide en brouillon", draft=True)

    page = text_of(client.get(opco.get_absolute_url()))

    for shown in (led.title, supported.title, "Forum de l'alternance", "Salon passé"):
        assert shown in page, shown
    assert "Aide à l'apprentissage de l'OPCO" in page
    for hidden in ("Campagne en brouillon", "Campagne d'un autre organisme", "Aide en brouillon"):
        assert hidden not in page, hidden
    assert page.index("Forum de l'alternance") < page.index("Salon passé")  # upcoming first
    assert "Terminé" in page


@pytest.mark.parametrize("count", [1, 5])
def test_query_counts_are_pinned(client, django_assert_num_queries, opco, count):
    for _ in range(count):
        CampaignFactory(owner=opco).partners.add(OrganisationFactory())
        CampaignFactory().partners.add(opco)
        EventFactory(organiser=opco)
        FinancialAidFactory(provider=opco)
        OrganisationFactory(has_public_page=True)
    warm_site_cache()
    with django_assert_num_queries(1):
        assert client.get(PARTNERS).status_code == 200
    # organisation + led campaigns + supported campaigns + events + aids
    with django_assert_num_queries(5):
        assert client.get(opco.get_absolute_url()).status_code == 200


def test_campaign_page_links_its_partners_pages(client, opco):
    campaign = CampaignFactory(owner=opco)
    assert (
        f'href="{opco.get_absolute_url()}"'
        in client.get(campaign.get_absolute_url()).content.decode()
    )


# -- the partner's own editors ---------------------------------------------------------------


def change_url(organisation):
    return reverse("admin:careers_site_organisation_change", args=[organisation.pk])


def test_partner_editor_changes_its_own_page_only(opco, ars):
    editor = make_editor("editeur-opco", opco)
    form = editor.get(change_url(opco))
    assert form.status_code == 200
    response = editor.post(
        change_url(opco),
        {
            "short_name": "OPCO Santé",
            "website": "https://www.opco-sante.fr/",
            "role": "Il finance la formation des salariés de ses adhérents.",
            "sources": "",
            "logo_alt": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    opco.refresh_from_db()
    assert opco.role.startswith("Il finance")
    # Who it is and whether it shows stay in the regional team's hands.
    assert opco.name == "OPCO Santé" and opco.has_public_page

    other = editor.post(change_url(ars), {"short_name": "Pris", "role": "Détourné"})
    assert other.status_code == 403
    ars.refresh_from_db()
    assert ars.role == ""


def test_partner_editor_sees_only_its_own_campaigns(opco, ars):
    CampaignFactory(owner=opco, title="Campagne de l'OPCO")
    CampaignFactory(owner=ars, title="Campagne de l'ARS")
    editor = make_editor("editeur-opco", opco)
    page = editor.get(reverse("admin:campaigns_campaign_changelist")).content.decode()
    assert "Campagne de l&#x27;OPCO" in page or "Campagne de l'OPCO" in page
    assert "Campagne de l&#x27;ARS" not in page and "Campagne de l'ARS" not in page
    campaign = Campaign.objects.get(owner=ars)
    assert editor.get(
        reverse("admin:campaigns_campaign_change", args=[campaign.pk])
    ).status_code in (302, 403, 404)


def test_regional_editor_still_changes_every_organisation(regional_editor, opco):
    response = regional_editor.post(
        change_url(opco),
        {
            "name": "OPCO Santé",
            "short_name": "OPCO Santé",
            "slug": "opco-sante",
            "kind": "opco",
            "website": "",
            "has_public_page": "",
            "role": "",
            "sources": "",
            "logo_alt": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Organisation.objects.get(pk=opco.pk).has_public_page


def test_admin_offers_view_on_site_only_for_a_page(admin_client, opco):
    without = OrganisationFactory(has_public_page=False)
    assert opco.get_absolute_url() in admin_client.get(change_url(opco)).content.decode()
    assert without.get_absolute_url() not in admin_client.get(change_url(without)).content.decode()
