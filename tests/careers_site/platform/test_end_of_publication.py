"""« Fin de publication »: content disappears by itself on its end date (pages included, even
cached ones); the end must come after the start; public pages say when they were updated."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from careers_site.platform import cache as page_cache
from professions.models import Profession
from tests.editors import split_now
from tests.factories import CampaignFactory, InstituteFactory, ProfessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def test_content_disappears_by_itself_at_its_end_date(client):
    now = timezone.now()
    profession = ProfessionFactory(
        title_masculine="Ergothérapeute", unpublished_at=now + datetime.timedelta(minutes=5)
    )
    url = reverse("professions:list")
    assert "Ergothérapeute" in client.get(url).content.decode()
    assert profession.is_public
    assert profession.publication_label.startswith("Publié jusqu'au ")
    # No cache may keep the page past the end of publication.
    assert page_cache.seconds_until_change() <= 300
    assert client.get(url)["X-Page-Cache"] == "hit"

    with time_machine.travel(now + datetime.timedelta(minutes=6), tick=False):
        assert "Ergothérapeute" not in client.get(url).content.decode()
        assert client.get(profession.get_absolute_url()).status_code == 404
        profession.refresh_from_db()
        assert not profession.is_public
        assert profession.publication_label.startswith("Retiré le ")
        assert not Profession.objects.published().exists()


def test_end_before_start_is_refused_by_the_database():
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProfessionFactory(published_at=now, unpublished_at=now - datetime.timedelta(days=1))


def test_end_before_start_is_a_french_message_in_the_admin(regional_editor):
    profession = ProfessionFactory()
    response = regional_editor.get(
        reverse("admin:professions_profession_change", args=[profession.pk])
    )
    form = response.context["adminform"].form
    data = {
        name: form[name].value()
        for name in form.fields
        if form[name].value() not in (None, False) and name != "hero_image"
    }
    data = {k: ("on" if v is True else v) for k, v in data.items()}
    data.update(split_now())
    data.update({"unpublished_at_0": "01/01/2020", "unpublished_at_1": "10:00:00"})
    data.pop("published_at", None)
    data.pop("unpublished_at", None)
    response = regional_editor.post(
        reverse("admin:professions_profession_change", args=[profession.pk]), data
    )
    assert response.status_code == 200
    assert "La fin de publication doit être postérieure à la date de publication." in (
        response.content.decode()
    )


def test_public_pages_say_when_they_were_updated(client):
    institute = InstituteFactory(last_reviewed=datetime.date(2025, 11, 18))
    page = client.get(institute.get_absolute_url()).content.decode()
    assert "Mis à jour le 18 novembre 2025." in page

    # Never reviewed: no date at all, not the day a command saved it (issue 15).
    campaign = CampaignFactory()
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Mis à jour" not in page
