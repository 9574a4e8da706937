"""A diploma's application calendar, to subscribe to (.ics, no account, no address asked):
the Parcoursup sessions' key dates when an offer of the diploma recruits there, and each
school's own selection dates (opening, closing, results) as the offers carry them. Every
event names its source in its DESCRIPTION and its URL. Written by careers_site/core/ics.py,
the project's one .ics writer."""

from django.utils.formats import date_format

from careers_site.core import ics

from .models import ApplicationRoute, TrainingOffer
from .parcoursup_calendar import load_sessions

SCHOOL_STEPS = (
    ("applications_open", "ouverture", "Ouverture des candidatures"),
    ("applications_close", "cloture", "Clôture des candidatures"),
    ("results_date", "resultats", "Résultats de la sélection"),
)


def _day(value):
    return date_format(value, "j F Y")


def calendar_offers(diploma):
    """The diploma's public offers with their institute: one query."""
    return list(
        TrainingOffer.objects.public(on_diploma_page=True)
        .filter(diploma=diploma)
        .select_related("institute")
        .order_by("institute__name", "modality", "pk")
    )


def parcoursup_events(diploma, host):
    for session in load_sessions():
        for date in session.dates:
            label = date.get_step_display()
            description = (
                f"Parcoursup, session {session.year} : {label.lower()}.\n"
                f"Concerne : {diploma.name}, comme toutes les formations sur Parcoursup.\n"
                f"Source : {date.source}, {_day(date.source_date)} : {date.source_url}"
            )
            yield ics.vevent(
                uid=f"parcoursup-{session.year}-{date.step}-diplome-{diploma.pk}@{host}",
                stamp=max(date.updated_at, session.updated_at),
                when=ics.all_day(date.day),
                summary=f"Parcoursup {session.year} : {label}",
                description=description,
                url=date.source_url,
            )


def school_events(diploma, offers, host, offer_url):
    """`offer_url(offer)`: the absolute address of the offer on this site, the source when
    the school's own page is not known."""
    for offer in offers:
        institute = offer.institute
        source_url = offer.application_url or institute.applications_url or institute.website
        checked = f", vérifiées le {_day(offer.last_verified)}" if offer.last_verified else ""
        page = offer_url(offer)
        for field, key, label in SCHOOL_STEPS:
            day = getattr(offer, field)
            if not day:
                continue
            description = (
                f"{label} : {diploma.name}, {institute.name}, {institute.commune} "
                f"({offer.get_modality_display().lower()}).\n"
                f"Source : les dates de sélection publiées par l'établissement{checked}"
                f"{' : ' + source_url if source_url else ''}.\n"
                f"L'offre sur le site : {page}"
            )
            yield ics.vevent(
                uid=f"offre-{offer.pk}-{key}@{host}",
                stamp=offer.updated_at,
                when=ics.all_day(day),
                summary=f"{label} : {institute.name} ({institute.commune})",
                description=description,
                url=source_url or page,
            )


def diploma_calendar(diploma, host, offer_url, site_name):
    """The .ics text of the diploma's calendar. Three queries when the Parcoursup calendar is
    not cached yet (the offers, the sessions, their dates), one after."""
    offers = calendar_offers(diploma)
    events = []
    if any(offer.application_route == ApplicationRoute.PARCOURSUP for offer in offers):
        events += parcoursup_events(diploma, host)
    events += school_events(diploma, offers, host, offer_url)
    return ics.calendar(
        events,
        f"Candidatures : {diploma.short_name} ({site_name})",
        properties=[
            f"X-WR-CALDESC:{ics.escape_text(_description(diploma))}",
            # Subscribed calendars are read again once a day (RFC 7986 and its older name).
            "REFRESH-INTERVAL;VALUE=DURATION:P1D",
            "X-PUBLISHED-TTL:P1D",
        ],
    )


def _description(diploma):
    return (
        f"{diploma.name} : les dates pour candidater en Auvergne-Rhône-Alpes, sur Parcoursup "
        "et à la sélection de chaque établissement, chaque date avec sa source."
    )
