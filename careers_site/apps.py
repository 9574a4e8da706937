from django.apps import AppConfig


class CareersSiteConfig(AppConfig):
    name = "careers_site"
    verbose_name = "Site"

    def ready(self):
        from . import cache, metadata, security, shortlinks  # noqa: F401  (security: login log)

        # Every content model, of every app, forgets the cached pages when it changes.
        cache.connect_signals()
        # Short links made on first save; old slugs remembered when a slug changes.
        shortlinks.connect_signals()
        # New uploaded images lose their EXIF (GPS position…) before they are stored.
        metadata.connect_signals(cache.content_models())
