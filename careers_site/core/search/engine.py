"""The site search: the database narrows, Python ranks.

Professions, diplomas, institutes and events store two normalised documents (see
`careers_site.core.search.text.search_document`), filled on save:

- `search_title`: the names a visitor may type (titles, other names, acronyms);
- `search_text`: those names plus the rest of what is searched (tagline, commune…).

A query becomes normalised terms; the database keeps the rows whose `search_text` contains
every term (`__contains`, the same SQL meaning on SQLite and PostgreSQL; on PostgreSQL a GIN
trigram index serves it, see `trigram_indexes`), the rows matching in their names first, and
returns a few more than the page shows (`limit + 1`, never more than `MAX_RESULTS + 1`), so
the cost does not grow with the number of rows that match. Python then ranks that short list
(exact name, then title, then other name, then text) and highlights the matched words.

Typos: when a query finds nothing, each unknown term is replaced by the closest word of the
vocabulary (every word of the published names, cached until one of them is saved), and the
page offers « Vouliez-vous dire … ? » with the results of the corrected query.
"""

import difflib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import migrations
from django.db.models import Case, IntegerField, Q, Value, When

from careers_site.core.search.text import highlight, matches, term_pattern
from careers_site.core.text import normalise

MAX_RESULTS = 50
VOCABULARY_CACHE_KEY = "search-vocabulary"
VOCABULARY_TIMEOUT = 60 * 60 * 24
# difflib ratio: « soigante » → « soignante » is 0.94, « radio » → « radium » 0.73.
TYPO_CUTOFF = 0.78


def invalidate_vocabulary():
    cache.delete(VOCABULARY_CACHE_KEY)


def contains_all(field_name, terms):
    condition = Q()
    for term in terms:
        condition &= Q(**{f"{field_name}__contains": term_pattern(term)})
    return condition


def find(queryset, terms, limit=MAX_RESULTS, phrase=""):
    """At most `limit + 1` rows of `queryset` matching every term: those whose names hold the
    normalised query `phrase` as whole words first (so that an exact name is among the few
    rows kept), then those matching in their names, then the others, each in the queryset's
    own order (one query)."""
    if not terms:
        return []
    ordering = queryset.query.order_by or queryset.model._meta.ordering
    whole_phrase = [When(search_title__contains=f" {phrase} ", then=Value(0))] if phrase else []
    return list(
        queryset.filter(contains_all("search_text", terms))
        .annotate(
            search_rank=Case(
                *whole_phrase,
                When(contains_all("search_title", terms), then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("search_rank", *ordering, "pk")[: limit + 1]
    )


@dataclass
class Hit:
    """One result: the object, its rank (lower is better) and its highlighted texts."""

    obj: object
    rank: int
    title: str = ""
    other_names: list = field(default_factory=list)
    text: str = ""


def rank(terms, query, titles, aliases):
    """0: the query is exactly a title or another name; 1: every term in one title; 2: in one
    other name; 3: in the names taken together; 4: elsewhere in the text."""
    exact = normalise(query)
    titles = [normalise(title) for title in titles if title]
    aliases = [normalise(alias) for alias in aliases if alias]
    if exact in titles or exact in aliases:
        return 0
    if any(matches(terms, title) for title in titles):
        return 1
    if any(matches(terms, alias) for alias in aliases):
        return 2
    if matches(terms, " ".join(titles + aliases)):
        return 3
    return 4


def rank_hits(hits):
    # sorted() is stable: equal ranks keep the database order.
    return sorted(hits, key=lambda hit: hit.rank)


def matching_aliases(terms, aliases):
    """The other names worth showing under a result: those that match a term."""
    return [
        highlight(alias, terms)
        for alias in aliases
        if any(matches([term], normalise(alias)) for term in terms)
    ]


def vocabulary(querysets, extra_names=list):
    """Every word of the published names, from the cache or in one query (a UNION);
    `extra_names()` gives normalised names known without a query (the listed groups), called
    only when the cache has no vocabulary."""
    words = cache.get(VOCABULARY_CACHE_KEY)
    if words is None:
        first, *others = [qs.values_list("search_title", flat=True) for qs in querysets]
        union = first.order_by().union(*(qs.order_by() for qs in others), all=True)
        titles = [*union, *extra_names()]
        words = sorted({word for title in titles for word in title.split() if len(word) > 1})
        cache.set(VOCABULARY_CACHE_KEY, words, VOCABULARY_TIMEOUT)
    return words


def is_known(term, words):
    return any(matches([term], word) for word in words)


def correct(terms, words):
    """The terms with each unknown one replaced by its closest known word, or None when
    nothing could be corrected."""
    corrected, changed = [], False
    for term in terms:
        if len(term) < 3 or is_known(term, words):
            corrected.append(term)
            continue
        close = difflib.get_close_matches(term, words, n=1, cutoff=TYPO_CUTOFF)
        if close:
            corrected.append(close[0])
            changed = True
        else:
            corrected.append(term)
    return corrected if changed else None


def trigram_indexes(table, columns):
    """A migration operation adding GIN trigram indexes on PostgreSQL only (they serve
    `LIKE '%…%'`, hence `__contains`); on SQLite it does nothing, so migrations run there too."""

    def index_name(column):
        return f"{table}_{column}_trgm"

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in columns:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{index_name(column)}" '
                f'ON "{table}" USING gin ("{column}" gin_trgm_ops)'
            )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for column in columns:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{index_name(column)}"')

    return migrations.RunPython(forwards, backwards, elidable=False)
