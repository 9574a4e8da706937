"""What the professions app makes searchable (registered from `ProfessionsConfig.ready()`):
the professions, and the job titles of the ROME (France Travail) as a direct answer, so that a
real job is recognised: a title of a presented profession leads to it, a job not presented
here says so and points to France Travail's and ONISEP's pages."""

from urllib.parse import quote

from django.db.models import Q

from careers_site.core.search.engine import contains_all
from careers_site.core.search.service import Answer, Searchable, register, register_answer
from careers_site.core.search.text import normalise

from .models import Profession, RomeAppellation

# ONISEP, the national reference on professions and courses: its search for the word typed.
ONISEP_SEARCH_URL = "https://www.onisep.fr/recherche?context=metier&text={query}"
# The grand domaines of the ROME whose job titles the search knows: J (santé) and K
# (services à la personne et à la collectivité); plus any fiche linked to a profession.
CARE_DOMAINS = ("J", "K")
# Job titles read to choose the one the visitor meant (the closest first).
APPELLATIONS_READ = 30
CLOSEST_SHOWN = 3


def published_for_search():
    return Profession.objects.published().only(
        "title_masculine",
        "title_feminine",
        "slug",
        "other_names",
        "tagline",
        "recruiting",
        "sector",
        "entry_level",
    )


def care_appellations():
    """The ROME job titles of health, care and social work."""
    domains = Q()
    for letter in CARE_DOMAINS:
        domains |= Q(rome_code__code__startswith=letter)
    linked = Q(rome_code__professions__isnull=False)
    return RomeAppellation.objects.filter(domains | linked).distinct()


def _closeness(appellation, phrase):
    """Lower is closer: a gender of the title is exactly what was typed, then the phrase in it
    as whole words, then shorter titles (« Orthoptiste » before « Orthoptiste rééducateur… »)."""
    genders = [normalise(part) for part in appellation.label.split("/")]
    if phrase in genders:
        rank = 0
    elif f" {phrase} " in appellation.search_title:
        rank = 1
    else:
        rank = 2
    return (rank, appellation.rarely_used, len(appellation.label), appellation.code_ogr)


def rome_answer(query, terms):
    """A ROME job title matching the query: its profession on this site, or the official
    family of a job the site does not present, with the closest presented professions. None
    when no title matches, or when a profession already answers by its own name."""
    if not any(char.isalpha() for char in query):
        return None  # a postcode is no job
    appellations = list(
        care_appellations()
        .filter(contains_all("search_title", terms))
        .select_related("rome_code")
        .order_by("pk")[:APPELLATIONS_READ]
    )
    if not appellations:
        return None
    published = Profession.objects.published()
    if published.filter(contains_all("search_title", terms)).exists():
        return None  # « infirmier », « AES »: the professions group answers by name
    phrase = normalise(query)
    best = min(appellations, key=lambda appellation: _closeness(appellation, phrase))
    fiche = best.rome_code
    professions = list(published.filter(rome_codes=fiche).order_by("title_masculine"))
    answer = {"query": query, "appellation": best, "fiche": fiche, "professions": professions}
    if professions:
        return answer
    # The same domaine professionnel (J14: rééducation), else the same grand domaine.
    closest = list(
        published.filter(rome_codes__code__startswith=fiche.code[:3])
        .distinct()
        .order_by("title_masculine")[:CLOSEST_SHOWN]
    ) or list(
        published.filter(rome_codes__code__startswith=fiche.code[:1])
        .distinct()
        .order_by("title_masculine")[:CLOSEST_SHOWN]
    )
    answer.update(
        closest=closest,
        france_travail_url=fiche.official_url,
        onisep_url=ONISEP_SEARCH_URL.format(query=quote(best.label.split("/")[0].strip())),
    )
    return answer


def rome_vocabulary():
    return list(care_appellations().values_list("search_title", flat=True))


def register_searchables():
    register(
        Searchable(
            name="professions",
            anchor="metiers",
            heading="Métiers",
            noun="métier",
            plural="métiers",
            template="search/profession-result.html",
            queryset=published_for_search,
            describe=lambda p: (
                [p.title_masculine, p.title_feminine],
                p.other_names_list,
                p.tagline,
            ),
            title=lambda p: p.title,
            order=10,
            is_main=True,
            elsewhere_url=ONISEP_SEARCH_URL,
            elsewhere_label="ONISEP",
        )
    )
    register_answer(
        Answer(
            name="rome_job",
            template="search/rome-answer.html",
            find=rome_answer,
            order=20,
            vocabulary=rome_vocabulary,
        )
    )
