from django.core.management.base import BaseCommand

from careers_site.toolkit.shortlinks import humanise


class Command(BaseCommand):
    help = (
        "Donne aux liens courts principaux faits par l'ancienne règle un code sans ambiguïté "
        "(« /c/region » devient « /c/region-manipulateur »). L'ancien code mène toujours à la "
        "page ; un code choisi par l'équipe n'est pas touché."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Affiche les changements sans les faire."
        )

    def handle(self, *args, **options):
        changed = humanise(dry_run=options["dry_run"])
        for before, after in changed:
            self.stdout.write(f"{before} → {after}")
        self.stdout.write(
            f"{len(changed)} lien(s) court(s) {'à changer' if options['dry_run'] else 'changé(s)'}."
        )
