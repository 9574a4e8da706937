"""Fill the search documents of the existing diplomas and institutes, index them with
trigrams on PostgreSQL (nothing to do on SQLite), and load the region's communes from
fixtures/communes-auvergne-rhone-alpes.csv (Etalab, Licence Ouverte 2.0)."""

from django.db import migrations

from careers_site.core.search.engine import trigram_indexes


def fill(apps, schema_editor):
    from trainings.models import Diploma as CurrentDiploma
    from trainings.models import Institute as CurrentInstitute

    for name, documents in (
        ("Diploma", CurrentDiploma.search_documents),
        ("Institute", CurrentInstitute.search_documents),
    ):
        model = apps.get_model("trainings", name)
        rows = list(model.objects.all())
        for row in rows:
            row.search_title, row.search_text = documents(row)
        model.objects.bulk_update(rows, ["search_title", "search_text"], batch_size=1000)


def load(apps, schema_editor):
    from trainings.communes import load_communes

    load_communes(apps.get_model("trainings", "Commune"))


def unload(apps, schema_editor):
    apps.get_model("trainings", "Commune").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("trainings", "0002_search_documents_and_communes")]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
        trigram_indexes("trainings_diploma", ["search_title", "search_text"]),
        trigram_indexes("trainings_institute", ["search_title", "search_text"]),
        migrations.RunPython(load, unload),
    ]
