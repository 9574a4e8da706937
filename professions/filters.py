"""Filters of the professions list, read from the URL (shareable, no JavaScript needed).

Each filter is a condition on the published professions (`ProfessionFilters.conditions()`),
so the list, its page and every count run in the database: the counts of each option (the
other filters kept) and of « without this filter » come from one aggregate query and one
GROUP BY on the interests, whatever the number of professions."""

from dataclasses import dataclass, field, replace

from django.db.models import Case, Count, IntegerField, Min, Q, Value, When

from careers_site.core.filters import UrlFilters
from trainings.models import Diploma

from .models import EntryLevel, Sector

SECTOR, LEVEL, DURATION = "secteur", "niveau", "duree"
APPRENTICESHIP, RECRUITING, INTEREST = "apprentissage", "recrute", "interet"
PARAMS = (SECTOR, LEVEL, DURATION, APPRENTICESHIP, RECRUITING, INTEREST)
FACT_FILTERS = {DURATION, APPRENTICESHIP, INTEREST}  # they test `with_facts()`

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

    def with_facts(self, professions):
        """`professions` with what the conditions test beyond their own fields: the months of
        their quickest published diploma of known length (`shortest_training`), and whether
        one of their published diplomas can be taken as an apprentice or one of the chosen
        interests is theirs (counts over the joins: only compared with zero). A join grouped
        by job, so that an aggregate over it reads each job's facts once (a subquery would
        run again in each count)."""
        published = Q(diplomas__in=Diploma.objects.published())
        facts = {
            "shortest_training": Min(
                "diplomas__duration_months",
                filter=published & Q(diplomas__duration_months__gte=1),
            ),
            "apprenticeship_diplomas": Count(
                "diplomas", filter=published & Q(diplomas__apprenticeship_possible=True)
            ),
        }
        if self.interests:
            facts["chosen_interests"] = Count(
                "interests", filter=Q(interests__slug__in=self.interests)
            )
        return professions.alias(**facts)

    def keep(self, professions, excluded=None):
        """The `professions` these filters keep (all but the `excluded` one), grouped
        `with_facts()` only when a filter in use needs them."""
        conditions = self.all_except(excluded)
        if FACT_FILTERS & (set(self.active) - {excluded}):
            professions = self.with_facts(professions)
        return professions.filter(conditions)

    def conditions(self):
        """{filter name: Q} for the filters in use, on professions `with_facts()`."""
        conditions = {}
        if self.sectors:
            conditions[SECTOR] = Q(sector__in=self.sectors)
        if self.level is not None:
            conditions[LEVEL] = Q(entry_level__lte=self.level)
        if self.duration:
            conditions[DURATION] = Q(shortest_training__lte=self.duration)
        if self.apprenticeship:
            conditions[APPRENTICESHIP] = Q(apprenticeship_diplomas__gt=0)
        if self.recruiting:
            conditions[RECRUITING] = Q(recruiting=True)
        if self.interests:
            conditions[INTEREST] = Q(chosen_interests__gt=0)
        return conditions

    @property
    def active(self):
        return list(self.conditions())

    def all_except(self, excluded=None):
        combined = Q()
        for name, condition in self.conditions().items():
            if name != excluded:
                combined &= condition
        return combined

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
    others = filters.all_except(INTEREST)
    if others:
        # The jobs the other filters keep, found once rather than for each (job, interest).
        others = Q(pk__in=filters.keep(professions, excluded=INTEREST).values("pk"))
    rows = (
        professions.order_by()
        .values_list("interests__slug", "interests__name")
        .annotate(count=Count("pk", filter=others))
    )
    return [row for row in rows if row[0] is not None]


def counts(professions, filters):
    """Every number of the page but the interests', in one aggregate query over the
    `professions`: the total, the jobs the filters keep and how many of them recruit, each
    option's jobs with the other filters kept, and each filter's « without it ». (The names
    of the results must not be those of a field.)"""

    def kept(name, condition):
        return Count("pk", filter=filters.all_except(name) & condition)

    aggregates = {
        "total": Count("pk"),
        "matching": Count("pk", filter=filters.all_except()),
        "matching_recruiting": kept(None, Q(recruiting=True)),
        "apprenticeship_option": kept(APPRENTICESHIP, Q(apprenticeship_diplomas__gt=0)),
        "recruiting_option": kept(RECRUITING, Q(recruiting=True)),
    }
    for sector in Sector.values:
        aggregates[f"{SECTOR}_{sector}"] = kept(SECTOR, Q(sector=sector))
    for value, _label in LEVEL_CHOICES:
        aggregates[f"{LEVEL}_{value}"] = kept(LEVEL, Q(entry_level__lte=value))
    for value, _label in DURATION_CHOICES:
        aggregates[f"{DURATION}_{value}"] = kept(DURATION, Q(shortest_training__lte=value))
    for name in filters.active:
        aggregates[f"without_{name}"] = Count("pk", filter=filters.all_except(name))
    return filters.with_facts(professions).order_by().aggregate(**aggregates)
