"""A profession page names its ROME fiche, its job titles and its working conditions, with
France Travail as source and a link to its page there (issue 24)."""

import pytest
from django.conf import settings

from professions.models import RomeCode
from professions.rome import import_rome
from tests.factories import ProfessionFactory

from .helpers import main
from .test_rome_import import ROME_DIR

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_rome_fiche_its_titles_and_conditions_with_the_source(client):
    import_rome(ROME_DIR)
    carer = ProfessionFactory(slug="aide-soignant", rome_code="J1501")
    carer.rome_codes.set([RomeCode.objects.get(code="J1501")])

    html = main(client.get(carer.get_absolute_url()))

    assert "Code ROME J1501 : Aide-soignant / Aide-soignante" in html
    assert "Famille de métiers : Santé › Soins paramédicaux." in html
    assert "Aide-soignant / Aide-soignante en gériatrie" in html  # a job title in use
    assert "Aide-soignant / Aide-soignante à domicile" not in html  # « peu usité »: left out
    assert "<dt>Horaires et durée du travail</dt>" in html
    assert "<li>Travail de nuit</li>" in html
    assert "<li>Travail les week-ends et jours fériés</li>" in html
    assert "Source : France Travail, ROME 4.0 (v460), Licence Ouverte." in html
    assert 'href="https://candidat.francetravail.fr/metierscope/fiche-metier/J1501"' in html
    assert '<a href="#rome">Selon France Travail</a>' in html  # in the table of contents


def test_the_address_of_france_travail_s_page_is_a_setting(client, settings):
    settings.ROME_FICHE_URL = "https://exemple.francetravail.fr/metier/{code}/fiche"
    import_rome(ROME_DIR)
    nurse = ProfessionFactory(rome_code="J1506")
    nurse.rome_codes.set([RomeCode.objects.get(code="J1506")])
    html = main(client.get(nurse.get_absolute_url()))
    assert 'href="https://exemple.francetravail.fr/metier/J1506/fiche"' in html


def test_a_profession_without_a_fiche_shows_no_rome_section(client):
    lone = ProfessionFactory(rome_code="")
    html = main(client.get(lone.get_absolute_url()))
    assert "Selon France Travail" not in html
    assert settings.ROME_FICHE_URL.format(code="") not in html
