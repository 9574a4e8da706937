from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    """Open data above the apps: the read-only API, the bulk downloads, the « Données
    ouvertes » page and the structured data (JSON-LD) of the pages."""

    name = "careers_site.opendata"
    verbose_name = "Données ouvertes"
