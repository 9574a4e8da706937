"""A profession named the same for both genders is named once; its sources show at the foot
of its page, each with its link."""

import pytest

from tests.factories import ProfessionFactory

pytestmark = pytest.mark.django_db


def test_same_title_for_both_genders_is_said_once():
    profession = ProfessionFactory(
        title_masculine="Ergothérapeute", title_feminine="ergothérapeute"
    )
    assert profession.title == "Ergothérapeute"


def test_sources_show_with_their_links(client):
    profession = ProfessionFactory(
        sources="France compétences, fiche RNCP39924 | https://francecompetences.fr/x\n"
        "Communiqué de l'ARS du 18 novembre 2025\n"
    )
    html = client.get(profession.get_absolute_url()).content.decode()
    assert '<h2 id="sources-titre" class="sources-title">Sources</h2>' in html
    assert (
        '<a href="https://francecompetences.fr/x">France compétences, fiche RNCP39924</a>' in html
    )
    assert "Communiqué de l&#x27;ARS du 18 novembre 2025" in html


def test_profession_without_entry_level_says_it_is_not_known(client):
    profession = ProfessionFactory(entry_level=None)
    html = client.get(profession.get_absolute_url()).content.decode()
    assert "<dd>Non renseigné</dd>" in html
