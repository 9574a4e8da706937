"""Filters read from the URL (shareable, bookmarkable, no JavaScript needed): how a list's
filters write themselves back into links, and what to suggest when nothing matches."""

from django.db.models import Q
from django.http import QueryDict


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
    """For the filters of a list page. Subclasses give `url_values()` (the parameters of the
    search as the URL writes them), `active` (the names of the filters in use),
    `conditions()` ({name: Q} of the filters in use, run by the database) and `RELAX_LABELS`
    (how to name each filter in « Élargir la recherche : retirer … »)."""

    RELAX_LABELS = {}

    def url_values(self):
        raise NotImplementedError

    def conditions(self):
        raise NotImplementedError

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
        return [
            {
                "label": self.RELAX_LABELS[name],
                "url": "?" + self.querystring(**{name: None}),
                "count": count_without(name),
            }
            for name in self.active
        ]
