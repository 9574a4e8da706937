"""The campaign pages in a real browser: a platform video loads nothing from the platform
before the click and its player after; a self-hosted video has its French captions on; the
new pages (video players, social-media kit, filtered agenda, event) pass axe at 390 and
1280 px without scrolling sideways."""

import io
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from campaigns.models import Orientation, SocialAsset
from careers_site.core.geo import Departement
from tests.factories import CampaignFactory, EventFactory, ProfessionFactory, VideoFactory

from .helpers import DESKTOP, PHONE, new_page, save_screenshot
from .test_accessibility import AXE_OPTIONS, describe, horizontal_overflow

MEDIA = Path(settings.BASE_DIR) / "fixtures" / "media"
YOUTUBE_URL = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def fixture_file(name):
    return SimpleUploadedFile(name, (MEDIA / name).read_bytes())


def master():
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1200), "#0b5d73").save(buffer, format="PNG")
    return SimpleUploadedFile("visuel.png", buffer.getvalue())


@pytest.fixture
def campaign_content(transactional_db):
    profession = ProfessionFactory(title_masculine="Aide-soignant", title_feminine="Aide-soignante")
    campaign = CampaignFactory(title="La websérie des métiers du soin")
    campaign.professions.add(profession)
    platform = VideoFactory(
        campaign=campaign,
        episode_number=1,
        title="Sara, aide-soignante",
        platform_url=YOUTUBE_URL,
        transcript="Bonjour, je m'appelle Sara.",
    )
    vertical = VideoFactory(
        campaign=campaign,
        episode_number=2,
        title="Vidéo de démonstration verticale",
        orientation=Orientation.PORTRAIT,
        video_file=fixture_file("demo-verticale-9x16.mp4"),
        captions=fixture_file("demo-verticale-9x16.vtt"),
        poster=fixture_file("demo-verticale-9x16.jpg"),
        poster_alt="Vidéo de démonstration, format vertical",
        duration_seconds=8,
    )
    horizontal = VideoFactory(
        campaign=campaign,
        episode_number=3,
        title="Vidéo de démonstration horizontale",
        video_file=fixture_file("demo-horizontale-16x9.mp4"),
        captions=fixture_file("demo-horizontale-16x9.vtt"),
        poster=fixture_file("demo-horizontale-16x9.jpg"),
        poster_alt="Vidéo de démonstration, format horizontal",
        duration_seconds=8,
    )
    SocialAsset.objects.create(
        campaign=campaign,
        title="Visuel de la websérie",
        master=master(),
        alt_text="Le titre de la websérie sur un fond bleu.",
        credits="Visuel de test",
        licence="Libre pour les tests",
    )
    event = EventFactory(campaign=campaign, departement=Departement.RHONE)
    event.professions.add(profession)
    EventFactory(departement=Departement.ISERE)
    return {
        "campaign": campaign,
        "platform": platform,
        "vertical": vertical,
        "horizontal": horizontal,
        "event": event,
    }


def test_platform_video_loads_nothing_before_the_click(live_server, campaign_content, browser):
    page = new_page(browser, PHONE)
    site = urlparse(live_server.url).netloc
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    # Never reach the real platform from a test: the request is seen, then aborted.
    page.route(lambda url: urlparse(url).netloc != site, lambda route: route.abort())
    try:
        page.goto(live_server.url + campaign_content["platform"].get_absolute_url())
        page.wait_for_load_state("networkidle")
        elsewhere = [url for url in requested if urlparse(url).netloc != site]
        assert elsewhere == [], f"requests to other origins before the click: {elsewhere}"
        assert page.locator("iframe").count() == 0
        link = page.get_by_role("link", name="Voir la vidéo sur YouTube (nouvel onglet)")
        assert link.get_attribute("href") == YOUTUBE_URL

        button = page.get_by_role("button", name="Charger la vidéo YouTube")
        button.click()

        frame = page.locator("iframe")
        frame.wait_for()
        assert frame.get_attribute("src").startswith(
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
        )
        assert frame.get_attribute("referrerpolicy") == "strict-origin-when-cross-origin"
        assert frame.get_attribute("title") == "Vidéo YouTube : Sara, aide-soignante"
        page.wait_for_timeout(300)
        assert any(url.startswith("https://www.youtube-nocookie.com/") for url in requested)
        assert page.get_by_role("button", name="Charger la vidéo YouTube").count() == 0
        assert link.is_visible()  # the plain link stays
        save_screenshot(page, "390-video-plateforme-chargee")
    finally:
        page.context.close()


def test_without_javascript_the_placeholder_is_a_plain_link(live_server, campaign_content, browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + campaign_content["platform"].get_absolute_url())
        assert page.get_by_role("button", name="Charger la vidéo YouTube").count() == 0
        assert page.get_by_role(
            "link", name="Voir la vidéo sur YouTube (nouvel onglet)"
        ).is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("which", ["vertical", "horizontal"])
def test_self_hosted_video_has_captions_on_and_fits_a_phone(
    live_server, campaign_content, browser, which
):
    page = new_page(browser, PHONE)
    try:
        page.goto(live_server.url + campaign_content[which].get_absolute_url())
        track = page.locator("video track")
        assert track.get_attribute("kind") == "captions"
        assert track.get_attribute("srclang") == "fr"
        assert track.get_attribute("default") is not None
        page.wait_for_function("() => document.querySelector('video').textTracks.length === 1")
        assert (
            page.evaluate("() => document.querySelector('video').textTracks[0].mode") == "showing"
        )
        box = page.locator("video").bounding_box()
        assert box["width"] <= PHONE["width"]
        assert box["height"] <= PHONE["height"]  # the whole player fits on the screen
        ratio = box["height"] / box["width"]
        assert ratio == pytest.approx(16 / 9 if which == "vertical" else 9 / 16, rel=0.02)
        assert page.get_by_role("heading", name="Transcription").is_visible()
        save_screenshot(page, f"390-video-{which}")
    finally:
        page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_new_campaign_pages_pass_axe(live_server, campaign_content, browser, viewport):
    pages = [
        ("campagne-kit", campaign_content["campaign"].get_absolute_url()),
        ("video-plateforme", campaign_content["platform"].get_absolute_url()),
        ("video-verticale", campaign_content["vertical"].get_absolute_url()),
        ("video-horizontale", campaign_content["horizontal"].get_absolute_url()),
        ("agenda-filtre", reverse("campaigns:event_list") + "?departement=69"),
        ("evenement", campaign_content["event"].get_absolute_url()),
    ]
    axe = Axe()
    page = new_page(browser, viewport)
    site = urlparse(live_server.url).netloc
    page.route(lambda url: urlparse(url).netloc != site, lambda route: route.abort())
    problems = []
    try:
        for name, path in pages:
            response = page.goto(live_server.url + path)
            found = []
            if response.status != 200:
                found.append(f"  HTTP {response.status}")
            if page.locator("h1").count() != 1:
                found.append("  not exactly one <h1>")
            if viewport is PHONE and horizontal_overflow(page) > 0:
                found.append(f"  scrolls sideways by {horizontal_overflow(page)}px")
            found += [
                describe(v) for v in axe.run(page, options=AXE_OPTIONS).response["violations"]
            ]
            save_screenshot(page, f"{viewport['width']}-{name}")
            if found:
                problems.append(f"{name} ({path}):\n" + "\n".join(found))
        # The player once loaded must pass too.
        page.goto(live_server.url + campaign_content["platform"].get_absolute_url())
        page.get_by_role("button", name="Charger la vidéo YouTube").click()
        page.locator("iframe").wait_for()
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        problems += [f"video-plateforme-chargee:\n{describe(v)}" for v in violations]
    finally:
        page.context.close()
    assert not problems, "\n\n".join(problems)
