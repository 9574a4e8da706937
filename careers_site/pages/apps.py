from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Site-wide pages above the apps: home, search, legal pages, site map, errors."""

    name = "careers_site.pages"
    verbose_name = "Pages du site"
