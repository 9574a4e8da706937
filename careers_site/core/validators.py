"""Checks on the files editors upload, for every ImageField and FileField of the project.

A file is judged by what it is, never by its name: the image is opened and decoded with
Pillow, the video recognised by its first bytes. A file that lies about its type, a polyglot
(an image that is also a web page), an SVG (which can carry scripts), a decompression bomb or
an oversized file is refused with a message an editor understands, before anything is stored.
Captions (WebVTT) are checked by campaigns.validators.validate_webvtt.
"""

import io
import re
import warnings

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from PIL import Image

MB = 1024 * 1024

IMAGE_MAX_BYTES = 10 * MB
# A 48-megapixel phone photo passes; a picture that would take gigabytes once decoded does not.
IMAGE_MAX_PIXELS = 50_000_000
VIDEO_MAX_BYTES = 500 * MB

# Real format (as Pillow names it) -> the extensions that may carry it.
IMAGE_FORMATS = {"JPEG": {"jpg", "jpeg"}, "PNG": {"png"}, "WEBP": {"webp"}}
# What a web page, a script or an SVG starts with: an image must not contain them, or a
# browser that ignores the content type could run it (polyglot files).
MARKUP = re.compile(
    rb"<\s*(?:script|html|svg|body|iframe|object|embed|\?php|!doctype)\b", re.IGNORECASE
)


def _extension(name):
    name = str(name or "")
    return name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else ""


def _read_all(file, limit):
    """Up to `limit` + 1 bytes of an upload or a stored file, leaving it rewound."""
    if getattr(file, "closed", False) and hasattr(file, "open"):
        file.open("rb")
    file.seek(0)
    data = file.read(limit + 1)
    file.seek(0)
    return data


def _size(file):
    size = getattr(file, "size", None)
    return size if isinstance(size, int) else None


def _too_large(what, limit):
    return ValidationError(
        "Ce fichier est trop lourd : %(what)s ne doit pas dépasser %(limit)s Mo. "
        "Réduisez-le avant de l'envoyer.",
        code="file_too_large",
        params={"what": what, "limit": limit // MB},
    )


@deconstructible
class ImageValidator:
    """A real JPEG, PNG or WebP image, whose extension tells the truth, that decodes whole,
    within a size and a number of pixels."""

    def __init__(self, max_bytes=IMAGE_MAX_BYTES, max_pixels=IMAGE_MAX_PIXELS):
        self.max_bytes = max_bytes
        self.max_pixels = max_pixels

    def __call__(self, file):
        extension = _extension(getattr(file, "name", ""))
        if extension == "svg":
            raise ValidationError(
                "Les images SVG ne sont pas acceptées (elles peuvent contenir du code). "
                "Envoyez l'image en JPEG, PNG ou WebP.",
                code="svg_refused",
            )
        size = _size(file)
        if size is not None and size > self.max_bytes:
            raise _too_large("une image", self.max_bytes)
        data = _read_all(file, self.max_bytes)
        if len(data) > self.max_bytes:
            raise _too_large("une image", self.max_bytes)
        if data.lstrip()[:1] == b"<" or MARKUP.search(data):
            raise ValidationError(
                "Ce fichier contient du code (page web, script ou SVG) : il ne peut pas être "
                "utilisé comme image. Enregistrez l'image en JPEG, PNG ou WebP et réessayez.",
                code="markup_in_image",
            )
        image_format = self.check_pixels(file, data)
        if extension not in IMAGE_FORMATS[image_format]:
            raise ValidationError(
                "L'extension du fichier (« .%(extension)s ») ne correspond pas à son contenu, "
                "qui est une image %(format)s. Renommez-le en « .%(expected)s ».",
                code="extension_mismatch",
                params={
                    "extension": extension or "?",
                    "format": image_format,
                    "expected": sorted(IMAGE_FORMATS[image_format])[0],
                },
            )

    def check_pixels(self, file, data):
        unreadable = ValidationError(
            "Ce fichier n'est pas une image lisible (JPEG, PNG ou WebP). Il est peut-être "
            "abîmé, ou ce n'est pas une image.",
            code="invalid_image",
        )
        try:
            with warnings.catch_warnings():
                # Pillow warns, then raises, on decompression bombs: both are refusals here.
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(io.BytesIO(data)) as image:
                    image_format = image.format
                    width, height = image.size
                    if image_format not in IMAGE_FORMATS:
                        raise ValidationError(
                            "Format d'image non accepté (%(format)s) : envoyez un JPEG, un PNG "
                            "ou un WebP.",
                            code="image_format",
                            params={"format": image_format or "inconnu"},
                        )
                    if width * height > self.max_pixels:
                        raise self.bomb(width, height)
                    image.verify()
                # verify() leaves the image unusable: open it again and decode every pixel,
                # which catches truncated and corrupted files.
                with Image.open(io.BytesIO(data)) as image:
                    image.load()
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise self.bomb(0, 0) from None
        except Exception:  # Pillow raises many kinds of errors on a broken file
            raise unreadable from None
        return image_format

    def bomb(self, width, height):
        return ValidationError(
            "Cette image est beaucoup trop grande%(dimensions)s : au plus %(limit)s millions "
            "de pixels. Réduisez-la (2 000 pixels de large suffisent pour le site).",
            code="image_too_many_pixels",
            params={
                "dimensions": f" ({width} × {height} pixels)" if width else "",
                "limit": self.max_pixels // 1_000_000,
            },
        )

    def __eq__(self, other):
        return (
            isinstance(other, ImageValidator)
            and self.max_bytes == other.max_bytes
            and self.max_pixels == other.max_pixels
        )


def _is_mp4(head):
    # ISO base media file: a box size, then "ftyp" and a brand.
    return len(head) >= 12 and head[4:8] == b"ftyp"


def _is_webm(head):
    # EBML header, with "webm" as its DocType.
    return head[:4] == b"\x1a\x45\xdf\xa3" and b"webm" in head[:64]


VIDEO_FORMATS = {"mp4": _is_mp4, "webm": _is_webm}


@deconstructible
class VideoValidator:
    """An MP4 or WebM file, recognised by its first bytes, whose extension tells the truth,
    within a size."""

    def __init__(self, max_bytes=VIDEO_MAX_BYTES):
        self.max_bytes = max_bytes

    def __call__(self, file):
        size = _size(file)
        if size is not None and size > self.max_bytes:
            raise _too_large("une vidéo", self.max_bytes)
        file.seek(0)
        head = file.read(64)
        file.seek(0)
        extension = _extension(getattr(file, "name", ""))
        detected = next((name for name, test in VIDEO_FORMATS.items() if test(head)), None)
        if detected is None:
            raise ValidationError(
                "Ce fichier n'est pas une vidéo MP4 ou WebM. Exportez la vidéo dans l'un de ces "
                "formats (MP4 H.264 est lu partout).",
                code="invalid_video",
            )
        if extension != detected:
            raise ValidationError(
                "L'extension du fichier (« .%(extension)s ») ne correspond pas à son contenu, "
                "qui est une vidéo %(format)s. Renommez-le en « .%(format)s ».",
                code="extension_mismatch",
                params={"extension": extension or "?", "format": detected},
            )

    def __eq__(self, other):
        return isinstance(other, VideoValidator) and self.max_bytes == other.max_bytes


validate_image = ImageValidator()
validate_video = VideoValidator()
