"""Filters of the professions list, read from the URL (shareable, no JavaScript needed).

Each filter and each option of the form is a condition on the professions (a `Q`), so the
list, its page and every count run in the database, in a fixed number of queries whatever the
number of professions: see `counts()` and `interest_counts()`."""

from dataclasses import dataclass, field, replace

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    IntegerField,
    Q,
    Value,
    When,
)

from careers_site.core.filters import UrlFilters
from trainings.models import Diploma

from .models import EntryLevel, Profession, Sector

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

# The list reads by sector, in the order of their choices, so that it reads the same from day
# to day; inside a sector the jobs that recruit come first, then A to Z (pk settles a tie, so
# that a page never repeats or skips a job).
SECTOR_ORDER = Case(
    *(When(sector=sector, then=Value(index)) for index, sector in enumerate(Sector.values)),
    default=Value(len(Sector.values)),
    output_field=IntegerField(),
)
LIST_ORDER = (SECTOR_ORDER, "-recruiting", "title_masculine", "pk")


def trained_in_at_most(months):
    """Jobs with a published diploma of known length that takes `months` or less."""
    diplomas = Diploma.objects.published().filter(duration_months__range=(1, months))
    return Q(pk__in=diplomas.values("professions"))


def apprenticeship_possible():
    """Jobs with a published diploma that can be taken as an apprentice."""
    diplomas = Diploma.objects.published().filter(apprenticeship_possible=True)
    return Q(pk__in=diplomas.values("professions"))


def option_conditions():
    """{(filter name, value): Q} for each option the form counts (the interests apart)."""
    return {
        **{(SECTOR, sector): Q(sector=sector) for sector in Sector.values},
        **{(LEVEL, value): Q(entry_level__lte=value) for value, _ in LEVEL_CHOICES},
        **{(DURATION, value): trained_in_at_most(value) for value, _ in DURATION_CHOICES},
        (APPRENTICESHIP, True): apprenticeship_possible(),
        (RECRUITING, True): Q(recruiting=True),
    }


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
    def from_params(cls, params):
        """The filters the URL asks for. The interests are checked against the known ones by
        `with_interests_among()`, once the page has counted them."""
        return cls(
            sectors=[s for s in Sector.values if s in params.getlist(SECTOR)],
            level=_int(params.get(LEVEL, ""), [value for value, _label in LEVEL_CHOICES]),
            duration=_int(params.get(DURATION, ""), [value for value, _label in DURATION_CHOICES]),
            apprenticeship=params.get(APPRENTICESHIP) == "1",
            recruiting=params.get(RECRUITING) == "1",
            interests=list(dict.fromkeys(params.getlist(INTEREST)[:20])),
        )

    def with_interests_among(self, slugs):
        """These filters without the interests no published job has (an old link)."""
        return replace(self, interests=[slug for slug in self.interests if slug in slugs])

    def conditions(self):
        """{filter name: Q} for the filters in use."""
        conditions = {}
        if self.sectors:
            conditions[SECTOR] = Q(sector__in=self.sectors)
        if self.level is not None:
            conditions[LEVEL] = Q(entry_level__lte=self.level)
        if self.duration:
            conditions[DURATION] = trained_in_at_most(self.duration)
        if self.apprenticeship:
            conditions[APPRENTICESHIP] = apprenticeship_possible()
        if self.recruiting:
            conditions[RECRUITING] = Q(recruiting=True)
        if self.interests:
            liked = Profession.objects.filter(interests__slug__in=self.interests)
            conditions[INTEREST] = Q(pk__in=liked.values("pk"))
        return conditions

    @property
    def active(self):
        return list(self.conditions())

    def url_values(self):
        return {
            SECTOR: self.sectors,
            LEVEL: "" if self.level is None else self.level,
            DURATION: self.duration or "",
            APPRENTICESHIP: "1" if self.apprenticeship else "",
            RECRUITING: "1" if self.recruiting else "",
            INTEREST: self.interests,
        }


def interest_counts(professions, filters):
    """[(slug, name, number of jobs)] for every interest of the `professions`, counting the
    jobs the other filters keep (one GROUP BY)."""
    rows = (
        professions.order_by()
        .values_list("interests__slug", "interests__name")
        .annotate(count=Count("pk", filter=filters.all_except(INTEREST)))
    )
    return [row for row in rows if row[0] is not None]


def counts(professions, filters):
    """Every number of the page but the interests', from one query: the `professions`
    grouped by which filters in use they pass, each group counting its jobs and the jobs of
    each option. The page adds up the groups that pass the filters in question: an option's
    count keeps the other filters, « without » a filter drops it. At most one group per
    combination of the filters in use, whatever the number of professions.

    Returns {"total", "matching", "matching_recruiting": number of jobs, "options":
    {(filter name, value): number}, "without": {filter name: number}}."""
    conditions = filters.conditions()
    passes = {
        f"passes_{name}": ExpressionWrapper(condition, output_field=BooleanField())
        for name, condition in conditions.items()
    }
    options = option_conditions()
    aliases = {key: f"option_{index}" for index, key in enumerate(options)}
    aggregates = {"jobs": Count("pk")} | {
        aliases[key]: Count("pk", filter=condition) for key, condition in options.items()
    }
    professions = professions.order_by()
    if passes:
        groups = list(professions.annotate(**passes).values(*passes).annotate(**aggregates))
    else:
        groups = [professions.aggregate(**aggregates)]

    def kept(alias, excluded=()):
        """The jobs of `alias` that pass every filter in use but the `excluded` ones."""
        return sum(
            group[alias]
            for group in groups
            if all(group[f"passes_{name}"] for name in conditions if name not in excluded)
        )

    return {
        "total": kept("jobs", excluded=conditions),
        "matching": kept("jobs"),
        "matching_recruiting": kept(aliases[RECRUITING, True]),
        "options": {key: kept(alias, excluded={key[0]}) for key, alias in aliases.items()},
        "without": {name: kept("jobs", excluded={name}) for name in conditions},
    }
