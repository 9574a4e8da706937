"""Uploaded images lose their metadata before they are stored: EXIF (camera, date, GPS
position of the place the photo was taken), XMP, IPTC and comments could tell a visitor where
a person in a testimonial lives; so could a JPEG comment or a PNG text chunk. The image is
decoded and encoded again in its own format, with its orientation applied first (a portrait
photo stays upright once its EXIF orientation is gone), keeping only the colour profile.

Connected to pre_save of every content model with an image field (careers_site.apps): only a
new upload (a file not yet in the storage) is re-encoded, never a stored one.
"""

import io
import logging

from django.core.files.base import ContentFile
from django.db import models
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

JPEG_QUALITY = 90


def clean_image_bytes(data):
    """The image in `data`, re-encoded without metadata; None when it cannot be read."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            if image_format not in {"JPEG", "PNG", "WEBP"}:
                return None
            icc_profile = image.info.get("icc_profile")
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        return None
    # Pillow writes some of what it read back on save (a JPEG's comment, among others): the
    # new image starts with nothing but its pixels and, below, its colour profile.
    upright.info = {}
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if image_format == "JPEG":
        if upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
        options.update(quality=JPEG_QUALITY, optimize=True)
    elif image_format == "WEBP":
        options.update(quality=JPEG_QUALITY)
    buffer = io.BytesIO()
    upright.save(buffer, image_format, **options)
    return buffer.getvalue()


def strip_image_metadata(sender, instance, **kwargs):
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.ImageField):
            continue
        fieldfile = getattr(instance, field.attname)
        if not fieldfile or getattr(fieldfile, "_committed", True):
            continue  # no file, or one already stored
        upload = fieldfile.file
        upload.seek(0)
        cleaned = clean_image_bytes(upload.read())
        upload.seek(0)
        if cleaned is None:
            logger.warning("image metadata not removed: unreadable %s", field.name)
            continue
        setattr(instance, field.attname, ContentFile(cleaned, name=fieldfile.name))


def connect_signals(models_list):
    from django.db.models.signals import pre_save

    for model in models_list:
        if any(isinstance(f, models.ImageField) for f in model._meta.concrete_fields):
            pre_save.connect(
                strip_image_metadata,
                sender=model,
                dispatch_uid=f"strip-image-metadata-{model._meta.label_lower}",
            )
