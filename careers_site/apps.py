from django.apps import AppConfig


class CareersSiteConfig(AppConfig):
    name = "careers_site"
    verbose_name = "Site"
