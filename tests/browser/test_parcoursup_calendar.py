"""The Parcoursup calendar on a 320 px phone: an offer's phase and next date with its source,
and the diploma's calendar links, fit without scrolling sideways and pass axe."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories import (
    DiplomaFactory,
    InstituteFactory,
    ParcoursupKeyDateFactory,
    ParcoursupSessionFactory,
    TrainingOfferFactory,
)
from trainings.models import ApplicationRoute

from .helpers import new_page, save_screenshot
from .test_accessibility import AXE_OPTIONS, describe, horizontal_overflow

SMALLEST_PHONE = {"width": 320, "height": 640}


@pytest.fixture
def parcoursup_offer(transactional_db):
    session = ParcoursupSessionFactory(year=datetime.date.today().year + 1)
    ParcoursupKeyDateFactory(
        session=session,
        step="fin-confirmation",
        day=datetime.date.today() + datetime.timedelta(days=30),
        source="Ministère de l'Enseignement supérieur et de la Recherche, communiqué du "
        "calendrier de la session (source de test, un long intitulé)",
        source_url="https://www.enseignementsup-recherche.gouv.fr/un-tres-long-chemin-de-page",
    )
    diploma = DiplomaFactory(name="Diplôme d'État d'ergothérapeute", slug="de-ergotherapeute")
    institute = InstituteFactory(name="Institut de formation en ergothérapie de test")
    return TrainingOfferFactory(
        diploma=diploma, institute=institute, application_route=ApplicationRoute.PARCOURSUP
    )


def test_the_calendar_fits_a_320px_phone_and_passes_axe(live_server, browser, parcoursup_offer):
    axe = Axe()
    page = new_page(browser, SMALLEST_PHONE)
    problems = []
    try:
        for name, path in (
            ("diplome", parcoursup_offer.diploma.get_absolute_url()),
            ("etablissement", parcoursup_offer.institute.get_absolute_url()),
        ):
            page.goto(live_server.url + path)
            assert page.locator(".offer-calendar").count() == 1
            overflow = horizontal_overflow(page)
            if overflow:
                wide = page.evaluate(
                    "() => [...document.querySelectorAll('body *')].filter(e => "
                    "e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 8)"
                    ".map(e => e.tagName + '.' + e.className + ' ' + "
                    "Math.round(e.getBoundingClientRect().right))"
                )
                problems.append(f"{name}: scrolls sideways by {overflow}px at 320px: {wide}")
            results = axe.run(page, options=AXE_OPTIONS)
            problems.extend(f"{name}: {describe(v)}" for v in results.response["violations"])
            save_screenshot(page, f"320-calendrier-{name}")
        assert page.locator(".calendar-links").count() == 0  # the institute page has none
    finally:
        page.context.close()
    assert not problems, "\n".join(problems)
