"""An agenda event as an iCalendar file; careers_site/core/ics.py, the project's one .ics
writer, writes it."""

from django.utils import timezone

from careers_site.core import ics
from careers_site.core.richtext import html_to_text


def event_lines(event, url, host):
    start = timezone.localtime(event.starts_at)
    if (start.hour, start.minute) == (0, 0):
        last_day = timezone.localtime(event.ends_at).date() if event.ends_at else None
        when = ics.all_day(start.date(), last_day)
    else:
        when = ics.timed(event.starts_at, event.ends_at)
    description = [event.get_kind_display()]
    if event.description:
        description.append(html_to_text(event.description))
    description.append(f"Organisé par {event.organiser.name}.")
    description.append(f"Plus d'informations : {url}")
    place = [part for part in (event.venue, event.address, event.commune) if part]
    return ics.vevent(
        uid=f"evenement-{event.pk}@{host}",
        stamp=event.updated_at,
        when=when,
        summary=event.title,
        description="\n".join(description),
        url=url,
        extra=[
            f"LOCATION:{ics.escape_text(', '.join(place))}",
            f"CATEGORIES:{ics.escape_text(event.get_kind_display())}",
        ],
    )


def calendar(event, url, host, name):
    """The .ics text of one agenda event."""
    return ics.calendar([event_lines(event, url, host)], name)
