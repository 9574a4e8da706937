"""manage.py import_parcoursup PATH: the region's Parcoursup trainings in health and social
care, with each session's figures, from the ministry's open-data file (trainings/parcoursup.py
does the work; the admin's import uses the same functions)."""

import sys

from django.core.management.base import BaseCommand, CommandError

from trainings.parcoursup import (
    DATASET_ID,
    LICENCE,
    PUBLISHER,
    ParcoursupError,
    apply_import,
    build_plan,
    describe,
)


class Command(BaseCommand):
    help = (
        "Importe les formations Parcoursup de santé et du social de la région depuis le "
        f"fichier d'une session ({DATASET_ID}, {PUBLISHER}, {LICENCE}) : crée ou met à jour "
        "les offres par code de formation (cod_aff_form), garde les chiffres de chaque "
        "session et dépublie les formations absentes d'une session plus récente."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Fichier CSV Parcoursup (« ; », UTF-8).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Affiche ce qui serait créé, mis à jour et dépublié, sans rien écrire.",
        )

    def handle(self, *args, path, dry_run, verbosity, **options):
        show_progress = verbosity >= 1 and sys.stderr.isatty()

        def progress(count):
            if show_progress:
                sys.stderr.write(f"\r{count} formations lues…")
                sys.stderr.flush()

        try:
            with open(path, "rb") as stream:
                plan = build_plan(stream, progress=progress)
        except FileNotFoundError:
            raise CommandError(f"Fichier introuvable : {path}") from None
        except IsADirectoryError:
            raise CommandError(f"C'est un dossier, pas un fichier : {path}") from None
        except ParcoursupError as error:
            raise CommandError(f"Import refusé, rien n'a été modifié. {error}") from None
        if show_progress:
            sys.stderr.write("\n")

        for line in plan.summary():
            self.stdout.write(line)
        for line in describe(plan):
            self.stdout.write(line)
        if verbosity >= 2:
            for warning in plan.reading.warnings:
                self.stdout.write(f"  attention : {warning}")
        elif plan.reading.warnings:
            self.stdout.write(
                f"{len(plan.reading.warnings)} avertissements (coordonnées, liens) : relancez "
                "avec -v 2 pour les lire."
            )
        if dry_run:
            self.stdout.write("Essai à blanc : rien n'a été écrit.")
            return
        written = apply_import(plan)
        self.stdout.write(self.style.SUCCESS(f"Import terminé : {written} offres écrites."))
