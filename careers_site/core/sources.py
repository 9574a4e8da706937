"""Where a published fact comes from, and when. Content keeps its sources as plain text, one per
line: « what the source is | its address | its date » (address and date optional). The date is
the source's own (publication or update: « 2025-11-18 », or « 2025-10 » for a month); a source
without one takes the day the editor consulted the sources (`sources_checked_on`). The page
shows them under « Sources », each with its link and its date, so that every figure can be
checked by the reader, and `manage.py check_content` lists what has no source or no date.

This is the one mechanism: a model with facts mixes in `SourcedMixin` and declares
`sources = sources_field()` and `sources_checked_on = sources_date_field()`."""

import datetime
import re
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format

from careers_site.core.text import MONTH_NUMBERS, MONTHS

SOURCES_HELP = (
    "Une source par ligne : ce qu'elle est (organisme, page), « | » et son adresse (https://…), "
    "puis, si la source est datée, « | » et sa date de publication ou de mise à jour "
    "(AAAA-MM-JJ, ou AAAA-MM pour un mois). Par exemple : « Parcoursup, fiche de l'IFSI du CHU "
    "de Saint-Étienne | https://dossier.parcoursup.fr/… | 2025-12-17 ». Chaque chiffre publié "
    "doit avoir la sienne."
)
SOURCES_DATE_HELP = (
    "Le jour où vous avez consulté ces sources. Il s'affiche « consultée le … » à côté de "
    "chaque source qui n'a pas sa propre date."
)

DATE_PATTERN = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
# A date already written in the label, the way editors have typed them: « (consulté le 7
# décembre 2026) », « (mise à jour du 4 octobre 2023) », « (données d'octobre 2025) ».
DATE_IN_LABEL = re.compile(
    r"\b(consult\w*|publi\w*|mis\w* a jour|donnees|version|date\w*)\s+(?:le |du |de |d |en )?"
    r"(?:(\d{1,2})(?:er)? )?(" + "|".join(MONTHS) + r") (\d{4})\b"
)


@dataclass(frozen=True)
class Source:
    label: str
    url: str = ""
    date: datetime.date | None = None  # the source's own date
    month_only: bool = False  # « 2025-10 »: the month is known, not the day
    consulted: datetime.date | None = None  # when the editor read it (the record's date)
    date_in_label: bool = False  # the label says it already: the page adds nothing

    @property
    def date_label(self):
        """« publiée le 18 novembre 2025 », « publiée en octobre 2025 », « consultée le … »,
        or "" when the source has no date at all (check_content lists it)."""
        if self.date:
            if self.month_only:
                return f"publiée en {date_format(self.date, 'F Y')}"
            return f"publiée le {date_format(self.date, 'j F Y')}"
        if self.consulted:
            return f"consultée le {date_format(self.consulted, 'j F Y')}"
        return ""

    @property
    def is_dated(self):
        return bool(self.date or self.consulted)


def parse_date(text):
    """A source's date, « AAAA-MM-JJ » or « AAAA-MM »: (date, month_only), or None."""
    match = DATE_PATTERN.match(text.strip())
    if not match:
        return None
    year, month, day = match.groups()
    try:
        return datetime.date(int(year), int(month), int(day or 1)), day is None
    except ValueError:
        return None


def date_in_label(label):
    """(date, month_only, consulted) from a date the label spells out, or None."""
    from careers_site.core.search.text import normalise

    match = DATE_IN_LABEL.search(normalise(label))
    if not match:
        return None
    kind, day, month, year = match.groups()
    try:
        date = datetime.date(int(year), MONTH_NUMBERS[month], int(day or 1))
    except ValueError:
        return None
    return date, day is None, kind.startswith("consult")


def parse_sources(text, consulted=None):
    """The sources of a `sources` text, in order; a line whose parts are neither an address
    nor a date is a label alone."""
    found = []
    for line in str(text or "").splitlines():
        label, *rest = [part.strip() for part in line.split("|")]
        url, date, month_only = "", None, False
        understood = bool(rest) and len(rest) <= 2
        for part in rest:
            parsed = parse_date(part)
            if part.startswith(("https://", "http://")) and not url:
                url = part
            elif parsed and date is None:
                date, month_only = parsed
            elif part:
                understood = False
        if not understood:
            label, url, date, month_only = line.strip(), "", None, False
        spelled = None if date else date_in_label(label)
        if spelled:
            day, by_month, was_consulted = spelled
            if was_consulted:
                found.append(Source(label, url, None, False, day, date_in_label=True))
            else:
                found.append(Source(label, url, day, by_month, consulted, date_in_label=True))
        elif label:
            found.append(Source(label, url, date, month_only, consulted))
    return found


def source_problems(text, consulted=None, today=None):
    """What an editor must fix before saving: [(line, message in French)]."""
    today = today or timezone.localdate()
    problems = []
    for source in parse_sources(text, consulted):
        if not source.url:
            problems.append(
                f"« {source.label} » : ajoutez l'adresse de la source après « | » "
                "(https://…), pour que le lecteur puisse la vérifier."
            )
        if not source.is_dated:
            problems.append(
                f"« {source.label} » : ajoutez sa date après un second « | » (AAAA-MM-JJ), "
                "ou remplissez « sources consultées le »."
            )
        if source.date and source.date > today:
            problems.append(f"« {source.label} » : sa date est dans le futur.")
    return problems


def sources_field():
    return models.TextField("sources", blank=True, help_text=SOURCES_HELP)


def sources_date_field():
    return models.DateField(
        "sources consultées le", null=True, blank=True, help_text=SOURCES_DATE_HELP
    )


class SourcedMixin:
    @property
    def sources_list(self):
        return parse_sources(self.sources, getattr(self, "sources_checked_on", None))
