"""The social-media kit: each master visual cropped around its focal point into the formats
partners post, with Pillow, once per (asset, format, focal point), stored under MEDIA_ROOT.

A rendition's file name carries a fingerprint of the master and the focal point: change either
and the name changes, so the new crop is drawn and the old one deleted; otherwise the stored
file is reused."""

import hashlib
import io
import posixpath
import zipfile
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.formats import date_format
from PIL import Image, ImageOps

RENDITIONS_DIR = "social/renditions"
# Bump when the drawing of renditions changes: every file is made again once.
RENDITION_VERSION = "1"


@dataclass(frozen=True)
class Format:
    key: str
    label: str
    width: int
    height: int
    use: str

    @property
    def size_label(self):
        return f"{self.width} × {self.height}"


FORMATS = (
    Format("carre", "Carré", 1080, 1080, "publication Instagram ou Facebook"),
    Format("portrait", "Portrait", 1080, 1350, "publication Instagram, plus visible"),
    Format("story", "Story", 1080, 1920, "story, reel ou TikTok"),
    Format("apercu-lien", "Aperçu de lien", 1200, 630, "partage d'un lien, site, courriel"),
)
FORMATS_BY_KEY = {f.key: f for f in FORMATS}
LINK_PREVIEW = FORMATS_BY_KEY["apercu-lien"]


def crop_box(width, height, target_width, target_height, focal_x, focal_y):
    """The largest box of the target's proportions inside the image, centred on the focal
    point (given in percent) as far as the edges allow."""
    target_ratio = target_width / target_height
    if width / height > target_ratio:
        box_height = height
        box_width = round(height * target_ratio)
    else:
        box_width = width
        box_height = round(width / target_ratio)
    centre_x = width * focal_x / 100
    centre_y = height * focal_y / 100
    left = min(max(round(centre_x - box_width / 2), 0), width - box_width)
    top = min(max(round(centre_y - box_height / 2), 0), height - box_height)
    return (left, top, left + box_width, top + box_height)


def has_transparency(image):
    return image.has_transparency_data and (
        image.mode not in {"RGBA", "LA"} or image.getchannel("A").getextrema()[0] < 255
    )


def render(master_file, fmt, focal_x, focal_y):
    """The rendition as bytes, and its extension: JPEG, or PNG when the master has
    transparency (a logo on nothing must stay on nothing)."""
    master_file.open("rb")
    try:
        with Image.open(master_file) as source:
            image = ImageOps.exif_transpose(source)
            image.load()
    finally:
        master_file.close()
    transparent = has_transparency(image)
    image = image.convert("RGBA" if transparent else "RGB")
    box = crop_box(image.width, image.height, fmt.width, fmt.height, focal_x, focal_y)
    image = image.resize((fmt.width, fmt.height), Image.Resampling.LANCZOS, box=box)
    buffer = io.BytesIO()
    if transparent:
        image.save(buffer, format="PNG", optimize=True)
        return buffer.getvalue(), "png"
    image.save(buffer, format="JPEG", quality=86, optimize=True, progressive=True)
    return buffer.getvalue(), "jpg"


def fingerprint(asset, fmt):
    raw = f"{RENDITION_VERSION}|{asset.master.name}|{asset.focal_x}|{asset.focal_y}|{fmt.key}"
    return hashlib.sha1(raw.encode()).hexdigest()[:10]


def _directory(asset):
    return f"{RENDITIONS_DIR}/{asset.pk}"


def _stored_name(asset, fmt):
    """The name of the current rendition if it exists, whatever its extension."""
    prefix = f"{fmt.key}-{fingerprint(asset, fmt)}."
    for extension in ("jpg", "png"):
        name = f"{_directory(asset)}/{prefix}{extension}"
        if default_storage.exists(name):
            return name
    return ""


def rendition(asset, fmt):
    """The storage name of the asset's rendition in this format, made if missing."""
    name = _stored_name(asset, fmt)
    if name:
        return name
    content, extension = render(asset.master, fmt, asset.focal_x, asset.focal_y)
    name = f"{_directory(asset)}/{fmt.key}-{fingerprint(asset, fmt)}.{extension}"
    forget_renditions(asset, keep={name}, formats=[fmt])
    return default_storage.save(name, ContentFile(content))


def make_renditions(asset):
    """Every format of the asset, made now (after a save), stale ones removed."""
    return {fmt.key: rendition(asset, fmt) for fmt in FORMATS}


def forget_renditions(asset, keep=(), formats=FORMATS):
    """Delete the asset's stored renditions of these formats, except the names in `keep`."""
    directory = _directory(asset)
    try:
        _, files = default_storage.listdir(directory)
    except FileNotFoundError:
        return
    prefixes = tuple(f"{fmt.key}-" for fmt in formats)
    for filename in files:
        name = posixpath.join(directory, filename)
        if filename.startswith(prefixes) and name not in keep:
            default_storage.delete(name)


def download_name(asset, fmt, stored_name):
    extension = stored_name.rsplit(".", 1)[-1]
    return f"{asset.campaign.slug}-{asset.pk}-{fmt.key}-{fmt.width}x{fmt.height}.{extension}"


def kit_readme(campaign, assets, site_name, page_url):
    """README.txt of the kit: what each file is, who made it, what partners may do with it
    and until when. CRLF line endings: it opens cleanly in Windows' Notepad too."""
    lines = [
        f"Kit pour les réseaux sociaux : {campaign.title}",
        f"Campagne de {campaign.owner.name}",
        f"Page de la campagne : {page_url}",
        f"Téléchargé depuis : {site_name}",
        "",
        "Formats fournis pour chaque visuel :",
    ]
    lines += [f"- {fmt.label} ({fmt.size_label} pixels) : {fmt.use}" for fmt in FORMATS]
    for asset in assets:
        lines += ["", f"== {asset.title} ==", f"Texte alternatif à publier : {asset.alt_text}"]
        lines.append(f"Crédits : {asset.credits or 'non précisés'}")
        licence = asset.licence or f"non précisée, renseignez-vous auprès de {campaign.owner}"
        lines.append(f"Licence : {licence}")
        if asset.rights_expire_on:
            lines.append(
                "Droits d'utilisation jusqu'au "
                f"{date_format(asset.rights_expire_on, 'j F Y')} (exclu) : ne plus publier "
                "ce visuel à partir de cette date."
            )
        else:
            lines.append("Droits d'utilisation : sans date de fin connue.")
        lines.append("Fichiers :")
        lines += [f"- {filename}" for filename in asset.kit_files]
    lines += [
        "",
        "Merci de publier chaque image avec son texte alternatif, pour les personnes "
        "aveugles ou malvoyantes.",
    ]
    return "\r\n".join(lines) + "\r\n"


def kit_zip(campaign, assets, site_name, page_url):
    """The whole kit of a campaign as a zip, in memory (a few megabytes at most): every
    format of every available asset, and README.txt."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for asset in assets:
            asset.kit_files = []
            for fmt in FORMATS:
                name = rendition(asset, fmt)
                filename = download_name(asset, fmt, name)
                with default_storage.open(name, "rb") as handle:
                    # Images are compressed already: stored as they are.
                    archive.writestr(filename, handle.read(), compress_type=zipfile.ZIP_STORED)
                asset.kit_files.append(filename)
        archive.writestr(
            "README.txt",
            kit_readme(campaign, assets, site_name, page_url),
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return buffer.getvalue()
