"""When an announcement (« annoncé pour janvier 2026 ») has passed.

`Video.announced_for` is free text typed by editors. The usual forms are understood: a
month and a year (« janvier 2026 », « Janv. 2026 » is not), a year alone (« 2026 »), a date
(« 15/01/2026 »). Anything else is taken as still to come, as before."""

import calendar
import datetime
import re

from careers_site.core.text import MONTH_NUMBERS, normalise

MONTHS = MONTH_NUMBERS
_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def period_end(text):
    """The last day of the announced period, or None when the text is not understood."""
    raw = str(text or "").strip()
    if match := _DATE.match(raw):
        day, month, year = map(int, match.groups())
        try:
            return datetime.date(year, month, day)
        except ValueError:
            return None
    words = normalise(raw).split()
    years = [int(word) for word in words if word.isdigit() and len(word) == 4]
    if len(years) != 1:
        return None
    year = years[0]
    months = [MONTHS[word] for word in words if word in MONTHS]
    if len(months) == 1:
        return datetime.date(year, months[0], calendar.monthrange(year, months[0])[1])
    if not months and len(words) == 1:
        return datetime.date(year, 12, 31)
    return None


def has_passed(text, today):
    end = period_end(text)
    return end is not None and end < today
