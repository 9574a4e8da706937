"""Search, filters, proximity, map and comparison in a real browser: the « manip radio »
journey from the home page on a phone, the « near me » script, and axe-core finding zero
WCAG 2.1 A/AA violations on the new pages at 390 and 1280 px."""

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse

from professions.models import Profession

from .helpers import DESKTOP, PHONE, new_page, save_screenshot
from .test_accessibility import AXE_OPTIONS, describe, horizontal_overflow


def test_manip_radio_from_the_home_page_reaches_the_profession(
    live_server, site_content, phone_page
):
    page = phone_page
    page.goto(live_server.url + reverse("home"))
    page.get_by_role("searchbox").first.fill("manip radio")
    page.get_by_role("searchbox").first.press("Enter")
    page.wait_for_url(re.compile(r"/recherche/\?q=manip\+radio$"))
    assert "manip radio" in page.locator("h1").inner_text()
    save_screenshot(page, "search-1-results")

    result = page.locator("#metiers ~ ul .profession-card a").first
    assert re.search(r"manipulat", result.inner_text(), re.IGNORECASE)
    assert page.locator(".profession-card mark").count() >= 1
    result.click()
    page.wait_for_url(re.compile(r"/metiers/[\w-]+/$"))
    assert re.search(r"manipulat", page.locator("h1").inner_text(), re.IGNORECASE)
    save_screenshot(page, "search-2-profession")


def test_typo_offers_a_correction(live_server, site_content, phone_page):
    page = phone_page
    page.goto(live_server.url + reverse("search") + "?q=aide+soigante")
    assert "Vouliez-vous dire" in page.locator(".did-you-mean").inner_text()
    assert page.locator(".profession-card").count() >= 1


def test_near_me_suggests_communes_and_uses_the_position_only_when_asked(
    live_server, site_content, browser
):
    # Live-server tests empty the tables after each test: the communes loaded by the migration
    # may be gone.
    call_command("load_communes", stdout=io.StringIO())
    context = browser.new_context(viewport=PHONE, locale="fr-FR")
    context.grant_permissions(["geolocation"])
    context.set_geolocation({"latitude": 45.043, "longitude": 3.885})
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("trainings:offer_list"))
        assert "lat=" not in page.url  # nothing is asked before the click
        field = page.get_by_label("Votre commune ou votre code postal")
        field.fill("Yssing")
        page.wait_for_function(
            "() => document.querySelectorAll('#communes-suggestions option').length > 0"
        )
        assert page.locator("#communes-suggestions option").first.get_attribute("value") == (
            "Yssingeaux (43200)"
        )
        page.get_by_role("button", name="Utiliser ma position").click()
        page.wait_for_url(re.compile(r"lat=45\.04&lon=3\.88|lon=3\.88.*lat=45\.04|lat=45\.04"))
        assert "Les formations les plus proches" in page.locator("main").inner_text()
        save_screenshot(page, "near-me-position")
    finally:
        context.close()


def new_pages(content):
    call_command("load_communes", stdout=io.StringIO())
    manip = Profession.objects.published().filter(slug__startswith="manipulateur").first()
    slugs = list(Profession.objects.published().values_list("slug", flat=True)[:3])
    compare = reverse("professions:compare") + "?" + "&".join(f"m={slug}" for slug in slugs)
    return [
        ("recherche", reverse("search") + "?q=manip+radio"),
        ("recherche-faute", reverse("search") + "?q=aide+soigante"),
        ("recherche-rien", reverse("search") + "?q=zzqxw"),
        ("formations-carte", reverse("trainings:offer_list")),
        (
            "formations-filtres",
            reverse("trainings:offer_list") + "?departement=43&modalite=apprentissage",
        ),
        ("formations-vide", reverse("trainings:offer_list") + "?departement=74&ouvertes=1"),
        ("formations-commune", reverse("trainings:offer_list") + "?commune=Yssingeaux"),
        ("formations-position", reverse("trainings:offer_list") + "?lat=45.04&lon=3.88"),
        ("metiers-filtres", reverse("professions:list") + "?niveau=4&apprentissage=1"),
        ("metiers-vide", reverse("professions:list") + "?niveau=0&secteur=pharmacie"),
        ("comparer", compare),
        ("comparer-vide", reverse("professions:compare")),
        ("comparer-un", reverse("professions:compare") + (f"?m={manip.slug}" if manip else "")),
    ]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_new_pages_pass_axe(live_server, site_content, browser, viewport):
    axe = Axe()
    page = new_page(browser, viewport)
    problems = []
    try:
        for name, path in new_pages(site_content):
            response = page.goto(live_server.url + path)
            page_problems = []
            if response is None or response.status != 200:
                page_problems.append(f"  HTTP {response.status if response else 'none'}")
            if page.locator("h1").count() != 1:
                page_problems.append("  not exactly one <h1>")
            # Open the collapsed filters so that axe checks them too.
            page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
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
    assert not problems, "\n\n".join(problems)
