"""Compressed answers: brotli or gzip, the one the browser prefers among those it accepts.

The page cache stores both variants of a page once (`variants()`), and so do the downloads
built once per change, each encoding apart (`encoded_parts`); `CompressionMiddleware`
compresses what is not kept (the orientation result, a search past its seconds, the 404 page,
the API) at the moment it is sent.

**BREACH.** An attacker who can inject text into a compressed page and watch its size can guess
a secret on the same page, byte by byte. A response is compressed here only when it holds no
secret: the request carries no session (so no admin page, no preview, nothing personal) and the
response does not carry a CSRF token (Django sets the CSRF cookie on every response whose page
used the token). Pages with a form that posts (a counsellor's source request, the admin) go out
uncompressed; the others have no secret for a reflected word to reveal.
"""

import gzip

from django.conf import settings
from django.utils.cache import patch_vary_headers
from django.utils.regex_helper import _lazy_re_compile

try:
    import brotli
except ImportError:  # pragma: no cover - brotli comes with whitenoise[brotli]
    brotli = None

MIN_BYTES = 256
ENCODINGS = ("br", "gzip")  # preferred first
TEXT_TYPES = (
    "text/html",
    "text/plain",
    "text/csv",
    "text/calendar",
    "text/xml",
    "application/xml",
    "application/json",
    "application/ld+json",
    "application/rss+xml",
    "application/atom+xml",
)
strong_etag_re = _lazy_re_compile(r'^"[^"]*"$')


def compress(content, encoding):
    """At the moment an answer is sent: brotli at quality 4, a quarter of the time of quality
    5 for answers 5 to 8 % larger (52 KB of « Où se former »: 0.24 ms for 6.9 KB, against
    1.0 ms for 6.6 KB), still smaller than gzip's."""
    if encoding == "br":
        return brotli.compress(content, quality=4, mode=brotli.MODE_TEXT)
    return gzip.compress(content, compresslevel=6, mtime=0)


def variants(content):
    """Every encoding of a stored page, made once (at a higher brotli quality: it is kept)."""
    found = {}
    if len(content) >= MIN_BYTES:
        found["gzip"] = gzip.compress(content, compresslevel=6, mtime=0)
        if brotli is not None:
            found["br"] = brotli.compress(content, quality=9, mode=brotli.MODE_TEXT)
    return found


IDENTITY = "identity"


def encoded_parts(content):
    """`content` in every encoding, by name (`IDENTITY` for the plain bytes), to be kept apart
    (`careers_site.platform.cache.built_once(…, part=kept_encoding(request))`): a large file
    kept until the next change is compressed once, and each download reads from the cache only
    the bytes it sends. Each part is (bytes, encoding or None): a file too small to compress
    is sent plain whatever the browser accepts."""
    found = variants(content)
    plain = (content, None)
    return {
        IDENTITY: plain,
        **{name: (found[name], name) if name in found else plain for name in ENCODINGS},
    }


def kept_encoding(request):
    """The part of `encoded_parts` a request is sent: the encoding the browser prefers, plain
    for a request that holds a secret (BREACH: only a request's session could, a download
    sets no cookie)."""
    if request_holds_secret(request):
        return IDENTITY
    return accepted_encoding(request) or IDENTITY


def with_encoding(response, encoding):
    """`response`, whose content is already in `encoding` (None: plain), saying so;
    `CompressionMiddleware` then leaves it alone."""
    patch_vary_headers(response, ("Accept-Encoding",))
    if encoding is not None:
        response["Content-Encoding"] = encoding
    return response


def encoded(response, content, encoding):
    """`response` carrying `content`, its body in `encoding`."""
    response.content = content
    response["Content-Length"] = str(len(content))
    response["Content-Encoding"] = encoding
    return response


def accepted_encoding(request, available=ENCODINGS):
    """The preferred encoding the browser accepts among `available`, or None."""
    accepted = set()
    for part in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _, params = part.partition(";")
        if params.replace(" ", "").lower() in {"q=0", "q=0.0", "q=0.00", "q=0.000"}:
            continue
        accepted.add(name.strip().lower())
    for encoding in ENCODINGS:
        if encoding in accepted and encoding in available:
            if encoding == "br" and brotli is None:
                continue
            return encoding
    return None


def holds_secret(request, response):
    """A session (staff, previews) or a CSRF token in the page: never compressed (BREACH)."""
    if request_holds_secret(request):
        return True
    return settings.CSRF_COOKIE_NAME in response.cookies or settings.SESSION_COOKIE_NAME in (
        response.cookies
    )


def request_holds_secret(request):
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


class CompressionMiddleware:
    """Compresses text answers that are not compressed yet and hold no secret."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.streaming
            or response.has_header("Content-Encoding")
            or len(response.content) < MIN_BYTES
        ):
            return response
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type not in TEXT_TYPES:
            return response
        # Whether or not this answer is compressed, a cache must keep one copy per encoding.
        patch_vary_headers(response, ("Accept-Encoding",))
        encoding = accepted_encoding(request)
        if encoding is None or holds_secret(request, response):
            return response
        compressed = compress(response.content, encoding)
        if len(compressed) >= len(response.content):
            return response
        encoded(response, compressed, encoding)
        # The bytes changed: a strong validator of the plain page no longer names them.
        etag = response.get("ETag")
        if etag and strong_etag_re.match(etag):
            response["ETag"] = "W/" + etag
        return response
