from django.core.management.base import BaseCommand

from careers_site.toolkit import visits


class Command(BaseCommand):
    help = (
        "Ajoute à la base les visites comptées dans le cache (par jour, page et source). "
        "À lancer par cron, par exemple toutes les 10 minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=visits.FLUSH_DAYS,
            help="Nombre de jours à reprendre, aujourd'hui compris (3 par défaut).",
        )

    def handle(self, *args, **options):
        moved = visits.flush(days=max(1, options["days"]))
        self.stdout.write(f"{moved} visite(s) enregistrée(s).")
