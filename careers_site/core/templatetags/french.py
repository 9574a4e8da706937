"""The French template filters, in one library (`{% load french %}`): French typography for
names and amounts."""

import unicodedata

from django import template

register = template.Library()

VOWELS = set("aeiouy")


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


@register.filter
def aged(text):
    """A typed text whose academic years that are over say « (dernière année connue) »
    (careers_site/core/dated.py). Rich text: apply after |safe."""
    from careers_site.core.dated import label_past_academic_years

    return label_past_academic_years(text)
