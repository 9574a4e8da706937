from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = "Campagnes"

    def ready(self):
        from careers_site.core.models.organisations import register_public_page
        from careers_site.platform.security import register_frame_origins

        from . import signals  # noqa: F401
        from .embeds import EMBED_FRAME_ORIGINS
        from .roles import create_groups_after_migrate
        from .search import register_searchables

        # The click-to-load video players: the only frames a page may hold (CSP frame-src).
        register_frame_origins(EMBED_FRAME_ORIGINS)
        # The organisations' public pages are campaigns' partner pages.
        register_public_page("campaigns:partner_detail")
        # Events and partners in the site search (careers_site/core/search/service.py).
        register_searchables()
        # The editors' groups, after the permissions of the apps below exist; a site feature
        # that grants its own (roles.grant), later in INSTALLED_APPS, sets them again after
        # its own.
        post_migrate.connect(
            create_groups_after_migrate, sender=self, dispatch_uid="campaigns-editor-groups"
        )
