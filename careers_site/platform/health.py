"""Staying up when a service is not: /healthz for the load balancer, and a branded 503 instead of
a 500 (or a hang) when the database cannot be reached.

Both are middleware rather than views:
- HealthCheckMiddleware sits first, before SecurityMiddleware and the host check, so that the
  load balancer can probe each instance over plain HTTP by its address;
- DatabaseUnavailableMiddleware sits last, so that it sees the database error of any view or
  template first, while the pages the page cache already holds are served without reaching
  a view at all.
"""

import logging
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger("careers_site.platform.health")

HEALTH_PATH = "/healthz"
# Seconds a visitor (or a crawler) is asked to wait before trying again.
RETRY_AFTER = 30


# The probe answers within this many seconds whatever the database does: a server that
# accepts connections and never answers (frozen) made /healthz take 47 s.
DATABASE_PROBE_SECONDS = 0.8

# One thread runs the probes, one at a time: a probe stuck on a frozen database is waited
# for by the next ones (each for DATABASE_PROBE_SECONDS at most), never joined by more threads.
_prober = ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthz")
_running = None
_running_lock = threading.Lock()


def _select_one(alias):
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.error("health: database unreachable (%s)", error.__class__.__name__)
        return "error"
    finally:
        connection.close()  # the probe's thread keeps no connection open between probes
    return "ok"


def database_status(alias="default", timeout=None):
    """ "ok" or "error", within `timeout` seconds (DATABASE_PROBE_SECONDS) whatever happens."""
    global _running
    with _running_lock:
        if _running is None or _running.done():
            _running = _prober.submit(_select_one, alias)
        probe = _running
    try:
        return probe.result(timeout=DATABASE_PROBE_SECONDS if timeout is None else timeout)
    except FutureTimeout:
        logger.error("health: database did not answer within %ss", DATABASE_PROBE_SECONDS)
        return "error"
    except Exception as error:  # the probe must answer, whatever the failure
        logger.error("health: database probe failed (%s)", error.__class__.__name__)
        return "error"


def cache_status():
    """Write then read a throwaway key: a cache that swallows its errors (FailSafeRedisCache)
    shows up here as a miss."""
    key = f"healthz:{secrets.token_hex(8)}"
    token = secrets.token_hex(8)
    try:
        cache.set(key, token, 10)
        ok = cache.get(key) == token
        cache.delete(key)
    except Exception as error:  # any backend, any failure: the probe must answer
        logger.error("health: cache unreachable (%s)", error.__class__.__name__)
        return "error"
    return "ok" if ok else "error"


def health_response():
    """200 while the database answers (a dead cache only slows the site down: "degraded",
    still in service), 503 when it does not. Nothing else: no version, no host, no error text."""
    status = {"database": database_status(), "cache": cache_status()}
    response = JsonResponse(status, status=200 if status["database"] == "ok" else 503)
    add_never_cache_headers(response)
    response["X-Content-Type-Options"] = "nosniff"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.rstrip("/") == HEALTH_PATH and request.method in ("GET", "HEAD"):
            return health_response()
        return self.get_response(request)


def service_unavailable_response():
    """The branded « revenez dans un instant » page. The template is standalone: no context
    processor, no query, nothing that needs the database."""
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """A lost database connection answers 503 with Retry-After, not a 500 with a stack trace
    (even with DEBUG on: the log line says which server refused)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        # The first line of the driver's message says which server refused; no query, no data.
        message = str(exception).strip().splitlines()[0][:200] if str(exception).strip() else ""
        logger.error(
            "database unavailable: %s %r (%s %r)",
            exception.__class__.__name__,
            message,
            request.method,
            request.path_info[:200],
        )
        return service_unavailable_response()
