"""Responsive renditions of uploaded images, made once with Pillow.

For each uploaded image the site keeps, beside the original, copies at a few widths in WebP
(what every current browser shows) and in JPEG, or PNG when the image is transparent (the
fallback), plus a small manifest with the original's size. Pages then offer `srcset` and
`sizes` so that a phone downloads a 480 px image rather than a 1,600 px one, and `width` and
`height` so that nothing jumps while it loads (`{% picture %}` in templatetags/images.py).

Renditions are made at the first display of the image (the full-page cache makes that rare),
then never again: the manifest is kept in the storage and in the cache, and
`ensure_renditions()` remakes them only when the file changes. They live in the default
storage, so they follow the media wherever it is kept
(a folder, or S3-compatible object storage).
"""

import hashlib
import io
import json
import logging
import posixpath

from django.core.cache import cache
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

WIDTHS = (320, 480, 640, 960, 1280, 1600)
RENDITIONS_DIR = "renditions"
MANIFEST_VERSION = 1
WEBP_QUALITY = 78
JPEG_QUALITY = 80
# A failure (missing or broken file) is not retried on every page view.
FAILURE_TIMEOUT = 300


def _folder(name):
    stem, _ext = posixpath.splitext(name)
    return f"{RENDITIONS_DIR}/{stem}"


def _cache_key(name):
    digest = hashlib.md5(name.encode(), usedforsecurity=False).hexdigest()
    return f"renditions:{MANIFEST_VERSION}:{digest}"


def _has_alpha(image):
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


def _encode(image, fmt):
    buffer = io.BytesIO()
    if fmt == "webp":
        image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    elif fmt == "png":
        image.save(buffer, "PNG", optimize=True)
    else:
        image.convert("RGB").save(
            buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True
        )
    return buffer.getvalue()


def generate(fieldfile):
    """Write every rendition of `fieldfile` and its manifest; return the manifest."""
    storage = fieldfile.storage
    with storage.open(fieldfile.name, "rb") as source:
        image = Image.open(source)
        image.load()
    image = ImageOps.exif_transpose(image)
    alpha = _has_alpha(image)
    image = image.convert("RGBA" if alpha else "RGB")
    fallback = "png" if alpha else "jpeg"
    width, height = image.size
    widths = sorted({w for w in WIDTHS if w < width} | {min(width, WIDTHS[-1])})
    folder = _folder(fieldfile.name)
    sources = {"webp": [], fallback: []}
    for target in widths:
        resized = image
        if target != width:
            resized = image.resize(
                (target, max(1, round(height * target / width))), Image.Resampling.LANCZOS
            )
        for fmt in ("webp", fallback):
            extension = "jpg" if fmt == "jpeg" else fmt
            name = f"{folder}/{target}.{extension}"
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, ContentFile(_encode(resized, fmt)))
            sources[fmt].append([target, saved])
    manifest = {
        "version": MANIFEST_VERSION,
        "source": fieldfile.name,
        "source_size": storage.size(fieldfile.name),
        "width": width,
        "height": height,
        "fallback": fallback,
        "sources": sources,
    }
    manifest_name = f"{folder}/manifest.json"
    if storage.exists(manifest_name):
        storage.delete(manifest_name)
    storage.save(manifest_name, ContentFile(json.dumps(manifest).encode()))
    cache.set(_cache_key(fieldfile.name), manifest, None)
    return manifest


def _stored_manifest(fieldfile):
    storage = fieldfile.storage
    name = f"{_folder(fieldfile.name)}/manifest.json"
    if not storage.exists(name):
        return None
    with storage.open(name, "rb") as handle:
        manifest = json.loads(handle.read())
    if manifest.get("version") != MANIFEST_VERSION or manifest.get("source") != fieldfile.name:
        return None
    return manifest


def get_manifest(fieldfile):
    """The renditions of an image: from the cache, else the stored manifest, else made now.
    None when the image cannot be read (the page then shows the original as it is)."""
    if not fieldfile:
        return None
    key = _cache_key(fieldfile.name)
    manifest = cache.get(key)
    if manifest == "failed":
        return None
    if manifest is not None:
        return manifest
    try:
        manifest = _stored_manifest(fieldfile) or generate(fieldfile)
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError) as error:
        logger.warning("renditions of %s unavailable: %s", fieldfile.name, error)
        cache.set(key, "failed", FAILURE_TIMEOUT)
        return None
    cache.set(key, manifest, None)
    return manifest


def ensure_renditions(fieldfile):
    """Make the renditions unless up to date (same file name and size)."""
    if not fieldfile:
        return None
    try:
        manifest = cache.get(_cache_key(fieldfile.name))
        if not isinstance(manifest, dict):
            manifest = _stored_manifest(fieldfile)
        if manifest and manifest["source_size"] == fieldfile.storage.size(fieldfile.name):
            cache.set(_cache_key(fieldfile.name), manifest, None)
            return manifest
        return generate(fieldfile)
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError) as error:
        logger.warning("renditions of %s not made: %s", fieldfile.name, error)
        return None


def picture_context(fieldfile, alt="", sizes="100vw", loading="lazy", css_class="", widths=None):
    """What templates/includes/picture.html needs, or a plain image when there is no
    rendition. `widths` keeps only renditions up to the largest width given (thumbnails)."""
    manifest = get_manifest(fieldfile)
    context = {
        "alt": alt,
        "sizes": sizes,
        "loading": loading,
        "css_class": css_class,
        "src": fieldfile.url,
        "width": None,
        "height": None,
    }
    if manifest is None:
        return context
    storage = fieldfile.storage
    largest = max(widths) if widths else None

    def srcset(fmt):
        entries = manifest["sources"][fmt]
        kept = [e for e in entries if largest is None or e[0] <= largest] or entries[:1]
        if largest is not None:
            # The next size up too, for screens with two or three pixels per point.
            bigger = [e for e in entries if e[0] > largest][:1]
            kept += bigger
        return kept

    fallback = srcset(manifest["fallback"])
    webp = srcset("webp")
    default = fallback[-1] if largest is None else fallback[0]
    # The fallback `src` is a medium size: an old browser gets a sensible picture.
    medium = [e for e in fallback if e[0] <= 960]
    default = medium[-1] if medium and largest is None else default
    context.update(
        src=storage.url(default[1]),
        width=manifest["width"],
        height=manifest["height"],
        webp_srcset=", ".join(f"{storage.url(name)} {w}w" for w, name in webp),
        fallback_srcset=", ".join(f"{storage.url(name)} {w}w" for w, name in fallback),
        fallback_type="image/png" if manifest["fallback"] == "png" else "image/jpeg",
    )
    return context
