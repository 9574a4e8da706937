"""An organisation's editor sees in the visit report its own fairs' sources and pages only,
never another organisation's (issue 18); superusers and regional editors see everything."""

import pytest
from django.urls import reverse
from django.utils import timezone

from careers_site.toolkit.models import VisitCount
from careers_site.toolkit.shortlinks import source_link
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

REPORT = "admin:toolkit_visitcount_report"


@pytest.fixture
def two_fairs(ars, region):
    ours = EventFactory(title="Salon de l'ARS", slug="salon-ars", organiser=ars)
    theirs = EventFactory(title="Salon de la Région", slug="salon-region", organiser=region)
    for event in (ours, theirs):
        source_link(event)
    today = timezone.localdate()
    VisitCount.objects.create(day=today, path="/metiers/", source="salon-ars", count=3)
    VisitCount.objects.create(day=today, path="/metiers/", source="salon-region", count=5)
    VisitCount.objects.create(day=today, path="/agenda/salon-region/", source="", count=7)
    return ours, theirs


def sources_shown(response):
    return {row["source"]: row["total"] for row in response.context["by_source"]}


def test_an_organisation_editor_sees_its_own_sources_only(ars_editor, two_fairs):
    everything = ars_editor.get(reverse(REPORT))
    assert everything.status_code == 200
    assert sources_shown(everything) == {"salon-ars": 3}
    assert "salon-region" not in everything.content.decode()
    # Asking for another organisation's page by its path shows nothing either.
    page = ars_editor.get(reverse(REPORT), {"page": "/agenda/salon-region/"})
    assert page.context["total"] == 0


def test_the_regional_team_sees_every_visit(regional_editor, two_fairs):
    response = regional_editor.get(reverse(REPORT))
    assert sources_shown(response) == {"salon-ars": 3, "salon-region": 5, "": 7}
