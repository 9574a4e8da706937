from django.db import migrations


def load(apps, schema_editor):
    from trainings.communes import load_commune_coordinates

    load_commune_coordinates(apps.get_model("trainings", "Commune"))


def unload(apps, schema_editor):
    apps.get_model("trainings", "Commune").objects.update(latitude=None, longitude=None)


class Migration(migrations.Migration):
    dependencies = [("trainings", "0007_institute_provenance_and_commune_coordinates")]

    operations = [migrations.RunPython(load, unload)]
