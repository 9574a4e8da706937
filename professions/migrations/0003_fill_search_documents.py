"""Fill the search documents of the existing professions, and on PostgreSQL index them with
trigrams (nothing to do on SQLite)."""

from django.db import migrations

from careers_site.core.search.engine import trigram_indexes


def fill(apps, schema_editor):
    from professions.models import search_documents

    Profession = apps.get_model("professions", "Profession")
    rows = list(Profession.objects.all())
    for row in rows:
        row.search_title, row.search_text = search_documents(row)
    Profession.objects.bulk_update(rows, ["search_title", "search_text"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("professions", "0002_profession_search_text_profession_search_title")]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
        trigram_indexes("professions_profession", ["search_title", "search_text"]),
    ]
