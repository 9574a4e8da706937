"""Filters of « Où se former »: what the visitor asked for, read from the URL (shareable,
bookmarkable, no JavaScript needed), as Q objects over the public offers.

Counts: each filter shows how many offers each of its options would give with the *other*
filters kept, and when nothing matches, how many offers removing each filter would give: one
query for the département, modality and intake-month facets, the page's count and « what to
relax » (`count_offers`), one GROUP BY for the diplomas. The number of queries never depends
on the data."""

import math
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Min,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone

from careers_site.core.filters import UrlFilters
from careers_site.core.geo import Departement
from careers_site.core.search.text import clean_query
from professions.models import Profession

from .communes import NEIGHBOURS, find_communes
from .models import Commune, Diploma, Modality, Month

# Parameter names in the URL, in French: they show in the address bar and in shared links.
PROFESSION, DIPLOMA, DEPARTEMENT = "metier", "diplome", "departement"
MODALITY, OPEN, MONTH = "modalite", "ouvertes", "rentree"
ADULTS = "adultes"
COMMUNE, LATITUDE, LONGITUDE = "commune", "lat", "lon"
FILTER_PARAMS = (PROFESSION, DIPLOMA, DEPARTEMENT, MODALITY, OPEN, MONTH, ADULTS)
# The routes an adult retraining or a job seeker can take: continuing education, VAE and
# apprenticeship (where their age allows it; the institute says so).
ADULT_MODALITIES = (Modality.CONTINUING, Modality.VAE, Modality.APPRENTICESHIP)
PROXIMITY_PARAMS = (COMMUNE, LATITUDE, LONGITUDE)
# Only positions in and around the region are taken: anything else is a typo or a trick.
LATITUDE_RANGE, LONGITUDE_RANGE = (43.0, 47.5), (1.0, 8.0)

TIER_LABELS = {
    0: "Dans votre commune",
    1: "Dans votre département",
    2: "Dans les départements voisins",
    3: "Ailleurs dans la région",
}
UNKNOWN_DISTANCE_LABEL = "Établissements dont l'adresse n'est pas encore placée sur la carte"


def _float(raw, bounds):
    try:
        value = float(str(raw).replace(",", "."))
    except (TypeError, ValueError):
        return None
    return round(value, 3) if math.isfinite(value) and bounds[0] <= value <= bounds[1] else None


@dataclass
class OfferFilters(UrlFilters):
    # « Élargir la recherche : retirer … »
    RELAX_LABELS = {
        PROFESSION: "le métier",
        DIPLOMA: "le diplôme",
        DEPARTEMENT: "le département",
        MODALITY: "la modalité",
        OPEN: "« candidatures ouvertes »",
        MONTH: "le mois de rentrée",
        ADULTS: "« voies pour les adultes »",
    }

    profession: str = ""
    diploma: str = ""
    departement: str = ""
    modalities: list = field(default_factory=list)
    open_now: bool = False
    month: int | None = None
    adults: bool = False
    commune_text: str = ""
    latitude: float | None = None
    longitude: float | None = None
    # Set by `locate()`.
    commune: Commune | None = None
    other_communes: list = field(default_factory=list)

    @classmethod
    def from_params(cls, params):
        """Whatever the URL holds, never an error: unknown values are ignored."""
        month = params.get(MONTH, "")
        latitude = _float(params.get(LATITUDE), LATITUDE_RANGE)
        longitude = _float(params.get(LONGITUDE), LONGITUDE_RANGE)
        if latitude is None or longitude is None:
            latitude = longitude = None
        return cls(
            profession=clean_query(params.get(PROFESSION, ""))[:120],
            diploma=clean_query(params.get(DIPLOMA, ""))[:120],
            departement=params.get(DEPARTEMENT, "")
            if params.get(DEPARTEMENT) in Departement.values
            else "",
            modalities=[m for m in Modality.values if m in params.getlist(MODALITY)],
            open_now=params.get(OPEN) == "1",
            month=int(month) if month.isdigit() and int(month) in Month.values else None,
            adults=params.get(ADULTS) == "1",
            commune_text=clean_query(params.get(COMMUNE, ""))[:100],
            latitude=latitude,
            longitude=longitude,
        )

    # --- What is asked ----------------------------------------------------------------------

    @property
    def uses_position(self):
        return self.latitude is not None

    @property
    def origin(self):
        """(latitude, longitude) distances are measured from: the browser's position, else
        the typed commune's town hall (None when neither is known)."""
        if self.uses_position:
            return self.latitude, self.longitude
        if self.commune is not None and self.commune.has_coordinates:
            return float(self.commune.latitude), float(self.commune.longitude)
        return None

    @property
    def active(self):
        """The filters in use, by URL name (proximity only orders: it is not a filter)."""
        return [
            name
            for name, value in (
                (PROFESSION, self.profession),
                (DIPLOMA, self.diploma),
                (DEPARTEMENT, self.departement),
                (MODALITY, self.modalities),
                (OPEN, self.open_now),
                (MONTH, self.month),
                (ADULTS, self.adults),
            )
            if value
        ]

    def conditions(self, today=None):
        """{filter name: Q} for the active filters."""
        today = today or timezone.localdate()
        conditions = {}
        if self.profession:
            conditions[PROFESSION] = Q(
                diploma__in=Diploma.objects.filter(
                    professions__slug=self.profession,
                    professions__in=Profession.objects.published(),
                )
            )
        if self.diploma:
            conditions[DIPLOMA] = Q(diploma__slug=self.diploma)
        if self.departement:
            conditions[DEPARTEMENT] = Q(institute__departement=self.departement)
        if self.modalities:
            conditions[MODALITY] = Q(modality__in=self.modalities)
        if self.open_now:
            conditions[OPEN] = open_now_q(today)
        if self.month:
            conditions[MONTH] = Q(intake_month=self.month)
        if self.adults:
            conditions[ADULTS] = adult_routes_q()
        return conditions

    # --- Where the visitor is ----------------------------------------------------------------

    def locate(self):
        """Find the typed commune (one query, only when something is typed)."""
        if self.commune_text and not self.uses_position:
            found = find_communes(Commune, self.commune_text)
            if found:
                self.commune, self.other_communes = found[0], found[1:]

    def order_by_proximity(self, queryset):
        """Nearest first: by distance from the browser's position or the typed commune's
        town hall (institutes without coordinates last), or, for a commune without known
        position, by tier (its own commune, its département, the neighbouring ones, the
        rest)."""
        tier = self.commune_tier("institute__") if self.commune else None
        if self.origin:
            queryset = queryset.annotate(proximity=proximity(*self.origin, "institute__"))
            order = [F("proximity").asc(nulls_last=True)]
            if tier is not None:
                # Institutes not yet placed on the map: nearest département first.
                queryset, order = queryset.annotate(proximity_tier=tier), [*order, "proximity_tier"]
            return queryset.order_by(
                *order,
                "institute__name",
                "diploma__level",
                "diploma__name",
                "modality",
                "pk",
            )
        if tier is not None:
            return queryset.annotate(proximity_tier=tier).order_by(
                "proximity_tier",
                "institute__departement",
                "institute__commune",
                "institute__name",
                "diploma__level",
                "diploma__name",
                "modality",
                "pk",
            )
        return None

    def commune_tier(self, prefix=""):
        """0 in the typed commune, 1 in its département, 2 in a neighbouring one, 3 else."""
        departement = self.commune.departement
        return Case(
            When(**{f"{prefix}postcode__in": self.commune.postcode_list}, then=Value(0)),
            When(**{f"{prefix}departement": departement}, then=Value(1)),
            When(**{f"{prefix}departement__in": NEIGHBOURS.get(departement, ())}, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )

    # --- Links -------------------------------------------------------------------------------

    def url_values(self):
        return {
            PROFESSION: self.profession,
            DIPLOMA: self.diploma,
            DEPARTEMENT: self.departement,
            MODALITY: self.modalities,
            OPEN: "1" if self.open_now else "",
            MONTH: self.month or "",
            ADULTS: "1" if self.adults else "",
            COMMUNE: self.commune_text if not self.uses_position else "",
            LATITUDE: self.latitude if self.uses_position else "",
            LONGITUDE: self.longitude if self.uses_position else "",
        }


def proximity(latitude, longitude, prefix=""):
    """An expression that orders by distance from a point. An equirectangular approximation
    is enough to order within a region; the distance shown is computed exactly (haversine)
    for the page's rows only."""
    squeeze = math.cos(math.radians(latitude))
    # In floating point: in `numeric`, each product grows more digits and the sort of
    # thousands of rows slows down several times over.
    lat = Cast(f"{prefix}latitude", FloatField())
    lon = Cast(f"{prefix}longitude", FloatField())
    return ExpressionWrapper(
        (lat - Value(latitude)) * (lat - Value(latitude))
        + (lon - Value(longitude)) * (lon - Value(longitude)) * Value(squeeze * squeeze),
        output_field=FloatField(),
    )


def open_now_q(today):
    return Q(applications_open__lte=today, applications_close__gte=today)


def adult_routes_q():
    return Q(modality__in=ADULT_MODALITIES)


@dataclass
class Counts:
    """What `count_offers` returns: the number of offers the filters let through, the
    département, modality and intake-month facets, and the « what to relax » figures."""

    total: int
    by_departement: dict
    by_modality: dict
    by_month: dict
    relax: dict


# The facets counted together by `count_offers`: {filter name: field grouped on}.
GROUPED_FACETS = {
    DEPARTEMENT: "institute__departement",
    MODALITY: "modality",
    MONTH: "intake_month",
}


def count_offers(queryset, filters):
    """The page's count, three facets and « what to relax » in one query, one pass over the
    public offers. It groups them by département, modality and intake month (about 150 groups
    in a region, whatever the number of offers), each group counting its offers under each
    set of filters with `COUNT(…) FILTER (WHERE …)`: the département facet counts with every
    filter but the département, and so on. Python then adds the groups up. Counting this way
    gives the same figures as one query per facet and one for the page's count, each of which
    read and joined every public offer again."""
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
        if key.startswith("without_") or key in ("open_now", "adults")
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
    return Counts(
        total=sum(row["total"] for row in rows),
        by_departement=facets[DEPARTEMENT],
        by_modality=facets[MODALITY],
        by_month=facets[MONTH],
        relax=relax,
    )
