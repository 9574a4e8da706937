"""Filters of the professions list, read from the URL (shareable, no JavaScript needed).

The published professions are few (a few hundred at most) and the page shows them all, so
they are loaded once with their diplomas and interests (three queries) and filtered here, in
Python, where counting each option with the other filters kept costs nothing more."""

from dataclasses import dataclass, field

from careers_site.core.filters import UrlFilters

from .models import EntryLevel, Sector

SECTOR, LEVEL, DURATION = "secteur", "niveau", "duree"
APPRENTICESHIP, RECRUITING, INTEREST = "apprentissage", "recrute", "interet"
PARAMS = (SECTOR, LEVEL, DURATION, APPRENTICESHIP, RECRUITING, INTEREST)

LEVEL_CHOICES = [
    (EntryLevel.NONE, "Sans diplôme"),
    (EntryLevel.CAP, "Avec un CAP ou un BEP"),
    (EntryLevel.BAC, "Avec le bac"),
    (EntryLevel.BAC_2, "Avec un bac + 2"),
    (EntryLevel.BAC_3, "Avec un bac + 3"),
]
DURATION_CHOICES = [(12, "1 an ou moins"), (24, "2 ans ou moins"), (36, "3 ans ou moins")]

RELAX_LABELS = {  # « Élargir la recherche : retirer … »
    SECTOR: "la famille de métiers",
    LEVEL: "le niveau d'études",
    DURATION: "la durée de formation",
    APPRENTICESHIP: "« possible en apprentissage »",
    RECRUITING: "« recrute »",
    INTEREST: "les centres d'intérêt",
}


def shortest_training(profession):
    """Months of the quickest published diploma leading to the job (None when unknown)."""
    months = [d.duration_months for d in profession.public_diplomas if d.duration_months]
    return min(months, default=None)


def apprenticeship_possible(profession):
    return any(d.apprenticeship_possible for d in profession.public_diplomas)


def _int(raw, allowed):
    return int(raw) if str(raw).isdigit() and int(raw) in allowed else None


@dataclass
class ProfessionFilters(UrlFilters):
    RELAX_LABELS = RELAX_LABELS

    sectors: list = field(default_factory=list)
    level: int | None = None
    duration: int | None = None
    apprenticeship: bool = False
    recruiting: bool = False
    interests: list = field(default_factory=list)

    @classmethod
    def from_params(cls, params, interest_slugs=()):
        return cls(
            sectors=[s for s in Sector.values if s in params.getlist(SECTOR)],
            level=_int(params.get(LEVEL, ""), [value for value, _label in LEVEL_CHOICES]),
            duration=_int(params.get(DURATION, ""), [value for value, _label in DURATION_CHOICES]),
            apprenticeship=params.get(APPRENTICESHIP) == "1",
            recruiting=params.get(RECRUITING) == "1",
            interests=[slug for slug in params.getlist(INTEREST)[:20] if slug in interest_slugs],
        )

    def tests(self):
        """{filter name: test(profession)} for the filters in use."""
        tests = {}
        if self.sectors:
            tests[SECTOR] = lambda p: p.sector in self.sectors
        if self.level is not None:
            tests[LEVEL] = lambda p: p.entry_level is not None and p.entry_level <= self.level
        if self.duration:
            tests[DURATION] = lambda p: (shortest_training(p) or 999) <= self.duration
        if self.apprenticeship:
            tests[APPRENTICESHIP] = apprenticeship_possible
        if self.recruiting:
            tests[RECRUITING] = lambda p: p.recruiting
        if self.interests:
            tests[INTEREST] = lambda p: any(t.slug in self.interests for t in p.interests.all())
        return tests

    @property
    def active(self):
        return list(self.tests())

    def keep(self, professions, excluded=None):
        tests = [test for name, test in self.tests().items() if name != excluded]
        return [p for p in professions if all(test(p) for test in tests)]

    def url_values(self):
        return {
            SECTOR: self.sectors,
            LEVEL: "" if self.level is None else self.level,
            DURATION: self.duration or "",
            APPRENTICESHIP: "1" if self.apprenticeship else "",
            RECRUITING: "1" if self.recruiting else "",
            INTEREST: self.interests,
        }
