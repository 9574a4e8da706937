from django.apps import AppConfig


class ProfessionsConfig(AppConfig):
    name = "professions"
    verbose_name = "Métiers"

    def ready(self):
        from .search import register_searchables

        # The professions are the search's main group (careers_site/core/search/service.py).
        register_searchables()
