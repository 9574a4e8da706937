"""« Est-ce pour moi ? » on a phone, with JavaScript (one question per screen) and without
(every question on one page): both reach a result, then the training of a profession."""

import re

from django.urls import reverse

from .helpers import PHONE, save_screenshot

RESULT = re.compile(re.escape(reverse("orientation:result")) + r"\?")


def reach_training_from_the_result(page, live_server):
    first = page.locator(".orientation-match").first
    assert first.locator(".reasons-fit li").count() >= 1, "the first job shows no reason"
    title = first.locator("h3").inner_text().strip()
    first.get_by_role("button", name=re.compile("Voir les formations")).click()
    page.wait_for_url(re.compile(re.escape(reverse("trainings:offer_list")) + r"\?.*metier="))
    assert page.locator("h1").count() == 1
    return title


def test_one_question_per_screen_with_javascript(live_server, site_content, phone_page):
    page = phone_page
    page.goto(live_server.url + reverse("orientation:questions"))
    total = page.locator(".orientation-question").count()
    assert total >= 2
    for number in range(total):
        visible = page.locator(".orientation-question:visible")
        assert visible.count() == 1, "JavaScript shows one question at a time"
        assert f"Question {number + 1} sur {total}" in visible.locator("legend").inner_text()
        if number < total - 1:
            visible.locator('input[value="oui"]').check()
        else:  # the last step: the interest families, boxes to tick
            visible.locator('input[name="interets"]').first.check()
        if number < total - 1:
            assert page.locator(".orientation-submit:visible").count() == 0
            page.get_by_role("button", name="Question suivante").click()
    save_screenshot(page, "orientation-1-last-question")
    page.get_by_role("button", name="Voir les métiers à regarder").click()
    page.wait_for_url(RESULT)
    assert page.locator("h1").count() == 1
    save_screenshot(page, "orientation-2-result")
    reach_training_from_the_result(page, live_server)


def test_every_question_on_one_page_without_javascript(live_server, site_content, browser):
    context = browser.new_context(viewport=PHONE, locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("orientation:questions"))
        questions = page.locator(".orientation-question")
        assert questions.count() == page.locator(".orientation-question:visible").count()
        page.locator('#question-toilette input[value="non"]').check()
        page.locator('#question-etudes input[value="oui"]').check()
        page.get_by_role("button", name="Voir les métiers à regarder").click()
        page.wait_for_url(RESULT)
        assert "toilette=non" in page.url and "etudes=oui" in page.url
        reach_training_from_the_result(page, live_server)
    finally:
        context.close()
