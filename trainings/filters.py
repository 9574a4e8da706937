"""Filters of « Où se former »: what the visitor asked for, read from the URL (shareable,
bookmarkable, no JavaScript needed), as Q objects over the public offers.

Counts: each filter shows how many offers each of its options would give with the *other*
filters kept, and when nothing matches, how many offers removing each filter would give: one
query for the département, modality and intake-month facets, the page's count and « what to
relax » (`count_offers`), one GROUP BY for the diplomas. The number of queries never depends
on the data."""

from dataclasses import dataclass

from django.db.models import Count, Min, Q
from django.utils import timezone

from careers_site.core.filters import (
    DEPARTEMENT,
    FilterDeclaration,
    Param,
    UrlFilters,
    departement_param,
)
from careers_site.core.geo import Departement
from careers_site.platform.cache import kept_until_change
from professions.models import Profession

from . import departement_map
from .models import (
    ApplicationRoute,
    Diploma,
    Modality,
    Month,
    TrainingOffer,
    open_for_applications,
)
from .places import LATITUDE_RANGE, LONGITUDE_RANGE, Place

# Parameter names in the URL, in French: they show in the address bar and in shared links.
PROFESSION, DIPLOMA = "metier", "diplome"
MODALITY, OPEN, MONTH = "modalite", "ouvertes", "rentree"
ADULTS = "adultes"
PARCOURSUP = "parcoursup"
COMMUNE, LATITUDE, LONGITUDE = "commune", "lat", "lon"
# The routes an adult retraining or a job seeker can take: continuing education, VAE and
# apprenticeship (where their age allows it; the institute says so).
ADULT_MODALITIES = (Modality.CONTINUING, Modality.VAE, Modality.APPRENTICESHIP)


def open_now_q(today=None):
    """The offers open to applications today (`trainings.models.open_for_applications`)."""
    return open_for_applications(today or timezone.localdate())


def adult_routes_q():
    return Q(modality__in=ADULT_MODALITIES)


def parcoursup_q():
    """The offers one applies to on Parcoursup (those the Parcoursup import brings, and those
    an editor marked so)."""
    return Q(application_route=ApplicationRoute.PARCOURSUP)


def diplomas_of_profession(slug):
    """The diplomas leading to a published profession."""
    return Diploma.objects.filter(
        professions__slug=slug, professions__in=Profession.objects.published()
    )


# Where the visitor is: it orders the lists (nearest first), it filters nothing.
PLACE_PARAMS = (
    Param(
        COMMUNE,
        "Commune ou code postal tapé : les plus proches d'abord",
        "text",
        max_length=100,
        free_text=True,
    ),
    Param(
        LATITUDE,
        "Latitude d'un point : les plus proches d'abord (avec lon)",
        "number",
        bounds=LATITUDE_RANGE,
        free_text=True,
    ),
    Param(
        LONGITUDE,
        "Longitude d'un point : les plus proches d'abord (avec lat)",
        "number",
        bounds=LONGITUDE_RANGE,
        free_text=True,
    ),
)
PLACE_PAIRS = ((LATITUDE, LONGITUDE),)

# « Où se former » and the API's offers: the one declaration of their filters.
OFFER_FILTERS = FilterDeclaration(
    Param(
        PROFESSION,
        "Slug d'un métier : ce qui y mène ou le concerne",
        relax_label="le métier",
        where=lambda slug: Q(diploma__in=diplomas_of_profession(slug)),
    ),
    Param(
        DIPLOMA,
        "Slug d'un diplôme",
        relax_label="le diplôme",
        where=lambda slug: Q(diploma__slug=slug),
    ),
    departement_param("departement"),
    Param(
        MODALITY,
        "Modalité (plusieurs possibles)",
        "choice",
        choices=tuple(Modality.values),
        many=True,
        relax_label="la modalité",
        where=lambda modalities: Q(modality__in=modalities),
    ),
    Param(
        OPEN,
        "1 : candidatures ouvertes aujourd'hui",
        "flag",
        relax_label="« candidatures ouvertes »",
        where=lambda _yes: open_now_q(),
    ),
    Param(
        MONTH,
        "Mois de rentrée (1 à 12)",
        "choice",
        choices=tuple(Month.values),
        relax_label="le mois de rentrée",
        where=lambda month: Q(intake_month=month),
    ),
    Param(
        ADULTS,
        "1 : seulement les voies pour les adultes en reconversion (formation continue, VAE, "
        "apprentissage)",
        "flag",
        relax_label="« voies pour les adultes »",
        where=lambda _yes: adult_routes_q(),
    ),
    Param(
        PARCOURSUP,
        "1 : seulement les formations où l'on candidate sur Parcoursup",
        "flag",
        relax_label="« sur Parcoursup »",
        where=lambda _yes: parcoursup_q(),
    ),
    *PLACE_PARAMS,
    pairs=PLACE_PAIRS,
)

# « Où se former » without a place: by diploma, then where; nearest first, ties by name.
OFFERS_BY_DIPLOMA = (
    "diploma_level",
    "diploma_name",
    "diploma_id",
    "departement",
    "commune",
    "institute__name",
    "modality",
    "pk",
)
OFFERS_BY_NAME = ("institute__name", "diploma_level", "diploma_name", "modality", "pk")


def institutes_teaching(offers):
    return Q(pk__in=TrainingOffer.objects.public().filter(offers).values("institute"))


# The institute list and the API's institutes: where they are, what they teach.
INSTITUTE_FILTERS = FilterDeclaration(
    departement_param("departement"),
    Param(
        DIPLOMA,
        "Slug d'un diplôme enseigné",
        relax_label="le diplôme",
        where=lambda slug: institutes_teaching(Q(diploma__slug=slug)),
    ),
    Param(
        PROFESSION,
        "Slug d'un métier : les établissements qui y forment",
        relax_label="le métier",
        where=lambda slug: institutes_teaching(Q(diploma__in=diplomas_of_profession(slug))),
    ),
    *PLACE_PARAMS,
    pairs=PLACE_PAIRS,
)


class PlaceFilters(UrlFilters):
    """Filters that also say where the visitor is: `place` (a `Place`, nearest first)."""

    @property
    def place(self):
        if not hasattr(self, "_place"):
            self._place = Place(
                commune_text=self.values.get(COMMUNE, ""),
                latitude=self.values.get(LATITUDE),
                longitude=self.values.get(LONGITUDE),
            )
        return self._place

    def url_values(self):
        values = super().url_values()
        if self.place.uses_position:  # a position wins over a typed commune
            values[COMMUNE] = ""
        return values


class OfferFilters(PlaceFilters):
    """What « Où se former » (or the API's offers) was asked for (`OFFER_FILTERS`)."""

    declaration = OFFER_FILTERS

    # The values the form shows back.
    @property
    def profession(self):
        return self.values.get(PROFESSION, "")

    @property
    def diploma(self):
        return self.values.get(DIPLOMA, "")

    @property
    def departement(self):
        return self.values.get(DEPARTEMENT, "")

    @property
    def modalities(self):
        return self.values.get(MODALITY, [])

    @property
    def open_now(self):
        return bool(self.values.get(OPEN))

    @property
    def month(self):
        return self.values.get(MONTH)

    @property
    def adults(self):
        return bool(self.values.get(ADULTS))

    @property
    def parcoursup(self):
        return bool(self.values.get(PARCOURSUP))


class InstitutePlace(PlaceFilters):
    """Where the institute list was asked to measure from (`INSTITUTE_FILTERS`)."""

    declaration = INSTITUTE_FILTERS


@dataclass
class Counts:
    """What `count_offers` returns: the number of offers the filters let through, the
    département, modality, intake-month and diploma facets, and the « what to relax »
    figures; its methods give each facet as the form shows it."""

    filters: OfferFilters
    total: int
    by_departement: dict
    by_modality: dict
    by_month: dict
    diploma_rows: list
    relax: dict

    def departements(self):
        chosen = self.filters
        return [
            {
                "code": code,
                "label": label,
                "count": self.by_departement.get(code, 0),
                "selected": code == chosen.departement,
                "url": "?" + chosen.querystring(**{DEPARTEMENT: code}),
            }
            for code, label in Departement.choices
        ]

    def map_tiles(self):
        tiles = departement_map.map_tiles(self.by_departement, self.filters.departement)
        for tile in tiles:
            tile["url"] = "?" + self.filters.querystring(**{DEPARTEMENT: tile["code"]})
        return tiles

    def modalities(self):
        return [
            {
                "value": value,
                "label": label,
                "count": self.by_modality.get(value, 0),
                "checked": value in self.filters.modalities,
            }
            for value, label in Modality.choices
        ]

    def months(self):
        """The intake months some offer has, and the one asked for."""
        chosen = self.filters.month
        return [
            {
                "value": value,
                "label": label,
                "count": self.by_month.get(value, 0),
                "selected": value == chosen,
            }
            for value, label in Month.choices
            if self.by_month.get(value) or value == chosen
        ]

    def diplomas(self):
        return [
            {
                "slug": row["diploma__slug"],
                "label": row["diploma__acronym"] or row["diploma__name"],
                "name": row["diploma__name"],
                "count": row["count"],
                "selected": row["diploma__slug"] == self.filters.diploma,
            }
            for row in self.diploma_rows
        ]

    def relax_suggestions(self):
        return self.filters.relax_suggestions(lambda name: self.relax[f"without_{name}"])

    def worth_keeping(self):
        """Whether these figures, and a page made of them, may be kept under the filters'
        key (`worth_keeping`)."""
        return worth_keeping(self.filters, self.total)


# The filters whose values are slugs of the database: a visitor may type any.
SLUG_FILTERS = {
    PROFESSION: lambda: Profession.objects.published(),
    DIPLOMA: lambda: Diploma.objects.published(),
}


def worth_keeping(filters, total):
    """Whether figures or a page counted under these filters may be kept under their key:
    when some offer matches, or when every slug they name is a published profession's or
    diploma's (a combination of real choices that matches nothing is asked again, and its
    « what to relax » costs the most to count). Filters naming a made-up slug match nothing
    and are never kept: no key per junk value."""
    if total:
        return True
    return all(
        filters.values[name] in published_slugs(name)
        for name in SLUG_FILTERS
        if name in filters.active
    )


def published_slugs(name):
    """The slugs a filter of `SLUG_FILTERS` may name, read once per content version."""
    return kept_until_change(
        f"offer-filter-slugs:{name}",
        lambda: frozenset(SLUG_FILTERS[name]().values_list("slug", flat=True)),
    )


# The facets counted together by `count_offers`: {filter name: field grouped on}.
GROUPED_FACETS = {
    DEPARTEMENT: "departement",
    MODALITY: "modality",
    MONTH: "intake_month",
}


def count_offers(filters):
    """The page's count, three facets and « what to relax » over the public offers, counted
    once per content version and filters (`kept_until_change`: every visitor, every page and
    order of the same filters share them).

    Counted in one query, one pass over the public offers; the diploma facet in a second (one
    GROUP BY). The first groups them by
    département, modality and intake month (about 150 groups in a region, whatever the number
    of offers), each group counting its offers under each set of filters with
    `COUNT(…) FILTER (WHERE …)`: the département facet counts with every filter but the
    département, and so on. Python then adds the groups up. Counting this way gives the same
    figures as one query per facet and one for the page's count, each of which read and
    joined every public offer again."""
    figures = kept_until_change(
        f"offer-counts:{filters.key}",
        lambda: _count_offers(TrainingOffer.objects.public(), filters),
        # A made-up slug matches nothing: such figures are not kept (no key per junk value).
        keep_if=lambda figures: worth_keeping(filters, figures["total"]),
    )
    return Counts(filters=filters, **figures)


def _count_offers(queryset, filters):
    today = timezone.localdate()
    aggregates = {
        "total": Count("pk", filter=filters.all_except()),
        **{
            f"facet_{name}": Count("pk", filter=filters.all_except(name)) for name in GROUPED_FACETS
        },
        **{
            f"without_{name}": Count("pk", filter=filters.all_except(name))
            for name in filters.active
            if name not in GROUPED_FACETS
        },
        "open_now": Count("pk", filter=filters.all_except(OPEN) & open_now_q(today)),
        # When nothing is open today, the page says when the next known window opens.
        "next_opening": Min(
            "applications_open", filter=filters.all_except(OPEN) & Q(applications_open__gt=today)
        ),
        "adults": Count("pk", filter=filters.all_except(ADULTS) & adult_routes_q()),
        "parcoursup": Count("pk", filter=filters.all_except(PARCOURSUP) & parcoursup_q()),
    }
    rows = list(queryset.order_by().values(*GROUPED_FACETS.values()).annotate(**aggregates))
    facets = {}
    for name, field_name in GROUPED_FACETS.items():
        counts = {}
        for row in rows:
            if row[f"facet_{name}"]:
                counts[row[field_name]] = counts.get(row[field_name], 0) + row[f"facet_{name}"]
        facets[name] = counts
    relax = {
        key: sum(row[key] for row in rows)
        for key in aggregates
        if key.startswith("without_") or key in ("open_now", "adults", "parcoursup")
    }
    # Without a grouped filter, the offers are those its facet counts, all values together.
    relax.update(
        {
            f"without_{name}": sum(facets[name].values())
            for name in GROUPED_FACETS
            if name in filters.active
        }
    )
    openings = [row["next_opening"] for row in rows if row["next_opening"] is not None]
    relax["next_opening"] = min(openings, default=None)
    diploma_rows = list(
        queryset.filter(filters.all_except(DIPLOMA))
        .order_by("diploma__level", "diploma__name")
        .values("diploma__slug", "diploma__name", "diploma__acronym")
        .annotate(count=Count("pk"))
    )
    return {
        "total": sum(row["total"] for row in rows),
        "by_departement": facets[DEPARTEMENT],
        "by_modality": facets[MODALITY],
        "by_month": facets[MONTH],
        "diploma_rows": diploma_rows,
        "relax": relax,
    }
