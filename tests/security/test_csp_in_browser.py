"""Chromium reports no Content-Security-Policy violation on the public pages nor in the admin
(login, list and change pages with their widgets), under the real policy.

Chromium is driven from a child process: the browser tests (tests/browser/) keep a Playwright
session open for the whole run, and a second one cannot start in the same process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import InstituteFactory, ProfessionFactory, VideoFactory

CHROMIUM = Path("/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists() and not IN_CI, reason="Debian's chromium missing"),
]

VISIT = r"""
import json, sys
from playwright.sync_api import sync_playwright

base, public, admin, username, password = json.loads(sys.argv[1])
result = {"violations": {}, "admin_policy": "", "editors": {}}
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(
        executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
    )
    page = browser.new_context(locale="fr-FR").new_page()
    page.set_default_timeout(15000)
    current = []
    csp_message = "Content Security Policy"
    page.on("console", lambda m: current.append(m.text) if csp_message in m.text else None)

    def visit(url):
        current.clear()
        response = page.goto(base + url)
        page.wait_for_load_state("load")
        result["violations"][url] = [response.status, list(current)]
        return response

    for url in public:
        visit(url)
    # The staff-chosen colour reaches the page (inline block allowed by its hash), rendered
    # and then served by the page cache; a new context each time, or the browser's own cache
    # would answer the second visit.
    brand = "getComputedStyle(document.documentElement).getPropertyValue('--brand').trim()"
    result["brand"] = []
    for _ in range(2):
        fresh = browser.new_context(locale="fr-FR").new_page()
        fresh.on("console", lambda m: current.append(m.text) if csp_message in m.text else None)
        current.clear()
        response = fresh.goto(base + "/")
        fresh.wait_for_load_state("load")
        result["brand"].append([response.headers.get("x-page-cache"), fresh.evaluate(brand)])
        result["violations"]["/ (" + result["brand"][-1][0] + ")"] = [response.status, current[:]]
        fresh.context.close()
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(base + "/admin/")
    for url in admin:
        visit(url)
        # The rich-text editor (ProseMirror) started: its editable area is on the page.
        result["editors"][url] = page.locator(".ProseMirror[contenteditable=true]").count()
    result["admin_policy"] = page.goto(base + "/admin/").headers["content-security-policy"]
    browser.close()
print(json.dumps(result))
"""


def test_no_csp_violation_on_public_pages_and_in_the_admin(
    live_server, transactional_db, django_user_model, settings
):
    from careers_site.core.models import SiteSettings

    settings.PAGE_CACHE_ENABLED = True
    SiteSettings.objects.create(pk=1, primary_colour="#7a1f5c")
    profession = ProfessionFactory(
        working_conditions="<p>Horaires en <strong>roulement</strong></p>"
    )
    video = VideoFactory()
    institute = InstituteFactory()
    django_user_model.objects.create_superuser("equipe", "e@example.org", "un-mot-de-passe-solide")
    public = ["/", profession.get_absolute_url(), video.get_absolute_url(), "/recherche/?q=soin"]
    admin = [
        "/admin/",
        "/admin/professions/profession/",
        f"/admin/professions/profession/{profession.pk}/change/",
        "/admin/professions/profession/add/",
        f"/admin/campaigns/video/{video.pk}/change/",
        "/admin/campaigns/event/add/",
        "/admin/trainings/trainingoffer/add/",
        f"/admin/trainings/institute/{institute.pk}/change/",
        f"/admin/professions/profession/{profession.pk}/history/",
        "/admin/trainings/institute/import/",
        "/admin/campaigns/campaign/recover/",
    ]
    arguments = json.dumps([live_server.url, public, admin, "equipe", "un-mot-de-passe-solide"])
    env = {**os.environ, "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1"}
    run = subprocess.run(
        [sys.executable, "-c", VISIT, arguments],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    for url, (status, violations) in result["violations"].items():
        assert status == 200, url
        assert violations == [], url
    # "/" was rendered once above: both fresh visits get the page cache's copy.
    assert result["brand"] == [["hit", "#7a1f5c"], ["hit", "#7a1f5c"]]
    # The admin is as strict as the public pages: no inline style attribute, no inline script
    # but the editor's import map, which carries the response's nonce.
    policy = result["admin_policy"]
    assert "unsafe-inline" not in policy
    assert "script-src 'self'" in policy and "'unsafe-eval'" not in policy
    editors = result["editors"]
    assert editors[f"/admin/professions/profession/{profession.pk}/change/"] == 2
    assert editors[f"/admin/trainings/institute/{institute.pk}/change/"] == 2
    assert editors["/admin/trainings/trainingoffer/add/"] == 0
