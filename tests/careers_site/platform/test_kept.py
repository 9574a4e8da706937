"""kept_until_change() and what uses it: the parts of a page that are the same for every
visitor (a profession with its related rows, the offers' counts and cards, an orientation
result's next steps) are built once per content version and day; a change is seen at once,
a preview is never kept, and junk in a URL leaves no key."""

import datetime

import pytest
import time_machine
from django.core.cache import cache

from careers_site.core.models import Status
from careers_site.platform.cache import bump_content_version, kept_until_change
from tests.factories import (
    DiplomaFactory,
    InstituteFactory,
    ProfessionFactory,
    TrainingOfferFactory,
)

pytestmark = pytest.mark.django_db

OFFERS = "/formations/"


def kept_keys():
    """The keys of what is kept, in the test's local-memory cache."""
    return [key for key in cache._cache if ":kept:" in key]


def test_built_once_per_version_and_day():
    builds = []

    def build():
        builds.append(1)
        return ["une", "liste"]

    assert kept_until_change("essai", build) == ["une", "liste"]
    assert kept_until_change("essai", build) == ["une", "liste"]
    assert len(builds) == 1
    bump_content_version()
    kept_until_change("essai", build)
    assert len(builds) == 2
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)):
        kept_until_change("essai", build)
    assert len(builds) == 3


def test_a_value_not_worth_keeping_is_built_each_time():
    builds = []

    def build():
        builds.append(1)
        return 0

    kept_until_change("rien", build, keep_if=bool)
    kept_until_change("rien", build, keep_if=bool)
    assert len(builds) == 2
    assert kept_keys() == []


def test_without_a_reachable_cache_everything_is_built(monkeypatch):
    monkeypatch.setattr(cache, "is_available", False, raising=False)
    builds = []
    kept_until_change("essai", lambda: builds.append(1) or "x")
    kept_until_change("essai", lambda: builds.append(1) or "x")
    assert len(builds) == 2


def test_an_edited_profession_shows_its_new_words_at_once(client):
    profession = ProfessionFactory(title_masculine="Aide-soignant", tagline="Première phrase")
    assert "Première phrase" in client.get(profession.get_absolute_url()).content.decode()
    profession.tagline = "Phrase corrigée par la rédaction"
    profession.save()
    page = client.get(profession.get_absolute_url()).content.decode()
    assert "Phrase corrigée par la rédaction" in page
    assert "Première phrase" not in page


def test_an_unpublished_profession_is_gone_at_once(client):
    profession = ProfessionFactory()
    assert client.get(profession.get_absolute_url()).status_code == 200
    profession.status = Status.DRAFT  # « Repasser en brouillon »
    profession.save()
    assert client.get(profession.get_absolute_url()).status_code == 404


def test_a_preview_is_never_kept(staff_client, client):
    profession = ProfessionFactory(draft=True, tagline="Brouillon de la rédaction")
    preview = staff_client.get(profession.get_absolute_url() + "?apercu=1")
    assert "Brouillon de la rédaction" in preview.content.decode()
    assert kept_keys() == []
    client.logout()
    assert client.get(profession.get_absolute_url()).status_code == 404


def test_a_slug_nobody_published_leaves_no_key(client):
    for number in range(20):
        assert client.get(f"/metiers/invente-{number}/").status_code == 404
    assert kept_keys() == []


def test_junk_filter_values_leave_no_key(client):
    TrainingOfferFactory()
    client.get(OFFERS)  # the real list: its counts and professions are kept
    before = len(kept_keys())
    for number in range(20):
        assert client.get(OFFERS, {"metier": f"invente-{number}"}).status_code == 200
        assert client.get(OFFERS, {"diplome": f"invente-{number}"}).status_code == 200
    assert len(kept_keys()) == before


def test_an_offer_card_follows_its_offer(client):
    diploma = DiplomaFactory(slug="le-diplome")
    offer = TrainingOfferFactory(
        diploma=diploma, institute=InstituteFactory(name="IFAS du Puy"), places=30
    )
    assert "30 places" in client.get(OFFERS).content.decode()
    offer.places = 45
    offer.save()
    page = client.get(OFFERS).content.decode()
    assert "45 places" in page
    assert "30 places" not in page


def test_the_counts_follow_a_new_offer(client):
    diploma = DiplomaFactory(slug="le-diplome")
    TrainingOfferFactory(diploma=diploma)
    assert "1 formation" in client.get(OFFERS).content.decode()
    TrainingOfferFactory(diploma=diploma)
    assert "2 formations" in client.get(OFFERS).content.decode()
