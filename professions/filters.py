"""Filters of the professions list, read from the URL (shareable, no JavaScript needed).

Each filter and each option of the form is a condition on the professions (a `Q`), so the
list, its page and every count run in the database, in a fixed number of queries whatever the
number of professions: see `counts()` and `interest_counts()`."""

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

from careers_site.core.filters import FilterDeclaration, Param, UrlFilters
from trainings.models import Diploma

from .models import EntryLevel, Profession, Sector

SECTOR, LEVEL, DURATION = "secteur", "niveau", "duree"
APPRENTICESHIP, RECRUITING, INTEREST = "apprentissage", "recrute", "interet"
DIPLOMA = "diplome"

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
    DIPLOMA: "le diplôme",
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


def liked_by_interests(slugs):
    return Q(pk__in=Profession.objects.filter(interests__slug__in=slugs).values("pk"))


# The professions list and the API's professions: the one declaration of their filters.
PROFESSION_FILTERS = FilterDeclaration(
    Param(
        SECTOR,
        "Secteur du métier (plusieurs possibles)",
        "choice",
        choices=tuple(Sector.values),
        many=True,
        relax_label=RELAX_LABELS[SECTOR],
        where=lambda sectors: Q(sector__in=sectors),
    ),
    Param(
        LEVEL,
        "Niveau d'études au départ : les métiers accessibles avec lui (0, 3, 4, 5 ou 6)",
        "choice",
        choices=tuple(value for value, _label in LEVEL_CHOICES),
        relax_label=RELAX_LABELS[LEVEL],
        where=lambda level: Q(entry_level__lte=level),
    ),
    Param(
        DURATION,
        "Durée de formation au plus, en mois (12, 24 ou 36)",
        "choice",
        choices=tuple(value for value, _label in DURATION_CHOICES),
        relax_label=RELAX_LABELS[DURATION],
        where=trained_in_at_most,
    ),
    Param(
        APPRENTICESHIP,
        "1 : seulement les métiers où un diplôme se prépare en apprentissage",
        "flag",
        relax_label=RELAX_LABELS[APPRENTICESHIP],
        where=lambda _yes: apprenticeship_possible(),
    ),
    Param(
        RECRUITING,
        "1 : seulement les métiers qui recrutent",
        "flag",
        relax_label=RELAX_LABELS[RECRUITING],
        where=lambda _yes: Q(recruiting=True),
    ),
    Param(
        INTEREST,
        "Slug d'un centre d'intérêt (plusieurs possibles)",
        many=True,
        relax_label=RELAX_LABELS[INTEREST],
        where=liked_by_interests,
    ),
    Param(
        DIPLOMA,
        "Slug d'un diplôme : les métiers auxquels il mène",
        relax_label=RELAX_LABELS[DIPLOMA],
        where=lambda slug: Q(
            pk__in=Diploma.objects.published().filter(slug=slug).values("professions")
        ),
    ),
)


class ProfessionFilters(UrlFilters):
    """What the professions list was asked for (`PROFESSION_FILTERS`). The interests are
    checked against the known ones by `with_interests_among()`, once the page has counted
    them."""

    declaration = PROFESSION_FILTERS

    @property
    def sectors(self):
        return self.values.get(SECTOR, [])

    @property
    def level(self):
        return self.values.get(LEVEL)

    @property
    def duration(self):
        return self.values.get(DURATION)

    @property
    def apprenticeship(self):
        return bool(self.values.get(APPRENTICESHIP))

    @property
    def recruiting(self):
        return bool(self.values.get(RECRUITING))

    @property
    def interests(self):
        return self.values.get(INTEREST, [])

    def with_interests_among(self, slugs):
        """These filters without the interests no published job has (an old link)."""
        kept = [slug for slug in self.interests if slug in slugs]
        values = {name: value for name, value in self.values.items() if name != INTEREST}
        return ProfessionFilters({**values, INTEREST: kept} if kept else values)


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
