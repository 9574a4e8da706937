"""What the professions app makes searchable (registered from `ProfessionsConfig.ready()`):
the professions; the job titles of the ROME (France Travail) as a direct answer, so that a
real job is recognised: a title of a presented profession leads to it, a job not presented
here says so and points to France Travail's and ONISEP's pages; and the queries that name a
kind of profession rather than one: a condition of work (« nuit », « week-end », « à
domicile »), an entry level (« sans bac »), the salary."""

from urllib.parse import quote, urlencode

from django.db.models import Q
from django.urls import reverse

from careers_site.core.search.engine import contains_all
from careers_site.core.search.service import (
    INTENT_TEMPLATE,
    Answer,
    Searchable,
    intent,
    register,
    register_answer,
)
from careers_site.core.search.text import matches, mentions, normalise
from careers_site.core.templatetags.french import euros
from careers_site.platform.cache import kept_search_words

from .filters import LEVEL, option_conditions
from .models import EntryLevel, Profession, RomeAppellation

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


# Words that say nothing of a job beside an intent: « travailler la nuit », « métier sans bac ».
INTENT_FILLERS = {"a", "au", "de", "des", "du", "en", "l", "la", "le", "les", "un", "une"}
INTENT_FILLERS |= {"travail", "travailler", "metier", "metiers", "quel", "quels"}


def only_an_intent(query):
    """True when the query names an intent (a condition of work, « sans bac », the salary)
    and nothing else that could be a job title."""
    for phrases in (WORK_CONDITIONS, NO_BAC, SALARY):
        phrase = mentions(query, phrases)
        if phrase is not None:
            left = set(normalise(query).split()) - set(normalise(phrase).split())
            if left <= INTENT_FILLERS:
                return True
    return False


def rome_answer(query, terms):
    """A ROME job title matching the query: its profession on this site, or the official
    family of a job the site does not present, with the closest presented professions. None
    when no title matches. Not asked when a profession already answers by its own name
    (`when_main_unnamed`)."""
    if not any(char.isalpha() for char in query):
        return None  # a postcode is no job
    if only_an_intent(query):
        # « nuit » is a condition of work (its own answer), not « Veilleur de nuit », a job
        # the site does not present; « veilleur de nuit » still names that job.
        return None
    if not matches(terms, kept_search_words(RomeAppellation, "search_title")):
        return None  # a word of no job title (a town): nothing to ask the database
    appellations = list(
        care_appellations()
        .filter(contains_all("search_title", terms))
        .select_related("rome_code")
        .order_by("pk")[:APPELLATIONS_READ]
    )
    if not appellations:
        return None
    published = Profession.objects.published()
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


# Professions named in an answer (then the link to the whole list).
INTENT_PROFESSIONS = 12

# What people type → the heading and the ROME work contexts (France Travail's own labels)
# that say so.
NIGHTS = ("Les métiers où l'on travaille la nuit", ("Travail de nuit",))
WEEKENDS = (
    "Les métiers où l'on travaille le week-end",
    ("Travail les week-ends et jours fériés",),
)
HOMES = ("Les métiers où l'on travaille chez les personnes", ("Au domicile d'un particulier",))
WORK_CONDITIONS = {
    "nuit": NIGHTS,
    "week-end": WEEKENDS,
    "weekend": WEEKENDS,
    "jours feries": WEEKENDS,
    "domicile": HOMES,
}
NO_BAC = dict.fromkeys(["sans bac", "sans le bac", "pas de bac", "sans baccalaureat"])
SALARY = dict.fromkeys(["salaire", "remuneration", "combien gagne", "paye"])


def _profession_items(professions, meta=lambda p: ""):
    return [{"title": p.title, "url": p.get_absolute_url(), "meta": meta(p)} for p in professions]


def professions_with_work_context(labels):
    """The published professions whose linked ROME fiches list one of these work contexts
    (`ProfessionQuerySet.with_work_context`, the ROME import's own rule)."""
    published = Profession.objects.published()
    found = published.with_work_context(labels[0])
    for label in labels[1:]:
        found = found | published.with_work_context(label)
    return found


def work_condition_answer(condition):
    heading, labels = condition
    professions = list(
        professions_with_work_context(labels).order_by("title_masculine")[:INTENT_PROFESSIONS]
    )
    named = " ou ".join(f"«\u00a0{label}\u00a0»" for label in labels)
    return {
        "kind": "Conditions de travail",
        "heading": heading,
        "reason": "Ces métiers sont ceux dont la fiche du ROME de France Travail, liée au "
        f"métier, cite le contexte de travail {named}.",
        "items": _profession_items(professions),
        "empty": "Les fiches du ROME liées aux métiers présentés ici ne citent encore ce "
        "contexte pour aucun d'eux. Chaque fiche métier décrit ses conditions de travail.",
        "links": [("Tous les métiers présentés", reverse("professions:list"))],
    }


def no_bac_answer(_key):
    # The rule of the professions list's filter « Avec un CAP ou un BEP » (or without diploma).
    professions = list(
        Profession.objects.published()
        .filter(option_conditions()[(LEVEL, EntryLevel.CAP)])
        .order_by("entry_level", "title_masculine")[:INTENT_PROFESSIONS]
    )
    list_url = f"{reverse('professions:list')}?{urlencode({LEVEL: EntryLevel.CAP.value})}"
    return {
        "kind": "Niveau d'entrée",
        "heading": "Les métiers qui s'apprennent sans le bac",
        "reason": "Leur formation s'ouvre sans diplôme ou avec un CAP ou un BEP, d'après le "
        "niveau d'entrée sourcé de chaque fiche métier.",
        "items": _profession_items(professions, lambda p: p.get_entry_level_display()),
        "empty": "Aucun métier présenté ici n'a encore de niveau d'entrée sourcé qui "
        "s'ouvre sans le bac.",
        "links": [("Les métiers accessibles sans le bac, avec leurs filtres", list_url)],
    }


def salary_answer(_key):
    professions = list(
        Profession.objects.published()
        .filter(starting_salary__isnull=False)
        .order_by("title_masculine")[:INTENT_PROFESSIONS]
    )
    return {
        "kind": "Sujet\u00a0: le salaire",
        "heading": "Le salaire de début des métiers",
        "reason": "Voici le salaire de début de chaque métier qui en a un de publié, brut par "
        "mois, tel que sa source le donne (la source est détaillée sur la fiche du métier).",
        "items": _profession_items(
            professions,
            lambda p: f"{euros(p.starting_salary)} brut par mois (source\u00a0: {p.salary_source})",
        ),
        "empty": "Aucun salaire sourcé n'est encore publié sur les fiches métiers.",
        "links": [("Comparer les métiers", reverse("professions:compare"))],
    }


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
            words=lambda: kept_search_words(Profession),
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
            # « infirmier », « AES »: the professions group answers by name.
            when_main_unnamed=True,
        )
    )
    register_answer(
        Answer(
            name="work-condition",
            template=INTENT_TEMPLATE,
            find=intent(WORK_CONDITIONS, work_condition_answer),
            order=20,
        )
    )
    register_answer(
        Answer(
            name="entry-level",
            template=INTENT_TEMPLATE,
            find=intent(NO_BAC, no_bac_answer),
            order=30,
        )
    )
    register_answer(
        Answer(
            name="salary", template=INTENT_TEMPLATE, find=intent(SALARY, salary_answer), order=40
        )
    )
