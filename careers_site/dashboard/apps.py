from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The editors' dashboard on the admin home: what needs attention across every app."""

    name = "careers_site.dashboard"
    verbose_name = "Tableau de bord"
