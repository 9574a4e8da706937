"""Academic years that are over say « dernière année connue » (careers_site/core/dated.py):
the day before, the day and the day after the end of the year (31 August)."""

import datetime

import pytest
from django.utils.safestring import mark_safe

from careers_site.core.dated import label_past_academic_years, past_academic_years

FEES = "Frais pour l'année 2025-2026 : 178 €."


@pytest.mark.parametrize(
    ("today", "over"),
    [
        (datetime.date(2026, 8, 30), False),
        (datetime.date(2026, 8, 31), False),
        (datetime.date(2026, 9, 1), True),
    ],
)
def test_an_academic_year_is_over_after_the_31st_of_august(today, over):
    assert past_academic_years(FEES, today) == (["2025-2026"] if over else [])
    labelled = label_past_academic_years(FEES, today)
    assert ("2025-2026 (dernière année connue)" in labelled) is over


def test_rich_text_stays_html_and_plain_text_is_escaped():
    today = datetime.date(2026, 12, 7)
    html = label_past_academic_years(mark_safe("<p>Année 2025-2026</p>"), today)
    assert html == "<p>Année 2025-2026 (dernière année connue)</p>"
    assert label_past_academic_years("<b>2025-2026</b>", today).startswith("&lt;b&gt;")


def test_years_that_are_not_an_academic_year_are_left_alone():
    today = datetime.date(2030, 1, 1)
    assert past_academic_years("Plan régional 2023-2028", today) == []
    labelled = label_past_academic_years("2025-2026 (dernière année connue)", today)
    assert labelled.count("dernière année connue") == 1
