"""Where visitors came from, counted without knowing who they are.

A visit is one GET of a public HTML page answering 200, by someone without a session (staff
log in; visitors never get a session), neither a bot nor a prefetch. It is counted by page,
by source (`?src=salon-lyon-2026`, or the source of a dedicated /s/ link) and by day:

- no cookie is set or read, no IP address, user agent or referrer is stored or logged: the
  counters hold a date, a path, a source and a number;
- the count is an atomic `incr` in the shared cache (Redis in production, local memory on one
  machine), done by `VisitCountMiddleware` around the page cache, so cached pages are counted
  too without a database write on the request path; each process adds up its visits for a
  second (`VisitBuffer`) and sends one `incr` per page and source;
- `manage.py flush_visits` (cron) and the admin report move the counters into `VisitCount`
  rows (one per day, page and source);
- only registered sources are counted by name: the sources of the dedicated /s/ links staff
  create (a job fair, a poster campaign). Any other `?src=` is counted under « autre », so a
  client sending random sources cannot add counters or rows: their number is bounded by the
  site's pages times the registered sources.

The cache cannot list its keys, so each new (day, page, source) triple takes a numbered slot
(`visits:slots:<day>` is its counter) that the flush walks through.
"""

import atexit
import collections
import contextlib
import datetime
import hashlib
import logging
import re
import threading
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models import F
from django.utils import timezone

# From the models' own modules: models/source_requests.py imports this one while the models
# package is still loading.
from .models.short_links import ShortLink, ShortLinkKind, source_code
from .models.visit_counts import VisitCount

logger = logging.getLogger("careers_site.toolkit.visits")

SOURCE_PARAM = "src"
MAX_PATH_LENGTH = 300
# Counters live long enough for a flush to be missed for a day or two.
COUNTER_TIMEOUT = 4 * 24 * 3600
# Days the flush looks back at (today and the days before, in case a cron run was missed).
FLUSH_DAYS = 3

# Robots, link previews (messaging apps fetch a page to show its preview) and tools.
BOT_RE = re.compile(
    r"bot|crawl|spider|slurp|scrap|preview|fetch|monitor|check|headless|lighthouse|"
    r"facebookexternalhit|whatsapp|telegram|discord|slack|skype|embedly|pinterest|"
    r"curl|wget|python|java/|go-http|okhttp|axios|node-fetch|httpclient|libwww|"
    r"bingpreview|yandex|baidu|duckduck|qwant|ahrefs|semrush|mj12|petal",
    re.IGNORECASE,
)
# Headers browsers send with a prefetch or a prerender (nobody has seen the page yet).
PREFETCH_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")


def clean_source(value):
    """The source if it looks like one (lower-case letters, digits, dashes, 60 at most),
    else "": anything else is ignored, never stored."""
    value = (value or "").strip().lower()
    return value if source_code.regex.match(value) else ""


# The cache the counters live in: "counters" when configured (a Redis that never evicts, see
# docs/operators.md), else the default cache.
COUNTERS_ALIAS = "counters"


def counters():
    return caches[COUNTERS_ALIAS] if COUNTERS_ALIAS in settings.CACHES else cache


# Where unregistered sources are counted.
OTHER_SOURCE = "autre"
KNOWN_SOURCES_KEY = "visits:known-sources"
KNOWN_SOURCES_SECONDS = 600


def known_sources():
    """The registered sources (those of the dedicated /s/ links): one query, then the cache
    until a short link changes (`forget_known_sources`)."""
    sources = cache.get(KNOWN_SOURCES_KEY)
    if sources is None:
        sources = frozenset(
            ShortLink.objects.filter(kind=ShortLinkKind.SOURCE)
            .exclude(source="")
            .values_list("source", flat=True)
        )
        cache.set(KNOWN_SOURCES_KEY, sources, KNOWN_SOURCES_SECONDS)
    return sources


def forget_known_sources(**kwargs):
    cache.delete(KNOWN_SOURCES_KEY)


def is_registered_source(value):
    source = clean_source(value)
    return bool(source) and source in known_sources()


def counted_source(value):
    """What a visit's `?src=` is counted as: the source when it is registered, « autre » when
    something else was given, "" when nothing was."""
    if not (value or "").strip():
        return ""
    return clean_source(value) if is_registered_source(value) else OTHER_SOURCE


def is_bot(request):
    agent = request.META.get("HTTP_USER_AGENT", "")
    return not agent or bool(BOT_RE.search(agent))


def is_prefetch(request):
    for header in PREFETCH_HEADERS:
        value = request.META.get(header, "").lower()
        if "prefetch" in value or "prerender" in value or "preview" in value:
            return True
    return False


def is_countable_request(request):
    if request.method != "GET":
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False  # staff (visitors never get a session)
    if request.path.startswith("/" + settings.ADMIN_URL):
        return False
    if len(request.path) > MAX_PATH_LENGTH:
        return False
    return not is_bot(request) and not is_prefetch(request)


def is_countable_response(response):
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
    )


def _counter_key(day, path, source):
    digest = hashlib.md5(f"{path}\n{source}".encode(), usedforsecurity=False).hexdigest()
    return f"visits:{day.isoformat()}:{digest}"


def _slot_counter_key(day):
    return f"visits:slots:{day.isoformat()}"


def _slot_key(day, number):
    return f"visits:slot:{day.isoformat()}:{number}"


def count_visit(path, source="", day=None, visits=1):
    """`visits` more visits of `path` from `source` on `day` (today): atomic on Redis and local
    memory."""
    day = day or timezone.localdate()
    key = _counter_key(day, path, source)
    try:
        counters().incr(key, visits)
        return
    except ValueError:
        pass
    if counters().add(key, visits, COUNTER_TIMEOUT):
        # First visit of this page from this source today: give the triple a slot.
        slots = _slot_counter_key(day)
        counters().add(slots, 0, COUNTER_TIMEOUT)
        try:
            number = counters().incr(slots)
        except ValueError:  # the cache is down or lost the key: nothing to keep the slot in
            return
        counters().set(_slot_key(day, number), (path, source), COUNTER_TIMEOUT)
    else:
        with contextlib.suppress(ValueError):
            counters().incr(key, visits)


def pending_counts(day):
    """{(path, source): count} of the cache counters of `day` not yet flushed."""
    found = {}
    total_slots = counters().get(_slot_counter_key(day)) or 0
    slot_keys = [_slot_key(day, n) for n in range(1, total_slots + 1)]
    for triple in counters().get_many(slot_keys).values():
        path, source = triple
        found[(path, source)] = _counter_key(day, path, source)
    values = counters().get_many(list(found.values()))
    return {pair: (key, values.get(key) or 0) for pair, key in found.items() if values.get(key)}


def flush(days=FLUSH_DAYS, today=None):
    """Add the cache counters of the last `days` days to the database; returns the number of
    visits moved. A counter is decreased by what was moved, not reset: visits counted during
    the flush are kept for the next one."""
    today = today or timezone.localdate()
    moved = 0
    for offset in range(days):
        day = today - datetime.timedelta(days=offset)
        for (path, source), (key, count) in pending_counts(day).items():
            with transaction.atomic():
                row, created = VisitCount.objects.get_or_create(
                    day=day, path=path, source=source, defaults={"count": count}
                )
                if not created:
                    VisitCount.objects.filter(pk=row.pk).update(count=F("count") + count)
            with contextlib.suppress(ValueError):
                counters().decr(key, count)
            moved += count
    return moved


class VisitBuffer:
    """The visits this process counted and has not sent yet. Sent to the shared counters at
    most every `VISITS_BUFFER_SECONDS` (1 s; 0: at each visit), one `incr` per page and source
    rather than one per visit: under a rush, a page served from the cache then makes no round
    trip to Redis. What is pending is sent within that time (a timer), and when the process
    exits."""

    def __init__(self):
        self.pending = collections.Counter()
        self.lock = threading.Lock()
        self.sent_at = time.monotonic()
        self.timer = None
        atexit.register(self.send)

    def add(self, path, source):
        key = (timezone.localdate(), path, source)
        seconds = settings.VISITS_BUFFER_SECONDS
        with self.lock:
            self.pending[key] += 1
            due = time.monotonic() - self.sent_at >= seconds
            if not due and self.timer is None:
                # Whatever happens next, what is pending goes within the second.
                self.timer = threading.Timer(seconds, self.send)
                self.timer.daemon = True
                self.timer.start()
        if due:
            self.send()

    def send(self):
        with self.lock:
            pending, self.pending = self.pending, collections.Counter()
            self.sent_at = time.monotonic()
            if self.timer is not None:
                self.timer.cancel()
                self.timer = None
        for (day, path, source), visits in pending.items():
            try:
                count_visit(path, source, day=day, visits=visits)
            except Exception as error:  # counting must never break a page
                logger.warning("visits not counted: %s", error.__class__.__name__)


visit_buffer = VisitBuffer()


class VisitCountMiddleware:
    """Counts visits after the response is made, cached page or not. Placed before the page
    cache, so a page served from the cache is counted as well."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Read before the page cache takes the parameters a page does not read off the request.
        raw_source = request.GET.get(SOURCE_PARAM, "")
        response = self.get_response(request)
        if is_countable_request(request) and is_countable_response(response):
            try:
                visit_buffer.add(request.path, counted_source(raw_source))
            except Exception as error:  # counting must never break a page
                logger.warning("visit not counted: %s", error.__class__.__name__)
        return response
