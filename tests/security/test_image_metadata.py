"""A photo's EXIF (camera, date, GPS position) never reaches the media folder: the image is
re-encoded on upload, upright, without metadata."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from campaigns.models import Testimonial
from tests.editors import split_now
from tests.factories import CampaignFactory, ProfessionFactory, TestimonialFactory

pytestmark = pytest.mark.django_db

GPS = ExifTags.IFD.GPSInfo
LYON = {1: "N", 2: (45.0, 45.0, 36.0), 3: "E", 4: (4.0, 50.0, 24.0)}


def photo_with_gps(fmt="JPEG", size=(60, 40), orientation=6):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Téléphone"
    exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(GPS).update(LYON)
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, fmt, exif=exif.tobytes())
    data = buffer.getvalue()
    with Image.open(io.BytesIO(data)) as check:  # the test file really carries GPS data
        assert check.getexif().get_ifd(GPS)
    return data


def stored_image(fieldfile):
    fieldfile.open("rb")
    try:
        image = Image.open(io.BytesIO(fieldfile.read()))
        image.load()
        return image
    finally:
        fieldfile.close()


@pytest.mark.parametrize(("fmt", "name"), [("JPEG", "photo.jpg"), ("WEBP", "photo.webp")])
def test_gps_and_camera_are_removed_and_orientation_applied(fmt, name):
    testimonial = TestimonialFactory(
        photo=SimpleUploadedFile(name, photo_with_gps(fmt)), photo_alt="Sara sourit."
    )

    image = stored_image(testimonial.photo)
    exif = image.getexif()
    assert not exif.get_ifd(GPS)
    assert ExifTags.Base.Make not in exif
    assert ExifTags.Base.Orientation not in exif
    # Orientation 6 (« rotate 90° ») was applied: the 60 × 40 photo now stands 40 × 60.
    assert image.size == (40, 60)
    assert image.format == fmt


def test_png_text_chunks_are_removed():
    buffer = io.BytesIO()
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "45.76 N, 4.84 E")
    Image.new("RGB", (30, 30), "white").save(buffer, "PNG", pnginfo=info)
    testimonial = TestimonialFactory(
        photo=SimpleUploadedFile("photo.png", buffer.getvalue()), photo_decorative=True
    )
    image = stored_image(testimonial.photo)
    assert "Location" not in image.info
    assert image.format == "PNG"


def test_admin_upload_is_stored_without_gps(ars_editor, ars):
    campaign = CampaignFactory(owner=ars)
    response = ars_editor.post(
        reverse("admin:campaigns_testimonial_add"),
        {
            "first_name": "Sara",
            "role_label": "aide-soignante",
            "quote": "C'est le patient qui est au centre.",
            "profession": ProfessionFactory().pk,
            "campaign": campaign.pk,
            "photo": SimpleUploadedFile("sara.jpg", photo_with_gps(), "image/jpeg"),
            "photo_alt": "Sara, en tenue, dans un couloir de l'hôpital.",
            "status": "draft",
            **split_now(),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    image = stored_image(Testimonial.objects.get(first_name="Sara").photo)
    assert not image.getexif().get_ifd(GPS)


def test_a_stored_image_is_not_encoded_again():
    testimonial = TestimonialFactory(
        photo=SimpleUploadedFile("photo.jpg", photo_with_gps()), photo_alt="Sara sourit."
    )
    before = testimonial.photo.name
    testimonial.quote = "Nouvelle citation."
    testimonial.save()
    assert testimonial.photo.name == before
