"""Every page type names its sources, each with a date: its own, or the day the editor
consulted them (issue 25)."""

import datetime

import pytest

from tests.factories import (
    CampaignFactory,
    DiplomaFactory,
    EventFactory,
    FinancialAidFactory,
    InstituteFactory,
    OrganisationFactory,
    ProfessionFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db

SOURCES = "Une page officielle | https://example.org/officiel | 2025-11-18\nUn guide | https://example.org/guide"
CHECKED = datetime.date(2026, 12, 1)


def sourced(factory, **kwargs):
    return factory(sources=SOURCES, sources_checked_on=CHECKED, **kwargs)


@pytest.mark.parametrize(
    "make",
    [
        lambda: sourced(ProfessionFactory),
        lambda: sourced(DiplomaFactory),
        lambda: sourced(InstituteFactory),
        lambda: sourced(FinancialAidFactory),
        lambda: sourced(CampaignFactory),
        lambda: VideoFactory(campaign=sourced(CampaignFactory)),
        lambda: sourced(EventFactory),
        lambda: sourced(OrganisationFactory, has_public_page=True, role="Un partenaire."),
    ],
    ids=[
        "profession",
        "diplome",
        "etablissement",
        "aide",
        "campagne",
        "video",
        "evenement",
        "partenaire",
    ],
)
def test_every_page_type_shows_its_sources_with_their_dates(client, make):
    item = make()
    response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode().replace("&nbsp;", " ")
    assert '<h2 id="sources-titre" class="sources-title">Sources</h2>' in html
    assert '<a href="https://example.org/officiel">Une page officielle</a>' in html
    assert "(publiée le 18 novembre 2025)" in html
    assert "(consultée le 1 décembre 2026)" in html


def test_a_source_without_any_date_says_so(client):
    profession = ProfessionFactory(sources="Une fiche | https://example.org/fiche")
    html = client.get(profession.get_absolute_url()).content.decode().replace("&nbsp;", " ")
    assert 'Une fiche</a> <span class="source-date">(date non renseignée)</span>' in html


def test_an_institute_without_any_source_says_so(client):
    html = (
        client.get(InstituteFactory(sources="").get_absolute_url())
        .content.decode()
        .replace("&nbsp;", " ")
    )
    assert "Sources de cette présentation : non renseignées" in html
    finess = InstituteFactory(sources="", source="finess", source_licence="Licence Ouverte 2.0")
    assert "non renseignées" not in client.get(finess.get_absolute_url()).content.decode().replace(
        "&nbsp;", " "
    )
