"""Seed the Parcoursup filière → diploma table with the labels of the diplomas the site
presents (trainings/parcoursup_filieres.py), so that a fresh database imports a real session
file with no manual step."""

from django.db import migrations

from trainings.parcoursup_filieres import FILIERES, ensure_filieres


def seed(apps, schema_editor):
    ensure_filieres(apps.get_model("trainings", "ParcoursupFiliere"))


def unseed(apps, schema_editor):
    Filiere = apps.get_model("trainings", "ParcoursupFiliere")
    Filiere.objects.filter(label__in=FILIERES).delete()


class Migration(migrations.Migration):
    dependencies = [("trainings", "0018_parcoursup_offers_figures_and_uai")]

    operations = [migrations.RunPython(seed, unseed)]
