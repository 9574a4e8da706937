from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The base every app builds on. Its label stays « careers_site », the label of the project
    package before the layers were split, so its tables and migrations keep their names."""

    name = "careers_site.core"
    label = "careers_site"
    verbose_name = "Site"

    def ready(self):
        from . import metadata, slugs
        from .content import content_models

        # Old slugs remembered when a slug changes (models with remember_old_slugs).
        slugs.connect_signals()
        # New uploaded images lose their EXIF (GPS position…) before they are stored.
        metadata.connect_signals(content_models())
