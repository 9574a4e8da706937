from django.apps import AppConfig


class CareersSiteConfig(AppConfig):
    name = "careers_site"
    verbose_name = "Site"

    def ready(self):
        from . import cache, security  # noqa: F401  (security: admin login logging receivers)

        # Every content model, of every app, forgets the cached pages when it changes.
        cache.connect_signals()
        # Short links made on first save; old slugs remembered when a slug changes.
        from . import shortlinks

        shortlinks.connect_signals()
