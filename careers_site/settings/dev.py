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
