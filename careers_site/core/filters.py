"""Filters read from the URL (shareable, bookmarkable, no JavaScript needed), declared once
per list.

A list's filters are one `FilterDeclaration`: its `Param`s say each parameter's French name,
its type and allowed values, the `Q` it makes over the list's rows (`where`), how the page
names it in « Élargir la recherche : retirer … » and how the API documents it. From that one
declaration come:

- the page's reading of a query string (`read()`: whatever the URL holds, never an error,
  junk values dropped) and the API's (`read(strict=True)`: an unknown parameter or a bad value
  raises `InvalidParam` with a French message, which the API answers as a 400);
- the `Q` of each filter in use (`conditions()`), hence the list, its facets and its counts;
- the links that keep the filters (`url_values()`, `query_string()`);
- the page cache's allowed parameters (`page_cache_params`, `free_text_params`) and the
  canonical form of a query string (`canonical()`), the same for every spelling of one search;
- the API's parameters and OpenAPI schema (read by `careers_site.opendata.api`).

django-filter's `FilterSet` was weighed (STYLE habit 23): it validates through a Django form
that either accepts or rejects, whereas the page must drop junk silently and the API must name
it in French; the facets need each filter's `Q` on its own; the cache key needs one canonical
spelling. Those are this module's work either way, so the declaration stays ours, small."""

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.http import QueryDict

from careers_site.core.geo import Departement
from careers_site.core.text import clean_query

PAGE = "page"
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,140}")
PAGE_NUMBER = re.compile(r"\+?0*([0-9]{1,6})")
TRUE, FALSE = ("1", "true"), ("0", "false")
# More values of one parameter than any form sends: the rest is not read.
MAX_VALUES = 20


class InvalidParam(ValueError):
    """A parameter the strict reading (the API's) refuses; the message is French, for the
    person who sent it."""


def quoted(value):
    """What was sent, quoted back harmlessly: short, no markup, no control character."""
    return re.sub(r"[^\w .,:+-]", "?", str(value)[:60])


def french_number(number):
    return f"{number:g}".replace(".", ",")


@dataclass(frozen=True)
class Param:
    """One query parameter of a list.

    `kind` is `slug` (a lower-case slug), `choice` (one of `choices`, typed as they are: an
    int choice reads as an int), `flag` (1/true or 0/false), `number` (a finite decimal within
    `bounds`, rounded to three places) or `text` (free text, trimmed and cut to `max_length`).
    `where(value)` is the `Q` the filter makes over the list's rows; a parameter without one
    does not filter (a position only orders). `free_text`: typed by a visitor, so the page
    cache keeps it seconds only."""

    name: str
    description: str
    kind: str = "slug"
    choices: tuple = ()
    many: bool = False
    bounds: tuple = ()
    max_length: int = 120
    relax_label: str = ""
    where: Callable | None = None
    free_text: bool = False

    def clean(self, raw):
        """The typed value of one raw string, or `InvalidParam`."""
        shown = quoted(raw)
        if self.kind == "slug":
            if not SLUG.fullmatch(raw):
                raise InvalidParam(
                    f"« {self.name} » attend un slug (lettres sans accent, chiffres et tirets), "
                    f"pas « {shown} »."
                )
            return raw.lower()
        if self.kind == "choice":
            for choice in self.choices:
                if raw == str(choice):
                    return choice
            allowed = ", ".join(str(choice) for choice in self.choices)
            raise InvalidParam(
                f"Valeur inconnue pour « {self.name} » : « {shown} ». "
                f"Valeurs possibles : {allowed}."
            )
        if self.kind == "flag":
            if raw not in TRUE + FALSE:
                raise InvalidParam(f"« {self.name} » vaut 1 (oui) ou 0 (non), pas « {shown} ».")
            return raw in TRUE
        if self.kind == "number":
            try:
                number = float(raw.replace(",", "."))
            except ValueError:
                number = math.nan
            low, high = self.bounds
            if not (math.isfinite(number) and low <= number <= high):
                raise InvalidParam(
                    f"« {self.name} » attend un nombre entre {french_number(low)} et "
                    f"{french_number(high)}, pas « {shown} »."
                )
            return round(number, 3)
        return clean_query(raw)[: self.max_length]  # text: never refused

    def read(self, params, strict=False):
        """The value the query string gives (a list when `many`), or None when it gives
        none. Lenient, a bad value is dropped; strict, it raises `InvalidParam`."""
        raws = params.getlist(self.name)[:MAX_VALUES]
        if strict and len(raws) > 1 and not self.many:
            raise InvalidParam(f"Le paramètre « {self.name} » ne peut être donné qu'une fois.")
        values = []
        for raw in raws:
            try:
                values.append(self.clean(raw))
            except InvalidParam:
                if strict:
                    raise
        if self.many:
            if self.choices:  # in the order of the choices, each once
                return [choice for choice in self.choices if choice in values] or None
            return list(dict.fromkeys(values)) or None
        values = [value for value in values if value not in ("", None)]
        return values[-1] if values else None  # the last, as `QueryDict.get`

    def as_url(self, value):
        """The value as the URL writes it ("" or a list; None leaves it out)."""
        if not in_use(value):
            return ""
        if self.many:
            return [str(item) for item in value]
        return "1" if value is True else str(value)


DEPARTEMENT = "departement"


def departement_param(path):
    """The département filter every list of the region has: one of the twelve codes, the rows
    whose `path` (« departement », « institute__departement ») holds it."""
    return Param(
        DEPARTEMENT,
        "Code du département (INSEE), par exemple 63",
        "choice",
        choices=tuple(Departement.values),
        relax_label="le département",
        where=lambda code: Q(**{path: code}),
    )


class FilterDeclaration:
    """The parameters of one list, declared once (see the module's doc). `pairs`: parameters
    that only count together (a latitude needs its longitude)."""

    def __init__(self, *params, pairs=()):
        self.params = params
        self.by_name = {param.name: param for param in params}
        self.pairs = pairs

    def __iter__(self):
        return iter(self.params)

    def extended(self, *params):
        """This declaration and more parameters (the API's own, such as a period)."""
        return FilterDeclaration(*self.params, *params, pairs=self.pairs)

    @property
    def names(self):
        return tuple(self.by_name)

    @property
    def filter_names(self):
        """The parameters that filter (each has a `where`), in declaration order."""
        return tuple(param.name for param in self.params if param.where is not None)

    @property
    def free_text_params(self):
        return tuple(param.name for param in self.params if param.free_text)

    @property
    def page_cache_params(self):
        """What the page reads and the page cache keys on: every parameter and the page
        number (the free-text ones are kept seconds only: `free_text_params`)."""
        return (*self.names, PAGE)

    @property
    def relax_labels(self):
        return {param.name: param.relax_label for param in self.params if param.where}

    def read(self, params, strict=False, also_allowed=()):
        """{name: value} of the parameters the query string gives. Lenient (a page), junk is
        dropped and a pair missing a half is dropped whole; strict (the API), an unknown
        parameter (not declared nor in `also_allowed`), a bad value or half a pair raises
        `InvalidParam`."""
        if strict:
            unknown = [name for name in params if name not in self.by_name]
            unknown = [name for name in unknown if name not in also_allowed]
            if unknown:
                accepted = ", ".join((*self.names, *also_allowed)) or "aucun"
                raise InvalidParam(
                    f"Paramètre inconnu : « {quoted(unknown[0])} ». "
                    f"Paramètres acceptés ici : {accepted}."
                )
        values = {}
        for param in self.params:
            value = param.read(params, strict=strict)
            if value is not None:
                values[param.name] = value
        for pair in self.pairs:
            given = [name for name in pair if name in values]
            if given and len(given) < len(pair):
                if strict:
                    names = " et ".join(f"« {name} »" for name in pair)
                    raise InvalidParam(f"{names} se donnent ensemble.")
                for name in given:
                    del values[name]
        return values

    def conditions(self, values):
        """{filter name: Q} of the filters in use (a flag at 0 is not in use)."""
        return {
            param.name: param.where(values[param.name])
            for param in self.params
            if param.where is not None and in_use(values.get(param.name))
        }

    def url_values(self, values):
        """{name: value as the URL writes it} for every parameter."""
        return {param.name: param.as_url(values.get(param.name)) for param in self.params}

    def canonical(self, params):
        """The query string's parameters this list reads, validated, in one spelling:
        [(name, value)] in declaration order then the page, junk values and unknown names
        dropped, a page number written as a plain number (`page=0001`, `page=+1`, `page=1`
        and no page are one page: the first, written as nothing). Two query strings that give
        the same page give the same list."""
        pairs = []
        for name, value in self.url_values(self.read(params)).items():
            if isinstance(value, list):
                pairs += [(name, item) for item in value]
            elif value != "":
                pairs.append((name, value))
        page = canonical_page(params.get(PAGE))
        if page:
            pairs.append((PAGE, page))
        return pairs

    def canonical_query_string(self, params):
        return query_string(dict_of_pairs(self.canonical(params)))


def in_use(value):
    """A value that filters: given, and not a flag at 0 (0 itself may be a choice)."""
    return value is not None and value is not False and value != "" and value != []


def canonical_page(raw):
    """A page number as one spelling: "" for the first page or junk, "last" kept (Django's
    paginator reads it)."""
    raw = (raw or "").strip()
    if raw == "last":
        return raw
    match = PAGE_NUMBER.fullmatch(raw)
    if not match or int(match.group(1)) < 2:
        return ""
    return str(int(match.group(1)))


def dict_of_pairs(pairs):
    values = {}
    for name, value in pairs:
        values.setdefault(name, []).append(value)
    return values


def query_string(values, **changes):
    """`values` ({parameter: value or list}) as a query string, with some parameters changed;
    None or "" leaves a parameter out."""
    params = QueryDict(mutable=True)
    for name, value in {**values, **changes}.items():
        if isinstance(value, list):
            params.setlist(name, value)
        elif value not in (None, ""):
            params[name] = str(value)
    return params.urlencode()


class UrlFilters:
    """The filters a list page was asked for: `declaration` (a `FilterDeclaration`, given by
    the subclass) read over a query string. `values` is {name: typed value} of what was
    asked."""

    declaration = FilterDeclaration()

    def __init__(self, values=None):
        self.values = dict(values or {})

    @classmethod
    def from_params(cls, params):
        """Whatever the URL holds, never an error: unknown values are ignored."""
        return cls(cls.declaration.read(params))

    @classmethod
    def of(cls, declaration, params):
        """The filters of `declaration` read from `params`, for a list that needs no class
        of its own."""
        filters = cls(declaration.read(params))
        filters.declaration = declaration
        return filters

    def __eq__(self, other):
        return type(self) is type(other) and self.values == other.values

    def conditions(self):
        """{name: Q} of the filters in use, run by the database."""
        return self.declaration.conditions(self.values)

    @property
    def active(self):
        """The filters in use, by URL name."""
        return list(self.conditions())

    def url_values(self):
        return self.declaration.url_values(self.values)

    @property
    def key(self):
        """The filters in use in one spelling, made of validated values only (a position or a
        typed commune only orders, so is not in it): what figures counted under these
        filters may be kept under (`careers_site.platform.cache.kept_until_change`)."""
        url = self.url_values()
        return query_string({name: url[name] for name in self.active})

    def all_except(self, excluded=None):
        """Every filter in use but `excluded`, as one Q: what a facet or « without this
        filter » counts under."""
        combined = Q()
        for name, condition in self.conditions().items():
            if name != excluded:
                combined &= condition
        return combined

    def querystring(self, **changes):
        """This search as a query string, with some parameters changed (None removes)."""
        return query_string(self.url_values(), **changes)

    def relax_suggestions(self, count_without):
        """For each filter in use: what removing it gives (label, link, number of results,
        from `count_without(name)`)."""
        labels = self.declaration.relax_labels
        return [
            {
                "label": labels[name],
                "url": "?" + self.querystring(**{name: None}),
                "count": count_without(name),
            }
            for name in self.active
        ]
