"""manage.py export_open_data --output DIR [--base-url URL]: every dataset as CSV and JSON,
the data dictionary and the catalogue, written to a folder (for a cron job that mirrors them
to a data portal or a static server). The site serves the same files itself under
/open-data/, built when asked and kept by the page cache."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from careers_site.core.models import SiteSettings
from careers_site.opendata import datasets
from careers_site.opendata.catalogue import data_catalogue


class Command(BaseCommand):
    help = (
        "Écrit chaque jeu de données ouvertes en CSV et en JSON, le dictionnaire des données "
        "et le catalogue dans un dossier (fichiers remplacés de façon atomique)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", required=True, help="Dossier de destination.")
        parser.add_argument(
            "--base-url",
            default=settings.SITE_URL,
            help="Adresse du site, pour les liens des enregistrements (par défaut : SITE_URL).",
        )

    def handle(self, *args, **options):
        base_url = (options["base_url"] or "").rstrip("/")
        if not base_url.startswith(("http://", "https://")):
            raise CommandError(
                "Indiquez l'adresse du site (--base-url https://… ou la variable SITE_URL) : "
                "chaque enregistrement porte le lien de sa page publique."
            )
        folder = Path(options["output"])
        folder.mkdir(parents=True, exist_ok=True)
        summaries = {}
        for dataset in datasets.DATASETS:
            summary = summaries[dataset.key] = dataset.summary()
            write(folder / f"{dataset.key}.csv", datasets.as_csv(dataset, base_url))
            write(folder / f"{dataset.key}.json", datasets.as_json(dataset, base_url, summary))
            self.stdout.write(f"{dataset.key} : {summary['count']} enregistrements")
        write(folder / "dictionnaire.csv", datasets.dictionary_csv())
        catalogue = data_catalogue(base_url, SiteSettings.load(), summaries)
        write(folder / "catalogue.jsonld", json.dumps(catalogue, ensure_ascii=False).encode())
        self.stdout.write(f"Données ouvertes écrites dans {folder}.")


def write(path, content):
    """Write beside, then rename: a reader never sees half a file."""
    partial = path.with_name(path.name + ".partiel")
    partial.write_bytes(content)
    partial.replace(path)
