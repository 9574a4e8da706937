"""The admin home lists what needs attention, only among what the editor may see, each item
linking to its change page, in a fixed number of queries."""

import datetime

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
    assert found["review"] == []  # professions they only read are not their task
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
    # of content, the institutes closed in FINESS, the recent actions
    assert few == 15


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
