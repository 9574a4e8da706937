"""The filters of the agenda (the events page and the API's events), declared once
(`careers_site.core.filters`)."""

from django.db.models import Q

from careers_site.core.filters import FilterDeclaration, Param, departement_param
from professions.models import Profession

PROFESSION = "metier"

EVENT_FILTERS = FilterDeclaration(
    departement_param("departement"),
    Param(
        PROFESSION,
        "Slug d'un métier : les événements qui le concernent",
        relax_label="le métier",
        where=lambda slug: Q(professions__in=Profession.objects.published().filter(slug=slug)),
    ),
)
