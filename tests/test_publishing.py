"""Every publishable model follows the same rules: drafts and scheduled content stay hidden,
and scheduled content appears by itself when its date comes."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from careers_site.core.models import Status
from tests import factories

PUBLISHABLE_FACTORIES = [
    factories.ProfessionFactory,
    factories.DiplomaFactory,
    factories.InstituteFactory,
    factories.TrainingOfferFactory,
    factories.FinancialAidFactory,
    factories.CampaignFactory,
    factories.VideoFactory,
    factories.TestimonialFactory,
    factories.EventFactory,
]


def ids(factory):
    return factory._meta.model.__name__


@pytest.mark.django_db
@pytest.mark.parametrize("factory", PUBLISHABLE_FACTORIES, ids=ids)
def test_only_published_content_is_public(factory):
    model = factory._meta.model
    published = factory()
    draft = factory(draft=True)
    scheduled = factory(scheduled=True)

    assert list(
        model.objects.published().filter(pk__in=[published.pk, draft.pk, scheduled.pk])
    ) == [published]
    assert list(model.objects.scheduled().filter(pk=scheduled.pk)) == [scheduled]
    assert list(model.objects.drafts().filter(pk=draft.pk)) == [draft]
    assert published.is_public and not draft.is_public and not scheduled.is_public
    assert draft.publication_label == "Brouillon"
    assert scheduled.publication_label.startswith("Programmé le")


@pytest.mark.django_db
@pytest.mark.parametrize("factory", PUBLISHABLE_FACTORIES, ids=ids)
def test_scheduled_content_appears_by_itself_on_its_date(factory):
    model = factory._meta.model
    publish_on = timezone.now() + datetime.timedelta(days=3)
    item = factory(published_at=publish_on)

    assert not model.objects.published().filter(pk=item.pk).exists()
    with time_machine.travel(publish_on + datetime.timedelta(minutes=1)):
        assert model.objects.published().filter(pk=item.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [factories.VideoFactory, factories.TestimonialFactory], ids=ids)
def test_content_disappears_when_its_rights_expire(factory):
    model = factory._meta.model
    expiry = timezone.localdate() + datetime.timedelta(days=10)
    item = factory(rights_expire_on=expiry)

    assert model.objects.published().filter(pk=item.pk).exists()
    with time_machine.travel(
        datetime.datetime.combine(expiry, datetime.time(12), tzinfo=datetime.UTC)
    ):
        assert not model.objects.published().filter(pk=item.pk).exists()


def test_new_content_starts_as_a_draft_dated_now():
    from professions.models import Profession

    profession = Profession()
    assert profession.status == Status.DRAFT
    assert abs(profession.published_at - timezone.now()) < datetime.timedelta(seconds=5)
