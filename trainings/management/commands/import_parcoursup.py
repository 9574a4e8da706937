"""manage.py import_parcoursup PATH: the region's Parcoursup trainings in health and social
care, with each session's figures, from the ministry's open-data file (trainings/parcoursup.py
does the work; the admin's import uses the same functions)."""

from trainings.importing import ImportCommand
from trainings.parcoursup import (
    DATASET_ID,
    LICENCE,
    PUBLISHER,
    ParcoursupError,
    apply_import,
    build_plan,
    describe,
)


class Command(ImportCommand):
    help = (
        "Importe les formations Parcoursup de santé et du social de la région depuis le "
        f"fichier d'une session ({DATASET_ID}, {PUBLISHER}, {LICENCE}) : crée ou met à jour "
        "les offres par code de formation (cod_aff_form), garde les chiffres de chaque "
        "session et dépublie les formations absentes d'une session plus récente."
    )

    error = ParcoursupError
    read_words = "formations lues"
    warnings_note = "coordonnées, liens"
    written_words = "offres écrites"

    def add_arguments(self, parser):
        parser.add_argument("path", help="Fichier CSV Parcoursup (« ; », UTF-8).")
        super().add_arguments(parser)

    def build_plan(self, stream, progress, **options):
        return build_plan(stream, progress=progress)

    describe = staticmethod(describe)
    apply_import = staticmethod(apply_import)
