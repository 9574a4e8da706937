from django.apps import AppConfig


class PlatformConfig(AppConfig):
    """HTTP and operations machinery below the apps: page cache, security headers, health,
    backups. No models; knows no app (the apps declare what it needs)."""

    name = "careers_site.platform"
    verbose_name = "Plateforme"

    def ready(self):
        from . import cache, security  # noqa: F401  (security: the login log)

        # Every content model, of every app, forgets the cached pages when it changes.
        cache.connect_signals()
