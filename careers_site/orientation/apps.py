from django.apps import AppConfig


class OrientationConfig(AppConfig):
    """« Est-ce pour moi ? »: questions about real situations of the work, answered in the
    URL, and the professions ranked with their reasons and the next steps. Above the apps: it
    reads professions, diplomas, aids and videos; it keeps no model of its own (the questions
    and each job's answers live with the professions, where staff edit them)."""

    name = "careers_site.orientation"
    verbose_name = "Est-ce pour moi ?"
