"""The counsellors' toolkit in a real browser: printed sheets are one A4 page, the QR codes
on screen and on paper decode to the right address, « Partager » works, and the visits that
came through a fair's QR code show in the admin report."""

import io

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from campaigns.models import Event
from professions.models import Profession
from tests import factories
from tests.factories import (
    DiplomaFactory,
    InstituteFactory,
    ProfessionFactory,
    TrainingOfferFactory,
)

from .helpers import DESKTOP, PHONE, new_page, save_screenshot

DEMO_PROFESSIONS = [
    "aide-soignant",
    "manipulateur-electroradiologie-medicale",
    "preparateur-pharmacie",
]
PHONE_BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Mobile Safari/537.36"
)


def printed_pages(page, url):
    """Number of A4 pages Chromium prints for `url`, and their text (a non-breaking space
    read as a space)."""
    page.goto(url)
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    text = " ".join(p.extract_text() for p in reader.pages)
    return len(reader.pages), text.replace("\xa0", " ")


def decode(png):
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    return [result.text for result in results]


def short_code(profession_slug):
    from careers_site.toolkit.shortlinks import main_link

    return main_link(Profession.objects.get(slug=profession_slug)).code


@pytest.fixture
def page(browser):
    page = new_page(browser, DESKTOP)
    yield page
    page.context.close()


def test_sheet_of_each_demo_profession_prints_on_one_a4_page(live_server, site_content, page):
    for slug in DEMO_PROFESSIONS:
        count, text = printed_pages(page, f"{live_server.url}/metiers/{slug}/fiche/")
        assert count == 1, f"{slug}: {count} pages"
        for essential in ("Le diplôme", "Salaire de début"):
            assert essential in text, f"{slug}: « {essential} » missing from the printed sheet"
        # The schools print when the site lists some; otherwise the sheet promises none.
        if "Où se former dans la région" not in text:
            assert "tous les établissements" not in text, slug
        assert "Source : ONISEP" in text
        assert f"/m/{short_code(slug)}" in text


def test_sheet_with_long_texts_still_prints_on_one_page(live_server, transactional_db, page):
    profession = ProfessionFactory(
        title_masculine="Technicien supérieur hospitalier en stérilisation centrale",
        title_feminine="Technicienne supérieure hospitalière en stérilisation centrale",
        slug="technicien-sterilisation",
        tagline=("Une accroche vraiment très longue " * 6)[:200],
        summary="Un texte de présentation qui ne s'arrête plus. " * 80,
        starting_salary=1890,
        salary_source="ONISEP",
        salary_note="Dans la fonction publique hospitalière, hors primes et indemnités diverses",
    )
    for number in range(3):
        diploma = DiplomaFactory(name=f"Diplôme d'État au nom particulièrement long n° {number}")
        diploma.professions.add(profession)
        for place in range(4):
            TrainingOfferFactory(
                diploma=diploma,
                institute=InstituteFactory(
                    name=f"Institut de formation aux métiers de la santé n° {number}-{place}"
                ),
            )
    factories.TestimonialFactory(profession=profession, quote="Une citation sans fin. " * 60)

    count, text = printed_pages(page, f"{live_server.url}/metiers/technicien-sterilisation/fiche/")
    assert count == 1
    assert "Et 6 autres" in text


@pytest.mark.parametrize("slug", DEMO_PROFESSIONS)
def test_poster_prints_on_one_page_and_its_qr_code_decodes(live_server, site_content, page, slug):
    url = f"{live_server.url}{reverse('toolkit_poster', args=['m', slug])}"
    count, _text = printed_pages(page, url)
    assert count == 1
    page.emulate_media(media="print")
    poster, qr = page.locator(".poster").bounding_box(), page.locator(".poster-qr")
    assert qr.bounding_box()["width"] > 400, "a very large QR code"
    link = page.locator(".poster-link").bounding_box()
    title = page.locator(".poster-title").bounding_box()
    assert title["y"] >= poster["y"], "the title is not cut off at the top"
    assert link["y"] + link["height"] <= poster["y"] + poster["height"], "nor the link below"
    assert decode(qr.screenshot()) == [f"{live_server.url}/m/{short_code(slug)}"]
    save_screenshot(page, f"affiche-impression-{slug}")


def test_printed_sheet_qr_code_carries_the_fair_source(live_server, site_content, page):
    page.goto(f"{live_server.url}/metiers/preparateur-pharmacie/fiche/?source=salon-exemple")
    page.emulate_media(media="print")
    assert decode(page.locator(".sheet-qr img").screenshot()) == [
        f"{live_server.url}/m/{short_code('preparateur-pharmacie')}?src=salon-exemple"
    ]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_share_button_uses_the_web_share_api_where_present(
    live_server, site_content, browser, viewport
):
    page = new_page(browser, viewport)
    try:
        page.add_init_script(
            "navigator.share = (data) => { window.sharedData = data; return Promise.resolve(); };"
        )
        page.goto(f"{live_server.url}/metiers/aide-soignant/")
        button = page.get_by_role("button", name="Partager")
        button.click()
        shared = page.evaluate("window.sharedData")
        assert shared["url"] == f"{live_server.url}/metiers/aide-soignant/"
    finally:
        page.context.close()


def test_share_button_falls_back_to_copying_the_link(live_server, site_content, browser):
    context = browser.new_context(viewport=PHONE, locale="fr-FR")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    try:
        page.add_init_script("delete Navigator.prototype.share;")
        page.goto(f"{live_server.url}/metiers/aide-soignant/")
        page.get_by_role("button", name="Copier le lien").click()
        page.get_by_text("Lien copié").wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == (
            f"{live_server.url}/metiers/aide-soignant/"
        )
    finally:
        context.close()


def test_without_javascript_the_address_stays_visible(live_server, site_content, browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/metiers/aide-soignant/")
        field = page.get_by_label("Adresse de la page, à copier")
        assert field.input_value() == f"{live_server.url}/metiers/aide-soignant/"
        assert not page.get_by_role("button", name="Partager").is_visible()
    finally:
        context.close()


def test_counsellor_kit_then_visits_through_the_fair_qr_code_show_in_the_admin(
    live_server, site_content, browser, django_user_model
):
    fair = Event.objects.get(slug="salon-des-metiers-exemple-de-demonstration")
    # The counsellor opens the kit from the event page and finds one QR code per profession.
    counsellor = new_page(browser, DESKTOP)
    counsellor.goto(live_server.url + fair.get_absolute_url())
    counsellor.get_by_role("link", name="Kit salon : fiches et QR codes des métiers").click()
    counsellor.get_by_role("heading", level=1, name=f"Kit salon : {fair.title}").wait_for()
    cards = counsellor.locator(".kit-grid .kit-card")
    assert cards.count() == 3
    for number in range(3):
        assert cards.nth(number).get_by_role("link", name="Fiche à imprimer").count() == 1
    stand_qr = decode(counsellor.locator(".kit-card-stand img").screenshot())
    aide_qr = decode(
        cards.filter(has_text="Aide-soignant").locator("img").screenshot(),
    )
    save_screenshot(counsellor, "kit-salon")
    counsellor.context.close()
    assert stand_qr == [f"{live_server.url}/s/salon-exemple"]
    assert aide_qr == [f"{live_server.url}/m/aide-soignant?src=salon-exemple"]

    # Two visitors scan them with their phones.
    for scanned in (stand_qr[0], aide_qr[0]):
        context = browser.new_context(viewport=PHONE, user_agent=PHONE_BROWSER)
        visitor = context.new_page()
        assert visitor.goto(scanned).status == 200
        context.close()

    # Staff see them in the admin report of the event.
    django_user_model.objects.create_superuser(
        "equipe", "equipe@example.org", "mot-de-passe-solide"
    )
    staff = new_page(browser, DESKTOP)
    try:
        staff.goto(f"{live_server.url}/admin/login/")
        staff.get_by_label("Nom d’utilisateur").fill("equipe")
        staff.get_by_label("Mot de passe").fill("mot-de-passe-solide")
        staff.get_by_role("button", name="Connexion").click()
        staff.goto(f"{live_server.url}{reverse('admin:toolkit_visitcount_report')}")
        staff.get_by_label("Événement").select_option(label=str(fair))
        staff.get_by_role("button", name="Afficher").click()
        heading = staff.get_by_role("heading", name=f"Événement : {fair} : 2 visites")
        heading.wait_for()
        save_screenshot(staff, "admin-rapport-visites")
    finally:
        staff.context.close()
