from django.core.management.base import BaseCommand

from careers_site.toolkit.models import RETENTION_DAYS, SourceRequest


class Command(BaseCommand):
    help = (
        f"Efface les demandes de source reçues il y a plus de {RETENTION_DAYS} jours et restées "
        "sans réponse (avec leur adresse électronique). À lancer par cron, une fois par jour."
    )

    def handle(self, *args, **options):
        deleted = SourceRequest.objects.purge_expired()
        self.stdout.write(f"{deleted} demande(s) de source effacée(s).")
