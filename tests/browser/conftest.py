"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Playwright never downloads a browser here: it launches /usr/bin/chromium
(`apt-get install chromium`). Without it the tests are skipped on a developer's machine and
fail in CI (CI=true), so that a broken CI image cannot pass silently.

Set SCREENSHOTS=1 to save a full-page screenshot of every page checked into /tmp/screens/.
"""

import datetime
import io
import os
import shutil
import sqlite3
from pathlib import Path

import factory
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from campaigns.models import Campaign
from professions.models import Profession
from tests.factories import EventFactory, VideoFactory

from .helpers import PHONE, new_page

# Playwright's sync API keeps an event loop running in the test thread; Django would otherwise
# refuse to run database queries from it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Mark every test of this folder `browser`, and skip them when Chromium is missing
    outside CI (in CI the `browser` fixture fails instead)."""
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} not found: install Debian's chromium to run the browser tests"
    )
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists() and not IN_CI:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"CI=true but {CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone_page(browser):
    page = new_page(browser, PHONE)
    yield page
    page.context.close()


def load_demo():
    # --force: the test settings run with DEBUG off, which load_demo takes for a production.
    call_command("load_demo", "--no-admin", "--force", stdout=io.StringIO())


def copy_of_database(source):
    """A copy of an SQLite database, in memory (SQLite's online backup: milliseconds)."""
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    source.backup(copy)
    return copy


@pytest.fixture(scope="session")
def demo_database(django_db_setup, django_db_blocker, tmp_path_factory):
    """On SQLite, where CI runs the browser tests: the test database just after `load_demo`,
    and the folder of its files. Loading the demo takes seconds; `site_content` puts this copy
    back for each test instead. The database is left as it was found. None on other
    databases, where each test loads the demo itself."""
    if connection.vendor != "sqlite":
        yield None
        return
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock():
        connection.ensure_connection()
        before = copy_of_database(connection.connection)
        with override_settings(MEDIA_ROOT=media):
            load_demo()
        with_demo = copy_of_database(connection.connection)
        before.backup(connection.connection)
        before.close()
        ContentType.objects.clear_cache()  # the ids are those of the copy put back
    yield with_demo, media
    with_demo.close()


@pytest.fixture
def site_content(transactional_db, demo_database, settings):
    """The demonstration content, plus what it cannot hold without inventing facts: an
    upcoming and a past event, and a self-hosted video with captions, so that every page type
    and every state of the agenda shows."""
    if demo_database:
        with_demo, media = demo_database
        connection.ensure_connection()
        with_demo.backup(connection.connection)
        # Content types are cached by id; the copy's may differ from those the last flush
        # made.
        ContentType.objects.clear_cache()
        shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    else:
        load_demo()
    aide_soignant = Profession.objects.published().filter(slug__startswith="aide-soignant").first()
    campaign = Campaign.objects.published().first()
    in_campaign = {"campaign": campaign} if campaign else {}
    event = EventFactory(title="Forum des métiers du soin (test)", **in_campaign)
    EventFactory(
        title="Journée portes ouvertes (test)",
        starts_at=timezone.now() - datetime.timedelta(days=60),
        **in_campaign,
    )
    video = VideoFactory(
        title="Portrait filmé sur le site (test)",
        **in_campaign,
        video_file=factory.django.FileField(filename="portrait.mp4", data=b"\x00" * 64),
        captions=factory.django.FileField(
            filename="portrait.vtt",
            data=b"WEBVTT\n\n00:00.000 --> 00:02.000\nBonjour, je suis aide-soignante.\n",
        ),
        duration_seconds=95,
    )
    if aide_soignant:
        event.professions.add(aide_soignant)
        video.professions.add(aide_soignant)
    return {"aide_soignant": aide_soignant, "event": event, "video": video}
