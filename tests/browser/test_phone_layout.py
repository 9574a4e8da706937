"""Nothing scrolls sideways on a phone, a question's title stays inside its box, and the
admin's date widgets speak French (issue 28, point 5 and point 4)."""

import pytest
from django.urls import reverse

from .helpers import DESKTOP, PHONE, new_page, save_screenshot

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_each_question_title_sits_inside_its_box(live_server, site_content, browser, viewport):
    """A legend of several lines used to sit on the fieldset's top border, which cut through
    it: the box must start above the legend's first line."""
    page = new_page(browser, viewport)
    try:
        page.goto(live_server.url + reverse("orientation:questions"))
        boxes = page.evaluate(
            """() => Array.from(document.querySelectorAll('.orientation-question fieldset'))
                .filter(f => f.offsetParent !== null)
                .map(f => [f.getBoundingClientRect().top,
                           f.querySelector('legend').getBoundingClientRect().top,
                           f.querySelector('legend').getBoundingClientRect().height])"""
        )
        assert boxes
        for fieldset_top, legend_top, legend_height in boxes:
            assert legend_height > 0
            assert legend_top > fieldset_top, "the box's border crosses its title"
        assert page.evaluate(NO_SIDEWAYS_SCROLL)
        save_screenshot(page, f"orientation-questions-{viewport['width']}")
    finally:
        page.context.close()


@pytest.mark.parametrize(
    "url_name", ["opendata:api_docs", "opendata:page"], ids=["api-docs", "open-data"]
)
def test_wide_tables_scroll_in_their_own_box_not_the_page(
    live_server, site_content, phone_page, url_name
):
    page = phone_page
    page.goto(live_server.url + reverse(url_name))
    # Every data dictionary and list of fields opened, as a reader would.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert page.locator("table").count() >= 2
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    # Each table's box can be reached and scrolled with the keyboard, and says what it is.
    wraps = page.locator(".table-wrap")
    assert wraps.count() == page.locator("table").count()
    for index in range(wraps.count()):
        wrap = wraps.nth(index)
        assert wrap.get_attribute("tabindex") == "0"
        assert wrap.get_attribute("role") == "region"
        assert wrap.get_attribute("aria-label")
    save_screenshot(page, f"{url_name.split(':')[1]}-390")


def test_the_admin_date_shortcuts_are_in_french(live_server, browser, django_user_model):
    django_user_model.objects.create_superuser(
        "equipe", "equipe@example.org", "mot-de-passe-solide"
    )
    page = new_page(browser, DESKTOP)
    try:
        page.goto(f"{live_server.url}/admin/login/")
        page.get_by_label("Nom d’utilisateur").fill("equipe")
        page.get_by_label("Mot de passe").fill("mot-de-passe-solide")
        page.get_by_role("button", name="Connexion").click()
        page.goto(live_server.url + reverse("admin:campaigns_event_add"))
        shortcuts = page.locator(".datetimeshortcuts").first
        shortcuts.wait_for()
        text = page.locator("body").inner_text()
        assert "Aujourd’hui" in text or "Aujourd'hui" in text
        assert "Maintenant" in text
        for english in ("Today", "Now", "Choose a Time", "Midnight"):
            assert english not in text
    finally:
        page.context.close()


PLACEHOLDER_FITS = """() => Array.from(document.querySelectorAll('input[placeholder]'))
  .filter(input => input.checkVisibility())
  .map(input => {
    const style = getComputedStyle(input);
    const context = document.createElement('canvas').getContext('2d');
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return [input.id, Math.ceil(context.measureText(input.placeholder).width), Math.floor(room)];
  })
  .filter(([, needed, room]) => needed > room)"""


@pytest.mark.parametrize("width", [320, 390])
def test_search_placeholders_are_not_cut(live_server, site_content, browser, width):
    page = new_page(browser, {"width": width, "height": 800})
    try:
        for url in (
            reverse("home"),
            reverse("search"),
            reverse("professions:list"),
            reverse("trainings:offer_list"),
            "/cette-page-n-existe-pas/",
        ):
            page.goto(live_server.url + url)
            assert page.evaluate(PLACEHOLDER_FITS) == [], url
    finally:
        page.context.close()
