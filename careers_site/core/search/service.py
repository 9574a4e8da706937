"""The site search as one service: `search(query)` gives grouped, ranked results; the search
page only renders them.

Core knows no app. Each app declares, from its `AppConfig.ready()`, what it makes searchable:

- `register(Searchable(...))`: a kind of content shown as a group of results. Either
  *stored* (`queryset`): the model keeps the normalised `search_title`/`search_text` columns
  and the database narrows (see `engine.find`), whatever the number of rows; or *listed*
  (`items`): a short list (aids, partners, entry routes) matched in Python, which the app
  keeps until the next change (`careers_site.platform.cache.kept_here`). A listed group is
  read whole on every search: what may grow to hundreds of rows (events, institutes) must be
  stored. A stored group may also give `words()`, every row's search document in one string
  kept by the app: a query with a term it lacks matches no row, and the database is not
  asked (most searches name one kind of thing: « aide soignante » asks for no event,
  « Clermont-Ferrand » for no profession). Core keeps nothing itself but the vocabulary of
  typos, forgotten when a searchable row is saved (a stored one, or one of a listed group's
  `models`).
- `register_answer(Answer(...))`: a direct answer placed above the groups when the query is
  of its kind (a commune or a postcode leads to the nearest institutes). A query that names a
  kind of thing rather than a thing (« IFSI », « nuit », « sans bac », « salaire ») is an
  `intent`: one template, `search/intent-answer.html`, that says which kind and why.
  Answers are looked for after the groups; one marked `when_main_unnamed` only when the main
  group (the professions) matched nothing by name.
- `register_kept_phrases(keep)`: an app that knows a closed list of names people type whole
  (the region's communes) keeps the groups found for each of them: `keep(phrase, name,
  build)` returns `build()`'s value kept under `name` (the normalised phrase, one word), or
  None for a phrase not in its list. Such a search is the same for everyone who types it,
  whatever the spelling: its results (`SearchResults.kept`) and their HTML are kept until
  the next change, under a name from the app's list, never under what was typed.

The matching rule is `text.matches` / `text.term_pattern` (the same in SQL and in Python);
ranking is `engine.rank`; typos are `engine.correct` on the vocabulary of every name.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from django.db.models.signals import post_delete, post_save

from careers_site.core.search import engine
from careers_site.core.search.text import highlight, matches, mentions, query_terms
from careers_site.core.text import clean_query, normalise

# Results shown per group on the search page; « voir plus » shows one group alone, up to
# `engine.MAX_RESULTS`. A bounded page whatever the number of rows that match.
SHOWN_PER_GROUP = 6


@dataclass(frozen=True)
class Searchable:
    """One kind of content the search shows as a group.

    `describe(obj)` gives (titles, other names, text): titles and other names rank first and
    are highlighted; `title(obj)` the title shown (default: the first title). `stored`
    groups give `queryset()` (rows with `search_title`/`search_text`); listed groups give
    `items()` (a short list, kept by the app) and `models`, whose saves change the
    vocabulary of typos."""

    name: str  # the name of the result list in the page context
    anchor: str  # the group's HTML id
    heading: str
    noun: str  # « 1 métier »
    plural: str  # « 2 métiers »
    template: str  # renders one result; receives `obj` and `hit`
    describe: Callable
    queryset: Callable | None = None
    # Stored groups: every row's `search_text` (drafts included) in one string, or None.
    words: Callable | None = None
    items: Callable | None = None
    models: tuple = ()
    title: Callable | None = None
    order: int = 100
    # The group of the things people come for (professions): when none matches by name,
    # the page says « pas encore présenté ici » and links to `elsewhere_url` for that word.
    is_main: bool = False
    # A match by name here means the query was about this kind of thing (« VAE » is a
    # route), so the main group's silence is no « not covered ». False for institutes,
    # whose names hold profession words (« soins infirmiers »).
    name_match_answers: bool = True
    # Words naming the whole group (« financement » for the aids): a query made only of
    # them lists every item of a listed group.
    topic: str = ""
    elsewhere_url: str = ""
    elsewhere_label: str = ""

    @property
    def stored(self):
        return self.queryset is not None


@dataclass(frozen=True)
class Answer:
    """A direct answer: `find(query, terms)` returns a context dict for `template`, or None
    when the query is not of its kind. A dict holding `kept` (a name made of validated
    values, such as a commune's primary key) is an answer the same for everyone who gets
    it, nothing typed in it: its HTML is kept until the next change under that name."""

    name: str
    template: str
    find: Callable
    order: int = 100
    # Normalised names the answer knows (job titles of the ROME): words of the vocabulary
    # that typos are corrected into, so that a typo of a real job is not « corrected » into
    # another job of the site. Read only when the cached vocabulary is missing.
    vocabulary: Callable | None = None
    # Asked only when the main group matched nothing by name: « infirmier » is answered by
    # its profession, so the ROME's job titles are not searched for it.
    when_main_unnamed: bool = False


INTENT_TEMPLATE = "search/intent-answer.html"


def intent(phrases, build):
    """An `Answer.find` for a query naming a kind of thing: when the query holds one of
    `phrases` (a dict: what people type → a key) as whole words, `build(key)` gives the
    answer, a dict of `kind` (« Type d'établissement »), `heading`, `reason` (why these
    results), `items` ([{title, url, meta}]), `empty` (said when there are no items) and
    `links` ([(label, url)]). No query unless the query is of that kind."""

    def find(query, terms):
        phrase = mentions(query, phrases)
        if phrase is None:
            return None
        answer = build(phrases[phrase])
        # The section's id, unique when a query names two kinds (« IFSI de nuit »).
        answer.setdefault("key", normalise(phrase).replace(" ", "-"))
        return answer

    return find


_searchables: dict[str, Searchable] = {}
_answers: dict[str, Answer] = {}
_keepers: list[Callable] = []


def register(searchable):
    _searchables[searchable.name] = searchable
    for model in searchable.models:
        uid = f"search-{searchable.name}-{model._meta.label}"
        post_save.connect(_invalidate_receiver, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_invalidate_receiver, sender=model, dispatch_uid=f"{uid}-delete")


def register_answer(answer):
    _answers[answer.name] = answer


def register_kept_phrases(keep):
    if keep not in _keepers:
        _keepers.append(keep)


def searchables():
    return sorted(_searchables.values(), key=lambda s: s.order)


def answers():
    return sorted(_answers.values(), key=lambda a: a.order)


def invalidate():
    """Forget the vocabulary (a searchable row changed)."""
    engine.invalidate_vocabulary()


def _invalidate_receiver(sender, **kwargs):
    invalidate()


# --- Results ----------------------------------------------------------------------------


@dataclass
class Group:
    searchable: Searchable
    hits: list
    truncated: bool = False
    by_topic: bool = False  # the query named the whole group (« financement »)

    @property
    def anchor(self):
        return self.searchable.anchor

    @property
    def heading(self):
        return self.searchable.heading

    @property
    def template(self):
        return self.searchable.template

    @property
    def count_label(self):
        count = f"plus de {len(self.hits)}" if self.truncated else str(len(self.hits))
        noun = self.searchable.plural if len(self.hits) > 1 else self.searchable.noun
        return f"{count} {noun}"

    @property
    def matched_by_name(self):
        return self.by_topic or any(hit.rank <= 3 for hit in self.hits)


@dataclass
class SearchResults:
    query: str
    terms: list
    groups: list = field(default_factory=list)  # every group, in order, even empty ones
    answers: list = field(default_factory=list)  # [(template, context)]
    did_you_mean: str = ""
    not_covered: Searchable | None = None  # the main group matched nothing by name
    only: Searchable | None = None  # one group asked for alone (« voir plus »)
    kept: str | None = None  # the name the groups are kept under (`register_kept_phrases`)

    @property
    def searched(self):
        """The query whose results are shown (the corrected one after « Vouliez-vous dire »)."""
        return self.did_you_mean or self.query

    @property
    def truncated(self):
        return any(group.truncated for group in self.groups)

    @property
    def total(self):
        """The number of results in the groups (a direct answer is not counted)."""
        return sum(len(group.hits) for group in self.groups)

    @property
    def too_short(self):
        return bool(self.query) and not self.terms

    @property
    def found(self):
        return [group for group in self.groups if group.hits]

    def objects(self, name):
        for group in self.groups:
            if group.searchable.name == name:
                return [hit.obj for hit in group.hits]
        return []

    @property
    def elsewhere_url(self):
        if not self.not_covered or not self.not_covered.elsewhere_url:
            return ""
        return self.not_covered.elsewhere_url.format(query=quote(self.query))


def _listed_items(searchable):
    return list(searchable.items())


def _hit(searchable, obj, query, terms):
    titles, aliases, text = searchable.describe(obj)
    titles = [title for title in titles if title]
    aliases = [alias for alias in aliases if alias]
    hit = engine.Hit(obj=obj, rank=engine.rank(terms, query, titles, aliases))
    title = searchable.title(obj) if searchable.title else titles[0]
    hit.title = highlight(title[:1].upper() + title[1:], terms)
    # Other names explain a result whose title does not show the words typed.
    if not any(matches(terms, normalise(title)) for title in titles):
        hit.other_names = engine.matching_aliases(terms, aliases)[:2]
    hit.text = highlight(text, terms) if text else ""
    obj.search_hit = hit
    return hit


def _find(searchable, query, terms, limit):
    by_topic = bool(searchable.topic) and matches(terms, normalise(searchable.topic))
    if searchable.stored:
        queryset = searchable.queryset()
        if by_topic:
            rows = list(queryset[: limit + 1])
        elif searchable.words is not None and not matches(terms, searchable.words()):
            rows = []  # a term no row holds: nothing to ask the database
        else:
            rows = engine.find(queryset, terms, limit, phrase=normalise(query))
    else:
        items = _listed_items(searchable)
        if by_topic:
            rows = items
        else:
            rows = [
                obj for obj in items if matches(terms, normalise(" ".join(_words(searchable, obj))))
            ]
    hits = [_hit(searchable, obj, query, terms) for obj in rows[:limit]]
    truncated = len(rows) > limit
    return Group(searchable, engine.rank_hits(hits), truncated, by_topic=by_topic and bool(hits))


def _words(searchable, obj):
    titles, aliases, text = searchable.describe(obj)
    return [str(part) for part in (*titles, *aliases, text) if part]


def _run(query, terms, only=None):
    if only:
        return [_find(only, query, terms, engine.MAX_RESULTS)]
    return [_find(searchable, query, terms, SHOWN_PER_GROUP) for searchable in searchables()]


def _kept_run(query, terms):
    """(name, groups): the groups kept under the query's normalised phrase when an app
    keeps results for it (`register_kept_phrases`), else (None, the groups found now)."""
    phrase = normalise(query)
    name = phrase.replace(" ", "-")  # a key of one word

    def build():  # what can be kept: the group's name, not its Searchable (functions)
        return [(g.searchable.name, g.hits, g.truncated, g.by_topic) for g in _run(query, terms)]

    for keep in _keepers:
        kept = keep(phrase, name, build)
        if kept is not None:
            return name, [Group(_searchables[group], *rest) for group, *rest in kept]
    return None, _run(query, terms)


def _listed_names():
    names = []
    for searchable in searchables():
        if not searchable.stored:
            for obj in _listed_items(searchable):
                titles, aliases, _text = searchable.describe(obj)
                names.extend(normalise(name) for name in (*titles, *aliases) if name)
    return names


def _extra_names():
    names = _listed_names()
    for answer in answers():
        if answer.vocabulary:
            names.extend(answer.vocabulary())
    return names


def _vocabulary():
    querysets = [s.queryset() for s in searchables() if s.stored]
    # The listed groups and the answers' names are read only when the cached vocabulary is
    # missing.
    return engine.vocabulary(querysets, extra_names=_extra_names)


def _find_answers(results, query, terms, groups):
    main_named = any(group.searchable.is_main and group.matched_by_name for group in groups)
    for answer in answers():
        if answer.when_main_unnamed and main_named:
            continue
        found = answer.find(query, terms)
        if found:
            results.answers.append((answer.template, found))


def search(raw_query, group=""):
    """Everything the search page shows for what the visitor typed: at most
    `SHOWN_PER_GROUP` results per group, or, when `group` is a group's anchor (« voir
    plus »), that group alone with up to `engine.MAX_RESULTS`."""
    query = clean_query(raw_query)
    terms = query_terms(query)
    only = next((s for s in searchables() if group and s.anchor == group), None)
    results = SearchResults(query=query, terms=terms, only=only)
    if not terms:
        return results
    if only:
        results.groups = _run(query, terms, only)
    else:
        results.kept, results.groups = _kept_run(query, terms)
        _find_answers(results, query, terms, results.groups)
    if not results.total and not results.answers:
        corrected = engine.correct(terms, _vocabulary())
        if corrected:
            corrected_query = " ".join(corrected)
            groups = _run(corrected_query, corrected, only)
            if not only:
                _find_answers(results, corrected_query, corrected, groups)
            # A suggestion is offered only when it finds something.
            if results.answers or any(group.hits for group in groups):
                results.did_you_mean = corrected_query
                results.groups, results.kept = groups, None
    results.not_covered = _not_covered(results)
    return results


def _not_covered(results):
    """The main group (professions) when the query names none of them, and nothing else was
    found by its name either: the page says so and points to the national reference."""
    main = next((g for g in results.groups if g.searchable.is_main), None)
    if main is None or main.matched_by_name or results.answers:
        return None
    if not any(char.isalpha() for char in results.query):  # a number is no profession
        return None
    others = [g for g in results.groups if g is not main and g.matched_by_name]
    if any(g.searchable.name_match_answers for g in others):
        return None
    if others and not main.hits:
        return None
    return main.searchable
