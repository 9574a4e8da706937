from django.apps import AppConfig


class CareersSiteConfig(AppConfig):
    name = "careers_site"
    verbose_name = "Site"

    def ready(self):
        from . import cache, metadata, security  # noqa: F401  (security: login log receivers)

        # Every content model, of every app, forgets the cached pages when it changes.
        cache.connect_signals()
        # New uploaded images lose their EXIF (GPS position…) before they are stored.
        metadata.connect_signals(cache.content_models())
