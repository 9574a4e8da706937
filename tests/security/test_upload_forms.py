"""In the admin, a refused upload answers with its French message and keeps what the editor
typed: nothing is saved, nothing is lost."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from campaigns.models import Testimonial, Video
from tests.editors import split_now
from tests.factories import CampaignFactory, ProfessionFactory

pytestmark = pytest.mark.django_db


def png_bytes(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        # Django's own check answers first here, in French too.
        ("sara.png", b"ceci n'est pas une image", "Téléversez une image valide"),
        ("sara.jpg", png_bytes(), "ne correspond pas à son contenu"),
    ],
    ids=["text named .png", "png named .jpg"],
)
def test_refused_photo_keeps_the_rest_of_the_testimonial(ars_editor, ars, name, data, message):
    campaign = CampaignFactory(owner=ars)
    response = ars_editor.post(
        reverse("admin:campaigns_testimonial_add"),
        {
            "first_name": "Sara",
            "role_label": "aide-soignante",
            "quote": "C'est le patient qui est au centre.",
            "profession": ProfessionFactory().pk,
            "campaign": campaign.pk,
            "photo": SimpleUploadedFile(name, data),
            "photo_alt": "Sara dans un couloir de l'hôpital.",
            "status": "draft",
            **split_now(),
        },
    )
    assert response.status_code == 200
    page = response.content.decode().replace("&#x27;", "'")
    assert message in page
    assert "C'est le patient qui est au centre." in page  # the quote is still in the form
    assert "Sara dans un couloir" in page
    assert not Testimonial.objects.exists()


def test_huge_image_is_refused_with_its_limit(ars_editor, ars, settings, monkeypatch):
    from careers_site.core.validators import validate_image

    monkeypatch.setattr(validate_image, "max_bytes", 1024)  # a small limit for a small test
    campaign = CampaignFactory(owner=ars)
    response = ars_editor.post(
        reverse("admin:campaigns_testimonial_add"),
        {
            "first_name": "Eva",
            "role_label": "préparatrice en pharmacie à l'hôpital",
            "quote": "Chaque jour est différent.",
            "profession": ProfessionFactory().pk,
            "campaign": campaign.pk,
            "photo": SimpleUploadedFile("eva.png", png_bytes((800, 800))),
            "photo_decorative": "on",
            "status": "draft",
            **split_now(),
        },
    )
    assert response.status_code == 200
    assert "trop lourd" in response.content.decode()
    assert not Testimonial.objects.exists()


def test_broken_captions_are_refused_and_the_video_form_kept(ars_editor, ars):
    campaign = CampaignFactory(owner=ars)
    response = ars_editor.post(
        reverse("admin:campaigns_video_add"),
        {
            "campaign": campaign.pk,
            "title": "Benjamin, manipulateur en radiologie",
            "slug": "benjamin",
            "orientation": "landscape",
            "captions": SimpleUploadedFile(
                "benjamin.vtt", b"WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nBonjour.\n"
            ),
            "transcript": "Bonjour, je suis Benjamin.",
            "status": "draft",
            **split_now(),
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "captions" in errors
    assert "Bonjour, je suis Benjamin." in response.content.decode()
    assert not Video.objects.exists()
