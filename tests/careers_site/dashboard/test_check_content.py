"""`manage.py check_content` finds each kind of defect in content built to have it, exits 1,
and passes on content that holds (issue 25). The demonstration content passes too
(tests/careers_site/demo/test_demo_truth.py)."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from careers_site.dashboard.truth import find_defects, past_future_sentences
from tests.factories import (
    CampaignFactory,
    DiplomaFactory,
    EventFactory,
    FinancialAidFactory,
    OrganisationFactory,
    ProfessionFactory,
)

pytestmark = pytest.mark.django_db

GOOD = "Une page officielle | https://example.org/officiel | 2025-11-18"


def check():
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("check_content", stdout=out, stderr=err)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


def kinds():
    return {(defect.kind, defect.label) for defect in find_defects()}


def test_sound_content_passes():
    ProfessionFactory(title_masculine="Sourcé", sources=GOOD)
    DiplomaFactory(name="Diplôme sourcé", acronym="", sources=GOOD, apprenticeship_possible=None)
    code, out = check()
    assert code == 0
    assert "aucun défaut" in out


def test_a_fact_without_source_fails():
    ProfessionFactory(title_masculine="Sans source", sources="")
    code, out = check()
    assert code == 1
    assert "Faits sans source (1)" in out
    assert "« Sans source »" in out


def test_a_source_without_date_fails_unless_its_consultation_is_dated():
    FinancialAidFactory(name="Bourse non datée", sources="Une page | https://example.org")
    FinancialAidFactory(
        name="Bourse consultée",
        sources="Une page | https://example.org",
        sources_checked_on=datetime.date(2026, 12, 1),
    )
    assert ("undated_source", "Bourse non datée") in kinds()
    assert not {kind for kind, label in kinds() if label == "Bourse consultée"}
    assert check()[0] == 1


def test_content_not_reviewed_for_twelve_months():
    ProfessionFactory(title_masculine="Relu récemment", sources=GOOD)
    ProfessionFactory(
        title_masculine="Oublié",
        sources=GOOD,
        last_reviewed=timezone.localdate() - datetime.timedelta(days=366),
    )
    with time_machine.travel(timezone.now() - datetime.timedelta(days=400)):
        ProfessionFactory(title_masculine="Jamais relu", sources=GOOD, last_reviewed=None)
    found = kinds()
    assert ("not_reviewed", "Oublié") in found
    assert ("not_reviewed", "Jamais relu") in found
    assert ("not_reviewed", "Relu récemment") not in found


@pytest.mark.parametrize(
    ("text", "day", "found"),
    [
        ("Le nouveau diplôme se prépare à partir du 1er septembre 2026.", "2026-09-01", False),
        ("Le nouveau diplôme se prépare à partir du 1er septembre 2026.", "2026-09-02", True),
        ("Trois épisodes annoncés pour janvier 2026.", "2026-01-31", False),
        ("Trois épisodes annoncés pour janvier 2026.", "2026-02-01", True),
        ("Trois vidéos étaient annoncées pour janvier 2026.", "2026-12-07", False),
        ("Le diplôme sera délivré en juin 2029.", "2026-12-07", False),
    ],
)
def test_past_dates_in_the_future_tense(text, day, found):
    assert bool(past_future_sentences(text, datetime.date.fromisoformat(day))) is found


def test_a_typed_sentence_whose_date_has_passed_fails():
    DiplomaFactory(
        name="DEASS",
        acronym="",
        sources=GOOD,
        summary="Un nouveau diplôme se prépare à partir du 1er septembre 2026.",
    )
    with time_machine.travel(datetime.datetime(2026, 12, 7, 10, tzinfo=datetime.UTC)):
        code, out = check()
    assert code == 1
    assert "Phrases datées dont la date est passée (1)" in out


def test_a_default_shown_as_a_value_fails():
    ProfessionFactory(title_masculine="Niveau au hasard", sources="", entry_level=4)
    DiplomaFactory(name="Non par défaut", acronym="", sources="", apprenticeship_possible=False)
    found = kinds()
    assert ("default_as_value", "Niveau au hasard") in found
    assert ("default_as_value", "Non par défaut") in found


def test_demonstration_content_not_marked_as_such_fails():
    EventFactory(title="Salon fictif de démonstration")
    marked = OrganisationFactory(is_demonstration=True)
    EventFactory(title="Autre salon de démonstration", organiser=marked)
    CampaignFactory(title="Démonstration du lecteur", sources=GOOD)
    found = kinds()
    assert ("demonstration", "Salon fictif de démonstration") in found
    assert ("demonstration", "Démonstration du lecteur") in found
    assert ("demonstration", "Autre salon de démonstration") not in found
