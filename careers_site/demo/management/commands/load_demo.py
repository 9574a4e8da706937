"""`python manage.py load_demo`: the demonstration content, from `fixtures/`, in one command.

Idempotent (run on every `make run`), quick, and refused outside DEBUG unless --force:
production must never get the demo account."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from campaigns.models import Event, Video
from campaigns.roles import ORGANISATION_EDITORS, REGIONAL_EDITORS, ensure_groups
from careers_site.core.models import Organisation, SiteSettings, StaffMembership
from careers_site.demo.content import FIXTURES_DIR, DemoDataError, DemoLoader, read_fixtures

ADMIN_USERNAME = "admin"
# The two demo editors: (user name, organisation slug, groups). Created only with DEBUG on.
DEMO_EDITORS = (
    ("editeur-ars", "ars-auvergne-rhone-alpes", (ORGANISATION_EDITORS,)),
    ("editeur-region", "region-auvergne-rhone-alpes", (ORGANISATION_EDITORS, REGIONAL_EDITORS)),
)
# Where `make run` serves the site (its RUNSERVER_ADDR), printed with the admin's address.
DEFAULT_ADDRESS = "127.0.0.1:8000"


def local_url(address):
    """runserver's address as a browser reaches it: « 8001 » or « 0.0.0.0:8001 » is
    http://127.0.0.1:8001/."""
    host, _, port = address.rpartition(":")
    if host in {"", "0.0.0.0", "0", "[::]"}:
        host = "127.0.0.1"
    return f"http://{host}:{port}/"


class Command(BaseCommand):
    help = (
        "Charge le contenu de démonstration (métiers, diplômes, établissements, aides, "
        "campagnes) depuis fixtures/, et crée un compte « admin » au mot de passe neuf."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Charger même si DEBUG est désactivé (jamais en production).",
        )
        parser.add_argument(
            "--no-admin",
            action="store_true",
            help="Ne pas créer ni modifier le compte d'administration « admin ».",
        )
        parser.add_argument(
            "--address",
            default=DEFAULT_ADDRESS,
            help="L'adresse où le site sera servi (hôte:port), pour afficher celle de "
            f"l'administration (par défaut : {DEFAULT_ADDRESS}).",
        )
        parser.add_argument(
            "--fixtures-dir",
            default=str(FIXTURES_DIR),
            help="Dossier des fichiers de données (par défaut : fixtures/).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Refusé : DEBUG est désactivé, ce qui ressemble à une production. Le contenu "
                "de démonstration et son compte « admin » n'y ont pas leur place. "
                "Ajoutez --force si vous savez ce que vous faites."
            )
        try:
            fixtures_dir = Path(options["fixtures_dir"])
            outcome = DemoLoader(read_fixtures(fixtures_dir), rome_dir=fixtures_dir / "rome").load()
        except (DemoDataError, OSError, ValueError) as error:
            raise CommandError(f"Contenu de démonstration non chargé : {error}") from error

        self.stdout.write(self.style.SUCCESS("Contenu de démonstration chargé :"))
        for model, counts in outcome.counts.items():
            if model is SiteSettings:
                continue
            total = sum(counts.values())
            detail = ", ".join(
                f"{counts[state]} {label}"
                for state, label in (
                    ("created", "créé(s)"),
                    ("updated", "mis à jour"),
                    ("unchanged", "inchangé(s)"),
                )
                if counts[state]
            )
            self.stdout.write(f"  - {model._meta.verbose_name_plural} : {total} ({detail})")
        if outcome.parcoursup:
            plan = outcome.parcoursup
            self.stdout.write(
                f"  - Parcoursup, session {plan.session} (extrait) : {len(plan.trainings)} "
                f"formation(s) de la région, {len(plan.created)} offre(s) créée(s)"
            )
        announced = Video.objects.drafts().exclude(announced_for="").count()
        if announced:
            self.stdout.write(f"  - dont {announced} vidéo(s) annoncée(s), en brouillon")
        if not Event.objects.exists():
            self.stdout.write(
                "  - agenda : aucun événement connu, la page affiche son message d'attente"
            )
        if not outcome.changed():
            self.stdout.write("  Rien n'a changé depuis le dernier chargement.")

        if not options["no_admin"]:
            password = self.reset_admin()
            admin_url = local_url(options["address"]) + settings.ADMIN_URL
            self.stdout.write(
                self.style.SUCCESS(
                    f"Administration : {admin_url} — identifiant "
                    f"{ADMIN_USERNAME}, mot de passe {password}"
                )
            )
            # Editors' accounts only on a developer's machine: never with DEBUG off, even
            # with --force.
            if settings.DEBUG:
                for username, organisation, password in self.reset_editors():
                    self.stdout.write(
                        self.style.SUCCESS(
                            f"Éditeur de démonstration ({organisation}) : identifiant "
                            f"{username}, mot de passe {password}"
                        )
                    )

    def reset_admin(self):
        """The demo superuser, with a fresh password at every run (never a known one)."""
        user, _ = get_user_model().objects.get_or_create(username=ADMIN_USERNAME)
        user.is_active = user.is_staff = user.is_superuser = True
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save()
        return password

    def reset_editors(self):
        """One editor per organisation, in its groups, with a fresh password at every run."""
        ensure_groups()
        accounts = []
        for username, slug, group_names in DEMO_EDITORS:
            organisation = Organisation.objects.filter(slug=slug).first()
            if organisation is None:
                continue
            user, _ = get_user_model().objects.get_or_create(username=username)
            user.is_active = user.is_staff = True
            user.is_superuser = False
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save()
            user.groups.set(Group.objects.filter(name__in=group_names))
            StaffMembership.objects.get_or_create(user=user, organisation=organisation)
            accounts.append((username, str(organisation), password))
        return accounts
