"""manage.py backup [--output PATH]: the database content and the media in one archive."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from careers_site.platform.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Sauvegarde le contenu de la base de données et les fichiers envoyés (médias) dans "
        "une seule archive .tar.gz, avec un manifeste (nombre d'objets, sommes de contrôle)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            help="Chemin de l'archive (par défaut : careers-backup-AAAAMMJJ-HHMMSS.tar.gz).",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        output = options["output"] or (
            f"careers-backup-{datetime.datetime.now():%Y%m%d-%H%M%S}.tar.gz"
        )
        try:
            manifest = create_backup(Path(output), using=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Sauvegarde écrite : {output} ({manifest['objects']} objets, "
            f"{len(manifest['media'])} fichiers médias)."
        )
