"""`python manage.py setup_roles`: the editors' groups and their permissions (also run after
every migrate). Idempotent."""

from django.core.management.base import BaseCommand

from campaigns.roles import ensure_groups


class Command(BaseCommand):
    help = "Crée ou met à jour les groupes « Éditeurs d'organisme » et « Éditeurs régionaux »."

    def handle(self, *args, **options):
        for name, count in ensure_groups().items():
            self.stdout.write(f"Groupe « {name} » : {count} permissions.")
