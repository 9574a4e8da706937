"""What the trainings app makes searchable (registered from `TrainingsConfig.ready()`):
diplomas, institutes, financial aids, the entry routes, and the direct answer to a commune or
a postcode of the region (the nearest institutes and the professions taught there)."""

from urllib.parse import urlencode

from django.urls import reverse

from careers_site.core.search.service import (
    INTENT_TEMPLATE,
    Answer,
    Searchable,
    intent,
    register,
    register_answer,
    register_kept_phrases,
)
from careers_site.core.text import normalise
from careers_site.platform.cache import kept_here, kept_search_words
from professions.models import Profession

from .communes import find_communes, listed_words
from .filters import COMMUNE, DIPLOMA, MODALITY
from .models import Commune, Diploma, FinancialAid, Institute, Modality, TrainingOffer
from .places import Place
from .routes import entry_routes

PLACE_INSTITUTES = 6
# Professions named under them (then « et d'autres » and the link to every training nearby).
PLACE_PROFESSIONS = 12
# Words that begin many commune names but name no place on their own.
NOT_A_PLACE = frozenset({"saint", "sainte", "st", "ste", "le", "la", "les", "mont", "val"})
# What a kept list of communes or institutes weighs in this process's copies, roughly.
ROW_BYTES = 2048


def _commune_names():
    names = frozenset(Commune.objects.values_list("search_name", flat=True).order_by())
    # « le puy », « clermont »: the first whole words of a longer name.
    beginnings = frozenset(
        name[:index] for name in names for index, char in enumerate(name) if char == " "
    )
    return names, beginnings


def commune_names():
    """The normalised names of the region's communes and their first whole words, kept in
    each process until the next change (one query then; a commune load starts one)."""
    return kept_here(
        "search-commune-names",
        _commune_names,
        scheduled=False,
        weight=lambda value: sum(len(name) for names in value for name in names),
    )


def kept_for_a_commune(phrase, name, build):
    """The search's groups for a query that is exactly the name of one of the region's
    communes (`register_kept_phrases`): kept in each process until the next change under
    that name (one of a closed list), else None."""
    names, _beginnings = commune_names()
    if phrase not in names:
        return None
    return kept_here(
        f"search-groups:{name}",
        build,
        weight=lambda groups: ROW_BYTES * (1 + sum(len(group[1]) for group in groups)),
    )


def _typed_place(query):
    return " ".join(listed_words(query))


def looks_like_a_place(query):
    """A postcode of five digits, a commune's name or its first whole words (« le puy »,
    « clermont »)."""
    typed = _typed_place(query)
    if typed.isdigit():
        return len(typed) == 5
    if len(typed) < 3 or typed in NOT_A_PLACE:
        return False
    names, beginnings = commune_names()
    if typed in names:
        return True
    # Not a short word that only begins a longer name (« ars » is the agency, not
    # Ars-sur-Formans).
    if len(typed) < 5 and " " not in typed:
        return False
    return typed in beginnings


def communes_named(query):
    """`find_communes` for a search: a commune's name, or its first words, as the region's
    list spells them is kept until the next change under that name (a key made of a
    validated value, never of the words typed); anything else (a postcode) is looked up."""
    typed = _typed_place(query)
    names, beginnings = commune_names()
    if typed in names or typed in beginnings:
        return kept_here(
            f"search-communes:{typed.replace(' ', '-')}",
            lambda: find_communes(Commune, typed),
            scheduled=False,
            weight=lambda communes: ROW_BYTES * (1 + len(communes)),
        )
    return find_communes(Commune, query)


def nearest_institutes(commune, limit=PLACE_INSTITUTES):
    """The published institutes nearest a commune, in the order of « Où se former » near it
    (`Place.nearest_first`: by km from the town hall, else by tier), each with its
    `distance_km` or the words shown instead (`proximity_label`)."""
    place = Place(commune=commune)
    published = Institute.objects.published().only(
        "name", "slug", "commune", "postcode", "departement", "latitude", "longitude"
    )
    institutes = list(place.nearest_first(published)[:limit])
    for institute in institutes:
        institute.distance_km = place.distance_km(institute)
        institute.proximity_label = place.label(institute)
    return institutes


def institutes_and_professions_near(commune):
    """The institutes nearest `commune` and the professions their offers lead to (one more
    than shown, to say there are more)."""
    institutes = nearest_institutes(commune)
    offers = TrainingOffer.objects.public().filter(institute__in=[i.pk for i in institutes])
    professions = list(
        Profession.objects.published()
        .filter(diplomas__offers__in=offers)
        .distinct()
        .order_by("title_masculine")
        .only("title_masculine", "title_feminine", "slug")[: PLACE_PROFESSIONS + 1]
    )
    return institutes, professions


def place_answer(query, terms):
    if not looks_like_a_place(query):
        return None
    communes = communes_named(query)
    if not communes:
        if normalise(query).isdigit():  # a postcode, but not one of the region
            return {"outside": query, "offers_url": reverse("trainings:offer_list")}
        return None
    # « clermont »: the exact name (Clermont, 74) or a longer one (Clermont-Ferrand), the
    # most populated of them, which is what most people mean.
    commune = max(communes, key=lambda c: c.population or 0)
    # The same for everyone who types this commune: kept until the next change, by the
    # commune's row (never by the words typed).
    institutes, professions = kept_here(
        f"search-place:{commune.pk}",
        lambda: institutes_and_professions_near(commune),
        weight=lambda value: ROW_BYTES * (1 + sum(len(rows) for rows in value)),
    )
    return {
        # Nothing typed shows in it: its HTML is kept by the commune's row (search.html).
        "kept": f"place-{commune.pk}",
        "commune": commune,
        "institutes": institutes,
        "professions": professions[:PLACE_PROFESSIONS],
        "more_professions": len(professions) > PLACE_PROFESSIONS,
        "offers_url": f"{reverse('trainings:offer_list')}?{urlencode({COMMUNE: commune.label})}",
        "aids_url": reverse("trainings:aid_list"),
    }


# A school's kind, as people name it → what it stands for and the diploma it prepares.
SCHOOL_KINDS = {
    "ifsi": ("IFSI", "institut de formation en soins infirmiers", "DEI"),
    "ifas": ("IFAS", "institut de formation d'aides-soignants", "DEAS"),
    "ifap": ("IFAP", "institut de formation d'auxiliaires de puériculture", "DEAP"),
    "ifa": ("IFA", "institut de formation d'ambulanciers", "DEA"),
    "ifmk": ("IFMK", "institut de formation en masso-kinésithérapie", "DEMK"),
}
SCHOOLS_SHOWN = 12
CPF = dict.fromkeys(["cpf", "compte personnel de formation", "mon compte formation"])
# Facts: the CPF rule (Code du travail, art. L.6323-6, as Mon Compte Formation explains it).
MON_COMPTE_FORMATION_URL = "https://www.moncompteformation.gouv.fr/"


def school_kind_answer(kind):
    acronym, meaning, diploma_acronym = kind
    diploma = Diploma.objects.published().filter(acronym=diploma_acronym).first()
    answer = {
        "kind": "Type d'établissement",
        "heading": f"{acronym}\u00a0: {meaning}",
        "items": [],
        "links": [],
    }
    if diploma is None:
        answer["reason"] = f"Un {acronym} est un {meaning}."
        answer["empty"] = "Le diplôme qu'on y prépare n'est pas encore présenté sur le site."
        return answer
    offers = TrainingOffer.objects.public().filter(diploma=diploma)
    institutes = list(
        Institute.objects.published()
        .filter(pk__in=offers.values("institute"))
        .only("name", "slug", "commune", "departement")
        .order_by("name", "pk")[:SCHOOLS_SHOWN]
    )
    offers_url = f"{reverse('trainings:offer_list')}?{urlencode({DIPLOMA: diploma.slug})}"
    answer.update(
        reason=f"Un {acronym} prépare au {diploma.name}. Voici les établissements de la "
        "région qui le proposent.",
        items=[
            {
                "title": institute.name,
                "url": institute.get_absolute_url(),
                "meta": f"{institute.commune} · {institute.get_departement_display()}",
            }
            for institute in institutes
        ],
        empty="Aucun établissement présenté ici ne propose encore ce diplôme.",
        links=[
            (f"Toutes les formations au {diploma.name}, au plus près de chez vous", offers_url),
            (f"Le {diploma.name}", diploma.get_absolute_url()),
        ],
    )
    return answer


def cpf_answer(_key):
    continuing = f"{reverse('trainings:offer_list')}?{urlencode({MODALITY: Modality.CONTINUING})}"
    return {
        "kind": "Sujet\u00a0: financer sa formation",
        "heading": "Le compte personnel de formation (CPF)",
        "reason": "Le CPF s'utilise sur la plateforme officielle Mon Compte Formation. Il peut "
        "payer une formation qui prépare une certification inscrite au RNCP (ou l'un de ses "
        "blocs de compétences), une VAE ou un bilan de compétences, quand l'organisme de "
        "formation est habilité et déclaré. Qu'une formation de la région y soit proposée, "
        "c'est sur Mon Compte Formation qu'on le vérifie.",
        "items": [],
        "empty": "",
        "links": [
            ("Mon Compte Formation, le service officiel", MON_COMPTE_FORMATION_URL),
            ("Les aides pour financer sa formation", reverse("trainings:aid_list")),
            ("Les formations ouvertes en formation continue", continuing),
        ],
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
            words=lambda: kept_search_words(Diploma),
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
            words=lambda: kept_search_words(Institute),
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
            # Kept until the next change or the next scheduled publication.
            items=lambda: kept_here(
                "search-aids",
                lambda: list(FinancialAid.objects.published().select_related("provider")),
                weight=lambda aids: ROW_BYTES * (1 + len(aids)),
            ),
            models=(FinancialAid,),
            describe=lambda a: ([a.name], [], f"{a.summary} {a.provider_phrase}".strip()),
            topic="aides financieres financement financer bourses argent payer",
            order=50,
        )
    )
    register_answer(Answer(name="place", template="search/place-answer.html", find=place_answer))
    register_kept_phrases(kept_for_a_commune)
    register_answer(
        Answer(
            name="school-kind",
            template=INTENT_TEMPLATE,
            find=intent(SCHOOL_KINDS, school_kind_answer),
            order=10,
        )
    )
    register_answer(
        Answer(name="cpf", template=INTENT_TEMPLATE, find=intent(CPF, cpf_answer), order=50)
    )
