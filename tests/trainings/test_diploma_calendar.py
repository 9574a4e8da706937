"""A diploma's application calendar (.ics): Parcoursup's key dates for a diploma recruited
there, each school's own selection dates, each event with its source; valid RFC 5545; a
fixed number of queries; subscribed to from the diploma page, no address asked."""

import datetime
import re

import pytest
from django.urls import reverse

from tests.careers_site.core.rfc5545 import problems
from trainings.models import ApplicationRoute, Modality

from ..factories import (
    DiplomaFactory,
    InstituteFactory,
    ParcoursupKeyDateFactory,
    ParcoursupSessionFactory,
    TrainingOfferFactory,
)

pytestmark = pytest.mark.django_db


def unfold(text):
    return text.replace("\r\n ", "")


def events(text):
    """Each VEVENT as {property: value} (unescaped enough to read)."""
    found = []
    for block in re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", unfold(text), re.S):
        found.append(dict(line.split(":", 1) for line in block.split("\r\n") if line))
    return found


def get_calendar(client, diploma):
    return client.get(reverse("trainings:diploma_ics", args=[diploma.slug]))


@pytest.fixture
def session():
    session = ParcoursupSessionFactory(year=2040)
    ParcoursupKeyDateFactory(
        session=session,
        step="inscription",
        day=datetime.date(2040, 1, 20),
        source="Parcoursup, calendrier de la session 2040 (test)",
        source_url="https://www.parcoursup.gouv.fr/calendrier-2040",
        source_date=datetime.date(2039, 10, 10),
    )
    ParcoursupKeyDateFactory(
        session=session,
        step="fin-voeux",
        day=datetime.date(2040, 3, 13),
        source="Ministère, communiqué du calendrier 2040 (test)",
        source_url="https://www.enseignementsup-recherche.gouv.fr/calendrier-2040",
        source_date=datetime.date(2039, 10, 11),
    )
    return session


def test_a_parcoursup_diploma_carries_the_session_dates_with_their_sources(client, session):
    diploma = DiplomaFactory(name="Diplôme d'État d'infirmier", slug="de-infirmier")
    TrainingOfferFactory(diploma=diploma, application_route=ApplicationRoute.PARCOURSUP)

    response = get_calendar(client, diploma)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert problems(response.content) == []
    found = events(response.content.decode())
    assert [event["DTSTART;VALUE=DATE"] for event in found] == ["20400120", "20400313"]
    deadline = found[1]
    assert deadline["SUMMARY"] == "Parcoursup 2040 : Dernier jour pour formuler ses vœux"
    assert deadline["URL"] == "https://www.enseignementsup-recherche.gouv.fr/calendrier-2040"
    assert deadline["DTEND;VALUE=DATE"] == "20400314"
    assert (
        "Source : Ministère\\, communiqué du calendrier 2040 (test)\\, 11 octobre 2039 : "
        "https://www.enseignementsup-recherche.gouv.fr/calendrier-2040" in deadline["DESCRIPTION"]
    )
    assert "Concerne : Diplôme d'État d'infirmier" in deadline["DESCRIPTION"]


def test_each_school_s_own_selection_dates_with_the_school_as_source(client, session):
    diploma = DiplomaFactory(name="Diplôme d'État d'aide-soignant", slug="de-aide-soignant")
    institute = InstituteFactory(
        name="IFAS de test",
        commune="Annonay",
        applications_url="https://institut.example.org/selection",
    )
    TrainingOfferFactory(
        diploma=diploma,
        institute=institute,
        application_route=ApplicationRoute.INSTITUTE,
        applications_open=datetime.date(2040, 1, 13),
        applications_close=datetime.date(2040, 6, 4),
        results_date=datetime.date(2040, 6, 27),
        last_verified=datetime.date(2039, 12, 1),
    )
    # An offer without dates adds nothing; a draft offer never shows.
    TrainingOfferFactory(diploma=diploma, modality=Modality.APPRENTICESHIP)
    TrainingOfferFactory(diploma=diploma, applications_close=datetime.date(2040, 5, 1), draft=True)

    response = get_calendar(client, diploma)

    assert problems(response.content) == []
    found = events(response.content.decode())
    # No Parcoursup date: no offer of this diploma recruits there.
    assert [(event["SUMMARY"], event["DTSTART;VALUE=DATE"]) for event in found] == [
        ("Ouverture des candidatures : IFAS de test (Annonay)", "20400113"),
        ("Clôture des candidatures : IFAS de test (Annonay)", "20400604"),
        ("Résultats de la sélection : IFAS de test (Annonay)", "20400627"),
    ]
    closing = found[1]
    assert closing["URL"] == "https://institut.example.org/selection"
    assert (
        "Source : les dates de sélection publiées par l'établissement\\, vérifiées le "
        "1 décembre 2039 : https://institut.example.org/selection" in closing["DESCRIPTION"]
    )


def test_queries_do_not_grow_with_the_offers(client, session, django_assert_num_queries):
    diploma = DiplomaFactory()
    for day in range(1, 7):
        TrainingOfferFactory(
            diploma=diploma,
            application_route=ApplicationRoute.PARCOURSUP,
            applications_close=datetime.date(2040, 5, day),
        )
    # The diploma, the site's name, the offers, the Parcoursup sessions and their dates.
    with django_assert_num_queries(5):
        response = get_calendar(client, diploma)
    assert len(events(response.content.decode())) == 2 + 6
    # The Parcoursup calendar and the site's name are cached: the diploma and its offers.
    with django_assert_num_queries(2):
        get_calendar(client, diploma)


def test_a_diploma_without_any_date_gives_an_empty_calendar(client):
    diploma = DiplomaFactory()
    TrainingOfferFactory(diploma=diploma)
    response = get_calendar(client, diploma)
    assert response.status_code == 200
    assert problems(response.content) == []
    assert "BEGIN:VEVENT" not in response.content.decode()


def test_an_unpublished_diploma_has_no_calendar(client):
    assert get_calendar(client, DiplomaFactory(draft=True)).status_code == 404


def test_a_subscription_to_the_old_address_follows_a_renamed_diploma(client):
    diploma = DiplomaFactory(slug="ancien-nom")
    diploma.slug = "nouveau-nom"
    diploma.save()
    response = client.get(reverse("trainings:diploma_ics", args=["ancien-nom"]))
    assert response.status_code == 301
    assert response["Location"] == reverse("trainings:diploma_ics", args=["nouveau-nom"])
    assert get_calendar(client, DiplomaFactory.build(slug="jamais-vu")).status_code == 404


def test_the_diploma_page_offers_the_subscription_and_asks_nothing(client):
    diploma = DiplomaFactory(slug="de-infirmier")
    page = client.get(diploma.get_absolute_url()).content.decode()
    link = reverse("trainings:diploma_ics", args=["de-infirmier"])
    assert f'href="{link}"' in page  # the file
    assert f'href="webcal://testserver{link}"' in page  # a subscription, on phones
    assert f"Copiez celle-ci&nbsp;: http://testserver{link}" in page
    assert "Pas de compte, pas d'adresse à donner." in page
    section = page.split('id="calendrier"')[1].split("</section>")[0]
    assert "<form" not in section and "<input" not in section
