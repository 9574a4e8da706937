"""The Parcoursup calendar: each session's key dates, entered once by the regional editors,
each with its source; and what they mean today for a visitor (the current phase and the next
date), so that an offer recruited on Parcoursup never shows a date that has passed as to come.

A date is either the first day of a phase (« ouverture des inscriptions ») or the last day of
one (« dernier jour pour formuler ses vœux »): the phase it closes ends in the evening, so
the next phase begins the day after. A session without a date, or no session at all, is « not
yet published », with a link to where Parcoursup publishes it. This module does not decide
whether an offer is « ouverte » (that rule lives in `filters.open_now_q` and `applying.py`)."""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.formats import date_format

PARCOURSUP_URL = "https://www.parcoursup.gouv.fr/"
CACHE_KEY = "trainings:parcoursup-calendar"


class Step(models.TextChoices):
    """The key dates of a session, in the order they come. A value is stored: never rename."""

    OPENING = "ouverture", "Ouverture du site : les formations de la session sont en ligne"
    REGISTRATION = "inscription", "Ouverture des inscriptions et des vœux"
    WISHES_DEADLINE = "fin-voeux", "Dernier jour pour formuler ses vœux"
    CONFIRMATION_DEADLINE = (
        "fin-confirmation",
        "Dernier jour pour compléter son dossier et confirmer ses vœux",
    )
    ADMISSION = "admission", "Début de la phase principale d'admission : premières réponses"
    COMPLEMENTARY = "complementaire", "Début de la phase complémentaire"
    MAIN_END = "fin-principale", "Dernier jour de la phase principale d'admission"
    COMPLEMENTARY_END = "fin-complementaire", "Dernier jour de la phase complémentaire"


STEPS = list(Step)
# The steps whose date is the last day of a phase: the next phase starts the day after.
LAST_DAYS = {
    Step.WISHES_DEADLINE,
    Step.CONFIRMATION_DEADLINE,
    Step.MAIN_END,
    Step.COMPLEMENTARY_END,
}
# The phase a visitor is in once a step has come (for a last day: once it has passed).
PHASE_AFTER = {
    Step.OPENING: "les formations sont en ligne, les inscriptions ne sont pas encore ouvertes",
    Step.REGISTRATION: "inscriptions et vœux ouverts",
    Step.WISHES_DEADLINE: "les vœux sont faits ; il reste à compléter son dossier et à "
    "confirmer ses vœux",
    Step.CONFIRMATION_DEADLINE: "les formations examinent les dossiers",
    Step.ADMISSION: "phase principale d'admission : les réponses arrivent",
    Step.COMPLEMENTARY: "phase principale et phase complémentaire en cours",
    Step.MAIN_END: "phase complémentaire en cours",
    Step.COMPLEMENTARY_END: "session terminée",
}


class ParcoursupSession(models.Model):
    """A session's calendar. Not a page of the site: offers and diploma calendars show it."""

    year = models.PositiveSmallIntegerField(
        "session",
        unique=True,
        validators=[MinValueValidator(2018), MaxValueValidator(2100)],
        help_text="L'année de la rentrée : 2026 pour la session 2026.",
    )
    calendar_url = models.URLField(
        "page officielle du calendrier",
        blank=True,
        help_text="Où Parcoursup publie (ou publiera) le calendrier de cette session. Vide : "
        "le site de Parcoursup. Le site y renvoie tant que les dates ne sont pas saisies.",
    )
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "session Parcoursup"
        verbose_name_plural = "sessions Parcoursup (calendrier)"
        ordering = ["-year"]

    def __str__(self):
        return f"Parcoursup, session {self.year}"

    @property
    def official_url(self):
        return self.calendar_url or PARCOURSUP_URL


class ParcoursupKeyDate(models.Model):
    session = models.ForeignKey(
        ParcoursupSession,
        verbose_name="session",
        on_delete=models.CASCADE,
        related_name="key_dates",
    )
    step = models.CharField("étape", max_length=20, choices=Step.choices)
    day = models.DateField("date")
    source = models.CharField(
        "source",
        max_length=250,
        help_text="Ce qu'elle est : organisme et page, par exemple « Parcoursup, calendrier "
        "de la session 2027 ». Une source officielle seulement : Parcoursup ou le ministère.",
    )
    source_url = models.URLField("adresse de la source")
    source_date = models.DateField(
        "date de la source", help_text="Le jour où la source a été publiée ou mise à jour."
    )
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "date clé"
        verbose_name_plural = "dates clés"
        ordering = ["day", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "step"],
                name="parcoursup_one_date_per_step",
                violation_error_message="Cette étape a déjà sa date dans cette session.",
            )
        ]

    def __str__(self):
        return f"{self.get_step_display()} : {date_format(self.day, 'j F Y')}"

    @property
    def is_last_day(self):
        return self.step in LAST_DAYS

    @property
    def phase_starts(self):
        """The first day of the phase this date opens."""
        return self.day + datetime.timedelta(days=1) if self.is_last_day else self.day


# -- What the dates mean today ----------------------------------------------------------------


def load_sessions():
    """Every session with its dates in order, from the cache (two queries when it is cold;
    saving or deleting a session or a date empties it)."""
    sessions = cache.get(CACHE_KEY)
    if sessions is None:
        sessions = list(
            ParcoursupSession.objects.order_by("year").prefetch_related(
                Prefetch("key_dates", ParcoursupKeyDate.objects.order_by("day"), to_attr="dates")
            )
        )
        cache.set(CACHE_KEY, sessions, None)
    return sessions


def forget_sessions(**kwargs):
    cache.delete(CACHE_KEY)


for _model in (ParcoursupSession, ParcoursupKeyDate):
    post_save.connect(forget_sessions, sender=_model, dispatch_uid=f"forget-{_model.__name__}")
    post_delete.connect(forget_sessions, sender=_model, dispatch_uid=f"forget-{_model.__name__}-d")


def _is_over(session, later_session_exists, today):
    """Every date has passed, and the session is known to be over: its last step has passed,
    or the next session is already entered."""
    if not session.dates or any(date.day >= today for date in session.dates):
        return False
    return later_session_exists or session.dates[-1].step == Step.COMPLEMENTARY_END


def current_session(sessions, today):
    """The session a visitor applies to today: the oldest one not over (a session without
    dates is not over: its calendar is not yet published); else the latest."""
    for index, session in enumerate(sessions):
        if not _is_over(session, index < len(sessions) - 1, today):
            return session
    return sessions[-1] if sessions else None


@dataclass
class CalendarToday:
    """The Parcoursup calendar as a visitor reads it today."""

    session: ParcoursupSession | None
    published: bool  # the session has at least one date
    phase: str  # « inscriptions et vœux ouverts »; "" when nothing is published
    next_date: ParcoursupKeyDate | None
    is_today: bool  # the next date is today
    finished: bool
    url: str  # the official calendar: where the dates are (or will be) published

    @property
    def year(self):
        return self.session.year if self.session else None

    @property
    def sentence(self):
        """One plain sentence for the offer's card."""
        if self.session is None:
            return (
                "Le calendrier de Parcoursup n'est pas encore publié ici : consultez-le sur le "
                "site de Parcoursup."
            )
        if not self.published:
            return (
                f"Le calendrier de la session {self.year} n'est pas encore publié : il le "
                "sera sur le site de Parcoursup."
            )
        if self.finished:
            return (
                f"La session {self.year} est terminée. Le calendrier de la session "
                f"{self.year + 1} n'est pas encore publié : il le sera sur le site de "
                "Parcoursup."
            )
        return f"Parcoursup {self.year} : {self.phase}."


def calendar_today(today=None, sessions=None):
    today = today or timezone.localdate()
    sessions = load_sessions() if sessions is None else sessions
    session = current_session(sessions, today)
    if session is None:
        return CalendarToday(None, False, "", None, False, False, PARCOURSUP_URL)
    dates = session.dates
    started = [date for date in dates if date.phase_starts <= today]
    if started:
        phase = PHASE_AFTER[started[-1].step]
    else:
        phase = f"la session {session.year} n'a pas encore commencé"
    next_date = next((date for date in dates if date.day >= today), None)
    finished = bool(dates) and next_date is None and _is_over(session, False, today)
    return CalendarToday(
        session=session,
        published=bool(dates),
        phase=phase,
        next_date=next_date,
        is_today=bool(next_date) and next_date.day == today,
        finished=finished,
        url=session.official_url,
    )
