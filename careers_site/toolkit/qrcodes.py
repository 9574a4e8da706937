"""QR codes of the site's pages and short links, as SVG or PNG, for a screen or for print.

Made with segno; error correction H (30 % of the symbol may be lost: a poster folded, scratched
or photographed at an angle still reads). Only addresses of this site are encoded: the view
takes a path, checks that it leads to a published page or to a short link that exists, and
builds the absolute URL itself, so it cannot be used to make QR codes that send people
elsewhere, nor to fill the cache with codes of pages that do not exist. A source (`src=`) must
be a registered one (careers_site.toolkit.visits). A code never changes for a given address: it
is kept in the cache for a month and browsers may keep it as long."""

import hashlib
import io
import re

import segno
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import Resolver404, resolve
from django.utils.html import escape

from careers_site.toolkit import shortlinks
from careers_site.toolkit.visits import SOURCE_PARAM, clean_source, is_registered_source

# Pixels per module (PNG) or user units per module (SVG); the quiet zone is 4 modules.
SIZES = {"ecran": 8, "impression": 24}
FORMATS = {"svg": "image/svg+xml", "png": "image/png"}
CACHE_SECONDS = 30 * 24 * 3600
PATH_RE = re.compile(r"^/[A-Za-z0-9/_.-]{0,200}$")


def site_url(request, path):
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)


def encoded_url(request, path, source=""):
    url = site_url(request, path)
    return f"{url}?{SOURCE_PARAM}={source}" if source else url


def is_site_path(path):
    """A path the site answers with a page of its own (not the admin, not a QR code)."""
    if not PATH_RE.match(path or "") or "//" in path or ".." in path:
        return False
    if path.startswith(("/" + settings.ADMIN_URL, "/qr.", "/static/", "/media/")):
        return False
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return page_exists(match)


def page_exists(match):
    """A short link that leads to a published page, a published object's page, or a page
    without a variable part (the home page, a list). Anything else (a slug nobody published,
    a poster or a sheet) gets no code."""
    if match.url_name == "short_link":
        return shortlinks.find(match.kwargs["kind"], match.kwargs["code"])[1] is not None
    if not match.kwargs:
        return True
    model = getattr(getattr(match.func, "view_class", None), "model", None)
    slug = match.kwargs.get("slug")
    if model is None or slug is None or not hasattr(model.objects, "published"):
        return False
    return model.objects.published().filter(slug=slug).exists()


UNREGISTERED_SOURCE = (
    "Cette source n'est pas enregistrée : ajoutez d'abord un lien dédié (/s/) qui la porte, "
    "sur la fiche de l'événement ou de la campagne dans l'administration, pour que ses "
    "visites soient comptées."
)


def render(url, fmt, size):
    """The QR code of `url` as bytes, from the cache when it was made before."""
    digest = hashlib.sha256(f"{url}\n{fmt}\n{size}".encode()).hexdigest()
    key = f"qr:{digest}"
    content = cache.get(key)
    if content is None:
        code = segno.make(url, error="h", boost_error=False, micro=False)
        buffer = io.BytesIO()
        scale = SIZES[size]
        if fmt == "svg":
            code.save(buffer, kind="svg", scale=scale, border=4, xmldecl=False, title=url)
        else:
            code.save(buffer, kind="png", scale=scale, border=4)
        content = buffer.getvalue()
        cache.set(key, content, CACHE_SECONDS)
    return content


def qr_code(request, fmt):
    """/qr.svg?lien=/m/aide-soignant[&src=salon-lyon-2026][&taille=impression]"""
    path = request.GET.get("lien", "")
    size = request.GET.get("taille", "ecran")
    raw_source = request.GET.get(SOURCE_PARAM, "")
    source = clean_source(raw_source)
    if fmt not in FORMATS:
        return bad_request("Ce format d'image n'existe pas : choisissez svg ou png.")
    if size not in SIZES:
        return bad_request("Cette taille n'existe pas : choisissez « ecran » ou « impression ».")
    if raw_source and not source:
        return bad_request(
            "Cette source n'est pas valable : lettres minuscules sans accent, chiffres et "
            "tirets, 60 caractères au plus."
        )
    if source and not is_registered_source(source):
        return bad_request(UNREGISTERED_SOURCE)
    if not is_site_path(path):
        return bad_request(
            "Ce lien ne mène à aucune page publiée du site : impossible d'en faire un QR code."
        )
    url = encoded_url(request, path, source)
    response = HttpResponse(render(url, fmt, size), content_type=FORMATS[fmt])
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}, immutable"
    response["Content-Disposition"] = f'inline; filename="qr-{slug_of(path, source)}-{size}.{fmt}"'
    response.long_lived = True  # the page cache leaves it alone (careers_site.platform.page_cache)
    return response


def slug_of(path, source):
    name = "-".join(part for part in path.split("/") if part) or "accueil"
    return re.sub(r"[^a-z0-9-]", "", f"{name}-{source}" if source else name)[:80]


def bad_request(message):
    return HttpResponseBadRequest(
        f'<!doctype html><html lang="fr"><title>Demande incorrecte</title>'
        f"<h1>Demande incorrecte</h1><p>{escape(message)}</p></html>",
        content_type="text/html; charset=utf-8",
    )
