"""Pages of long lists: a count the filters already made, and a narrow sort.

- `CountedPagesMixin`: a list view whose filters counted the matching rows with their facets
  gives that number to the paginator, which then runs no COUNT(*) of its own.
- `ids_only` then `page_rows`: a list sorted on its related tables' columns (offers by diploma
  and place) is sorted and sliced as ids, then the page's rows are read whole. Sorting
  thousands of wide joined rows costs far more than reading twenty or fifty rows again (the
  PostgreSQL plans are in docs/developers.md, « Performance »)."""


class CountedPagesMixin:
    """For a ListView: `matching_count()` is the number of rows the page's filters let
    through, already counted."""

    def matching_count(self):
        raise NotImplementedError

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.count = self.matching_count()
        return paginator


def ids_only(queryset):
    """The queryset's primary keys, in its order: what is sorted and sliced."""
    return queryset.prefetch_related(None).values_list("pk", flat=True)


def page_rows(queryset, page_ids):
    """The rows of `page_ids` (a page of `ids_only(queryset)`), read whole, in the
    queryset's own order (which sorted the ids)."""
    return queryset.filter(pk__in=page_ids)
