"""Paths the probe found without a test (issue 18): the last ownership check before an admin
save, the upload size limits, and manage.py rebuild_search."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import RequestFactory
from PIL import Image

from campaigns.admin import CampaignAdmin
from campaigns.models import Campaign
from careers_site.core.validators import ImageValidator, VideoValidator
from professions.models import Profession
from tests.factories import CampaignFactory, ProfessionFactory

pytestmark = pytest.mark.django_db


def test_the_last_ownership_check_refuses_a_save_for_another_organisation(ars_editor, region):
    """The form limits the choices; should it ever let another organisation's owner through,
    save_model still refuses and nothing is written."""
    from django.contrib import admin

    request = RequestFactory().post("/")
    request.user = ars_editor.user
    model_admin = CampaignAdmin(Campaign, admin.site)
    campaign = CampaignFactory.build(owner=region, title="Campagne d'une autre organisation")
    with pytest.raises(PermissionDenied):
        model_admin.save_model(request, campaign, form=None, change=False)
    assert not Campaign.objects.filter(title="Campagne d'une autre organisation").exists()


def png_bytes(size=(20, 20)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_an_image_over_the_byte_limit_is_refused_with_a_french_message():
    validator = ImageValidator(max_bytes=1024 * 1024)
    data = png_bytes() + b"\0" * (1024 * 1024)
    with pytest.raises(ValidationError) as caught:
        validator(SimpleUploadedFile("grande.png", data))
    assert caught.value.code == "file_too_large"
    assert "trop lourd" in caught.value.messages[0] and "1 Mo" in caught.value.messages[0]


def test_an_image_over_the_pixel_limit_is_refused():
    validator = ImageValidator(max_pixels=100)
    with pytest.raises(ValidationError):
        validator(SimpleUploadedFile("grande.png", png_bytes((20, 20))))
    ImageValidator(max_pixels=400)(SimpleUploadedFile("juste.png", png_bytes((20, 20))))


def test_a_video_over_the_byte_limit_is_refused_before_reading_it():
    validator = VideoValidator(max_bytes=1024 * 1024)
    mp4_head = b"\0\0\0\x18ftypmp42"
    with pytest.raises(ValidationError) as caught:
        validator(SimpleUploadedFile("film.mp4", mp4_head + b"\0" * (1024 * 1024)))
    assert caught.value.code == "file_too_large"
    validator(SimpleUploadedFile("film.mp4", mp4_head + b"\0" * 1000))


def test_rebuild_search_fills_the_search_text_after_a_bulk_import():
    profession = ProfessionFactory(
        title_masculine="Ergothérapeute", title_feminine="Ergothérapeute"
    )
    # A bulk import (SQL, CSV, bulk_update) bypasses save(): the search text is left empty.
    Profession.objects.filter(pk=profession.pk).update(search_title="", search_text="")
    out = io.StringIO()
    call_command("rebuild_search", stdout=out)
    profession.refresh_from_db()
    assert "ergotherapeute" in profession.search_title
    assert "métiers" in out.getvalue().lower() or "metiers" in out.getvalue().lower()
