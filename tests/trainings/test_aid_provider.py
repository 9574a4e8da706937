"""An aid without an organisation (the apprenticeship route) names nobody, never « None »."""

import pytest
from django.urls import reverse

from tests.factories import FinancialAidFactory, OrganisationFactory
from trainings.models import AidKind

pytestmark = pytest.mark.django_db


def test_search_result_of_an_aid_without_provider_does_not_say_none(client):
    FinancialAidFactory(name="Bourse régionale sanitaire", provider=None)
    html = client.get(reverse("search"), {"q": "bourse regionale"}).content.decode()
    assert "Une aide pour financer ses études." in html
    assert "None" not in html


def test_search_result_names_the_provider_when_there_is_one(client):
    region = OrganisationFactory(name="Région Auvergne-Rhône-Alpes", short_name="Région")
    FinancialAidFactory(name="Bourse régionale sanitaire", provider=region)
    html = client.get(reverse("search"), {"q": "bourse regionale"}).content.decode()
    assert "Versée par" in html
    assert "None" not in html


def test_provider_phrase():
    region = OrganisationFactory.build(name="Région Auvergne-Rhône-Alpes")
    assert FinancialAidFactory.build(provider=None).provider_phrase == ""
    funding = FinancialAidFactory.build(provider=region, kind=AidKind.FUNDING)
    assert funding.provider_phrase == f"Versée par {region}"
    route = FinancialAidFactory.build(provider=region, kind=AidKind.ROUTE)
    assert route.provider_phrase == f"Avec {region}"
