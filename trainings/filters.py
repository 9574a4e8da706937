"""Filters of « Où se former »: what the visitor asked for, read from the URL (shareable,
bookmarkable, no JavaScript needed), as Q objects over the public offers.

Counts: each filter shows how many offers each of its options would give with the *other*
filters kept (one GROUP BY per filter), and when nothing matches, how many offers removing
each filter would give (one aggregate for all of them). The number of queries never depends
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
from django.http import QueryDict
from django.utils import timezone

from careers_site.core.geo import Departement
from careers_site.core.search.text import clean_query

from .communes import NEIGHBOURS, find_communes
from .models import Commune, Diploma, Modality, Month

# Parameter names in the URL, in French: they show in the address bar and in shared links.
PROFESSION, DIPLOMA, DEPARTEMENT = "metier", "diplome", "departement"
MODALITY, OPEN, MONTH = "modalite", "ouvertes", "rentree"
COMMUNE, LATITUDE, LONGITUDE = "commune", "lat", "lon"
FILTER_PARAMS = (PROFESSION, DIPLOMA, DEPARTEMENT, MODALITY, OPEN, MONTH)
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
class OfferFilters:
    profession: str = ""
    diploma: str = ""
    departement: str = ""
    modalities: list = field(default_factory=list)
    open_now: bool = False
    month: int | None = None
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
            commune_text=clean_query(params.get(COMMUNE, ""))[:100],
            latitude=latitude,
            longitude=longitude,
        )

    # --- What is asked ----------------------------------------------------------------------

    @property
    def uses_position(self):
        return self.latitude is not None

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
                    professions__slug=self.profession, professions__in=published_professions()
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
        return conditions

    def all_except(self, excluded=None):
        combined = Q()
        for name, condition in self.conditions().items():
            if name != excluded:
                combined &= condition
        return combined

    # --- Where the visitor is ----------------------------------------------------------------

    def locate(self):
        """Find the typed commune (one query, only when something is typed)."""
        if self.commune_text and not self.uses_position:
            found = find_communes(Commune, self.commune_text)
            if found:
                self.commune, self.other_communes = found[0], found[1:]

    def order_by_proximity(self, queryset):
        """Nearest first: by distance from the browser's position (institutes without
        coordinates last), or by tier from the typed commune (its own commune, its
        département, the neighbouring ones, the rest)."""
        if self.uses_position:
            # An equirectangular approximation is enough to order within a region; the
            # distance shown is computed exactly (haversine) for the page's offers only.
            squeeze = math.cos(math.radians(self.latitude))
            distance = ExpressionWrapper(
                (F("institute__latitude") - Value(self.latitude))
                * (F("institute__latitude") - Value(self.latitude))
                + (F("institute__longitude") - Value(self.longitude))
                * (F("institute__longitude") - Value(self.longitude))
                * Value(squeeze * squeeze),
                output_field=FloatField(),
            )
            return queryset.annotate(proximity=distance).order_by(
                F("proximity").asc(nulls_last=True),
                "institute__name",
                "diploma__level",
                "diploma__name",
                "modality",
                "pk",
            )
        if self.commune:
            postcodes = self.commune.postcode_list
            tier = Case(
                When(institute__postcode__in=postcodes, then=Value(0)),
                When(institute__departement=self.commune.departement, then=Value(1)),
                When(
                    institute__departement__in=NEIGHBOURS.get(self.commune.departement, ()),
                    then=Value(2),
                ),
                default=Value(3),
                output_field=IntegerField(),
            )
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

    # --- Links -------------------------------------------------------------------------------

    def querystring(self, **changes):
        """This search as a query string, with some parameters changed (None removes)."""
        params = QueryDict(mutable=True)
        values = {
            PROFESSION: self.profession,
            DIPLOMA: self.diploma,
            DEPARTEMENT: self.departement,
            MODALITY: self.modalities,
            OPEN: "1" if self.open_now else "",
            MONTH: self.month or "",
            COMMUNE: self.commune_text if not self.uses_position else "",
            LATITUDE: self.latitude if self.uses_position else "",
            LONGITUDE: self.longitude if self.uses_position else "",
        }
        values.update(changes)
        for name, value in values.items():
            if isinstance(value, list):
                params.setlist(name, value)
            elif value not in (None, ""):
                params[name] = str(value)
        return params.urlencode()


def published_professions():
    from professions.models import Profession

    return Profession.objects.published()


def open_now_q(today):
    return Q(applications_open__lte=today, applications_close__gte=today)


def facet_counts(queryset, filters, name, field_name):
    """{value: number of offers} for one filter, the other filters applied (one query)."""
    rows = (
        queryset.filter(filters.all_except(name))
        .order_by()
        .values(field_name)
        .annotate(count=Count("pk"))
    )
    return {row[field_name]: row["count"] for row in rows}


def relax_counts(queryset, filters):
    """How many offers each filter lets through when it is removed, and how many are open
    now with the other filters: one aggregate query."""
    aggregates = {
        f"without_{name}": Count("pk", filter=filters.all_except(name)) for name in filters.active
    }
    today = timezone.localdate()
    aggregates["open_now"] = Count("pk", filter=filters.all_except(OPEN) & open_now_q(today))
    # When nothing is open today, the page says when the next known window opens.
    aggregates["next_opening"] = Min(
        "applications_open", filter=filters.all_except(OPEN) & Q(applications_open__gt=today)
    )
    return queryset.order_by().aggregate(**aggregates)
