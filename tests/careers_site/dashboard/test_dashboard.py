"""The admin home lists what needs attention, only among what the editor may see, each item
linking to its change page, in a fixed number of queries."""

import datetime
import html

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    CampaignFactory,
    InstituteFactory,
    ProfessionFactory,
    TestimonialFactory,
    TrainingOfferFactory,
)

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.now() + datetime.timedelta(days=n)


def lists(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response, {
        block.key: [item.label for item in block.items] for block in response.context["lists"]
    }


def test_organisation_editor_sees_own_drafts_schedules_and_consents(ars_editor, ars, region):
    with time_machine.travel(days(-500)):
        ProfessionFactory(title_masculine="Jamais relu", last_reviewed=None)
    CampaignFactory(owner=ars, title="Brouillon ARS", draft=True)
    CampaignFactory(owner=region, title="Brouillon Région", draft=True)
    CampaignFactory(owner=ars, title="Bientôt ARS", published_at=days(10))
    CampaignFactory(owner=ars, title="Plus tard ARS", published_at=days(45))
    own = CampaignFactory(owner=ars, title="Web-série")
    TestimonialFactory(
        campaign=own,
        first_name="Sara",
        rights_expire_on=timezone.localdate() + datetime.timedelta(days=20),
    )
    TestimonialFactory(
        campaign=own,
        first_name="Eva",
        rights_expire_on=timezone.localdate() + datetime.timedelta(days=90),
    )

    response, found = lists(ars_editor)

    assert found["drafts"] == ["Brouillon ARS"]
    assert found["scheduled"] == ["Bientôt ARS"]
    assert found["consent"] == ["Sara, aide-soignante"]
    assert "closed_offers" not in found  # offers are not theirs to see
    assert "Jamais relu" not in found["review"]  # professions they only read: not their task
    page = response.content.decode()
    draft = response.context["lists"][0].items[0]
    assert f'href="{draft.url}"' in page
    assert draft.url.endswith("/change/")


def test_content_not_reviewed_for_a_year(regional_editor):
    ProfessionFactory(title_masculine="Relu", last_reviewed=timezone.localdate())
    ProfessionFactory(
        title_masculine="Oublié", last_reviewed=timezone.localdate() - datetime.timedelta(days=400)
    )
    with time_machine.travel(days(-500)):
        ProfessionFactory(title_masculine="Jamais relu", last_reviewed=None)

    _, found = lists(regional_editor)

    assert sorted(found["review"]) == ["Jamais relu", "Oublié"]


def test_offers_whose_applications_have_closed(regional_editor):
    today = timezone.localdate()
    closed = TrainingOfferFactory(
        applications_open=today - datetime.timedelta(days=90),
        applications_close=today - datetime.timedelta(days=1),
    )
    TrainingOfferFactory(applications_close=today + datetime.timedelta(days=10))

    _, found = lists(regional_editor)

    assert found["closed_offers"] == [str(closed)]


def test_query_count_does_not_grow_with_content(staff_client, ars):
    def count():
        staff_client.get(reverse("admin:index"))
        with CaptureQueriesContext(connection) as ctx:
            assert staff_client.get(reverse("admin:index")).status_code == 200
        return len(ctx.captured_queries)

    CampaignFactory(owner=ars, draft=True)
    TrainingOfferFactory(applications_close=timezone.localdate() - datetime.timedelta(days=3))
    few = count()
    CampaignFactory.create_batch(5, owner=ars, draft=True)
    TrainingOfferFactory.create_batch(
        5, applications_close=timezone.localdate() - datetime.timedelta(days=3)
    )
    ProfessionFactory.create_batch(5, draft=True)
    assert count() == few
    # session, user, « may the site settings be added? » (twice, the app list), the nine kinds
    # of content, the institutes closed in FINESS, the recent actions, and the facts' check:
    # one query for each of the eight models it reads (careers_site/dashboard/truth.py)
    assert few == 23


def test_institutes_closed_in_finess_are_listed_for_regional_editors(regional_editor, ars_editor):
    InstituteFactory(
        name="École fermée",
        commune="Saint-Flour",
        source="finess",
        source_id="150780002",
        source_closed_on=datetime.date(2024, 6, 30),
        draft=True,
    )
    InstituteFactory(name="École ouverte", source="finess", source_id="150780001")

    _, found = lists(regional_editor)
    assert found["closed_in_source"] == ["École fermée (Saint-Flour)"]
    _, found = lists(ars_editor)
    assert "closed_in_source" not in found


def test_all_reviewed_is_said_only_when_true(regional_editor):
    ProfessionFactory(title_masculine="Chargé hier", last_reviewed=None)
    response, found = lists(regional_editor)
    assert found["review"] == ["Chargé hier"]
    assert "Tout a été relu dans l'année." not in html.unescape(response.content.decode())


def test_all_reviewed_when_every_item_has_a_recent_review(regional_editor):
    ProfessionFactory(title_masculine="Relu", last_reviewed=timezone.localdate())
    response, found = lists(regional_editor)
    assert found["review"] == []
    assert "Tout a été relu dans l'année." in html.unescape(response.content.decode())


def test_facts_to_check_are_listed_for_the_editor(regional_editor):
    ProfessionFactory(title_masculine="Sans source", sources="")
    ProfessionFactory(
        title_masculine="Sourcé", sources="Une page | https://example.org/page | 2025-11-18"
    )
    response, found = lists(regional_editor)
    assert set(found["facts"]) == {"Sans source"}
    facts = next(block for block in response.context["lists"] if block.key == "facts")
    assert facts.items[0].note == "faits sans source : aucune source"
    assert (
        facts.items[1].note
        == "valeurs par défaut affichées comme des faits : niveau « Baccalauréat (niveau 4) »"
    )


def test_facts_of_other_organisations_are_not_an_editors_task(ars_editor, ars, region):
    CampaignFactory(owner=ars, title="Campagne ARS sans source")
    CampaignFactory(owner=region, title="Campagne Région sans source")
    _, found = lists(ars_editor)
    assert found["facts"] == ["Campagne ARS sans source"]
