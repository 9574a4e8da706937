"""manage.py import_finess PATH: the region's training schools from the FINESS « structures »
file (trainings/finess.py does the work; the admin's import uses the same functions)."""

import sys

from django.core.management.base import BaseCommand, CommandError

from trainings.finess import (
    LICENCE,
    PUBLISHER,
    TRAINING_CATEGORIES,
    FinessError,
    apply_import,
    build_plan,
    describe,
)


class Command(BaseCommand):
    help = (
        "Importe les écoles de formation de la région depuis le fichier JSON « structures » "
        f"de FINESS (schéma v1, {PUBLISHER}, {LICENCE}) : crée ou met à jour les "
        "établissements par numéro FINESS, dépublie ceux qui ont fermé."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Fichier JSON des structures FINESS.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Affiche ce qui serait créé, mis à jour et fermé, sans rien écrire.",
        )
        parser.add_argument(
            "--categorie",
            action="append",
            dest="categories",
            metavar="CODE",
            help="Catégorie d'établissement FINESS à importer (répétable). Par défaut : "
            + ", ".join(TRAINING_CATEGORIES)
            + ".",
        )

    def handle(self, *args, path, dry_run, categories, verbosity, **options):
        show_progress = verbosity >= 1 and sys.stderr.isatty()

        def progress(count):
            if show_progress:
                sys.stderr.write(f"\r{count} structures lues…")
                sys.stderr.flush()

        try:
            with open(path, "rb") as stream:
                plan = build_plan(
                    stream, categories=categories or TRAINING_CATEGORIES, progress=progress
                )
        except FileNotFoundError:
            raise CommandError(f"Fichier introuvable : {path}") from None
        except IsADirectoryError:
            raise CommandError(f"C'est un dossier, pas un fichier : {path}") from None
        except FinessError as error:
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
                f"{len(plan.reading.warnings)} avertissements (sans coordonnées, doublons) : "
                "relancez avec -v 2 pour les lire."
            )
        if dry_run:
            self.stdout.write("Essai à blanc : rien n'a été écrit.")
            return
        written = apply_import(plan)
        self.stdout.write(self.style.SUCCESS(f"Import terminé : {written} établissements écrits."))
