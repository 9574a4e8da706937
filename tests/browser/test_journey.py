"""The journey the site exists for, on a phone: a lycéen lands on the home page, opens the
aide-soignant card, reads the job, then follows « Où se former » to an institute near them."""

import re

from django.urls import reverse

from .helpers import save_screenshot

WHERE_TO_TRAIN = re.compile(r"Où se former", re.IGNORECASE)


def institute_detail_prefix():
    return reverse("trainings:institute_detail", kwargs={"slug": "x"}).removesuffix("x/")


def diploma_detail_prefix():
    return reverse("trainings:diploma_detail", kwargs={"slug": "x"}).removesuffix("x/")


def detail_links(scope, prefix):
    """Links in `scope` to a detail page under `prefix` (not to the list page itself)."""
    return scope.locator(f'a[href^="{prefix}"]:not([href="{prefix}"])')


def test_home_to_profession_to_institute_on_a_phone(live_server, site_content, phone_page):
    page = phone_page
    assert site_content["aide_soignant"], "the demo content has no published aide-soignant page"

    response = page.goto(live_server.url + reverse("home"))
    assert response.status == 200
    save_screenshot(page, "journey-1-home")

    card_link = page.locator(".profession-card a").filter(
        has_text=re.compile(r"aide-soignant", re.IGNORECASE)
    )
    assert card_link.count() >= 1, "the home page shows no aide-soignant card"
    card_link.first.click()

    page.wait_for_url(live_server.url + site_content["aide_soignant"].get_absolute_url())
    h1 = page.locator("h1")
    assert h1.count() == 1
    assert re.search(r"aide-soignant", h1.inner_text(), re.IGNORECASE)
    save_screenshot(page, "journey-2-profession")

    heading = page.get_by_role("heading", name=WHERE_TO_TRAIN)
    assert heading.count() >= 1, "the profession page has no « Où se former » heading"
    section = page.locator("section").filter(has=heading).last
    institutes = detail_links(section, institute_detail_prefix())
    diplomas = detail_links(section, diploma_detail_prefix())
    assert institutes.count() + diplomas.count() >= 1, "« Où se former » links nowhere"

    if institutes.count() == 0:
        # The section points to the diploma, whose page lists the institutes teaching it.
        diplomas.first.click()
        page.wait_for_url(re.compile(re.escape(diploma_detail_prefix()) + r"[\w-]+/(#[\w-]+)?$"))
        assert page.locator("h1").count() == 1
        save_screenshot(page, "journey-3-diploma")
        institutes = detail_links(page.locator("main"), institute_detail_prefix())
        assert institutes.count() >= 1, "the diploma page links to no institute"

    institute_name = institutes.first.inner_text().strip()
    institutes.first.click()
    # An offer links to its card on the institute page: .../etablissements/<slug>/#offre-<pk>
    page.wait_for_url(re.compile(re.escape(institute_detail_prefix()) + r"[\w-]+/(#[\w-]+)?$"))
    assert page.locator("h1").count() == 1
    assert institute_name in page.locator("h1").inner_text()
    save_screenshot(page, "journey-4-institute")
