from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = "Campagnes"

    def ready(self):
        from . import signals  # noqa: F401
        from .roles import create_groups_after_migrate

        # The editors' groups, after the permissions of every app exist (campaigns is the
        # last app in INSTALLED_APPS, so its post_migrate comes after theirs).
        post_migrate.connect(
            create_groups_after_migrate, sender=self, dispatch_uid="campaigns-editor-groups"
        )
