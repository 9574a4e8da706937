"""Full-page cache for anonymous visitors, compressed once, with headers a CDN understands.

Placed near the top of `MIDDLEWARE`, after the health probe and the visit counter and before
SecurityMiddleware, WhiteNoise, ConditionalGetMiddleware and the session: a hit is answered
here, without touching the session, the user or the database, with the headers the stored
page was given by the middleware below it (CSP, Permissions-Policy…); HSTS and the 304 for a
browser that already has the page are this middleware's own work on a hit.

A request is served from, or stored in, the cache only when it is a GET or HEAD without a
session cookie, outside the admin and without `?apercu`. A response is stored only when it is
a complete 200 of text (HTML, XML, JSON, plain text; not a download) under
`PAGE_CACHE_MAX_BYTES`, that sets no cookie, does not vary on the cookie and does not say
private, no-cache or no-store. Anything else gets `Cache-Control: private, no-cache`, unless the
view said something stricter.

**The key is what the page reads.** A view declares the query parameters it reads
(`page_cache_params = ("page", "metier")` on a class-based view, `@reads_params("page")` on a
function), and those it reads as free text typed by a visitor (`page_cache_free_text_params =
("q",)`: such a page is kept `PAGE_CACHE_FREE_TEXT_SECONDS` only, so a search term does not stay
in the cache). The key is the site (`SITE_URL`, not the Host header), the path and the declared
parameters only:

- tracking parameters (`utm_*`, `fbclid`, `src`…) and parameters the view does not read are
  taken out of the request before the view runs, so the page is the same as without them and is
  stored (or served) under the same key: a random parameter creates no entry;
- a view that declares nothing is served from the cache without a query string only; with
  parameters other than tracking ones it is rendered each time and never stored (it may read
  them), so a new page is safe before it declares anything.
"""

import functools
import hashlib
import time
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, QueryDict
from django.middleware.security import SecurityMiddleware
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    get_max_age,
    patch_vary_headers,
)

from careers_site.core.filters import PAGE, canonical_page
from careers_site.core.publishing import PREVIEW_PARAM
from careers_site.platform import compression
from careers_site.platform.cache import (
    UNKNOWN_VERSION,
    LocalCopies,
    bump_content_version,
    content_version,
    seconds_until_change,
    version_changed_at,
)

SAFE_METHODS = {"GET", "HEAD"}
# Headers that belong to one response only, never to a stored copy. HSTS depends on the
# request (HTTPS or not): Django's SecurityMiddleware adds it again to each copy served.
UNSTORED_HEADERS = {
    "set-cookie",
    "date",
    "content-length",
    "content-encoding",
    "etag",
    "strict-transport-security",
}
MAX_QUERY_STRING = 500


# Parameters that never change a page: where the visitor came from (`src`, counted by
# careers_site.toolkit.visits, not shown) and the usual campaign trackers. A view that reads one
# of them declares it, and then it counts.
TRACKING_PARAMS = frozenset(
    {
        "src",
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "_ga",
        "_gl",
        "yclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "mkt_tok",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_")
# Response types worth keeping: text the site renders. Downloads (zip, images, calendars,
# anything sent as an attachment) are not page-cached.
TEXT_TYPES = (
    "text/html",
    "text/plain",
    "text/xml",
    "application/xml",
    "application/json",
    "application/ld+json",
)


def is_tracking(name):
    return name in TRACKING_PARAMS or name.lower().startswith(TRACKING_PREFIXES)


def reads_params(*params, free_text=()):
    """Declares, on a function view, the query parameters it reads (see the module's doc)."""

    def decorate(view):
        view.page_cache_params = tuple(params) + tuple(free_text)
        view.page_cache_free_text_params = tuple(free_text)
        return view

    return decorate


class ViewParams:
    """What a view says it reads: `params` is None when it says nothing. `canonical`, when
    the view gives one, turns the parameters it reads into their canonical values."""

    __slots__ = ("params", "free_text", "canonical")

    def __init__(self, params, free_text, canonical=None):
        self.params = None if params is None else frozenset(params) | frozenset(free_text)
        self.free_text = frozenset(free_text)
        self.canonical = canonical


def canonical_pairs(declared, pairs):
    """The parameters a page is made from, in one spelling, or None when the page cannot say
    (its answer is then rendered and never stored). A list gives `page_cache_canonical`
    (its `FilterDeclaration.canonical`: junk values dropped, `page=1`, `0001`, `+1` and no
    page the same), returning [(name, value)], or None for parameters it refuses (the API's
    400). Other views get the page number's one spelling (`canonical_page`, the same rule)
    and empty values dropped."""
    if declared.canonical is not None:
        query = QueryDict(mutable=True)
        for name, value in pairs:
            query.appendlist(name, value)
        canonical = declared.canonical(query)
        if canonical is None:
            return None
        return [(name, str(value)) for name, value in canonical if name in declared.params]
    result = []
    for name, value in pairs:
        if name == PAGE:
            value = canonical_page(value)
        if value != "":
            result.append((name, value))
    return result


# Query strings at most this long have their reading remembered (`canonical_of`); a longer
# one, rare and maybe made up, is read each time.
REMEMBERED_QUERY_LENGTH = 256


def canonical_of(declared, pairs):
    """`canonical_pairs`, remembered for short query strings: the same spelling of a page's
    parameters is read once per process, not at each hit (reading the API's parameters
    strictly cost a hit near a position a fifth of its time). The reading is a function of
    the pairs alone: validated values, never of the database nor the day."""
    if not pairs or sum(len(n) + len(v) + 2 for n, v in pairs) > REMEMBERED_QUERY_LENGTH:
        return canonical_pairs(declared, pairs)
    canonical = _remembered_canonical(declared, tuple(pairs))
    return None if canonical is None else list(canonical)


@functools.lru_cache(maxsize=2048)
def _remembered_canonical(declared, pairs):
    canonical = canonical_pairs(declared, list(pairs))
    return None if canonical is None else tuple(canonical)


def view_params(request):
    return _view_params(settings.ROOT_URLCONF, get_urlconf(), request.path_info)


@functools.lru_cache(maxsize=2048)
def _view_params(root_urlconf, urlconf, path):
    """What the view of `path` reads, resolved once per path and URL configuration (a hit
    must not walk the URL patterns each time)."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return ViewParams(None, ())
    owners = (match.func, getattr(match.func, "view_class", None))
    params = next(
        (p for o in owners if (p := getattr(o, "page_cache_params", None)) is not None), None
    )
    free_text = next(
        (p for o in owners if (p := getattr(o, "page_cache_free_text_params", None)) is not None),
        (),
    )
    canonical = next(
        (c for o in owners if (c := getattr(o, "page_cache_canonical", None)) is not None), None
    )
    return ViewParams(params, free_text, canonical)


def site_root(request):
    """The site the page belongs to: `SITE_URL` (required in production), so that a made-up
    Host header, port or letter case neither gets its own entry nor shows in a page."""
    if settings.SITE_URL:
        return settings.SITE_URL.lower()
    return f"{request.scheme}://{request.get_host().lower()}"


def page_cache_key(request, pairs=None):
    """Site, path and the parameters the page reads, sorted. The entry stored under it says
    which content version it was rendered from (see `__call__`)."""
    if pairs is None:
        pairs = parse_qsl(request.META.get("QUERY_STRING", ""), True)
    query = urlencode(sorted(pairs))
    raw = f"{site_root(request)}{request.path}?{query}"
    digest = hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()
    # v2: entries hold the whole stack's headers (CSP, Permissions-Policy…): a copy stored by
    # the earlier format, without them, is never served.
    return f"page-cache:page:v2:{digest}"


# Where the query string as the visitor sent it is kept, for a view that forwards it whole
# (a redirect keeps ?src=: careers_site.core.publishing).
ORIGINAL_QUERY_STRING = "ORIGINAL_QUERY_STRING"


def keep_only(request, pairs):
    """The request as the view will see it: with `pairs` as its whole query string. Its
    `GET` is read again from it when the view asks (a hit never does)."""
    query = urlencode(pairs)
    request.META.setdefault(ORIGINAL_QUERY_STRING, request.META.get("QUERY_STRING", ""))
    request.META["QUERY_STRING"] = query
    request.__dict__.pop("GET", None)  # Django's cached_property, over META["QUERY_STRING"]


def page_weight(entry):
    return len(entry["content"]) + sum(len(v) for v in entry["variants"].values())


# This process's recent pages (see LocalCopies); `forget_local_copies` empties it.
local_copies = LocalCopies(
    getattr(settings, "PAGE_CACHE_LOCAL_BYTES", 16 * 1024 * 1024), weight=page_weight
)


def forget_local_copies():
    local_copies.clear()


HIT, MISS, STALE = "hit", "miss", "stale"


def is_fresh(entry, version):
    return entry is not None and entry["version"] == version and entry["expires"] > time.time()


def may_serve_stale(entry, version):
    """Whether an out-of-date copy may still stand in while the page is rendered: only within
    PAGE_CACHE_REBUILD_SECONDS of the moment it went out of date (the content change, or its
    expiry), whatever the load; never when that moment is unknown (the cache unreachable)."""
    window = settings.PAGE_CACHE_REBUILD_SECONDS
    if entry is None or window <= 0 or version == UNKNOWN_VERSION:
        return False
    if entry["version"] == version:
        since = entry["expires"]
    else:
        since = version_changed_at(version)
        if since is None:
            return False
    return time.time() < since + window


def forget_page(key):
    """No copy of this page any more, here or in the shared cache."""
    cache.delete(key)
    local_copies.discard(key)


class PageCacheMiddleware:
    """Placed first after the health probe and the visit counter: a hit is answered before
    the security middleware, the CSP, the session, authentication and everything else, as
    early as a static file. What those middleware add to a page (CSP, Permissions-Policy,
    X-Frame-Options, Referrer-Policy…) is stored with it, since the stored response went
    through all of them; HSTS, which depends on the request, is added to each copy served by
    Django's own SecurityMiddleware; a conditional GET gets its 304 here.

    **A publish in a rush.** After a content change (a new content version) or once a copy has
    expired, one request re-renders the page while the others get the previous copy
    (`X-Page-Cache: stale`, not kept by browsers or a CDN), for `PAGE_CACHE_REBUILD_SECONDS` at
    most: a correction published during a campaign launch does not send every visitor to a
    render at once."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.security = SecurityMiddleware(get_response)
        self.passthrough = tuple(
            prefix for prefix in (settings.STATIC_URL, settings.MEDIA_URL) if prefix
        )

    def __call__(self, request):
        if not getattr(settings, "PAGE_CACHE_ENABLED", False):
            return self.get_response(request)
        if request.path.startswith(self.passthrough):
            return self.get_response(request)  # WhiteNoise's, or the proxy's
        if settings.SECURE_SSL_REDIRECT and not request.is_secure():
            return self.get_response(request)  # SecurityMiddleware redirects it
        if request.method not in SAFE_METHODS:
            response = self.get_response(request)
            self.forget_pages_after_staff_change(request, response)
            return self.private(response)
        if not self.request_is_cacheable(request):
            return self.private(self.get_response(request))
        pairs = parse_qsl(request.META.get("QUERY_STRING", ""), True)
        declared = view_params(request) if pairs else ViewParams((), ())
        if declared.params is None:
            # The view did not say what it reads: only its bare address is kept.
            # A hit serves that copy whatever the tracking parameters; a miss with any
            # parameter is rendered for this request only (the view may read them).
            storable = not pairs
            if any(not is_tracking(name) for name, _value in pairs):
                return self.private(self.get_response(request))
            kept = []
        else:
            kept = [pair for pair in pairs if pair[0] in declared.params]
            canonical = canonical_of(declared, kept)
            storable = canonical is not None
            if storable and canonical != kept:
                kept = canonical  # page=0001 is page=1 is the bare list: one entry
            if kept != pairs:
                keep_only(request, kept)  # the page is rendered as without the extra ones
        try:
            request.get_host()  # a host not allowed gets Django's 400, never a copy
            key = page_cache_key(request, kept)
        except DisallowedHost:
            return self.private(self.get_response(request))

        # A hit asks the shared cache nothing: the version this process read less than
        # PAGE_CACHE_VERSION_SECONDS ago, and the page from the copies it served lately.
        version = content_version()
        entry = local_copies.get(key)
        if not is_fresh(entry, version):
            # Anything but a hit reads the current version and the shared copy; a copy the
            # shared cache no longer holds (a page gone) is not served from memory either.
            version = content_version(fresh=True)
            shared = cache.get(key)
            if shared is not None:
                local_copies.put(key, shared)
            elif getattr(cache, "is_available", True):
                local_copies.discard(key)
            entry = shared if shared is not None or version != UNKNOWN_VERSION else entry
        if is_fresh(entry, version):
            return self.serve(request, entry, HIT)

        # Out of date: for PAGE_CACHE_REBUILD_SECONDS after it went out of date at most, one
        # request renders the page while the others get the previous copy.
        previous = entry if may_serve_stale(entry, version) else None
        rebuilding = None
        if previous is not None:
            rebuilding = f"{key}:rebuild"
            if not cache.add(rebuilding, 1, settings.PAGE_CACHE_REBUILD_SECONDS):
                if getattr(cache, "is_available", True):
                    return self.serve(request, previous, STALE)
                rebuilding = None
        try:
            response = self.get_response(request)
            if response.status_code >= 500 and previous is not None:
                return self.serve(request, previous, STALE)  # a failed render, briefly
            if not storable or not self.response_is_cacheable(response):
                if entry is not None and response.status_code not in (304, *range(500, 600)):
                    # Gone (404, 410, a redirect) or no longer storable (private, a download,
                    # too big): no copy of what it was may be served any more.
                    forget_page(key)
                return self.private(response)
            timeout = min(settings.PAGE_CACHE_TIMEOUT, seconds_until_change())
            if version == UNKNOWN_VERSION:
                # The cache is unreachable: no change made elsewhere can be seen, so a copy
                # is trusted no longer than the documented window.
                timeout = min(timeout, settings.PAGE_CACHE_REBUILD_SECONDS)
            free_text = any(value and name in declared.free_text for name, value in kept)
            if free_text:
                # Words typed by a visitor stay seconds in the cache, not an hour.
                timeout = min(timeout, settings.PAGE_CACHE_FREE_TEXT_SECONDS)
            if timeout <= 0:
                if entry is not None:
                    forget_page(key)
                return self.private(response)
            entry = self.entry(response, version, timeout)
            # Kept one period longer than it is fresh, as the copy served while the next
            # render is made; never longer for a page made of typed words.
            cache.set(key, entry, timeout if free_text else timeout + settings.PAGE_CACHE_TIMEOUT)
            local_copies.put(key, entry)
            return self.serve(request, entry, MISS)
        finally:
            if rebuilding:
                cache.delete(rebuilding)

    @staticmethod
    def entry(response, version, timeout):
        return {
            "headers": [(k, v) for k, v in response.items() if k.lower() not in UNSTORED_HEADERS],
            "content": response.content,
            "variants": compression.variants(response.content),
            "etag": f'W/"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"',
            "expires": time.time() + timeout,
            # The version read before rendering: a change published meanwhile makes it stale.
            "version": version,
        }

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
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type not in TEXT_TYPES:
            return False  # a download (zip, image, calendar): not worth a page entry
        if "attachment" in response.get("Content-Disposition", "").lower():
            return False
        if len(response.content) > settings.PAGE_CACHE_MAX_BYTES:
            return False
        if response.has_header("Vary") and "cookie" in response["Vary"].lower():
            return False
        if "'nonce-" in response.get("Content-Security-Policy", ""):
            return False  # a nonce is good for one response only
        directives = {
            part.split("=")[0].strip().lower()
            for part in cc_delim_re.split(response.get("Cache-Control", ""))
        }
        if directives & {"private", "no-cache", "no-store"}:
            return False
        max_age = get_max_age(response)
        return max_age is None or max_age > 0

    def serve(self, request, entry, state):
        encoding = compression.accepted_encoding(request, entry["variants"])
        content = entry["variants"][encoding] if encoding else entry["content"]
        response = HttpResponse(content, status=200)
        for name, value in entry["headers"]:
            response[name] = value
        response["Content-Length"] = str(len(content))
        if encoding:
            response["Content-Encoding"] = encoding
        if entry["variants"]:
            patch_vary_headers(response, ("Accept-Encoding",))
        patch_vary_headers(response, ("Cookie",))
        response["ETag"] = entry["etag"]
        if state == STALE:
            # Good for this answer only: the next one may already be the new page.
            response["Cache-Control"] = "public, max-age=0, s-maxage=0"
        else:
            remaining = max(0, round(entry["expires"] - time.time()))
            browser = min(settings.PAGE_CACHE_BROWSER_MAX_AGE, remaining)
            shared = min(settings.PAGE_CACHE_SHARED_MAX_AGE, remaining)
            response["Cache-Control"] = f"public, max-age={browser}, s-maxage={shared}"
        response["X-Page-Cache"] = state
        response = get_conditional_response(request, etag=entry["etag"], response=response)
        return self.security.process_response(request, response)

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
        if getattr(request, "content_unchanged", False):
            return  # a preview or a dry run: nothing was written
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            bump_content_version()
