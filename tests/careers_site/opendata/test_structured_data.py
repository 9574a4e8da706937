"""The JSON-LD of each page type parses, has the properties search engines require, shows
only what the public sees, and costs no query."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    CampaignFactory,
    DiplomaFactory,
    EventFactory,
    FinancialAidFactory,
    InstituteFactory,
    ProfessionFactory,
    RomeCodeFactory,
    TrainingOfferFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db


def graph(client, url, **extra):
    html = client.get(url, **extra).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) <= 1, url
    if not blocks:
        return {}
    document = json.loads(blocks[0])
    assert document["@context"] == "https://schema.org"
    by_type = {}
    for node in document["@graph"]:
        by_type.setdefault(node["@type"], []).append(node)
    return by_type


def assert_breadcrumbs(nodes, url, length):
    (trail,) = nodes["BreadcrumbList"]
    items = trail["itemListElement"]
    assert [item["position"] for item in items] == list(range(1, length + 1))
    assert items[0]["name"] == "Accueil"
    assert items[-1]["item"] == "http://testserver" + url


@pytest.fixture
def world():
    profession = ProfessionFactory(
        slug="aide-soignant",
        rome_code="J1501",
        starting_salary=1800,
        salary_source="ONISEP",
        salary_date=datetime.date(2025, 10, 1),
    )
    hidden_profession = ProfessionFactory(rome_code="J1502", draft=True)
    diploma = DiplomaFactory(
        slug="deas", ects=60, duration_months=11, professions=[profession, hidden_profession]
    )
    institute = InstituteFactory(
        slug="ifas", address="2 rue de l'Hôpital", latitude=45.03, longitude=3.09
    )
    today = timezone.localdate()
    TrainingOfferFactory(
        diploma=diploma,
        institute=institute,
        applications_open=today,
        applications_close=today + datetime.timedelta(days=30),
    )
    TrainingOfferFactory(diploma=diploma, institute=institute, modality="continue", draft=True)
    campaign = CampaignFactory()
    video = VideoFactory(
        campaign=campaign,
        duration_seconds=95,
        platform_url="https://www.youtube.com/watch?v=abcdefghijk",
        transcript="Bonjour, je suis aide-soignante.",
    )
    video.professions.add(profession, hidden_profession)
    event = EventFactory(campaign=campaign, venue="Polydome")
    event.professions.add(profession)
    return {
        "profession": profession,
        "diploma": diploma,
        "institute": institute,
        "video": video,
        "event": event,
        "campaign": campaign,
        "aid": FinancialAidFactory(),
    }


def test_profession_is_an_occupation_with_rome_code_and_dated_salary(client, world):
    url = world["profession"].get_absolute_url()
    nodes = graph(client, url)
    (occupation,) = nodes["Occupation"]
    assert occupation["name"] and occupation["description"]
    assert occupation["occupationalCategory"]["codeValue"] == "J1501"
    assert occupation["estimatedSalary"]["value"]["minValue"] == 1800
    assert occupation["estimatedSalary"]["currency"] == "EUR"
    assert occupation["occupationLocation"]["name"] == "France"
    citation = occupation["mainEntityOfPage"]["citation"]
    assert citation == {"@type": "CreativeWork", "name": "ONISEP", "datePublished": "2025-10-01"}
    assert [c["name"] for c in occupation["educationRequirements"]] == [world["diploma"].name]
    assert_breadcrumbs(nodes, url, 3)


def test_the_occupational_category_names_the_linked_rome_fiche(client, world):
    profession = world["profession"]
    profession.rome_codes.add(RomeCodeFactory(code="J1501", label="Aide-soignant / Aide-soignante"))
    (occupation,) = graph(client, profession.get_absolute_url())["Occupation"]
    assert occupation["occupationalCategory"] == {
        "@type": "CategoryCode",
        "codeValue": "J1501",
        "name": "Aide-soignant / Aide-soignante",
        "url": "https://candidat.francetravail.fr/metierscope/fiche-metier/J1501",
        "inCodeSet": "ROME (France Travail)",
    }


def test_no_salary_without_its_source(client, world):
    profession = ProfessionFactory(starting_salary=None, salary_source="")
    (occupation,) = graph(client, profession.get_absolute_url())["Occupation"]
    assert "estimatedSalary" not in occupation


def test_institute_is_an_educational_organisation_with_its_public_offers(client, world):
    url = world["institute"].get_absolute_url()
    nodes = graph(client, url)
    (organisation,) = nodes["EducationalOrganization"]
    assert organisation["address"]["postalCode"] == "63000"
    assert organisation["address"]["streetAddress"] == "2 rue de l'Hôpital"
    assert organisation["geo"] == {"@type": "GeoCoordinates", "latitude": 45.03, "longitude": 3.09}
    (program,) = nodes["EducationalOccupationalProgram"]  # the draft offer is not there
    assert program["provider"]["name"] == world["institute"].name
    assert program["timeToComplete"] == "P11M"
    assert (
        program["applicationDeadline"]
        == (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    )
    assert program["educationalCredentialAwarded"]["name"] == world["diploma"].name
    assert_breadcrumbs(nodes, url, 4)


def test_diploma_is_a_program_without_hidden_professions(client, world):
    nodes = graph(client, world["diploma"].get_absolute_url())
    diploma, offer = nodes["EducationalOccupationalProgram"]
    assert diploma["occupationalCategory"] == ["J1501"]
    assert diploma["numberOfCredits"] == 60
    assert offer["provider"]["name"] == world["institute"].name


def test_event_has_dates_place_and_organiser(client, world):
    (event,) = graph(client, world["event"].get_absolute_url())["Event"]
    assert event["name"] and event["startDate"]
    assert event["location"]["name"] == "Polydome"
    assert event["location"]["address"]["addressLocality"]
    assert event["organizer"]["name"]
    assert event["eventAttendanceMode"].endswith("OfflineEventAttendanceMode")


def test_video_has_thumbnail_date_duration_and_transcript(client, world):
    (video,) = graph(client, world["video"].get_absolute_url())["VideoObject"]
    assert video["thumbnailUrl"].startswith("http://testserver/static/")
    assert video["uploadDate"] and video["description"]
    assert video["duration"] == "PT1M35S"
    assert video["transcript"] == "Bonjour, je suis aide-soignante."
    assert video["embedUrl"].startswith("https://www.youtube-nocookie.com/")
    assert [about["name"] for about in video["about"]] == [world["profession"].title]


@pytest.mark.parametrize("key", ["aid", "campaign"])
def test_other_detail_pages_have_breadcrumbs(client, world, key):
    url = world[key].get_absolute_url()
    assert_breadcrumbs(graph(client, url), url, 3)


def test_lists_and_previews_have_none(client, world, admin_client):
    assert graph(client, reverse("professions:list")) == {}
    draft = ProfessionFactory(draft=True)
    assert graph(admin_client, draft.get_absolute_url() + "?apercu=1") == {}


def test_a_closing_script_tag_cannot_break_out(client, world):
    video = world["video"]
    video.transcript = "</script><script>alert(1)</script>"
    video.save()
    html = client.get(video.get_absolute_url()).content.decode()
    head = html.split("</head>")[0]
    assert "alert(1)</script>" not in head
    assert "\\u003C/script\\u003E" in head
