"""What the professions app makes searchable (registered from `ProfessionsConfig.ready()`):
the professions, and the queries that name a kind of profession rather than one: a condition
of work (« nuit », « week-end », « à domicile »), an entry level (« sans bac »), the salary."""

from urllib.parse import urlencode

from django.urls import reverse

from careers_site.core.search.service import (
    INTENT_TEMPLATE,
    Answer,
    Searchable,
    intent,
    register,
    register_answer,
)
from careers_site.core.templatetags.french import euros

from .filters import LEVEL, option_conditions
from .models import EntryLevel, Profession

# ONISEP, the national reference on professions and courses: its search for the word typed.
ONISEP_SEARCH_URL = "https://www.onisep.fr/recherche?context=metier&text={query}"


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
    """The published professions whose linked ROME fiches list one of these work contexts:
    `ProfessionQuerySet.with_work_context(label)`, from the ROME import (issue 24). Until
    that import is merged, no profession is known to have any context."""
    published = Profession.objects.published()
    if not hasattr(published, "with_work_context"):
        return Profession.objects.none()
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
