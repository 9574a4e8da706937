"""The RGAA audit grid (docs/accessibility/audit-rgaa-4.1.toml): complete, honest, and the only
source of the level, rate and date that the statement, the footer and the home page show."""

import datetime
import re
import tomllib
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from careers_site.pages import accessibility
from careers_site.pages.accessibility import GRID_PATH, GridError, audit, parse

pytestmark = pytest.mark.django_db

# The RGAA 4.1's thirteen themes and how many criteria each has.
THEME_SIZES = [9, 2, 3, 13, 8, 2, 5, 10, 4, 14, 13, 11, 12]
ROOT = Path(__file__).resolve().parents[3]


def grid_text():
    return GRID_PATH.read_text(encoding="utf-8")


def test_the_grid_holds_the_106_criteria_of_the_rgaa_4_1_in_their_themes():
    grid = audit()
    numbers = [criterion.number for criterion in grid.criteria]
    expected = [
        f"{theme}.{index}"
        for theme, size in enumerate(THEME_SIZES, start=1)
        for index in range(1, size + 1)
    ]
    assert numbers == expected


def test_every_cell_says_how_it_was_checked_and_named_tests_exist():
    grid = audit()
    for criterion in grid.criteria:
        assert criterion.evidence.strip(), criterion.number
        for reference in criterion.tests:
            path, _, name = reference.partition("::")
            source = (ROOT / path).read_text(encoding="utf-8")
            name = name.split("::")[-1]
            assert re.search(rf"^\s*(def|class) {re.escape(name)}\b", source, re.M), reference


def test_nothing_needing_a_screen_reader_is_claimed_without_one():
    grid = audit()
    if grid.meta["assistive_technologies"]:
        return
    for number in ("4.13", "7.1", "7.5"):
        criterion = next(c for c in grid.criteria if c.number == number)
        assert criterion.default == "NE", f"{number} needs a screen reader nobody ran"


def test_the_rate_is_the_share_of_evaluated_criteria_met_on_every_page():
    text = grid_text()
    data = tomllib.loads(text)
    # Three criteria fail on one page each: the rate drops by three, whatever the other pages.
    failing = {"1.1", "3.2", "12.7"}
    for row in data["criteria"]:
        if row["number"] in failing:
            row["pages"] = {"accueil": "NC"}
    grid = parse(dump(data))
    met = sum(1 for row in data["criteria"] if row["result"] == "C") - len(failing)
    assert grid.counts["NC"] == 3
    assert float(grid.rate) == round(100 * met / (met + 3), 2)
    assert [c.number for c in grid.non_conforming] == ["1.1", "3.2", "12.7"]


def test_levels_follow_the_rgaa_thresholds_and_never_claim_what_was_not_evaluated():
    data = tomllib.loads(grid_text())
    for row in data["criteria"]:
        row["result"] = "C" if row["result"] == "NE" else row["result"]
    assert parse(dump(data)).level == "totalement conforme"
    data["criteria"][0]["result"] = "NE"
    assert parse(dump(data)).level == "partiellement conforme"  # 100 % of what was checked
    for row in data["criteria"][:60]:
        row["result"] = "NC"
    assert parse(dump(data)).level == "non conforme"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["criteria"].pop(), "105 criteria"),
        (lambda d: d["criteria"].append(dict(d["criteria"][0])), "twice"),
        (lambda d: d["criteria"][0].update(result="OK"), "unknown result"),
        (lambda d: d["criteria"][0].update(pages={"nulle-part": "C"}), "unknown page"),
        (lambda d: d["criteria"][0].update(evidence=" "), "no evidence"),
    ],
)
def test_a_broken_grid_is_refused(change, message):
    data = tomllib.loads(grid_text())
    change(data)
    with pytest.raises(GridError, match=message):
        parse(dump(data))


def test_the_footer_home_and_statement_show_the_level_of_the_grid(client):
    level = audit().level
    for name in ("home", "accessibility", "legal", "site_map"):
        html = client.get(reverse(name)).content.decode()
        assert re.search(rf"Accessibilité(&nbsp;| ): {level}", html), name


def test_the_grid_page_lists_every_criterion_with_its_evidence(client, django_assert_num_queries):
    client.get(reverse("home"))  # warm the site settings' cache
    with django_assert_num_queries(0):
        html = client.get(reverse("accessibility_grid")).content.decode()
    assert html.count('id="critere-') == 106
    assert 'href="https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#10.11"' in html
    assert "tests/browser/test_rgaa.py::test_10_11_reflow_at_320_px" in html


def test_the_action_plan_lists_what_is_left_to_evaluate(client):
    html = client.get(reverse("accessibility_plan")).content.decode()
    assert f"Plan d'action {timezone.localdate().year}" in html.replace("&#x27;", "'")
    for criterion in audit().not_evaluated:
        assert f"Critère {criterion.number}</a>" in html


def test_je_donne_mon_avis_only_when_its_address_is_set(client, settings):
    settings.FEEDBACK_URL = ""
    assert "Je donne mon avis" not in client.get(reverse("legal")).content.decode()
    settings.FEEDBACK_URL = "https://voxusagers.numerique.gouv.fr/Demarches/0000"
    html = client.get(reverse("privacy")).content.decode()
    assert '<a href="https://voxusagers.numerique.gouv.fr/Demarches/0000">Je donne mon avis' in html


def dump(data):
    """TOML text for `data` (tomllib reads only): enough of TOML for the grid's shapes."""

    def value(v):
        if isinstance(v, str):
            return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (datetime.date, int)):
            return v.isoformat() if isinstance(v, datetime.date) else str(v)
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{" + ", ".join(f"{value(k)} = {value(x)}" for k, x in v.items()) + "}"
        raise TypeError(v)

    lines = ["[audit]"] + [f"{k} = {value(v)}" for k, v in data["audit"].items()]
    for table in ("pages", "criteria"):
        for row in data[table]:
            lines.append(f"[[{table}]]")
            lines.extend(f"{k} = {value(v)}" for k, v in row.items())
    return "\n".join(lines) + "\n"


def test_the_grid_is_read_once_per_process():
    assert accessibility.audit() is accessibility.audit()
