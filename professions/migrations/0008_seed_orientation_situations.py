"""The twelve situations of « Est-ce pour moi ? », so that the tool works on a fresh site
(the list lives in professions/situations.py, shared with the demo loader)."""

from django.db import migrations

from professions.situations import ensure_situations


def seed(apps, schema_editor):
    ensure_situations(apps.get_model("professions", "Situation"))


class Migration(migrations.Migration):
    dependencies = [("professions", "0007_orientation_situations")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
