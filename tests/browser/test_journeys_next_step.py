"""Three journeys that must end on a useful next step, never on « Aucun résultat »:

- a lycéen scans a poster's QR code, reads the job and finds how and when to apply;
- an adult types « Clermont-Ferrand » in the search box, reaches the nearest institute and
  the ways to pay for the training;
- a counsellor opens a profession and prints its one-page sheet."""

import io
import re

from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from careers_site.toolkit.shortlinks import main_link

from .helpers import DESKTOP, new_page, save_screenshot

HOW_TO_APPLY = re.compile(r"Candidature|candidater|apprentissage", re.IGNORECASE)
WHEN = re.compile(r"candidatures|Dernière session connue|dates", re.IGNORECASE)


def test_lyceen_from_a_qr_code_to_how_to_apply(live_server, site_content, phone_page):
    page = phone_page
    profession = site_content["aide_soignant"]
    # What the poster's QR code holds: the profession's short link.
    short_path = main_link(profession).path

    page.goto(live_server.url + short_path)
    page.wait_for_url(re.compile(re.escape(profession.get_absolute_url()) + r"(\?.*)?$"))
    assert page.locator("h1").count() == 1
    save_screenshot(page, "journey-qr-1-profession")

    page.get_by_role("link", name="Où se former dans la région").click()
    offers = page.locator("section[aria-labelledby=ou-se-former] a[href*='#offre-']")
    assert offers.count() >= 1, "the profession page lists no offer to apply to"

    # The offer's own card on its institute page: how to apply, and when.
    offers.first.click()
    page.wait_for_url(re.compile(r"#offre-\d+$"))
    offer = page.locator(page.url[page.url.index("#") :])
    assert HOW_TO_APPLY.search(offer.locator(".offer-how").inner_text())
    assert WHEN.search(offer.locator(".offer-when").inner_text())
    save_screenshot(page, "journey-qr-2-how-to-apply")


def test_adult_types_a_town_and_reaches_an_institute_and_the_aids(
    live_server, site_content, phone_page
):
    # The communes come from a data migration, which the live server's flushes forget.
    call_command("load_communes", stdout=io.StringIO())
    page = phone_page
    page.goto(live_server.url + reverse("home"))

    search = page.get_by_role("search").first.get_by_role("searchbox")
    if search.count() == 0:
        search = page.locator("input[name=q]").first
    search.fill("Clermont-Ferrand")
    search.press("Enter")
    page.wait_for_url(re.compile(r"/recherche/\?q=Clermont-Ferrand"))
    main = page.locator("main")
    assert "Aucun résultat" not in main.inner_text()
    assert page.get_by_role("heading", name=re.compile("près de Clermont-Ferrand")).count() == 1
    save_screenshot(page, "journey-adult-1-search")

    nearest = main.locator("a[href*='/etablissements/']").first
    name = nearest.inner_text().strip()
    nearest.click()
    page.wait_for_url(re.compile(r"/etablissements/[\w-]+/"))
    assert name in page.locator("h1").inner_text()
    save_screenshot(page, "journey-adult-2-institute")

    page.go_back()
    page.get_by_role("link", name=re.compile("financer", re.IGNORECASE)).first.click()
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1
    aids = page.locator("main a[href*='/aides/']")
    assert aids.count() >= 1, "the way to pay for the training leads to no aid"
    save_screenshot(page, "journey-adult-3-aids")


def test_counsellor_prints_the_sheet_of_a_profession(live_server, site_content, browser):
    page = new_page(browser, DESKTOP)
    try:
        profession = site_content["aide_soignant"]
        page.goto(live_server.url + profession.get_absolute_url())
        page.get_by_role("link", name=re.compile("Fiche à imprimer")).click()
        page.wait_for_url(re.compile(r"/fiche/"))
        save_screenshot(page, "journey-counsellor-sheet")

        printed = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
        text = " ".join(p.extract_text() for p in printed.pages)
        assert len(printed.pages) == 1
        assert re.search("aide-soignant", text, re.IGNORECASE)
        # The next step is on the paper: where to train, and the short link to come back.
        assert main_link(profession).path.lstrip("/") in text.replace(" ", "")
    finally:
        page.context.close()
