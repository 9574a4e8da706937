"""manage.py import_finess PATH: the region's training schools from the FINESS « structures »
file (trainings/finess.py does the work; the admin's import uses the same functions)."""

from trainings.finess import (
    LICENCE,
    PUBLISHER,
    TRAINING_CATEGORIES,
    FinessError,
    apply_import,
    build_plan,
    describe,
)
from trainings.importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Importe les écoles de formation de la région depuis le fichier JSON « structures » "
        f"de FINESS (schéma v1, {PUBLISHER}, {LICENCE}) : crée ou met à jour les "
        "établissements par numéro FINESS, dépublie ceux qui ont fermé."
    )

    error = FinessError
    read_words = "structures lues"
    warnings_note = "sans coordonnées, doublons"
    written_words = "établissements écrits"

    def add_arguments(self, parser):
        parser.add_argument("path", help="Fichier JSON des structures FINESS.")
        super().add_arguments(parser)
        parser.add_argument(
            "--categorie",
            action="append",
            dest="categories",
            metavar="CODE",
            help="Catégorie d'établissement FINESS à importer (répétable). Par défaut : "
            + ", ".join(TRAINING_CATEGORIES)
            + ".",
        )

    def build_plan(self, stream, progress, categories=None, **options):
        return build_plan(stream, categories=categories or TRAINING_CATEGORIES, progress=progress)

    describe = staticmethod(describe)
    apply_import = staticmethod(apply_import)
