"""Local development: debug on, a throwaway key, SQLite and local memory unless told otherwise."""

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env("DJANGO_SECRET_KEY") or "dev-only-not-secret-" + "x" * 40
DEMO_MODE = env_bool("DEMO_MODE", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Template edits show at once while developing; PAGE_CACHE_ENABLED=1 to try the page cache.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", False)
