"""The truth of the facts the public reads: what `manage.py check_content` and the « À traiter »
dashboard list, so that an editor (or cron) finds a defect before a visitor does.

Six kinds of defect, each a function over the published content:
- a page of facts without any source (professions, diplomas, aids, campaigns, partners);
- a source without a date (neither its own nor « sources consultées le »);
- published content not reviewed for twelve months (or never, once a year old);
- a typed sentence that speaks of a past date in the future tense (« à partir du 1er septembre
  2026 » on 7 December 2026): the date must come from a date field (`Diploma.reform_from`), or
  the sentence be rewritten; and a reform note past the day its editor said it stops being
  true (`Diploma.reform_note_until`);
- a default shown as a value: a profession's entry level, or a diploma's « Non » to
  apprenticeship, with no source on the page;
- demonstration content that is not marked as such (its organisation is not
  `is_demonstration`), and so would be listed, counted, exported and fed as real.

A fixed number of queries, whatever the amount of content."""

import datetime
import re
from dataclasses import dataclass

from django.apps import apps
from django.utils import timezone

from careers_site.core.models import Status
from careers_site.core.search.text import normalise
from careers_site.core.text import MONTH_NUMBERS as MONTHS

REVIEW_DAYS = 365

KINDS = {
    "no_source": "Faits sans source",
    "undated_source": "Sources sans date",
    "not_reviewed": "Contenus non relus depuis plus d'un an",
    "past_sentence": "Phrases datées dont la date est passée",
    "default_as_value": "Valeurs par défaut affichées comme des faits",
    "demonstration": "Contenu de démonstration pris pour du vrai",
}

# Models whose page is a statement of facts, and so needs its sources.
NEED_SOURCES = (
    "professions.profession",
    "trainings.diploma",
    "trainings.financialaid",
    "campaigns.campaign",
)
# Every model that keeps sources (SourcedMixin); their dates are checked.
KEEP_SOURCES = (
    *NEED_SOURCES,
    "trainings.institute",
    "campaigns.event",
    "careers_site.organisation",
)
# Published content whose review date is watched.
REVIEWED = (
    "professions.profession",
    "trainings.diploma",
    "trainings.institute",
    "trainings.financialaid",
    "campaigns.campaign",
    "campaigns.video",
    "campaigns.event",
)
# Typed texts read for dated sentences: model -> fields.
TYPED_TEXTS = {
    "professions.profession": ("tagline", "summary", "career_moves", "workforce"),
    "trainings.diploma": ("summary", "entry_requirements", "admission", "reform_note"),
    "trainings.institute": ("description",),
    "trainings.financialaid": ("summary", "amount"),
    "campaigns.campaign": ("tagline", "summary"),
}
# What shows the demonstration: model -> path to its organisation.
OWNED = {
    "campaigns.campaign": "owner",
    "campaigns.video": "campaign__owner",
    "campaigns.event": "organiser",
}

# A future-tense phrase, then within a few words a date: « à partir du 1er septembre 2026 »,
# « commencent le 1er septembre 2026 », « annoncés pour janvier 2026 », « ouvrira en mars 2027 ».
FUTURE = (
    r"(?:a partir du|a partir de|des le|des|commence\w*|debute\w*|ouvrir\w*|ouvre\w* le|"
    r"sera\w*|seront|aura lieu|auront lieu|entrera|entreront|annonce\w* pour|prevu\w* pour|"
    r"prochaine\w*|a venir)"
)
DATE = rf"(?:(\d{{1,2}})(?:er)? )?({'|'.join(MONTHS)}) (\d{{4}})"
FUTURE_DATE = re.compile(rf"\b{FUTURE}\b(?: \w+){{0,3}}? (?:le |en |pour |du |de )?{DATE}")


@dataclass
class Defect:
    kind: str
    obj: object
    detail: str

    @property
    def label(self):
        return str(self.obj)

    @property
    def model_label(self):
        return self.obj._meta.label_lower

    @property
    def kind_title(self):
        return KINDS[self.kind]


def past_future_sentences(text, today):
    """The dates a text announces in the future tense although they have passed."""
    found = []
    text = normalise(text)
    for match in FUTURE_DATE.finditer(text):
        if text[: match.start()].split()[-1:] in (["etait"], ["etaient"], ["ete"]):
            continue  # told in the past: « étaient annoncées pour janvier 2026 »
        day, month, year = match.group(1), match.group(2), int(match.group(3))
        number = MONTHS[month]
        last = (
            datetime.date(year, number, int(day))
            if day and int(day) <= 28
            else (
                datetime.date(year + (number == 12), number % 12 + 1, 1)
                - datetime.timedelta(days=1)
            )
        )
        if last < today:
            found.append(match.group(0))
    return found


def real(model, label):
    """The published rows the public may take for real (never demonstration content)."""
    if label == "careers_site.organisation":
        return model._default_manager.filter(has_public_page=True, is_demonstration=False)
    queryset = model._default_manager.filter(status=Status.PUBLISHED)
    if label in OWNED:
        queryset = queryset.exclude(**{f"{OWNED[label]}__is_demonstration": True})
    return queryset


def find_defects(today=None, labels=None):
    """Every defect of the published content, in the order of KINDS: one query per model.
    `labels`: only these models (the dashboard gives those the editor may change)."""
    today = today or timezone.localdate()
    limit = today - datetime.timedelta(days=REVIEW_DAYS)
    every = dict.fromkeys((*KEEP_SOURCES, *REVIEWED, *TYPED_TEXTS, *OWNED))
    defects = []
    for label in every:
        if labels is not None and label not in labels:
            continue
        model = apps.get_model(label)
        for obj in real(model, label).order_by("pk"):
            defects.extend(defects_of(obj, label, today, limit))
    order = list(KINDS)
    defects.sort(key=lambda defect: order.index(defect.kind))
    return defects


def defects_of(obj, label, today, limit):
    found = []
    if label in KEEP_SOURCES:
        sources = obj.sources_list
        if label in NEED_SOURCES and not sources:
            found.append(Defect("no_source", obj, "aucune source"))
        undated = [source.label for source in sources if not source.is_dated]
        if undated:
            found.append(Defect("undated_source", obj, "sans date : " + " ; ".join(undated)))
    if label in REVIEWED:
        if obj.last_reviewed is not None and obj.last_reviewed < limit:
            found.append(Defect("not_reviewed", obj, f"relu le {obj.last_reviewed:%d/%m/%Y}"))
        elif obj.last_reviewed is None and timezone.localdate(obj.created_at) < limit:
            found.append(Defect("not_reviewed", obj, "jamais relu"))
    for name in TYPED_TEXTS.get(label, ()):
        for phrase in past_future_sentences(getattr(obj, name), today):
            field = obj._meta.get_field(name).verbose_name
            found.append(Defect("past_sentence", obj, f"{field} : « {phrase} »"))
    if label == "professions.profession" and obj.entry_level is not None and not obj.sources:
        found.append(Defect("default_as_value", obj, f"niveau « {obj.get_entry_level_display()} »"))
    ended = getattr(obj, "reform_note_until", None)
    if label == "trainings.diploma" and obj.reform_note and ended and ended <= today:
        found.append(
            Defect(
                "past_sentence", obj, f"réforme en cours : plus vraie depuis le {ended:%d/%m/%Y}"
            )
        )
    if label == "trainings.diploma" and obj.apprenticeship_possible is False and not obj.sources:
        found.append(Defect("default_as_value", obj, "apprentissage « Non »"))
    if label in OWNED:
        words = normalise(f"{obj.slug} {getattr(obj, 'title', '')}").replace("-", " ").split()
        if "demonstration" in words or "fictif" in words:
            found.append(
                Defect(
                    "demonstration",
                    obj,
                    "se présente comme une démonstration, mais son organisme n'est pas "
                    "marqué « organisme de démonstration »",
                )
            )
    return found
