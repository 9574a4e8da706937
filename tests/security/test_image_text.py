"""Uploads lose every comment and text chunk (issue 18), not only EXIF: a JPEG comment, an XMP
packet, PNG text in any of its three kinds. The bytes stored are searched, not only what
Pillow reports."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from tests.factories import TestimonialFactory

pytestmark = pytest.mark.django_db

SECRET = "Sara habite 12 rue des Lilas"
XMP = (
    '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
    f"<rdf:RDF><rdf:Description>{SECRET}</rdf:Description></rdf:RDF></x:xmpmeta>"
    '<?xpacket end="w"?>'
).encode()


def stored_bytes(fieldfile):
    fieldfile.open("rb")
    try:
        return fieldfile.read()
    finally:
        fieldfile.close()


def upload(name, data):
    assert SECRET.encode() in data  # the test file really carries the text
    testimonial = TestimonialFactory(photo=SimpleUploadedFile(name, data), photo_alt="Sara sourit.")
    return stored_bytes(testimonial.photo)


def image_bytes(fmt, **options):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 40)).save(buffer, fmt, **options)
    return buffer.getvalue()


def test_a_jpeg_comment_is_removed():
    stored = upload("photo.jpg", image_bytes("JPEG", comment=SECRET.encode()))
    assert SECRET.encode() not in stored
    assert "comment" not in Image.open(io.BytesIO(stored)).info


@pytest.mark.parametrize(("fmt", "name"), [("JPEG", "photo.jpg"), ("WEBP", "photo.webp")])
def test_an_xmp_packet_is_removed(fmt, name):
    stored = upload(name, image_bytes(fmt, xmp=XMP))
    assert SECRET.encode() not in stored and b"xmpmeta" not in stored


def test_png_text_of_every_kind_is_removed():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRET)
    info.add_text("Description", SECRET, zip=True)
    info.add_itxt("Author", SECRET, lang="fr", tkey="Auteur")
    stored = upload("photo.png", image_bytes("PNG", pnginfo=info))
    for chunk in (b"tEXt", b"zTXt", b"iTXt"):
        assert chunk not in stored
