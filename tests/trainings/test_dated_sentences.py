"""Dated sentences are written from their dates (issue 25): a reform « entrera en vigueur »,
then is « en vigueur depuis »; fees of a year that is over are « la dernière année connue »."""

import datetime
import html

import pytest

from tests.factories import DiplomaFactory

pytestmark = pytest.mark.django_db

REFORM = datetime.date(2026, 9, 1)
LONG_AGO = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)


def page_on(client, time_machine, diploma, day):
    time_machine.move_to(datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC))
    response = client.get(diploma.get_absolute_url())
    assert response.status_code == 200
    return html.unescape(response.content.decode()).replace("\xa0", " ")


@pytest.mark.parametrize(
    ("day", "said"),
    [
        (
            datetime.date(2026, 8, 31),
            "Réforme du diplôme : entrera en vigueur le 1er septembre 2026",
        ),
        (REFORM, "Réforme du diplôme : entre en vigueur aujourd'hui, le 1er septembre 2026"),
        (datetime.date(2026, 9, 2), "Réforme du diplôme : en vigueur depuis le 1er septembre 2026"),
    ],
)
def test_a_reform_is_told_from_its_date(client, time_machine, day, said):
    diploma = DiplomaFactory(
        reform_note="Nouveau programme.", reform_from=REFORM, published_at=LONG_AGO
    )
    html = page_on(client, time_machine, diploma, day)
    assert said in html
    assert "à partir du" not in html


def test_a_reform_without_a_date_is_only_under_way():
    assert DiplomaFactory.build(reform_note="Réformé.").reform_label() == "en cours"


@pytest.mark.parametrize(
    ("day", "labelled"), [(datetime.date(2026, 8, 31), False), (datetime.date(2026, 9, 1), True)]
)
def test_fees_of_a_year_that_is_over_are_the_last_known(client, time_machine, day, labelled):
    diploma = DiplomaFactory(
        admission="<p>Frais pour l'année 2025-2026 : 178 €.</p>", published_at=LONG_AGO
    )
    html = page_on(client, time_machine, diploma, day)
    assert ("2025-2026 (dernière année connue)" in html) is labelled


UNTIL = datetime.date(2027, 9, 1)


@pytest.mark.parametrize(
    ("day", "shown"),
    [(datetime.date(2027, 8, 31), True), (UNTIL, False), (datetime.date(2027, 9, 2), False)],
)
def test_a_typed_reform_note_stops_on_the_day_it_stops_being_true(client, time_machine, day, shown):
    diploma = DiplomaFactory(
        reform_note="Les deux programmes coexistent cette année.",
        reform_from=REFORM,
        reform_note_until=UNTIL,
        published_at=LONG_AGO,
    )
    html = page_on(client, time_machine, diploma, day)
    assert ("Les deux programmes coexistent cette année." in html) is shown


def test_check_content_lists_a_reform_note_past_its_end(time_machine):
    from careers_site.dashboard.truth import find_defects

    DiplomaFactory(name="DE à jour", acronym="", reform_note="Texte.", reform_note_until=UNTIL)
    time_machine.move_to(datetime.datetime(2027, 9, 1, 10, tzinfo=datetime.UTC))
    found = [(d.kind, d.label) for d in find_defects(labels={"trainings.diploma"})]
    assert ("past_sentence", "DE à jour") in found


def test_a_reform_note_cannot_end_before_the_reform_starts():
    from django.core.exceptions import ValidationError

    diploma = DiplomaFactory.build(
        reform_note="Texte.", reform_from=REFORM, reform_note_until=datetime.date(2026, 8, 1)
    )
    with pytest.raises(ValidationError) as error:
        diploma.full_clean()
    assert "ne peut pas cesser d'être vrai avant la date où la réforme s'applique" in str(
        error.value
    )
