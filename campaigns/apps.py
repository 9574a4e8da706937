from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = "Campagnes"

    def ready(self):
        from . import signals  # noqa: F401
