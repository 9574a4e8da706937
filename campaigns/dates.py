"""Dates and times as French readers expect them, for pages, feeds and calendars."""

from django.utils import timezone
from django.utils.formats import date_format


def french_date(value):
    """« mardi 3 février 2026 », « dimanche 1er mars 2026 » (local time)."""
    local = timezone.localtime(value) if hasattr(value, "hour") else value
    day = "1er" if local.day == 1 else str(local.day)
    return f"{date_format(local, 'l')} {day} {date_format(local, 'F')} {local.year}"


def french_time(value):
    """« 9 h », « 17 h 30 », as French typography writes hours."""
    local = timezone.localtime(value)
    return f"{local.hour} h {local.minute:02d}" if local.minute else f"{local.hour} h"


def event_when(event):
    """The date and time range of an event in a sentence a visitor reads at a glance.

    A start at midnight means the editor gave no time: only the date is shown."""
    start = timezone.localtime(event.starts_at)
    has_time = (start.hour, start.minute) != (0, 0)
    start_day = french_date(start)
    if not event.ends_at:
        return f"{start_day} à {french_time(start)}" if has_time else start_day
    end = timezone.localtime(event.ends_at)
    if end.date() == start.date():
        if has_time and end > start:
            return f"{start_day}, de {french_time(start)} à {french_time(end)}"
        return f"{start_day} à {french_time(start)}" if has_time else start_day
    if has_time:
        return f"du {start_day} à {french_time(start)} au {french_date(end)} à {french_time(end)}"
    return f"du {start_day} au {french_date(end)}"
