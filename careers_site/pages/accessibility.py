"""The RGAA audit grid, read from docs/accessibility/audit-rgaa-4.1.toml, and what the
accessibility statement, the footer and the home page say of it.

The grid is the only place where the level, the rate and the date are written: the pages read
them from it, so they cannot drift. The rate is the RGAA's « taux global »: of the criteria
evaluated and applicable, the share met on every page of the sample (a criterion is met when no
page fails it). A criterion nobody could evaluate (« NE », a screen reader the team has not run)
is said as such and counted apart; while any remains, the site does not call itself
« totalement conforme ».
"""

import functools
import tomllib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

GRID_PATH = settings.BASE_DIR / "docs" / "accessibility" / "audit-rgaa-4.1.toml"
CRITERION_URL = "https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#{}"
CRITERIA_COUNT = 106

CONFORMING, NON_CONFORMING, NOT_APPLICABLE, NOT_EVALUATED = "C", "NC", "NA", "NE"
RESULT_LABELS = {
    CONFORMING: "conforme",
    NON_CONFORMING: "non conforme",
    NOT_APPLICABLE: "non applicable",
    NOT_EVALUATED: "non évalué",
}
FULLY, PARTLY, NOT = "totalement conforme", "partiellement conforme", "non conforme"


class GridError(ValueError):
    """The grid file breaks one of its own rules (a test reads it on every change)."""


@dataclass(frozen=True)
class Criterion:
    number: str
    theme: str
    label: str
    default: str
    evidence: str
    tests: tuple = ()
    cells: dict = field(default_factory=dict)  # page id -> result, where it differs

    @property
    def url(self):
        return CRITERION_URL.format(self.number)

    def result_on(self, page_id):
        return self.cells.get(page_id, self.default)

    def result(self, page_ids):
        """The criterion on the whole sample: failed on one page is failed."""
        results = {self.result_on(page_id) for page_id in page_ids}
        if NON_CONFORMING in results:
            return NON_CONFORMING
        if NOT_EVALUATED in results:
            return NOT_EVALUATED
        if results == {NOT_APPLICABLE}:
            return NOT_APPLICABLE
        return CONFORMING

    @property
    def result_label(self):
        return RESULT_LABELS[self.default]


@dataclass(frozen=True)
class Audit:
    meta: dict
    pages: list
    criteria: list

    @property
    def page_ids(self):
        return [page["id"] for page in self.pages]

    def with_result(self, result):
        return [c for c in self.criteria if c.result(self.page_ids) == result]

    @functools.cached_property
    def counts(self):
        return {result: len(self.with_result(result)) for result in RESULT_LABELS}

    @property
    def conforming(self):
        return self.with_result(CONFORMING)

    @property
    def non_conforming(self):
        return self.with_result(NON_CONFORMING)

    @property
    def not_evaluated(self):
        return self.with_result(NOT_EVALUATED)

    @property
    def rate(self):
        """The share, in %, of the criteria evaluated and applicable that are met."""
        met, failed = self.counts[CONFORMING], self.counts[NON_CONFORMING]
        if not met + failed:
            return None
        rate = Decimal(100 * met) / Decimal(met + failed)
        return rate.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def level(self):
        rate = self.rate
        if rate is None:
            return NOT
        if rate == 100 and not self.counts[NOT_EVALUATED]:
            return FULLY
        return PARTLY if rate >= 50 else NOT

    @property
    def date(self):
        return self.meta["date"]


def parse(text):
    """An Audit from the grid's TOML text; GridError when the grid breaks its rules."""
    data = tomllib.loads(text)
    pages = data.get("pages", [])
    page_ids = {page["id"] for page in pages}
    if len(page_ids) != len(pages):
        raise GridError("two pages of the sample have the same id")
    criteria, numbers = [], set()
    for row in data.get("criteria", []):
        number = row["number"]
        if number in numbers:
            raise GridError(f"criterion {number} is there twice")
        numbers.add(number)
        cells = dict(row.get("pages", {}))
        for page_id, result in [(None, row["result"]), *cells.items()]:
            if result not in RESULT_LABELS:
                raise GridError(f"criterion {number}: unknown result {result!r}")
            if page_id is not None and page_id not in page_ids:
                raise GridError(f"criterion {number}: unknown page {page_id!r}")
        if not row.get("evidence", "").strip():
            raise GridError(f"criterion {number} gives no evidence")
        criteria.append(
            Criterion(
                number=number,
                theme=row["theme"],
                label=row["label"],
                default=row["result"],
                evidence=row["evidence"],
                tests=tuple(row.get("tests", ())),
                cells=cells,
            )
        )
    if len(criteria) != CRITERIA_COUNT:
        raise GridError(f"{len(criteria)} criteria, the RGAA 4.1 has {CRITERIA_COUNT}")
    return Audit(meta=data["audit"], pages=pages, criteria=criteria)


@functools.cache
def audit():
    """The grid, read once per process (it changes with the code, never at run time)."""
    return parse(GRID_PATH.read_text(encoding="utf-8"))
