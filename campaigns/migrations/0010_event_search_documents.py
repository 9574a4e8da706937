"""Events become a searchable model like the professions: their normalised title and text are
stored, filled here for the existing rows and indexed with trigrams on PostgreSQL (nothing to
do on SQLite), so that the site search matches them in the database instead of reading every
event into Python on each search."""

from django.db import migrations, models

from careers_site.core.search.engine import trigram_indexes


def fill(apps, schema_editor):
    from campaigns.models import Event as CurrentEvent

    Event = apps.get_model("campaigns", "Event")
    rows = list(Event.objects.all())
    for row in rows:
        row.search_title, row.search_text = CurrentEvent.search_documents(row)
    Event.objects.bulk_update(rows, ["search_title", "search_text"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0009_organisations_moved_to_core")]

    operations = [
        migrations.AddField(
            model_name="event",
            name="search_text",
            field=models.TextField(
                blank=True, editable=False, verbose_name="texte normalisé (recherche)"
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="search_title",
            field=models.TextField(
                blank=True, editable=False, verbose_name="noms normalisés (recherche)"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        trigram_indexes("campaigns_event", ["search_title", "search_text"]),
    ]
