from django.apps import AppConfig


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = "Formations"

    def ready(self):
        from .copies import keep_copies_true
        from .search import register_searchables

        # Diplomas, institutes, aids, entry routes and communes in the site search.
        register_searchables()
        # The offers' copies of their institute's place and their diploma's order.
        keep_copies_true()
