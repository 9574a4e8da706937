"""Words that age with the calendar. A typed text may name an academic year (« Frais pour
l'année 2025-2026 »); once that year is over (31 August of its second year), the page says it
is the last year known, instead of presenting it as current. The reform of a diploma
(`Diploma.reform_label`) and the announcements of episodes (`campaigns/announcements.py`) are
written from their dates the same way; `manage.py check_content` lists what has passed."""

import datetime
import re

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# « 2025-2026 », « 2025/2026 », « 2025 - 2026 », with consecutive years only.
ACADEMIC_YEAR = re.compile(r"\b(20\d\d)\s?[-/–]\s?(20\d\d)\b(?! \(dernière année connue\))")
LAST_KNOWN = " (dernière année connue)"


def academic_year_end(first_year):
    return datetime.date(first_year + 1, 8, 31)


def past_academic_years(text, today=None):
    """The academic years named in a text that are over, in order: ["2025-2026"]."""
    today = today or timezone.localdate()
    found = []
    for match in ACADEMIC_YEAR.finditer(str(text or "")):
        first, second = int(match.group(1)), int(match.group(2))
        if second == first + 1 and academic_year_end(first) < today:
            found.append(match.group(0))
    return found


def label_past_academic_years(text, today=None):
    """The text with « (dernière année connue) » after each academic year that is over. HTML
    stays HTML (rich text); plain text is escaped."""
    today = today or timezone.localdate()
    is_html = isinstance(text, SafeString)
    source = str(text or "")

    def label(match):
        first, second = int(match.group(1)), int(match.group(2))
        if second == first + 1 and academic_year_end(first) < today:
            return match.group(0) + LAST_KNOWN
        return match.group(0)

    if is_html:
        return mark_safe(ACADEMIC_YEAR.sub(label, source))
    return mark_safe(ACADEMIC_YEAR.sub(label, escape(source)))
