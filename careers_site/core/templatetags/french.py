"""The French template filters, in one library (`{% load french %}`): French typography for
names, amounts and moments."""

import re
import unicodedata

from django import template
from django.utils.dateformat import DateFormat
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

VOWELS = set("aeiouy")
# French typography: a non-breaking space inside « » and before : ; ? ! (never a line that
# starts with a guillemet or a question mark). The templates are written that way
# (tests/test_templates_typography.py); `espaces` does it to text typed by an editor.
FRENCH_SPACES = (
    (re.compile(r"« "), "«\u00a0"),
    (re.compile(r" »"), "\u00a0»"),
    (re.compile(r"(?<=\S) ([:;?!])(?=\s|$)"), "\u00a0\\1"),
)


@register.filter
def de(name):
    """« de » before a name, as French says it: « d'Eva », « de Sara », « du Puy-en-Velay »,
    « des Abrets ». (A mute « h » is not guessed: « de Hugo » stays as it is.)"""
    text = str(name or "")
    if text.startswith("Le "):
        return f"du {text[3:]}"
    if text.startswith("Les "):
        return f"des {text[4:]}"
    first = unicodedata.normalize("NFKD", text[:1]).encode("ascii", "ignore").decode().lower()
    return f"d'{text}" if first in VOWELS else f"de {text}"


@register.filter
def euros(value):
    """1890 -> « 1 890 € » with a narrow no-break space, as French typography wants."""
    if value in (None, ""):
        return ""
    return f"{int(value):,}".replace(",", "\u202f") + "\u00a0€"


@register.filter(expects_localtime=True)
def moment(value):
    """When something starts, as French writes it: « samedi 1er mars 2027, 14 h 30 » (the
    hour only when there is one, « 9 h » on the hour), the date in a `<time>` element."""
    if not value:
        return ""
    when = DateFormat(value)
    date = format_html(
        '<time datetime="{}">{} {} {} {}</time>',
        when.format(r"Y-m-d\TH:i:sO"),
        when.l(),
        "1er" if value.day == 1 else value.day,
        when.F(),
        value.year,
    )
    if value.minute:
        return format_html("{}, {}&nbsp;h&nbsp;{}", date, value.hour, f"{value.minute:02d}")
    if value.hour:
        return format_html("{}, {}&nbsp;h", date, value.hour)
    return date


@register.filter
def aged(text):
    """A typed text whose academic years that are over say « (dernière année connue) »
    (careers_site/core/dated.py). Rich text: apply after |safe."""
    from careers_site.core.dated import label_past_academic_years

    return label_past_academic_years(text)


@register.filter(needs_autoescape=True)
def espaces(text, autoescape=True):
    """« Ça vous irait ? » with a non-breaking space before « ? » and inside « », so that the
    sign never starts a line on its own."""
    text = conditional_escape(text) if autoescape else str(text)
    for pattern, replacement in FRENCH_SPACES:
        text = pattern.sub(replacement, text)
    return mark_safe(text)
