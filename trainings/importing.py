"""What the official-data importers share (trainings/finess.py, trainings/parcoursup.py):
the rule by which hand edits win, the kind of a school guessed from its published name, and
the run of their commands (`ImportCommand`)."""

import sys

from django.core.management.base import BaseCommand, CommandError

from .models import InstituteKind


def compare_imported(current, new, last):
    """Split an import's new values into the fields to write and the conflicts to report.

    `current` holds the record's values now, `new` what the source says, `last` what the
    previous import wrote (all as text). A field untouched since the last import takes the
    new value; a field never imported takes it while empty; a field an editor changed keeps
    its value, and is reported as a conflict when the source changed it too.
    Returns ({name: (current, new)} to write, {name: (kept, imported)} in conflict)."""
    fields, conflicts = {}, {}
    for name, value in new.items():
        now = current[name]
        if now == value:
            continue
        untouched = name in last and now == last[name]
        first_fill = name not in last and now == ""
        if untouched or first_fill:
            fields[name] = (now, value)
        elif name not in last or value != last[name]:
            conflicts[name] = (now, value)
    return fields, conflicts


def institute_kind(name):
    """The kind of a school from its published name; « autre » when the name does not say."""
    upper = name.upper()
    if "IFSI" in upper and "IFAS" in upper:
        return InstituteKind.IFSI_IFAS
    if upper.startswith("IFAS") or "AIDES-SOIGNANTS" in upper or "AIDES SOIGNANTS" in upper:
        return InstituteKind.IFAS
    if "MANIPULATEUR" in upper or upper.startswith("IFMEM"):
        return InstituteKind.IFMEM
    return InstituteKind.OTHER


class ImportCommand(BaseCommand):
    """What `import_finess` and `import_parcoursup` do alike: read the file with a progress
    line on a terminal, refuse a bad file in French with nothing changed, say the plan, then
    write it unless `--dry-run`. A command gives its reader (`build_plan(stream, progress,
    **options)`), `describe`, `apply_import`, `error` (the reader's refusal) and its words."""

    error = ValueError
    read_words = "lignes lues"  # « 1200 structures lues… »
    warnings_note = ""  # what the warnings are about, for the count shown without -v 2
    written_words = "enregistrements écrits"  # « 786 offres écrites »

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Affiche ce qui serait créé, mis à jour et retiré, sans rien écrire.",
        )

    def build_plan(self, stream, progress, **options):
        raise NotImplementedError

    def handle(self, *args, path, dry_run, verbosity, **options):
        show_progress = verbosity >= 1 and sys.stderr.isatty()

        def progress(count):
            if show_progress:
                sys.stderr.write(f"\r{count} {self.read_words}…")
                sys.stderr.flush()

        try:
            with open(path, "rb") as stream:
                plan = self.build_plan(stream, progress, **options)
        except FileNotFoundError:
            raise CommandError(f"Fichier introuvable : {path}") from None
        except IsADirectoryError:
            raise CommandError(f"C'est un dossier, pas un fichier : {path}") from None
        except self.error as error:
            raise CommandError(f"Import refusé, rien n'a été modifié. {error}") from None
        if show_progress:
            sys.stderr.write("\n")

        for line in [*plan.summary(), *self.describe(plan)]:
            self.stdout.write(line)
        if verbosity >= 2:
            for warning in plan.reading.warnings:
                self.stdout.write(f"  attention : {warning}")
        elif plan.reading.warnings:
            self.stdout.write(
                f"{len(plan.reading.warnings)} avertissements ({self.warnings_note}) : "
                "relancez avec -v 2 pour les lire."
            )
        if dry_run:
            self.stdout.write("Essai à blanc : rien n'a été écrit.")
            return
        written = self.apply_import(plan)
        self.stdout.write(self.style.SUCCESS(f"Import terminé : {written} {self.written_words}."))
