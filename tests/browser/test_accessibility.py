"""axe-core finds no WCAG 2.1 A/AA violation on any public page type, on a phone (390 px)
and on a desktop (1280 px); no page scrolls sideways on the phone (WCAG 1.4.10, reflow).

Every page is visited and every problem collected before the test fails, so one run tells a
developer everything there is to fix, page by page.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from campaigns.models import Campaign, Event, Video
from professions.models import Profession
from trainings.models import Diploma, FinancialAid, Institute

from .helpers import DESKTOP, PHONE, new_page, save_screenshot

# Every rule axe has, not only the WCAG-tagged ones (best practices too: landmarks, headings).
AXE_OPTIONS = {"resultTypes": ["violations"]}


def first_public_url(queryset, what):
    obj = queryset.published().order_by("pk").first()
    assert obj is not None, f"no published {what} in the demo content: cannot check its page"
    return obj.get_absolute_url()


def public_pages(content):
    """(name, path, expected status) for one page of every public type."""
    aide_soignant = content["aide_soignant"]
    return [
        ("accueil", reverse("home"), 200),
        ("metiers", reverse("professions:list"), 200),
        (
            "metier",
            aide_soignant.get_absolute_url()
            if aide_soignant
            else first_public_url(Profession.objects, "profession"),
            200,
        ),
        ("formations", reverse("trainings:offer_list"), 200),
        ("diplomes", reverse("trainings:diploma_list"), 200),
        ("diplome", first_public_url(Diploma.objects, "diploma"), 200),
        ("etablissements", reverse("trainings:institute_list"), 200),
        ("etablissement", first_public_url(Institute.objects, "institute"), 200),
        (
            "etablissement-parcoursup",  # an offer with its Parcoursup figures (demo extract)
            first_public_url(
                Institute.objects.filter(offers__parcoursup_figures__isnull=False),
                "institute with Parcoursup figures",
            ),
            200,
        ),
        ("aides", reverse("trainings:aid_list"), 200),
        ("aide", first_public_url(FinancialAid.objects, "financial aid"), 200),
        ("campagnes", reverse("campaigns:list"), 200),
        ("campagne", first_public_url(Campaign.objects, "campaign"), 200),
        ("videos", reverse("campaigns:video_list"), 200),
        ("video", first_public_url(Video.objects, "video"), 200),
        ("video-fichier", content["video"].get_absolute_url(), 200),
        ("agenda", reverse("campaigns:event_list"), 200),
        ("evenement", first_public_url(Event.objects, "event"), 200),
        ("recherche", reverse("search") + "?q=aide-soignant", 200),
        # A real job of the ROME not presented here (issue 24).
        ("recherche-rome", reverse("search") + "?q=orthoptiste", 200),
        ("accessibilite", reverse("accessibility"), 200),
        ("grille-rgaa", reverse("accessibility_grid"), 200),
        ("schema-pluriannuel", reverse("accessibility_scheme"), 200),
        ("plan-d-action", reverse("accessibility_plan"), 200),
        ("mentions-legales", reverse("legal"), 200),
        ("donnees-personnelles", reverse("privacy"), 200),
        ("plan-du-site", reverse("site_map"), 200),
        ("se-reconvertir", reverse("trainings:retraining"), 200),
        ("formations-adultes", reverse("trainings:offer_list") + "?adultes=1", 200),
        ("partenaires", reverse("campaigns:partner_list"), 200),
        (
            "partenaire",
            reverse("campaigns:partner_detail", args=["region-auvergne-rhone-alpes"]),
            200,
        ),
        ("diplome-en-reforme", reverse("trainings:diploma_detail", args=["de-infirmier"]), 200),
        ("fiche-a-imprimer", reverse("toolkit_sheet", args=["aide-soignant"]), 200),
        ("affiche", reverse("toolkit_poster", args=["m", "aide-soignant"]), 200),
        (
            "kit-salon",
            reverse("toolkit_event_kit", args=["salon-des-metiers-exemple-de-demonstration"]),
            200,
        ),
        ("kit-campagne", reverse("toolkit_campaign_kit", args=["webserie-metiers-du-soin"]), 200),
        ("est-ce-pour-moi", reverse("orientation:questions"), 200),
        (
            "est-ce-pour-moi-resultat",
            reverse("orientation:result") + "?toilette=oui&machines=non&etudes=oui",
            200,
        ),
        ("donnees-ouvertes", reverse("opendata:page"), 200),
        ("api-documentation", reverse("opendata:api_docs"), 200),
        ("404", "/cette-page-n-existe-pas/", 404),
    ]


def describe(violation):
    lines = [f"  [{violation['impact']}] {violation['id']}: {violation['help']}"]
    lines.append(f"    {violation['helpUrl']}")
    for node in violation["nodes"]:
        target = " ".join(str(part) for part in node["target"])
        lines.append(f"    - {target}")
        if node.get("failureSummary"):
            summary = " ".join(node["failureSummary"].split())
            lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def horizontal_overflow(page):
    """Width in CSS pixels by which the page is wider than the viewport (0 when it fits)."""
    return page.evaluate(
        "() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)"
    )


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_every_public_page_type_passes_axe(live_server, site_content, browser, viewport):
    axe = Axe()
    page = new_page(browser, viewport)
    problems = []
    try:
        for name, path, expected_status in public_pages(site_content):
            response = page.goto(live_server.url + path)
            page_problems = []
            if response is None or response.status != expected_status:
                status = response.status if response else "no response"
                page_problems.append(f"  HTTP {status}, expected {expected_status}")
            if response is not None and response.status < 500:
                h1_count = page.locator("h1").count()
                if h1_count != 1:
                    page_problems.append(f"  {h1_count} <h1> on the page, expected exactly one")
                overflow = horizontal_overflow(page)
                if viewport is PHONE and overflow > 0:
                    page_problems.append(f"  scrolls sideways by {overflow}px at 390px")
                results = axe.run(page, options=AXE_OPTIONS)
                page_problems.extend(describe(v) for v in results.response["violations"])
            save_screenshot(page, f"{viewport['width']}-{name}")
            if page_problems:
                problems.append(f"{name} ({path}):\n" + "\n".join(page_problems))
    finally:
        page.context.close()

    assert not problems, (
        f"{len(problems)} page(s) with accessibility problems at {viewport['width']}px:\n\n"
        + "\n\n".join(problems)
    )
