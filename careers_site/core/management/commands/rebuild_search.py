from django.core.management.base import BaseCommand

from careers_site.core.content import content_rewritten
from careers_site.core.search.documents import searchable_models
from careers_site.core.search.service import invalidate


class Command(BaseCommand):
    help = (
        "Recalcule le texte de recherche des métiers, diplômes et établissements (à lancer "
        "après un import en masse, par exemple avec bulk_create, qui ne passe pas par save())."
    )

    def handle(self, *args, **options):
        for model in searchable_models():
            rows = list(model.objects.all())
            for row in rows:
                row.search_title, row.search_text = model.search_documents(row)
            model.objects.bulk_update(rows, ["search_title", "search_text"], batch_size=1000)
            self.stdout.write(f"{model._meta.verbose_name_plural} : {len(rows)}")
        invalidate()
        content_rewritten.send(sender=type(self))
