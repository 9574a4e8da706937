"""Which models the public pages are made of: those of the apps listed in the CONTENT_APPS
setting (the project's own apps and taggit). Their changes forget the cached pages
(platform/cache.py) and their uploaded images lose their metadata (metadata.py).
Third-party bookkeeping (sessions, admin log, login attempts…) does not count, nor the models
of the PAGE_CACHE_IGNORED_MODELS setting."""

from django.apps import apps
from django.conf import settings
from django.dispatch import Signal

# Sent after rows were written in bulk, without save() and its signals (`rebuild_search`, a
# commune load): what was derived from the content must be forgotten (the platform then
# starts a new content version).
content_rewritten = Signal()


def is_content_model(model):
    meta = model._meta
    ignored = {label.lower() for label in getattr(settings, "PAGE_CACHE_IGNORED_MODELS", ())}
    return meta.app_label in settings.CONTENT_APPS and meta.label_lower not in ignored


def content_models():
    return [model for model in apps.get_models() if is_content_model(model)]
