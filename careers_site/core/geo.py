"""The twelve départements of Auvergne-Rhône-Alpes (code INSEE, name)."""

from django.db import models


class Departement(models.TextChoices):
    AIN = "01", "Ain (01)"
    ALLIER = "03", "Allier (03)"
    ARDECHE = "07", "Ardèche (07)"
    CANTAL = "15", "Cantal (15)"
    DROME = "26", "Drôme (26)"
    ISERE = "38", "Isère (38)"
    LOIRE = "42", "Loire (42)"
    HAUTE_LOIRE = "43", "Haute-Loire (43)"
    PUY_DE_DOME = "63", "Puy-de-Dôme (63)"
    RHONE = "69", "Rhône (69)"
    SAVOIE = "73", "Savoie (73)"
    HAUTE_SAVOIE = "74", "Haute-Savoie (74)"
