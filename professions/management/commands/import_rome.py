"""manage.py import_rome DIR_OR_ZIP: France Travail's ROME 4.0 « RefRomeCsv » files
(professions/rome.py does the work)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from professions.rome import LICENCE, PUBLISHER, RomeError, apply_import, read_rome


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"« {value} » n'est pas une date AAAA-MM-JJ.") from None


class Command(BaseCommand):
    help = (
        f"Importe le ROME 4.0 ({PUBLISHER}, {LICENCE}) depuis le zip « RefRomeCsv » ou le "
        "dossier de ses fichiers CSV : codes, intitulés, appellations, intérêts RIASEC, "
        "centres d'intérêt et contextes de travail. Relancer l'import ne change rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Le zip RefRomeCsv de France Travail, ou son dossier.")
        parser.add_argument(
            "--date",
            type=_date,
            help="Date de publication de la version (AAAA-MM-JJ), affichée avec la source. "
            "Par défaut : la date des fichiers dans le zip ; aucune pour un dossier.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Lit et vérifie les fichiers sans rien écrire."
        )

    def handle(self, *args, path, date, dry_run, verbosity, **options):
        try:
            rome = read_rome(path, version_date=date)
        except RomeError as error:
            raise CommandError(f"Import refusé, rien n'a été modifié. {error}") from None
        for line in rome.summary():
            self.stdout.write(line)
        for warning in rome.warnings:
            self.stdout.write(f"  attention : {warning}")
        if dry_run:
            self.stdout.write("Essai à blanc : rien n'a été écrit.")
            return
        outcome = apply_import(rome)
        if verbosity >= 1:
            for line in outcome.lines():
                self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Import du ROME {rome.version} terminé."))
