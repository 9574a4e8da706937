"""The RGAA 4.1 criteria a browser can check, on every page of the audit's sample
(docs/accessibility/audit-rgaa-4.1.toml names these tests as the evidence of its cells).

Each test visits every page and collects every problem before failing, so one run tells what
there is to fix, page by page. axe-core's own run is in test_accessibility.py (3.2, 8.2, 11.1…).
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from careers_site.pages.accessibility import audit

from .helpers import DESKTOP, new_page, save_screenshot
from .test_accessibility import public_pages

NARROW = {"width": 320, "height": 640}  # RGAA 10.11: 320 CSS px wide
ZOOM_200 = {"width": 640, "height": 450}  # a 1280 px window zoomed to 200 %
# WCAG 1.4.12's overrides (the text spacing bookmarklet), as RGAA 10.12 asks.
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""

OVERFLOW = "Math.max(0, document.documentElement.scrollWidth - window.innerWidth)"
CHECKS_JS = Path(__file__).with_name("rgaa.js")

# Text that does not fit its box and is cut: a box that hides its overflow while its content
# is larger than it (visually hidden helpers, 1 px wide on purpose, are left out).


# Contrast of text in its focused and hovered states (RGAA 3.2 covers every state).


# The audit's sample: the pages named in docs/accessibility/audit-rgaa-4.1.toml, by the names
# of test_accessibility.public_pages (the mandatory pages, one of each type, the journeys).
SAMPLE = {page["id"] for page in audit().pages}


def sample(content):
    pages = [(name, path) for name, path, status in public_pages(content) if name in SAMPLE]
    assert len(pages) == len(SAMPLE), "a page of the sample is missing from public_pages()"
    return pages


@pytest.fixture
def browse(live_server, browser, site_content):
    """browse(viewport, check, css=None): `check(page)` on every page of the sample, at that
    viewport (with extra CSS if given); returns the problems found, one line per page."""

    def run(viewport, check, css=None, label=""):
        # A reader's own style sheet is not bound by the site's CSP: Chromium lets it apply.
        context = browser.new_context(viewport=viewport, locale="fr-FR", bypass_csp=bool(css))
        context.set_default_timeout(15_000)
        context.add_init_script(path=CHECKS_JS)
        page = context.new_page()
        problems = []
        try:
            for name, path in sample(site_content):
                page.goto(live_server.url + path)
                if css:
                    page.add_style_tag(content=css)
                found = check(page)
                if found:
                    problems.append(f"{name} ({path}): {found}")
                save_screenshot(page, f"rgaa-{label or viewport['width']}-{name}")
        finally:
            page.context.close()
        return problems

    return run


def report(problems, what):
    return f"{len(problems)} page(s) fail {what}:\n" + "\n".join(problems)


def no_overflow(page):
    overflow = page.evaluate(OVERFLOW)
    return f"scrolls sideways by {overflow}px" if overflow else None


def no_clipped_text(page):
    problems = []
    overflow = page.evaluate(OVERFLOW)
    if overflow:
        problems.append(f"scrolls sideways by {overflow}px")
    cut = page.evaluate("rgaa.clippedText()")
    if cut:
        problems.append(f"text cut in {cut}")
    return "; ".join(problems)


def test_10_11_reflow_at_320_px(browse):
    problems = browse(NARROW, no_overflow)
    assert not problems, report(problems, "RGAA 10.11 (reflow at 320 px)")


def test_10_4_text_readable_at_200_percent_zoom(browse):
    problems = browse(ZOOM_200, no_clipped_text, label="zoom200")
    assert not problems, report(problems, "RGAA 10.4 (200 % zoom)")


def test_10_4_text_readable_with_the_font_size_doubled(browse):
    problems = browse(
        DESKTOP, no_clipped_text, css="html { font-size: 200% !important; }", label="texte200"
    )
    assert not problems, report(problems, "RGAA 10.4 (text size 200 %)")


@pytest.mark.parametrize("viewport", [NARROW, DESKTOP], ids=["320px", "1280px"])
def test_10_12_text_spacing_overrides_lose_nothing(browse, viewport):
    problems = browse(
        viewport, no_clipped_text, css=TEXT_SPACING, label=f"espacement{viewport['width']}"
    )
    assert not problems, report(problems, "RGAA 10.12 (text spacing)")


def tab_through(page, limit=400):
    """Presses Tab until focus comes back to where it started; returns what got focus."""
    seen = []
    page.locator("body").focus()
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate("rgaa.focusState()")
        if state is None:
            break
        if seen and state["index"] == seen[0]["index"]:
            break
        seen.append(state)
    return seen


def keyboard_problems(page):
    problems = []
    reached = tab_through(page)
    if not reached:
        return "Tab reaches nothing"
    first = reached[0]
    if first["tag"] != "a" or "contenu" not in first["text"].lower():
        problems.append(f"the first Tab stop is {first}, not the skip link (12.7)")
    invisible = [f"{s['tag']} « {s['text']} »" for s in reached if not s["visible"]]
    if invisible:
        problems.append(f"no visible focus on {invisible[:5]} (10.7)")
    indexes = [s["index"] for s in reached]
    if indexes != sorted(indexes):
        problems.append("the Tab order leaves the reading order (12.8)")
    focusable = page.evaluate("rgaa.focusableCount()")
    if len({s["index"] for s in reached}) < focusable:
        problems.append(f"Tab reaches {len(reached)} of {focusable} controls (7.3, 12.9)")
    if page.locator("[tabindex]:not([tabindex='0']):not([tabindex='-1'])").count():
        problems.append("a positive tabindex changes the order (12.8)")
    return "; ".join(problems)


def test_keyboard_reaches_every_control_with_a_visible_focus_in_reading_order(browse):
    """RGAA 7.3 and 12.9 (every control by keyboard, no trap), 10.7 (visible focus), 12.7 (the
    skip link first), 12.8 (Tab order)."""
    problems = browse(DESKTOP, keyboard_problems, label="clavier")
    assert not problems, report(problems, "the keyboard criteria")


def structure_problems(page):
    problems = []
    skip = page.locator("a.skip-link")
    if skip.count() != 1 or skip.get_attribute("href") != "#contenu":
        problems.append("no skip link to #contenu (12.7)")
    if page.locator("main#contenu").count() != 1:
        problems.append("no single main#contenu (12.6)")
    for landmark in ("header", "nav", "footer"):
        if page.locator(landmark).count() < 1:
            problems.append(f"no <{landmark}> (12.6)")
    if page.locator("nav:not([aria-label]):not([aria-labelledby])").count():
        problems.append("a <nav> without a name (12.6)")
    lang = page.locator("html").get_attribute("lang")
    if lang != "fr":
        problems.append(f'<html lang="{lang}"> (8.3, 8.4)')
    bad_lang = page.evaluate("rgaa.invalidLanguageCodes()")
    if bad_lang:
        problems.append(f"invalid language codes {bad_lang} (8.8)")
    ungrouped = page.evaluate("rgaa.ungroupedChoices()")
    if ungrouped:
        problems.append(
            f"choices without a fieldset and legend: {sorted(set(ungrouped))} (11.5, 11.6)"
        )
    unlabelled = page.evaluate("rgaa.unlabelledFields()")
    if unlabelled:
        problems.append(f"fields without a label {unlabelled} (11.1)")
    return "; ".join(problems)


def test_landmarks_skip_link_language_and_form_labels(browse):
    """RGAA 12.6, 12.7 (landmarks, skip link), 8.3, 8.4, 8.8 (language), 11.1, 11.5, 11.6
    (labels, grouped choices with their legend)."""
    problems = browse(DESKTOP, structure_problems, label="structure")
    assert not problems, report(problems, "structure criteria")


def test_8_5_8_6_every_page_has_its_own_title(live_server, browser, site_content):
    page = new_page(browser, DESKTOP)
    titles = {}
    try:
        for name, path in sample(site_content):
            page.goto(live_server.url + path)
            titles[name] = page.title()
    finally:
        page.context.close()
    empty = [name for name, title in titles.items() if not title.strip()]
    assert not empty, f"pages without a title (8.5): {empty}"
    seen = {}
    for name, title in titles.items():
        seen.setdefault(title, []).append(name)
    shared = {title: names for title, names in seen.items() if len(names) > 1}
    # The adults' filter of « Où se former » is the same page as the list: one title is right.
    shared.pop(titles.get("formations"), None)
    assert not shared, f"several pages share a title (8.6): {shared}"


def states_contrast(page):
    """Text contrast of links and buttons at rest, focused and hovered (3.2)."""
    problems = []
    controls = page.locator("main a[href], main button, header a[href], header button, nav a[href]")
    for index in range(min(controls.count(), 40)):
        control = controls.nth(index)
        if not control.is_visible():
            continue
        for state in ("focus", "hover"):
            if state == "focus":
                control.focus()
            else:
                control.hover()
            result = control.evaluate("el => rgaa.contrast(el)")
            if result and result["ratio"] + 0.01 < result["needed"]:
                text = control.inner_text().strip()[:30]
                problems.append(f"« {text} » {state}: {result['ratio']:.2f}:1")
    return "; ".join(problems[:5])


def test_3_2_contrast_holds_in_focused_and_hovered_states(browse):
    problems = browse(DESKTOP, states_contrast, label="contraste")
    assert not problems, report(problems, "RGAA 3.2 in the focus and hover states")


def test_4_1_4_3_hosted_videos_have_captions_and_a_transcript(live_server, browser, site_content):
    page = new_page(browser, DESKTOP)
    try:
        page.goto(live_server.url + site_content["video"].get_absolute_url())
        video = page.locator("video")
        assert video.count() == 1
        track = video.locator("track[kind=captions]")
        assert track.count() == 1
        assert track.get_attribute("srclang") == "fr"
        assert page.get_by_role("heading", name="Transcription").count() == 1
        # 4.11: the player's controls are the browser's own, reachable by keyboard.
        assert video.get_attribute("controls") is not None
        assert video.get_attribute("autoplay") is None  # 4.10, 13.8: nothing starts by itself
    finally:
        page.context.close()


def test_13_9_every_page_reads_in_landscape_on_a_phone(browse):
    problems = browse({"width": 844, "height": 390}, no_overflow, label="paysage")
    assert not problems, report(problems, "RGAA 13.9 (orientation)")


def test_13_2_no_link_opens_a_new_window(browse):
    def new_windows(page):
        count = page.locator("a[target=_blank], form[target=_blank]").count()
        return f"{count} link(s) open a new window" if count else None

    problems = browse(DESKTOP, new_windows, label="fenetres")
    assert not problems, report(problems, "RGAA 13.2")


def test_the_accessibility_statement_is_one_step_from_every_page(browse):
    """The statement is reachable from every page (RGAA's obligation), and the footer states
    the conformity level."""

    def footer_link(page):
        statement = reverse("accessibility")
        link = page.locator(f"footer a[href='{statement}']")
        if link.count() != 1:
            return "no link to the accessibility statement in the footer"
        if not re.search(r"Accessibilité\s*:\s*\w+", link.inner_text()):
            return f"the footer link does not state the level: {link.inner_text()!r}"
        return None

    problems = browse(DESKTOP, footer_link, label="pied")
    assert not problems, report(problems, "the statement link")
