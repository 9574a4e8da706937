"""The region's communes (Etalab, Licence Ouverte 2.0) and how the site places a visitor.

`fixtures/communes-auvergne-rhone-alpes.csv` was extracted once from the npm package
`@etalab/decoupage-administratif`; it is loaded by a data migration and can be reloaded with
`manage.py load_communes`. That data set has no coordinates: the town hall's position of each
commune comes from the DILA's Annuaire de l'administration (Licence Ouverte 2.0), extracted
once into `fixtures/communes-auvergne-rhone-alpes-mairies.csv` (its header says how). A typed
commune with a position orders institutes and offers by distance in km, like the browser's
location; without one, by département (same, then neighbours, from the small static table
below, then the rest)."""

import csv
import math
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db.models import Case, IntegerField, Value, When

from careers_site.core.text import normalise

COMMUNES_CSV = Path(settings.BASE_DIR) / "fixtures" / "communes-auvergne-rhone-alpes.csv"
TOWN_HALLS_CSV = Path(settings.BASE_DIR) / "fixtures" / "communes-auvergne-rhone-alpes-mairies.csv"
SUGGESTIONS = 8

# Départements of the region that share a border (the région's outside neighbours are left
# out: the site lists no offer there).
NEIGHBOURS = {
    "01": ("38", "69", "73", "74"),
    "03": ("42", "63"),
    "07": ("26", "38", "42", "43"),
    "15": ("43", "63"),
    "26": ("07", "38"),
    "38": ("01", "07", "26", "42", "69", "73"),
    "42": ("03", "07", "38", "43", "63", "69"),
    "43": ("07", "15", "42", "63"),
    "63": ("03", "15", "42", "43"),
    "69": ("01", "38", "42"),
    "73": ("01", "38", "74"),
    "74": ("01", "73"),
}


def read_communes(path=COMMUNES_CSV):
    with open(path, encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(lines):
            yield {
                "insee_code": row["code_insee"],
                "name": row["nom"],
                "search_name": normalise(row["nom"]),
                "departement": row["departement"],
                "postcodes": f" {row['codes_postaux'].strip()} ",
                "population": int(row["population"]) if row["population"] else None,
            }


def load_communes(commune_model, path=COMMUNES_CSV):
    """Create or update every commune of the file (idempotent); returns (created, updated).
    Takes the model as an argument so that a data migration can pass its historical one."""
    existing = {c.insee_code: c for c in commune_model.objects.all()}
    created, updated = [], []
    for values in read_communes(path):
        commune = existing.get(values["insee_code"])
        if commune is None:
            created.append(commune_model(**values))
            continue
        if any(getattr(commune, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(commune, name, value)
            updated.append(commune)
    commune_model.objects.bulk_create(created, batch_size=500)
    fields = ["name", "search_name", "departement", "postcodes", "population"]
    commune_model.objects.bulk_update(updated, fields, batch_size=500)
    return len(created), len(updated)


def read_town_halls(path=TOWN_HALLS_CSV):
    """{INSEE code: (latitude, longitude)} of the town halls, as Decimals."""
    with open(path, encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return {
            row["code_insee"]: (Decimal(row["latitude"]), Decimal(row["longitude"]))
            for row in csv.DictReader(lines)
        }


def load_commune_coordinates(commune_model, path=TOWN_HALLS_CSV):
    """Give each commune its town hall's position (idempotent); returns how many changed.
    Takes the model as an argument so that a data migration can pass its historical one."""
    positions = read_town_halls(path)
    changed = []
    for commune in commune_model.objects.all():
        latitude, longitude = positions.get(commune.insee_code, (None, None))
        if (commune.latitude, commune.longitude) != (latitude, longitude):
            commune.latitude, commune.longitude = latitude, longitude
            changed.append(commune)
    commune_model.objects.bulk_update(changed, ["latitude", "longitude"], batch_size=500)
    return len(changed)


# How people shorten the words of commune names.
ABBREVIATIONS = {"st": "saint", "ste": "sainte"}


def listed_words(typed):
    """The normalised words of what was typed, as the region's list spells them: « st
    flour » is « saint flour » (whole words only: « saint priest » stays as it is)."""
    return [ABBREVIATIONS.get(word, word) for word in normalise(typed).split()]


def find_communes(commune_model, typed, limit=SUGGESTIONS):
    """Communes matching what the visitor typed: a name or its beginning, a postcode, or a
    suggestion as the site shows it (« Saint-Flour (15100) », « Lyon (69) »); the exact name
    first, then the most populated. One query."""
    words = listed_words(typed)
    if not words:
        return []
    if "".join(words).isdigit():
        digits = "".join(words)
        if len(digits) < 2:
            return []
        queryset = commune_model.objects.filter(postcodes__contains=f" {digits[:5]}")
        return list(queryset.order_by("-population", "name")[:limit])
    suffix = words.pop() if len(words) > 1 and words[-1].isdigit() else ""
    name = " ".join(words)
    queryset = commune_model.objects.filter(search_name__startswith=name)
    if len(suffix) == 5:
        queryset = queryset.filter(postcodes__contains=f" {suffix} ")
    elif suffix in NEIGHBOURS:
        queryset = queryset.filter(departement=suffix)
    exact = Case(
        When(search_name=name, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return list(queryset.annotate(exact=exact).order_by("exact", "-population", "name")[:limit])


def haversine_km(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = map(math.radians, map(float, (lat1, lon1, lat2, lon2)))
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(a))
