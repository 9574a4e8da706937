"""Every public page makes the same number of queries on a tiny and on a larger data set, the
number pinned in QUERIES: nothing queries per item. The data comes from
`generate_large_dataset` (bulk_create), at a size that keeps the test fast; the benchmark uses
the full size."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from careers_site.platform.cache import bump_content_version

pytestmark = pytest.mark.django_db

TINY = {
    "professions": 3,
    "diplomas": 2,
    "institutes": 3,
    "offers": 6,
    "aids": 2,
    "campaigns": 2,
    "videos": 4,
    "testimonials": 3,
    "events": 3,
}
LARGE = {
    "professions": 80,
    "diplomas": 12,
    "institutes": 150,
    "offers": 700,
    "aids": 5,
    "campaigns": 4,
    "videos": 60,
    "testimonials": 50,
    "events": 150,
}

# Every public page and its number of queries, whatever the size of the data (the site
# settings and partners already in the cache, the page cache off), on the first visit after
# a change: nothing kept until the next change (`kept_until_change`) is kept yet.
# A page with parts kept until the next change reads, once per change, when that is (the
# page cache reads it too, for the page, in production).
KEPT = 1
QUERIES = {
    "/": 4 + KEPT,
    "/metiers/": 3 + KEPT,
    # twenty offers at most, counted in one GROUP BY, with their Parcoursup figures; its
    # campaigns; its ROME fiches (none linked here)
    "/metiers/genere-metier-1/": 12 + KEPT,
    "/metiers/genere-metier-1/fiche/": 5,
    # What a search keeps until the next change: the words of the four stored groups, the
    # aids, the partners, the communes' names (7); then the only group whose words hold
    # « metier »: the generated jobs (named: the ROME's job titles are not searched).
    "/recherche/?q=metier": 7 + KEPT + 1,
    # No group's words hold it: none is asked; the words of the ROME's job titles, and the
    # professions offered instead.
    "/recherche/?q=introuvable": 7 + KEPT + 2,
    "/formations/": 4 + KEPT,
    "/formations/diplomes/": 1,
    # With its aids; twenty offers at most, counted by département in one GROUP BY, and
    # their Parcoursup figures.
    "/formations/diplomes/genere-diplome-1/": 6 + KEPT,
    "/formations/etablissements/": 3,
    "/formations/etablissements/genere-institut-1/": 3 + KEPT,  # + the offers' Parcoursup figures
    "/aides/": 1,
    "/aides/genere-aide-1/": 3,  # with its diplomas
    "/campagnes/": 1,
    "/campagnes/genere-campagne-1/": 8,
    "/campagnes/genere-campagne-1/kit-salon/": 4,
    "/videos/": 2,
    "/videos/genere-video-1/": 4 + KEPT,
    "/agenda/": 4,
    "/agenda/genere-evenement-1/": 2,
    "/agenda/genere-evenement-1/kit-salon/": 4,
    "/affiche/m/genere-metier-1/": 2,
    "/affiche/e/genere-evenement-1/": 2,
    "/plan-du-site/": 6,
    "/est-ce-pour-moi/": 1 + KEPT,  # the questions
    # Generated jobs have no position on the situations and no ROME fiche: none is placed,
    # all are counted (the questions, the fiches, the jobs' small rows).
    "/est-ce-pour-moi/resultat/?toilette=oui&nuit=non&etudes=oui": 3 + KEPT,
    "/est-ce-pour-moi/resultat/": 8 + KEPT,  # the first ten A to Z, three with their next steps
    "/sitemap.xml": 14,
}
PAGES = list(QUERIES)


def generate(sizes):
    call_command("generate_large_dataset", force=True, stdout=io.StringIO(), **sizes)


def query_counts(client):
    counts = {}
    for path in PAGES:
        client.get(path)  # the site settings and partners reach the cache
        bump_content_version()  # as after a change
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[path] = len(queries)
    return counts


def test_query_counts_do_not_grow_with_the_data(client):
    generate(TINY)
    tiny = query_counts(client)
    generate(LARGE)
    large = query_counts(client)
    grown = {path: (tiny[path], large[path]) for path in PAGES if tiny[path] != large[path]}
    assert not grown, f"pages whose query count grows with the data (tiny, large): {grown}"
    assert {p: (large[p], QUERIES[p]) for p in PAGES if large[p] != QUERIES[p]} == {}


def test_generated_data_is_spread_and_obviously_generated():
    from trainings.models import Institute, TrainingOffer

    generate(TINY | {"institutes": 24, "offers": 40})
    assert Institute.objects.filter(name__startswith="Institut de formation n° ").count() == 24
    assert Institute.objects.values("departement").distinct().count() == 12
    assert not Institute.objects.filter(latitude__isnull=True).exists()
    assert TrainingOffer.objects.count() == 40
    generate(TINY)  # running again replaces the generated rows
    assert Institute.objects.count() == 3


def test_refuses_without_debug_unless_forced(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("generate_large_dataset", professions=1)
