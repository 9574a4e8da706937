"""Where a published fact comes from. Content keeps its sources as plain text, one per line:
« what the source is | its address » (the address is optional). The page shows them under
« Sources », each with its link, so that every figure can be checked by the reader."""

from dataclasses import dataclass

from django.db import models

SOURCES_HELP = (
    "Une source par ligne : ce qu'elle est (organisme, page, date), puis « | » et son adresse "
    "(https://…). Par exemple : « Parcoursup, fiche de l'IFSI du CHU de Saint-Étienne "
    "(2025-2026) | https://dossier.parcoursup.fr/… ». Chaque chiffre publié doit avoir la sienne."
)


@dataclass(frozen=True)
class Source:
    label: str
    url: str = ""


def parse_sources(text):
    """The sources of a `sources` text, in order; a line without « | » is a label alone."""
    found = []
    for line in str(text or "").splitlines():
        label, _, url = line.partition("|")
        label, url = label.strip(), url.strip()
        if not url.startswith(("https://", "http://")):
            label, url = line.strip(), ""
        if label:
            found.append(Source(label=label, url=url))
    return found


def sources_field():
    return models.TextField("sources", blank=True, help_text=SOURCES_HELP)


class SourcedMixin:
    @property
    def sources_list(self):
        return parse_sources(self.sources)
