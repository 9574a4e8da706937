"""Small helpers shared by the browser tests."""

import os
from pathlib import Path

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

SCREENSHOTS_DIR = Path("/tmp/screens")


def new_page(browser, viewport):
    """A fresh page (no cookies, French) at the given viewport."""
    context = browser.new_context(viewport=viewport, locale="fr-FR")
    context.set_default_timeout(15_000)
    return context.new_page()


def save_screenshot(page, name):
    """With SCREENSHOTS=1, a full-page screenshot into /tmp/screens/ (never into the repo)."""
    if os.environ.get("SCREENSHOTS", "").strip() not in {"", "0"}:
        SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS_DIR / f"{name}.png"), full_page=True)
