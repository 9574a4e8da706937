from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demonstration content (load_demo) and the large generated data set of the benchmarks."""

    name = "careers_site.demo"
    verbose_name = "Démonstration"
