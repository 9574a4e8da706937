"""An event as an iCalendar file (RFC 5545), written by hand: one VEVENT needs a few lines,
not a dependency.

What the RFC asks and calendars check: CRLF line endings, lines folded at 75 octets (never
inside a UTF-8 character), commas, semicolons, backslashes and newlines escaped in text, a
UID that stays the same for the event, DTSTAMP in UTC. Times are given in UTC (a TZID would
need a VTIMEZONE block); an event without a time is an all-day event (VALUE=DATE)."""

import datetime

from django.utils import timezone

from careers_site.core.richtext import html_to_text

PRODUCT_ID = "-//Metiers du soin Auvergne-Rhone-Alpes//Agenda//FR"
MAX_OCTETS = 75


def escape_text(value):
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line):
    """Split a content line into chunks of at most 75 octets; each continuation starts with
    a space (which counts in its 75 octets)."""
    chunks = []
    current = b""
    limit = MAX_OCTETS
    for character in line:
        encoded = character.encode("utf-8")
        if len(current) + len(encoded) > limit:
            chunks.append(current)
            current = b" "
            limit = MAX_OCTETS
        current += encoded
    chunks.append(current)
    return b"\r\n".join(chunks).decode("utf-8")


def utc_stamp(value):
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(event, url, host):
    start = timezone.localtime(event.starts_at)
    all_day = (start.hour, start.minute) == (0, 0)
    lines = [
        "BEGIN:VEVENT",
        f"UID:evenement-{event.pk}@{host}",
        f"DTSTAMP:{utc_stamp(event.updated_at)}",
        f"LAST-MODIFIED:{utc_stamp(event.updated_at)}",
    ]
    if all_day:
        end_day = timezone.localtime(event.ends_at).date() if event.ends_at else start.date()
        lines.append(f"DTSTART;VALUE=DATE:{start:%Y%m%d}")
        # DTEND of a date is exclusive: the day after the last day.
        lines.append(f"DTEND;VALUE=DATE:{end_day + datetime.timedelta(days=1):%Y%m%d}")
    else:
        lines.append(f"DTSTART:{utc_stamp(event.starts_at)}")
        if event.ends_at and event.ends_at > event.starts_at:
            lines.append(f"DTEND:{utc_stamp(event.ends_at)}")
    lines.append(f"SUMMARY:{escape_text(event.title)}")
    place = [part for part in (event.venue, event.address, event.commune) if part]
    lines.append(f"LOCATION:{escape_text(', '.join(place))}")
    description = [event.get_kind_display()]
    if event.description:
        description.append(html_to_text(event.description))
    description.append(f"Organisé par {event.organiser.name}.")
    description.append(f"Plus d'informations : {url}")
    lines.append(f"DESCRIPTION:{escape_text(chr(10).join(description))}")
    lines.append(f"CATEGORIES:{escape_text(event.get_kind_display())}")
    lines.append(f"URL:{url}")
    lines.append("STATUS:CONFIRMED")
    lines.append("TRANSP:TRANSPARENT")
    lines.append("END:VEVENT")
    return lines


def calendar(events_with_urls, host, name):
    """The iCalendar text of (event, absolute url) pairs."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event, url in events_with_urls:
        lines += event_lines(event, url, host)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
