from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    """Open data above the apps: the read-only API, the bulk downloads, the « Données
    ouvertes » page and the structured data (JSON-LD) of the pages."""

    name = "careers_site.opendata"
    verbose_name = "Données ouvertes"

    def ready(self):
        from careers_site.platform.page_head import register_head_block

        from .templatetags.structured_data import page_structured_data

        # The schema.org block of each page, in the <head> of base.html.
        register_head_block("structured_data", page_structured_data)
