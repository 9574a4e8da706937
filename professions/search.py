"""What the professions app makes searchable (registered from `ProfessionsConfig.ready()`)."""

from careers_site.core.search.service import Searchable, register

from .models import Profession

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
