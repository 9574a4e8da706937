"""The demonstration content tells the truth (issue 25): check_content passes on it, no
profession shows an unknown as « Non » or « Aucun diplôme exigé » without a source, and its
demonstration items are in no real list."""

import io

import pytest
from django.core.management import call_command

from campaigns.models import Campaign, Event, Video
from professions.models import Profession

pytestmark = pytest.mark.django_db

UNSOURCED_APPRENTICESHIP = (
    "ambulancier",
    "ergotherapeute",
    "masseur-kinesitherapeute",
    "orthophoniste",
    "psychomotricien",
    "technicien-laboratoire-medical",
    "assistant-service-social",
    "pharmacien-officine",
)


def test_check_content_passes_on_the_demo(demo_content):
    out = io.StringIO()
    call_command("check_content", stdout=out)  # SystemExit(1) on any defect
    assert "aucun défaut" in out.getvalue()


def test_no_unknown_is_shown_as_a_value(client, demo_content):
    for slug in UNSOURCED_APPRENTICESHIP:
        html = client.get(Profession.objects.get(slug=slug).get_absolute_url()).content.decode()
        assert "<dt>En apprentissage</dt><dd>Non</dd>" not in html, slug
    page = Profession.objects.get(slug="ambulancier").get_absolute_url()
    ambulancier = client.get(page).content.decode()
    assert "Aucun diplôme exigé" not in ambulancier


def test_the_demonstration_items_are_not_real(demo_content):
    assert not Event.objects.published().real().filter(slug__contains="demonstration").exists()
    assert not Video.objects.published().real().filter(slug__startswith="demonstration").exists()
    assert not Campaign.objects.published().real().filter(slug__startswith="demonstration").exists()
