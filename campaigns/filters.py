"""The filters of the agenda (the events page and the API's events), declared once
(`careers_site.core.filters`)."""

from django.db.models import Q

from careers_site.core.filters import FilterDeclaration, Param
from careers_site.core.geo import Departement
from professions.models import Profession

DEPARTEMENT, PROFESSION = "departement", "metier"

EVENT_FILTERS = FilterDeclaration(
    Param(
        DEPARTEMENT,
        "Code du département (INSEE), par exemple 63",
        "choice",
        choices=tuple(Departement.values),
        relax_label="le département",
        where=lambda code: Q(departement=code),
    ),
    Param(
        PROFESSION,
        "Slug d'un métier : les événements qui le concernent",
        relax_label="le métier",
        where=lambda slug: Q(professions__in=Profession.objects.published().filter(slug=slug)),
    ),
)
