from django.apps import AppConfig


class ToolkitConfig(AppConfig):
    """The counsellors' toolkit: short links, QR codes, posters, sheets, fair kits and the
    visits they bring."""

    name = "careers_site.toolkit"
    verbose_name = "Boîte à outils"

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from campaigns.roles import create_groups_after_migrate
        from careers_site.core.models import ShortLink

        from . import admin, shortlinks, visits

        # Every profession, campaign, video, event and institute gets its short link on first
        # save.
        shortlinks.connect_signals()
        # The short links and visits on the apps' admin pages (registered before this runs:
        # django.contrib.admin comes first in INSTALLED_APPS and discovers every admin module).
        admin.attach_to_pages()
        # A dedicated link added or removed changes which sources are counted by name.
        for signal in (post_save, post_delete):
            signal.connect(
                visits.forget_known_sources, sender=ShortLink, dispatch_uid="visits-sources"
            )
        # The regional editors answer the source requests (campaigns/roles.py): their
        # permissions exist only after this app's own post_migrate, which comes after
        # campaigns'. Setting the groups again is idempotent.
        post_migrate.connect(
            create_groups_after_migrate, sender=self, dispatch_uid="toolkit-editor-groups"
        )
