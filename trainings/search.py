"""What the trainings app makes searchable (registered from `TrainingsConfig.ready()`):
diplomas, institutes, financial aids, the entry routes, and the direct answer to a commune or
a postcode of the region (the nearest institutes and the professions taught there)."""

from urllib.parse import urlencode

from django.core.cache import cache
from django.db import connection
from django.db.models import IntegerField, Value
from django.urls import reverse

from careers_site.core.search.service import Answer, Searchable, register, register_answer
from careers_site.core.search.text import normalise
from professions.models import Profession

from .communes import find_communes
from .filters import COMMUNE
from .models import Commune, Diploma, FinancialAid, Institute, TrainingOffer
from .places import TIER_LABELS, commune_tier, commune_tiers
from .routes import entry_routes

PLACE_INSTITUTES = 6
# Professions named under them (then « et d'autres » and the link to every training nearby).
PLACE_PROFESSIONS = 12
COMMUNE_NAMES_KEY = "search-commune-names"
COMMUNE_NAMES_TIMEOUT = 60 * 60 * 24
# Words that begin many commune names but name no place on their own.
NOT_A_PLACE = frozenset({"saint", "sainte", "st", "ste", "le", "la", "les", "mont", "val"})


def commune_names():
    """The normalised names of the region's communes (cached; one query a day)."""
    names = cache.get(COMMUNE_NAMES_KEY)
    if names is None:
        names = frozenset(Commune.objects.values_list("search_name", flat=True))
        cache.set(COMMUNE_NAMES_KEY, names, COMMUNE_NAMES_TIMEOUT)
    return names


def looks_like_a_place(query):
    """A postcode of five digits, a commune's name or its first whole words (« le puy »,
    « clermont »)."""
    typed = normalise(query).replace("st ", "saint ").replace("ste ", "sainte ")
    if typed.isdigit():
        return len(typed) == 5
    if len(typed) < 3 or typed in NOT_A_PLACE:
        return False
    names = commune_names()
    if typed in names:
        return True
    # The first words of a longer name: « le puy », « clermont »; not a short word that
    # only begins one (« ars » is the agency, not Ars-sur-Formans).
    if len(typed) < 5 and " " not in typed:
        return False
    return any(name.startswith(typed + " ") for name in names)


def nearest_institutes(commune, limit=PLACE_INSTITUTES):
    """The published institutes nearest a commune, by the tiers of « Où se former » near a
    commune (`places.commune_tiers`: in it, in its département, in the neighbouring ones,
    elsewhere); within a tier by département, town and name."""
    published = Institute.objects.published().only(
        "name", "slug", "commune", "postcode", "departement"
    )
    ordering = ("departement", "commune", "name", "pk")
    if connection.features.supports_slicing_ordering_in_compound:
        # PostgreSQL: the first `limit` rows of each tier, each read off an index (département,
        # town and name), so a few dozen rows are read, not thousands.
        first, *others = [
            published.filter(where)
            .annotate(proximity_tier=Value(tier, output_field=IntegerField()))
            .order_by(*ordering)[:limit]
            for tier, where in commune_tiers(commune)
        ]
        candidates = first.union(*others, all=True)
        institutes = sorted(
            candidates,
            key=lambda i: (i.proximity_tier, i.departement, i.commune, i.name, i.pk),
        )[:limit]
    else:
        # SQLite (the embedded default, small data): one ordered query.
        tier = commune_tier(commune)
        institutes = list(
            published.annotate(proximity_tier=tier).order_by("proximity_tier", *ordering)[:limit]
        )
    for institute in institutes:
        institute.proximity_label = TIER_LABELS[institute.proximity_tier]
    return institutes


def place_answer(query, terms):
    if not looks_like_a_place(query):
        return None
    communes = find_communes(Commune, query)
    if not communes:
        if normalise(query).isdigit():  # a postcode, but not one of the region
            return {"outside": query, "offers_url": reverse("trainings:offer_list")}
        return None
    # « clermont »: the exact name (Clermont, 74) or a longer one (Clermont-Ferrand), the
    # most populated of them, which is what most people mean.
    commune = max(communes, key=lambda c: c.population or 0)
    institutes = nearest_institutes(commune)
    offers = TrainingOffer.objects.public().filter(institute__in=[i.pk for i in institutes])
    professions = list(
        Profession.objects.published()
        .filter(diplomas__offers__in=offers)
        .distinct()
        .order_by("title_masculine")
        .only("title_masculine", "title_feminine", "slug")[: PLACE_PROFESSIONS + 1]
    )
    return {
        "commune": commune,
        "institutes": institutes,
        "professions": professions[:PLACE_PROFESSIONS],
        "more_professions": len(professions) > PLACE_PROFESSIONS,
        "offers_url": f"{reverse('trainings:offer_list')}?{urlencode({COMMUNE: commune.label})}",
        "aids_url": reverse("trainings:aid_list"),
    }


def register_searchables():
    register(
        Searchable(
            name="diplomas",
            anchor="diplomes",
            heading="Diplômes",
            noun="diplôme",
            plural="diplômes",
            template="search/diploma-result.html",
            queryset=Diploma.objects.published,
            describe=lambda d: ([d.name], [d.acronym], d.summary),
            order=20,
        )
    )
    register(
        Searchable(
            name="institutes",
            anchor="etablissements",
            heading="Établissements de formation",
            noun="établissement",
            plural="établissements",
            template="search/institute-result.html",
            # What describe() and the card read: not the imported source columns.
            queryset=lambda: Institute.objects.published().only(
                "name", "acronym", "slug", "commune", "departement"
            ),
            describe=lambda i: ([i.name], [i.acronym], i.commune),
            order=30,
            name_match_answers=False,
        )
    )
    register(
        Searchable(
            name="routes",
            anchor="voies",
            heading="Voies d'accès",
            noun="voie d'accès",
            plural="voies d'accès",
            template="search/route-result.html",
            items=entry_routes,
            cache_items=False,
            describe=lambda r: ([r.name], list(r.other_names), r.summary),
            order=40,
        )
    )
    register(
        Searchable(
            name="aids",
            anchor="aides",
            heading="Aides financières",
            noun="aide",
            plural="aides",
            template="search/aid-result.html",
            items=lambda: FinancialAid.objects.published().select_related("provider"),
            models=(FinancialAid,),
            describe=lambda a: ([a.name], [], f"{a.summary} Versée par {a.provider}."),
            topic="aides financieres financement financer bourses argent payer",
            order=50,
        )
    )
    register_answer(Answer(name="place", template="search/place-answer.html", find=place_answer))
