"""iCalendar files (RFC 5545), written by hand: the site's calendars need a few VEVENT lines,
not a dependency. The one way the project writes .ics: an agenda event (campaigns/ics.py) and
a diploma's application dates (trainings/calendar_ics.py) both build their events here.

What the RFC asks and calendars check: CRLF line endings, lines folded at 75 octets (never
inside a UTF-8 character), commas, semicolons, backslashes and newlines escaped in text, a
UID that stays the same for the event, DTSTAMP in UTC. Times are given in UTC (a TZID would
need a VTIMEZONE block); an event without a time is an all-day event (VALUE=DATE), whose
DTEND is the day after its last day."""

import datetime

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
    for character in line:
        encoded = character.encode("utf-8")
        if len(current) + len(encoded) > MAX_OCTETS:
            chunks.append(current)
            current = b" "
        current += encoded
    chunks.append(current)
    return b"\r\n".join(chunks).decode("utf-8")


def utc_stamp(value):
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def all_day(first_day, last_day=None):
    """DTSTART and DTEND of whole days, `first_day` to `last_day` included (one day when
    `last_day` is None): DTEND of a date is exclusive, the day after the last day."""
    end = (last_day or first_day) + datetime.timedelta(days=1)
    return [f"DTSTART;VALUE=DATE:{first_day:%Y%m%d}", f"DTEND;VALUE=DATE:{end:%Y%m%d}"]


def timed(starts_at, ends_at=None):
    """DTSTART and, when it comes after the start, DTEND, in UTC."""
    lines = [f"DTSTART:{utc_stamp(starts_at)}"]
    if ends_at and ends_at > starts_at:
        lines.append(f"DTEND:{utc_stamp(ends_at)}")
    return lines


def vevent(*, uid, stamp, when, summary, description, url="", extra=()):
    """The lines of one VEVENT. `when` comes from `all_day()` or `timed()`; `stamp` is when
    its information last changed; `extra` are further content lines, already escaped."""
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{utc_stamp(stamp)}",
        f"LAST-MODIFIED:{utc_stamp(stamp)}",
        *when,
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(description)}",
        *extra,
    ]
    if url:
        lines.append(f"URL:{url}")
    lines += ["STATUS:CONFIRMED", "TRANSP:TRANSPARENT", "END:VEVENT"]
    return lines


def calendar(events, name, properties=()):
    """The iCalendar text of a calendar named `name` holding `events`, each a list of VEVENT
    lines (unfolded); `properties` are further calendar lines, already escaped."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        *properties,
    ]
    for event in events:
        lines += event
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
