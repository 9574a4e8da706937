"""The demonstration's application calendars: only sourced dates. No Parcoursup date (FACTS
gives the 2026 calendar at M only, 2027 NOT FOUND), so offers on Parcoursup say the calendar
is not published; the aide-soignant calendar carries Annonay's 2025 selection dates with the
institute's page as their source."""

import pytest
from django.urls import reverse

from tests.careers_site.core.rfc5545 import problems
from trainings.models import ParcoursupKeyDate, ParcoursupSession

pytestmark = pytest.mark.django_db

ANNONAY_PAGE = "https://ch-ardeche-nord.fr/professionnel-etudiant/ifsi-ifas/formation-as"


def test_no_parcoursup_date_without_an_h_source(demo_content):
    assert not ParcoursupSession.objects.exists()
    assert not ParcoursupKeyDate.objects.exists()


def test_the_aide_soignant_calendar_carries_annonay_s_dates_and_their_source(demo_content, client):
    response = client.get(reverse("trainings:diploma_ics", args=["de-aide-soignant"]))
    content = response.content.decode().replace("\r\n ", "")
    assert problems(response.content) == []
    assert content.count("BEGIN:VEVENT") == 3
    for day in ("20250113", "20250604", "20250627"):
        assert f"DTSTART;VALUE=DATE:{day}" in content
    assert content.count(f"URL:{ANNONAY_PAGE}") == 3
    assert "Source : les dates de sélection publiées par l'établissement" in content
