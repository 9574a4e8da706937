"""Visit reports for staff: per event, per campaign and per page, with totals per week.

What belongs to an event: the visits that came with one of its sources (its dedicated /s/
links: the QR codes of its kit), plus the visits of its own page. A campaign adds up its own
sources, its page, and those of its events."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, Sum
from django.db.models.functions import TruncWeek

from careers_site.toolkit.models import ShortLink, ShortLinkKind, VisitCount


def sources_of(objects):
    """Sources of the dedicated links of these objects (one query)."""
    if not objects:
        return []
    condition = Q()
    for obj in objects:
        condition |= Q(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
    return sorted(
        set(
            ShortLink.objects.filter(condition, kind=ShortLinkKind.SOURCE).values_list(
                "source", flat=True
            )
        )
    )


def selection_for_event(event):
    sources = sources_of([event])
    return sources, [event.get_absolute_url()]


def selection_for_campaign(campaign):
    events = list(campaign.events.all())
    sources = sources_of([campaign, *events])
    return sources, [campaign.get_absolute_url(), *(e.get_absolute_url() for e in events)]


def selection_for_many(events, campaigns):
    """The sources and pages of several events and campaigns together (an organisation's)."""
    sources = sources_of([*events, *campaigns])
    paths = [obj.get_absolute_url() for obj in [*events, *campaigns]]
    return sources, paths


def visits(sources=(), paths=()):
    """The visits that came with one of `sources` or went to one of `paths`; all of them when
    both are empty."""
    queryset = VisitCount.objects.all()
    if sources or paths:
        queryset = queryset.filter(Q(source__in=sources) | Q(path__in=paths))
    return queryset


def report(queryset):
    """Totals: overall, per week (Monday), per source and per page."""
    total = queryset.aggregate(total=Sum("count"))["total"] or 0
    weeks = list(
        queryset.annotate(week=TruncWeek("day"))
        .values("week")
        .annotate(total=Sum("count"))
        .order_by("-week")
    )
    by_source = list(
        queryset.values("source").annotate(total=Sum("count")).order_by("-total", "source")[:50]
    )
    by_page = list(
        queryset.values("path").annotate(total=Sum("count")).order_by("-total", "path")[:50]
    )
    return {"total": total, "weeks": weeks, "by_source": by_source, "by_page": by_page}
