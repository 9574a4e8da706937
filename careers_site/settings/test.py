"""Test runs: fast hashing, no manifest needed, media in a temporary folder (see conftest)."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False
SECRET_KEY = "test-only-not-secret-" + "x" * 40
DEMO_MODE = env_bool("DEMO_MODE", False)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "careers-site-tests",
    }
}
# django-axes needs the request in authenticate(), which client.login() does not pass; the
# lockout tests (tests/security/) switch it back on.
AXES_ENABLED = False
# Static files straight from the finders: no collectstatic before a test run.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The page cache is off so that each test sees its view run; the page-cache tests
# switch it on.
PAGE_CACHE_ENABLED = False
# Each test reads the content version from the cache it controls (test_cache_rush.py covers
# the seconds a server process trusts the version it read).
PAGE_CACHE_VERSION_SECONDS = 0
# Each visit reaches the counters at once (test_visits.py covers the buffer).
VISITS_BUFFER_SECONDS = 0
