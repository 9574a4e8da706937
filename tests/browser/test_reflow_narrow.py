"""Nothing scrolls sideways on the narrowest phone (320 px, WCAG 1.4.10 reflow): the header's
search field shrinks, and the longest content of the third batch (the sources listed under the
« Se reconvertir » cards, the CPF and ANFH pages, long profession names) wraps."""

import pytest
from django.urls import reverse

from .helpers import new_page

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 700}


def test_pages_fit_a_320px_screen(live_server, site_content, browser):
    page = new_page(browser, NARROW)
    too_wide = []
    for path in (
        reverse("home"),
        reverse("legal"),
        reverse("trainings:retraining"),
        reverse("trainings:aid_detail", args=["compte-personnel-formation-cpf"]),
        reverse("professions:detail", args=["technicien-intervention-sociale-familiale"]),
        reverse("campaigns:partner_detail", args=["anfh"]),
        reverse("trainings:diploma_detail", args=["de-infirmier"]),
    ):
        page.goto(live_server.url + path)
        # Open every « Sources » list: what is folded must fit too once unfolded.
        page.evaluate("() => document.querySelectorAll('details').forEach(d => (d.open = true))")
        overflow = page.evaluate(
            "() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)"
        )
        if overflow:
            too_wide.append(f"{path} scrolls sideways by {overflow}px")
    assert not too_wide, "\n".join(too_wide)
