from django.apps import AppConfig


class ToolkitConfig(AppConfig):
    """The counsellors' toolkit: short links, QR codes, posters, sheets, fair kits and the
    visits they bring."""

    name = "careers_site.toolkit"
    verbose_name = "Boîte à outils"

    def ready(self):
        from . import shortlinks

        # Every profession, campaign, video, event and institute gets its short link on first
        # save.
        shortlinks.connect_signals()
