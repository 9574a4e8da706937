"""manage.py restore PATH [--force]: bring a backup archive back into an empty installation."""

from django.core.management.base import BaseCommand, CommandError

from careers_site.platform.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restaure une archive écrite par « manage.py backup » : vérifie les sommes de "
        "contrôle, remet les médias puis les données, et vérifie le résultat. Refuse une "
        "installation qui a déjà des contenus, sauf avec --force (qui les remplace)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Archive .tar.gz écrite par manage.py backup.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Remplacer les contenus et les médias déjà présents.",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        try:
            manifest = restore_backup(
                options["path"], force=options["force"], using=options["database"]
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restauration terminée : {manifest['objects']} objets et "
            f"{len(manifest['media'])} fichiers médias, sommes de contrôle vérifiées "
            f"(sauvegarde du {manifest['created_at']})."
        )
