from django.apps import AppConfig


class ToolkitConfig(AppConfig):
    """The counsellors' toolkit: short links, QR codes, posters, sheets, fair kits and the
    visits they bring."""

    name = "careers_site.toolkit"
    verbose_name = "Boîte à outils"

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from campaigns import roles
        from trainings.merging import institutes_merged

        from . import admin, shortlinks, visits
        from .models import ShortLink

        # Every profession, campaign, video, event and institute gets its short link on first
        # save.
        shortlinks.connect_signals()
        # An institute merged into another hands its short links over.
        institutes_merged.connect(shortlinks.hand_over_links, dispatch_uid="shortlinks-merged")
        # The short links and visits on the apps' admin pages (registered before this runs:
        # django.contrib.admin comes first in INSTALLED_APPS and discovers every admin module).
        admin.attach_to_pages()
        # A dedicated link added or removed changes which sources are counted by name.
        for signal in (post_save, post_delete):
            signal.connect(
                visits.forget_known_sources, sender=ShortLink, dispatch_uid="visits-sources"
            )
        # Both editors' groups read the visit counts: which fair or poster brought visitors
        # (anonymous counts; an organisation's editor sees its own events and campaigns in the
        # report). Their events' short links come with the event's own rights. The regional
        # editors answer the counsellors' source requests (approve or refuse: admin.py).
        roles.grant(roles.ORGANISATION_EDITORS, {"toolkit.visitcount": roles.VIEW})
        roles.grant(
            roles.REGIONAL_EDITORS,
            {
                "toolkit.visitcount": roles.VIEW,
                "toolkit.sourcerequest": ("view", "change", "delete"),
            },
        )
        # Those permissions exist only after this app's own post_migrate, which comes after
        # campaigns'. Setting the groups again is idempotent.
        post_migrate.connect(
            roles.create_groups_after_migrate, sender=self, dispatch_uid="toolkit-editor-groups"
        )
