from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    """The base every app builds on. Its label stays « careers_site », the label of the project
    package before the layers were split, so its tables and migrations keep their names."""

    default = True
    name = "careers_site.core"
    label = "careers_site"
    verbose_name = "Site"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import metadata, slugs
        from .content import content_models
        from .organisations import Organisation, forget_footer_partners

        # Old slugs remembered when a slug changes (models with remember_old_slugs).
        slugs.connect_signals()
        # New uploaded images lose their EXIF (GPS position…) before they are stored.
        metadata.connect_signals(content_models())
        # The footer's partners are cached until an organisation changes.
        for signal in (post_save, post_delete):
            signal.connect(forget_footer_partners, sender=Organisation, dispatch_uid="footer")


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin, on a site that checks the rights of every list action (rights.py)."""

    default = False  # named in INSTALLED_APPS; CoreConfig stays this module's default
    default_site = "careers_site.core.rights.RightsCheckedAdminSite"
