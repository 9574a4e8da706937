"""Uploaded files are judged by what they are: liars, polyglots, SVG, bombs and oversized
files are refused with a clear message, and nothing is stored."""

import io
import struct
import zlib

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from careers_site.core.models import Organisation
from careers_site.core.validators import (
    ImageValidator,
    VideoValidator,
    validate_image,
    validate_video,
)


def image_bytes(fmt="PNG", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 93, 115)).save(buffer, format=fmt)
    return buffer.getvalue()


def png_bomb(width=30000, height=30000):
    """A valid PNG header announcing a huge picture, with a tiny compressed body."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width + 1) * 8, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def upload(name, data):
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("photo.jpg", "JPEG"), ("photo.JPEG", "JPEG"), ("a.png", "PNG"), ("a.webp", "WEBP")],
)
def test_real_images_pass(name, fmt):
    validate_image(upload(name, image_bytes(fmt)))


HOSTILE_IMAGES = {
    "svg with a script": (
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "svg_refused",
    ),
    "svg named .png": (
        "logo.png",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "markup_in_image",
    ),
    "html named .jpg": (
        "photo.jpg",
        b"<!doctype html><script>alert(1)</script>",
        "markup_in_image",
    ),
    "png + html polyglot": (
        "photo.png",
        image_bytes("PNG") + b"<html><script>alert(document.cookie)</script></html>",
        "markup_in_image",
    ),
    "php in a jpeg": (
        "photo.jpg",
        image_bytes("JPEG") + b"<?php system($_GET['c']); ?>",
        "markup_in_image",
    ),
    "png named .jpg": ("photo.jpg", image_bytes("PNG"), "extension_mismatch"),
    "jpeg without extension": ("photo", image_bytes("JPEG"), "extension_mismatch"),
    "gif": ("anim.gif", image_bytes("GIF"), "image_format"),
    "bmp named .png": ("image.png", image_bytes("BMP"), "image_format"),
    "truncated png": ("photo.png", image_bytes("PNG", (400, 300))[:200], "invalid_image"),
    "text named .png": ("photo.png", b"ceci n'est pas une image", "invalid_image"),
    "empty file": ("photo.png", b"", "invalid_image"),
    "decompression bomb": ("bomb.png", png_bomb(), "image_too_many_pixels"),
}


@pytest.mark.parametrize("case", HOSTILE_IMAGES, ids=list(HOSTILE_IMAGES))
def test_hostile_images_are_refused_with_a_clear_message(case):
    name, data, code = HOSTILE_IMAGES[case]
    with pytest.raises(ValidationError) as caught:
        validate_image(upload(name, data))
    assert caught.value.code == code
    message = " ".join(caught.value.messages)
    assert len(message) > 40 and "%(" not in message


def test_oversized_image_is_refused_before_decoding():
    with pytest.raises(ValidationError) as caught:
        ImageValidator(max_bytes=1024)(upload("big.png", image_bytes("PNG", (600, 600))))
    assert caught.value.code == "file_too_large"
    assert "Mo" in caught.value.messages[0]


def test_too_many_pixels_below_pillows_own_limit():
    with pytest.raises(ValidationError) as caught:
        ImageValidator(max_pixels=1000)(upload("wide.png", image_bytes("PNG", (100, 100))))
    assert caught.value.code == "image_too_many_pixels"
    assert "100 × 100" in caught.value.messages[0]


MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + b"\x00" * 64


def test_real_videos_pass():
    validate_video(upload("portrait.mp4", MP4))
    validate_video(upload("portrait.webm", WEBM))


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("portrait.mp4", b"<html><script>alert(1)</script></html>", "invalid_video"),
        ("portrait.mp4", b"MZ\x90\x00" + b"\x00" * 60, "invalid_video"),
        ("portrait.webm", MP4, "extension_mismatch"),
        ("portrait.mp4", WEBM, "extension_mismatch"),
        ("portrait.mp4", b"", "invalid_video"),
    ],
)
def test_hostile_videos_are_refused(name, data, code):
    with pytest.raises(ValidationError) as caught:
        validate_video(upload(name, data))
    assert caught.value.code == code


def test_oversized_video_is_refused():
    with pytest.raises(ValidationError) as caught:
        VideoValidator(max_bytes=10)(upload("portrait.mp4", MP4))
    assert caught.value.code == "file_too_large"


class LogoForm(forms.ModelForm):
    """The admin's form, with the validator the model field will carry."""

    class Meta:
        model = Organisation
        fields = ["name", "slug", "kind", "logo"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["logo"].validators.append(validate_image)


@pytest.mark.django_db
@pytest.mark.parametrize("case", ["svg with a script", "png + html polyglot", "decompression bomb"])
def test_a_refused_upload_stores_nothing(settings, case):
    name, data, _code = HOSTILE_IMAGES[case]
    kind = Organisation._meta.get_field("kind").choices[0][0]
    form = LogoForm(
        {"name": "Organisme", "slug": "organisme", "kind": kind}, {"logo": upload(name, data)}
    )
    assert not form.is_valid()
    assert "logo" in form.errors
    assert not Organisation.objects.exists()
    media = settings.MEDIA_ROOT
    assert not any(path.is_file() for path in media.rglob("*")) if media.exists() else True
