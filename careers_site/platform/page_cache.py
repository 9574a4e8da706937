"""Full-page cache for anonymous visitors, compressed once, with headers a CDN understands.

Placed after SecurityMiddleware, WhiteNoise and ConditionalGetMiddleware, before the session:
a cached page is served without touching the session, the user or the database, and
ConditionalGetMiddleware turns it into a 304 when the browser already has it.

A request is served from, or stored in, the cache only when it is a GET or HEAD without a
session cookie, outside the admin and without `?apercu`. A response is stored only when it is
a complete 200 that sets no cookie, does not vary on the cookie and does not say private,
no-cache or no-store. Anything else gets `Cache-Control: private, no-cache`, unless the view
said something stricter.
"""

import gzip
import hashlib
import time
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, get_max_age, patch_vary_headers

from careers_site.core.publishing import PREVIEW_PARAM
from careers_site.platform.cache import (
    VERSION_KEY,
    bump_content_version,
    content_version,
    seconds_until_change,
)

try:
    import brotli
except ImportError:  # pragma: no cover - brotli comes with whitenoise[brotli]
    brotli = None

SAFE_METHODS = {"GET", "HEAD"}
# Headers that belong to one response only, never to a stored copy.
UNSTORED_HEADERS = {"set-cookie", "date", "content-length", "content-encoding", "etag"}
MIN_COMPRESS_BYTES = 256
MAX_QUERY_STRING = 500


# Parameters that do not change the page: where the visitor came from (careers_site.toolkit.visits)
# is counted, not shown, so it must not make one cached copy per fair or poster.
IGNORED_PARAMS = {"src"}


def page_cache_key(request):
    """Scheme, host, path and the query string with its parameters sorted (but the ignored
    ones). The entry stored under it says which content version it was rendered from (see
    `__call__`)."""
    pairs = parse_qsl(request.META.get("QUERY_STRING", ""), True)
    query = urlencode(sorted(pair for pair in pairs if pair[0] not in IGNORED_PARAMS))
    raw = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()
    return f"page-cache:page:{digest}"


def _compress(content):
    variants = {}
    if len(content) >= MIN_COMPRESS_BYTES:
        variants["gzip"] = gzip.compress(content, compresslevel=6, mtime=0)
        if brotli is not None:
            variants["br"] = brotli.compress(content, quality=9, mode=brotli.MODE_TEXT)
    return variants


def _accepted_encoding(request, variants):
    accepted = {
        part.split(";")[0].strip().lower()
        for part in request.META.get("HTTP_ACCEPT_ENCODING", "").split(",")
    }
    for encoding in ("br", "gzip"):
        if encoding in accepted and encoding in variants:
            return encoding
    return None


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not getattr(settings, "PAGE_CACHE_ENABLED", False):
            return self.get_response(request)
        if request.method not in SAFE_METHODS:
            response = self.get_response(request)
            self.forget_pages_after_staff_change(request, response)
            return self.private(response)
        if not self.request_is_cacheable(request):
            return self.private(self.get_response(request))
        try:
            key = page_cache_key(request)
        except DisallowedHost:
            return self.private(self.get_response(request))

        # One round trip to the cache for a hit: the current version and the page together. A
        # page rendered from an older version is stale, whatever its expiry says.
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or content_version()
        entry = found.get(key)
        if entry is not None and entry.get("version") == version:
            remaining = int(entry["expires"] - time.time())
            if remaining > 0:
                return self.build(request, entry, remaining, hit=True)

        response = self.get_response(request)
        if not self.response_is_cacheable(response):
            return self.private(response)
        timeout = min(settings.PAGE_CACHE_TIMEOUT, seconds_until_change())
        if timeout <= 0:
            return self.private(response)
        entry = {
            "headers": [(k, v) for k, v in response.items() if k.lower() not in UNSTORED_HEADERS],
            "content": response.content,
            "variants": _compress(response.content),
            "etag": f'W/"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"',
            "expires": time.time() + timeout,
            # The version read before rendering: a change published meanwhile makes it stale.
            "version": version,
            # The CSP hashes of the page's inline style blocks, for every copy served of it.
            "style_hashes": sorted(getattr(request, "csp_style_hashes", ())),
        }
        cache.set(key, entry, timeout)
        return self.build(request, entry, timeout, hit=False)

    @staticmethod
    def request_is_cacheable(request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return False
        if request.path.startswith("/" + settings.ADMIN_URL):
            return False
        if PREVIEW_PARAM in request.GET:
            return False
        return len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_STRING

    @staticmethod
    def response_is_cacheable(response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if getattr(response, "long_lived", False):
            return False  # cached by its own view, under its own Cache-Control (QR codes)
        if response.has_header("Vary") and "cookie" in response["Vary"].lower():
            return False
        directives = {
            part.split("=")[0].strip().lower()
            for part in cc_delim_re.split(response.get("Cache-Control", ""))
        }
        if directives & {"private", "no-cache", "no-store"}:
            return False
        max_age = get_max_age(response)
        return max_age is None or max_age > 0

    @staticmethod
    def build(request, entry, remaining, hit):
        if entry["style_hashes"]:
            request.csp_style_hashes = set(entry["style_hashes"])
        encoding = _accepted_encoding(request, entry["variants"])
        content = entry["variants"][encoding] if encoding else entry["content"]
        response = HttpResponse(content, status=200)
        for name, value in entry["headers"]:
            response[name] = value
        if encoding:
            response["Content-Encoding"] = encoding
        if entry["variants"]:
            patch_vary_headers(response, ("Accept-Encoding",))
        patch_vary_headers(response, ("Cookie",))
        response["ETag"] = entry["etag"]
        browser = min(settings.PAGE_CACHE_BROWSER_MAX_AGE, remaining)
        shared = min(settings.PAGE_CACHE_SHARED_MAX_AGE, remaining)
        response["Cache-Control"] = f"public, max-age={browser}, s-maxage={shared}"
        response["X-Page-Cache"] = "hit" if hit else "miss"
        return response

    @staticmethod
    def private(response):
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-cache"
        return response

    @staticmethod
    def forget_pages_after_staff_change(request, response):
        """A change made by staff through the admin (including bulk actions that send no
        signal, such as « publier ») forgets every cached page. Only a logged-in staff member
        counts: a stranger posting with a made-up cookie cannot empty the cache."""
        if settings.SESSION_COOKIE_NAME not in request.COOKIES or response.status_code >= 400:
            return
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            bump_content_version()
