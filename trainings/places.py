"""Where a visitor is, and « nearest first »: one `Place` (a typed commune, or the browser's
position) and one way to order a queryset of institutes, or of rows reached through
`institute__`, from it. Used by « Où se former », the institute list, the API and the
search's answer to a commune."""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, ExpressionWrapper, F, FloatField, IntegerField, Q, Value, When
from django.db.models.functions import Cast

from careers_site.core.pagination import ids_only

from .communes import NEIGHBOURS, find_communes, haversine_km
from .models import Commune

# Only positions in and around the region are taken: anything else is a typo or a trick.
LATITUDE_RANGE, LONGITUDE_RANGE = (43.0, 47.5), (1.0, 8.0)

TIER_LABELS = {
    0: "Dans votre commune",
    1: "Dans votre département",
    2: "Dans les départements voisins",
    3: "Ailleurs dans la région",
}
UNKNOWN_DISTANCE_LABEL = "Établissements dont l'adresse n'est pas encore placée sur la carte"

# Kilometres in one degree of latitude (the unit of `proximity`).
KM_PER_DEGREE = 111.195
# Around a position, a page of the nearest rows is first looked for within these distances
# (km), through the index on the institutes' position (`NearestFirstIds`)…
NEAR_RADII_KM = (25, 75)
# … unless the rows are this few: sorting them all is then as cheap.
SORT_ALL_BELOW = 500


def squeeze(latitude):
    """What a degree of longitude weighs against one of latitude in `proximity`, squared."""
    return math.cos(math.radians(latitude)) ** 2


def proximity(latitude, longitude, prefix=""):
    """An expression that orders by distance from a point. An equirectangular approximation
    is enough to order within a region; the distance shown is computed exactly (haversine)
    for the page's rows only. `NearestIndex.ids` computes the same in Python."""
    # In floating point: in `numeric`, each product grows more digits and the sort of
    # thousands of rows slows down several times over.
    lat = Cast(f"{prefix}latitude", FloatField())
    lon = Cast(f"{prefix}longitude", FloatField())
    return ExpressionWrapper(
        (lat - Value(latitude)) * (lat - Value(latitude))
        + (lon - Value(longitude)) * (lon - Value(longitude)) * Value(squeeze(latitude)),
        output_field=FloatField(),
    )


def commune_areas(commune, prefix=""):
    """The areas around a commune, nearest first: its postcodes, its département, the
    neighbouring départements (as Q; each may overlap the ones before it)."""
    neighbours = sorted(NEIGHBOURS.get(commune.departement, ()))
    return (
        Q(**{f"{prefix}postcode__in": commune.postcode_list}),
        Q(**{f"{prefix}departement": commune.departement}),
        Q(**{f"{prefix}departement__in": neighbours}),
    )


def commune_tiers(commune, prefix=""):
    """[(tier, Q)] around a commune, the Q of each tier excluding the ones before it: 0 in
    the commune, 1 in its département, 2 in a neighbouring one, 3 elsewhere in the region."""
    tiers, before = [], Q()
    for tier, area in enumerate(commune_areas(commune, prefix)):
        tiers.append((tier, area & ~before if tier else area))
        before |= area
    return [*tiers, (len(tiers), ~before)]


def commune_tier(commune, prefix=""):
    """The tier of `commune_tiers` as an expression (the first area a row is in)."""
    areas = commune_areas(commune, prefix)
    return Case(
        *(When(area, then=Value(tier)) for tier, area in enumerate(areas)),
        default=Value(len(areas)),
        output_field=IntegerField(),
    )


@dataclass
class Place:
    """Where distances are measured from: the browser's position (`latitude`, `longitude`),
    else the commune typed (`commune_text`, found by `locate()`)."""

    commune_text: str = ""
    latitude: float | None = None
    longitude: float | None = None
    # Set by `locate()`.
    commune: Commune | None = None
    other_communes: list = field(default_factory=list)

    def locate(self):
        """Find the typed commune (one query, only when something is typed and no position
        is given)."""
        if self.commune_text and not self.uses_position and self.commune is None:
            found = find_communes(Commune, self.commune_text)
            if found:
                self.commune, self.other_communes = found[0], found[1:]
        return self

    @property
    def uses_position(self):
        return self.latitude is not None

    @property
    def is_known(self):
        """Something to order by: a position or a commune found."""
        return self.uses_position or self.commune is not None

    @property
    def commune_not_found(self):
        return bool(self.commune_text) and not self.commune and not self.uses_position

    @property
    def origin(self):
        """(latitude, longitude) distances are measured from: the browser's position, else
        the typed commune's town hall (None when neither is known)."""
        if self.uses_position:
            return self.latitude, self.longitude
        if self.commune is not None and self.commune.has_coordinates:
            return float(self.commune.latitude), float(self.commune.longitude)
        return None

    def nearest_first(self, queryset, prefix="", then=("name", "pk")):
        """`queryset` ordered nearest first: by distance from `origin` (rows not placed on
        the map last, nearest tier first when a commune is known), or, for a commune without
        a known position, by tier then département and town; `then` settles ties. `prefix`
        reaches the institute (`"institute__"` from an offer). Unchanged when the place is
        unknown."""
        tier = commune_tier(self.commune, prefix) if self.commune is not None else None
        if self.origin:
            queryset = queryset.annotate(proximity=proximity(*self.origin, prefix))
            order = [F("proximity").asc(nulls_last=True)]
            if tier is not None:
                # Institutes not yet placed on the map: nearest département first.
                queryset, order = queryset.annotate(proximity_tier=tier), [*order, "proximity_tier"]
            return queryset.order_by(*order, *then)
        if tier is not None:
            return queryset.annotate(proximity_tier=tier).order_by(
                "proximity_tier", f"{prefix}departement", f"{prefix}commune", *then
            )
        return queryset

    def around(self, radius_km, prefix=""):
        """A `Q` for the rows within a latitude/longitude box holding the circle of
        `radius_km` around `origin` (the index `institute_position_idx` reads it), and the
        largest `proximity` inside that circle."""
        latitude, longitude = self.origin
        degrees = radius_km / KM_PER_DEGREE
        # A hair wider than the circle: the box must hold all of it, whatever the rounding.
        spread = degrees + 1e-5
        wide = spread / math.cos(math.radians(latitude))
        box = Q(
            **{
                f"{prefix}latitude__gte": Decimal(f"{latitude - spread:.6f}"),
                f"{prefix}latitude__lte": Decimal(f"{latitude + spread:.6f}"),
                f"{prefix}longitude__gte": Decimal(f"{longitude - wide:.6f}"),
                f"{prefix}longitude__lte": Decimal(f"{longitude + wide:.6f}"),
            }
        )
        return box, degrees * degrees

    def nearest_ids(self, queryset, prefix="", count=None):
        """`ids_only` of `queryset` as `nearest_first` ordered it, for a paginator, sliced
        the cheap way when a position is known (`NearestFirstIds`); `count`: the rows'
        number, when it is already known (counted with the facets, or kept)."""
        return NearestFirstIds(self, queryset, prefix, count)

    def distance_km(self, institute):
        """Kilometres as the crow flies to an institute placed on the map, else None."""
        if self.origin is None or not institute.has_coordinates:
            return None
        return round(haversine_km(*self.origin, institute.latitude, institute.longitude))

    def label(self, row):
        """« à N km » is shown from `distance_km`; this is the words shown instead: the tier
        of a row ordered by tier, or why an institute has no distance."""
        if self.origin:
            return "" if row.distance_km is not None else UNKNOWN_DISTANCE_LABEL
        if self.commune is not None:
            return TIER_LABELS[row.proximity_tier]
        return ""


class NearestIndex:
    """The rows of a list, kept in memory to be ordered nearest first from any position
    without a query: each point of the map with its rows, in the list's order without a
    position (`then`), and the rows not placed on the map, last. The order is the one
    `Place.nearest_first` gives from a position (the same `proximity`, computed in the same
    floating point, ties in the list's order), and a page costs a sort of the points (the
    institutes), never of the rows."""

    def __init__(self, rows):
        """`rows`: (pk, latitude, longitude) in the list's order without a position."""
        points, self.unplaced, self.count = {}, [], 0
        for rank, (pk, latitude, longitude) in enumerate(rows):
            self.count += 1
            if latitude is None or longitude is None:
                self.unplaced.append(pk)
            else:
                points.setdefault((float(latitude), float(longitude)), []).append((rank, pk))
        self.points = list(points)
        self.rows = list(points.values())

    @classmethod
    def of(cls, queryset, prefix="", then=("name", "pk")):
        """The index of `queryset` (one query: three columns of every row)."""
        columns = ("pk", f"{prefix}latitude", f"{prefix}longitude")
        return cls(queryset.order_by(*then).values_list(*columns).iterator(chunk_size=5000))

    @property
    def weight(self):
        """Roughly its size in bytes, for a process's copies (`kept_here`)."""
        return 512 + 120 * self.count

    def ids(self, origin, stop):
        """The `stop` nearest rows' primary keys from `origin` (latitude, longitude)."""
        latitude, longitude = origin
        squeezed = squeeze(latitude)  # as `proximity` computes it, in the same floating point
        distances = [
            (lat - latitude) * (lat - latitude) + (lon - longitude) * (lon - longitude) * squeezed
            for lat, lon in self.points
        ]
        taken, last = [], None
        for point in sorted(range(len(distances)), key=distances.__getitem__):
            distance = distances[point]
            if len(taken) >= stop and distance != last:
                break  # a tie with the last point taken would still belong to the page
            taken.extend((distance, rank, pk) for rank, pk in self.rows[point])
            last = distance
        taken.sort()
        ids = [pk for _distance, _rank, pk in taken]
        return (ids + self.unplaced[: max(0, stop - len(ids))])[:stop]

    def from_point(self, origin):
        """Ids for a paginator, nearest first from `origin`."""
        return NearestIndexIds(self, origin)


class NearestIndexIds:
    """A `NearestIndex` from one position, for a paginator: its count, and its pages."""

    ordered = True  # for Django's Paginator: the order is the index's

    def __init__(self, index, origin):
        self.index, self.origin = index, origin

    def count(self):
        return self.index.count

    def __len__(self):
        return self.index.count

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.stop is None or index.step:
            return self.index.ids(self.origin, self.index.count)[index]
        start, stop = index.start or 0, min(index.stop, self.index.count)
        return self.index.ids(self.origin, stop)[start:]


class NearestFirstIds:
    """The primary keys of a queryset that `Place.nearest_first` ordered, for a paginator
    (with its count, when known). From a position, a page [start:stop] is read among the
    rows within `NEAR_RADII_KM` of the origin (a latitude/longitude box the index narrows,
    then sorted): when the `stop` nearest of them are all inside the circle, they are the
    `stop` nearest of all, since every row outside the box is farther. Only when fewer rows
    lie that close, or the rows are few (`SORT_ALL_BELOW`), are all the rows sorted by their
    distance. Same rows, same order as slicing the whole sorted list; one query for a page
    near a town."""

    ordered = True  # for Django's Paginator: the order is the queryset's

    def __init__(self, place, queryset, prefix="", count=None):
        self.place, self.queryset, self.prefix = place, queryset, prefix
        self.counted = count

    def count(self):
        if self.counted is None:
            self.counted = self.queryset.count()
        return self.counted

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.stop is None or index.step:
            return ids_only(self.queryset)[index]
        start, stop = index.start or 0, index.stop
        few = self.counted is not None and self.counted < SORT_ALL_BELOW
        for radius in () if few or self.place.origin is None else NEAR_RADII_KM:
            box, inside = self.place.around(radius, self.prefix)
            rows = list(self.queryset.filter(box).values_list("pk", "proximity")[:stop])
            if len(rows) == stop and rows[-1][1] <= inside:
                return [pk for pk, _proximity in rows[start:stop]]
        # Lazy: the page's rows are then read with these ids as a subquery (one query).
        return ids_only(self.queryset)[start:stop]
