"""Seed the Parcoursup filière → diploma table with the labels of the diplomas the site
presents, so that a fresh database imports a real session file with no manual step.

The labels are those of the « Filière de formation détaillée bis » column of the open data
(« fr-esr-parcoursup »), as published: the four of the social and nursing rows are read in
the session-2025 extract kept in fixtures/ (see fixtures/README.md), the others in public
copies of the file's list of « D.E secteur sanitaire » filières. A label the file spells
otherwise is not guessed: the import reports it as unknown for staff to map."""

from django.db import migrations

FILIERES = {
    "D.E Infirmier": "de-infirmier",
    "D.E manipulateur/trice en électroradiologie médicale": (
        "de-manipulateur-electroradiologie-medicale"
    ),
    "DTS Imagerie médicale et radiologie thérapeutique": (
        "dts-imagerie-medicale-radiologie-therapeutique"
    ),
    "D.E Technicien de Laboratoire Médical": "de-technicien-laboratoire-medical",
    "D.E Ergothérapeute": "de-ergotherapeute",
    "D.E Psychomotricien": "de-psychomotricien",
    "Certificat de capacité d'Orthophoniste": "certificat-capacite-orthophoniste",
    "Certificat de capacité d'Orthoptiste": "certificat-capacite-orthoptiste",
    "D.E Audioprothésiste": "de-audioprothesiste",
    "D.E Educateur Spécialisé": "de-educateur-specialise",
    "D.E Educateur de Jeunes Enfants": "de-educateur-jeunes-enfants",
    "D.E Assistant de Service Social": "de-assistant-service-social",
}


def seed(apps, schema_editor):
    Filiere = apps.get_model("trainings", "ParcoursupFiliere")
    for label, slug in FILIERES.items():
        Filiere.objects.get_or_create(label=label, defaults={"diploma_id": slug})


def unseed(apps, schema_editor):
    Filiere = apps.get_model("trainings", "ParcoursupFiliere")
    Filiere.objects.filter(label__in=FILIERES).delete()


class Migration(migrations.Migration):
    dependencies = [("trainings", "0014_parcoursup_offers_figures_and_uai")]

    operations = [migrations.RunPython(seed, unseed)]
