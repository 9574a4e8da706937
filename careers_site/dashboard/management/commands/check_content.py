"""`python manage.py check_content`: the defects of the published facts (careers_site/dashboard/
truth.py), one per line, grouped by kind. Exits with status 1 when it finds any, so that cron
or CI can act on it; 0 and one line when everything holds."""

from django.core.management.base import BaseCommand

from careers_site.dashboard.truth import KINDS, find_defects


class Command(BaseCommand):
    help = (
        "Vérifie les faits publiés : sources et dates, relectures, phrases datées, valeurs "
        "par défaut, contenu de démonstration. Code de sortie 1 s'il trouve un défaut."
    )

    def handle(self, *args, **options):
        defects = find_defects()
        if not defects:
            self.stdout.write(self.style.SUCCESS("Contenu vérifié : aucun défaut trouvé."))
            return
        for kind, title in KINDS.items():
            found = [defect for defect in defects if defect.kind == kind]
            if not found:
                continue
            self.stdout.write(self.style.WARNING(f"{title} ({len(found)})"))
            for defect in found:
                kind_name = defect.obj._meta.verbose_name
                self.stdout.write(f"  - {kind_name} « {defect.label} » : {defect.detail}")
        self.stderr.write(f"{len(defects)} défaut(s) à corriger.")
        raise SystemExit(1)
