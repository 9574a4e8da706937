from django.core.management.base import BaseCommand

from careers_site.core.content import content_rewritten
from trainings.communes import COMMUNES_CSV, load_commune_coordinates, load_communes
from trainings.models import Commune


class Command(BaseCommand):
    help = (
        "Charge ou met à jour les communes de la région depuis "
        "fixtures/communes-auvergne-rhone-alpes.csv (Etalab, Licence Ouverte 2.0), et la "
        "position de leur mairie (DILA, Licence Ouverte 2.0)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(COMMUNES_CSV), help="Autre fichier CSV.")

    def handle(self, *args, file, **options):
        created, updated = load_communes(Commune, file)
        self.stdout.write(f"Communes : {created} ajoutées, {updated} mises à jour.")
        placed = load_commune_coordinates(Commune)
        self.stdout.write(f"Position de la mairie : {placed} communes mises à jour.")
        # Written in bulk: the search's commune names and the pages near a place start anew.
        content_rewritten.send(sender=Commune)
