"""How and when to apply to a training offer, in words that stay true as time passes.

« Candidatures ouvertes » only when today is inside a known window; a window that has
passed is shown as the last known session, with where the next dates will be published;
no date at all says so. The route (Parcoursup, the institute's own selection, an employer
and the CFA for apprenticeship) comes from the offer, or from its modality. An offer on
Parcoursup without dates of its own follows the session's calendar
(`parcoursup_calendar.py`): its current phase and next date."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format

from .models import (
    WINDOW_OPEN,
    WINDOW_PAST,
    WINDOW_UNKNOWN,
    WINDOW_UPCOMING,
    ApplicationRoute,
    Modality,
)
from .parcoursup_calendar import PARCOURSUP_URL, CalendarToday, calendar_today

OPEN, UPCOMING, PAST, UNKNOWN = WINDOW_OPEN, WINDOW_UPCOMING, WINDOW_PAST, WINDOW_UNKNOWN


def _day(value):
    return date_format(value, "j F Y")


@dataclass
class HowToApply:
    route: str  # an ApplicationRoute value, or "" when nobody said
    how: str  # one sentence: how to apply
    link_url: str
    link_label: str
    state: str  # OPEN, UPCOMING, PAST or UNKNOWN
    when: str  # one sentence: when
    where_next: str  # where the next dates will be published
    where_next_url: str
    # The Parcoursup session's calendar today, for an offer on Parcoursup; else None.
    parcoursup: CalendarToday | None = None

    @property
    def is_open(self):
        return self.state == OPEN

    @property
    def is_past(self):
        return self.state == PAST


def _route(offer):
    if offer.application_route:
        return offer.application_route
    if offer.modality == Modality.APPRENTICESHIP:
        return ApplicationRoute.EMPLOYER
    return ""


def _how(offer, route):
    institute = offer.institute
    institute_page = offer.application_url or institute.applications_url or institute.website
    if route == ApplicationRoute.PARCOURSUP:
        if offer.application_url:
            return (
                "Candidature sur Parcoursup.",
                offer.application_url,
                "Voir la formation sur Parcoursup",
            )
        return "Candidature sur Parcoursup.", PARCOURSUP_URL, "Le site de Parcoursup"
    if route == ApplicationRoute.INSTITUTE:
        return (
            "Candidature directement auprès de l'établissement, qui organise la sélection.",
            institute_page,
            "Candidater auprès de l'établissement",
        )
    if route == ApplicationRoute.EMPLOYER:
        return (
            "En apprentissage : trouvez un employeur qui vous embauche comme apprenti, et "
            "inscrivez-vous auprès de l'établissement ou du centre de formation d'apprentis "
            "(CFA).",
            institute_page,
            "L'établissement : apprentissage",
        )
    return (
        "La façon de candidater n'est pas encore indiquée ici : renseignez-vous auprès de "
        "l'établissement.",
        institute_page,
        "Le site de l'établissement",
    )


def _where_next(offer, route):
    if route == ApplicationRoute.PARCOURSUP:
        return "sur Parcoursup", offer.application_url or PARCOURSUP_URL
    institute = offer.institute
    url = institute.applications_url or institute.website
    return "sur le site de l'établissement", url


def _when(offer, today, where_next):
    opens, closes = offer.applications_open, offer.applications_close
    window = offer.application_window(today)
    if window == PAST:
        session = f"du {_day(opens)} au {_day(closes)}" if opens else f"jusqu'au {_day(closes)}"
        return PAST, (
            f"Dernière session connue : candidatures {session}, terminée. Les prochaines "
            f"dates ne sont pas encore connues ici : elles seront publiées {where_next}."
        )
    if window == UPCOMING:
        until = f" au {_day(closes)}" if closes else ""
        return UPCOMING, f"Candidatures du {_day(opens)}{until} : pas encore ouvertes."
    if window == OPEN:
        return OPEN, f"Candidatures ouvertes jusqu'au {_day(closes)}."
    if closes:
        return UNKNOWN, (
            f"Candidatures jusqu'au {_day(closes)} (la date d'ouverture est publiée {where_next})."
        )
    if opens:
        return UNKNOWN, (
            f"Candidatures à partir du {_day(opens)} ; la date de clôture n'est pas encore "
            f"connue : elle sera publiée {where_next}."
        )
    return UNKNOWN, (
        f"Les dates de candidature ne sont pas encore connues ici : elles sont publiées "
        f"{where_next}."
    )


def how_to_apply(offer, today=None):
    today = today or timezone.localdate()
    route = _route(offer)
    how, link_url, link_label = _how(offer, route)
    where_next, where_next_url = _where_next(offer, route)
    state, when = _when(offer, today, where_next)
    parcoursup = None
    if route == ApplicationRoute.PARCOURSUP:
        parcoursup = calendar_today(today)
        if not (offer.applications_open or offer.applications_close):
            when = parcoursup.sentence
    return HowToApply(
        route=route,
        how=how,
        link_url=link_url,
        link_label=link_label,
        state=state,
        when=when,
        where_next=where_next,
        where_next_url=where_next_url,
        parcoursup=parcoursup,
    )
