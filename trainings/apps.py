from django.apps import AppConfig


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = "Formations"

    def ready(self):
        from .search import register_searchables

        # Diplomas, institutes, aids, entry routes and communes in the site search.
        register_searchables()
