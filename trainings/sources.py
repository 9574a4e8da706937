"""The open data the trainings app publishes, for the public page « Sources des données »
(careers_site/pages): who publishes each set, under which licence, where to get it, when the
site last imported it, and the mention its licence asks for."""

from dataclasses import dataclass

from django.db.models import Max, Q

from professions import rome
from professions.models import RomeCode

from . import finess, parcoursup
from .models import Institute

LICENCE_OUVERTE = ("Licence Ouverte 2.0 (Etalab)", finess.LICENCE_URL)


@dataclass
class DataSource:
    name: str
    publisher: str
    licence: str
    licence_url: str
    url: str
    use: str
    attribution: str
    last_import: object = None  # a datetime, a date, or None
    last_import_note: str = ""


def data_sources():
    """The sources, with the dates of the last FINESS, Parcoursup and ROME imports (two
    queries)."""
    last = Institute.objects.aggregate(
        finess=Max("source_imported_at", filter=Q(source=finess.SOURCE)),
        parcoursup=Max("offers__parcoursup_figures__imported_at"),
        session=Max("offers__parcoursup_figures__session"),
    )
    last_finess = last["finess"]
    last_rome = RomeCode.objects.aggregate(last=Max("imported_at"), version=Max("version"))
    return [
        DataSource(
            name="FINESS – Fichier national des établissements sanitaires et sociaux",
            publisher=finess.PUBLISHER,
            licence=LICENCE_OUVERTE[0],
            licence_url=LICENCE_OUVERTE[1],
            url=finess.DATASET_URL,
            use="Les écoles de formation de la région : nom, adresse, téléphone, position.",
            attribution="Source : FINESS, Agence du numérique en santé, Licence Ouverte 2.0.",
            last_import=last_finess,
            last_import_note="" if last_finess else "Pas encore importé sur ce site.",
        ),
        DataSource(
            name=f"Parcoursup – {parcoursup.DATASET}",
            publisher=parcoursup.PUBLISHER,
            licence=LICENCE_OUVERTE[0],
            licence_url=LICENCE_OUVERTE[1],
            url=parcoursup.DATASET_URL,
            use="Les formations de santé et du social que Parcoursup recrute dans la région, "
            "leur établissement (code UAI, position), le lien vers leur fiche Parcoursup et "
            "leurs chiffres de chaque session : places, candidats, admis, taux d'accès, "
            "profil des admis.",
            attribution="Source : Parcoursup, ministère de l'Enseignement supérieur et de la "
            "Recherche (fr-esr-parcoursup), Licence Ouverte 2.0, en citant la session.",
            last_import=last["parcoursup"],
            last_import_note=(
                f"Dernière session importée : {last['session']}."
                if last["session"]
                else "Pas encore importé sur ce site."
            ),
        ),
        DataSource(
            name="ROME 4.0 – Répertoire opérationnel des métiers et des emplois",
            publisher=rome.PUBLISHER,
            licence=LICENCE_OUVERTE[0],
            licence_url=LICENCE_OUVERTE[1],
            url=rome.DATASET_URL,
            use="Le code ROME de chaque métier, ses appellations, ses conditions de travail et "
            "ses intérêts : sur les fiches métiers, dans la recherche et dans « Est-ce pour "
            "moi ? ».",
            attribution=f"Source : France Travail, ROME 4.0 ({last_rome['version'] or 'v…'}), "
            "Licence Ouverte.",
            last_import=last_rome["last"],
            last_import_note="" if last_rome["last"] else "Pas encore importé sur ce site.",
        ),
        DataSource(
            name="Découpage administratif (communes)",
            publisher="Etalab (DINUM)",
            licence=LICENCE_OUVERTE[0],
            licence_url=LICENCE_OUVERTE[1],
            url="https://github.com/datagouv/decoupage-administratif",
            use="Les communes de la région, leurs codes postaux et leur population, pour "
            "trouver la commune que vous tapez.",
            attribution="Source : Etalab, découpage administratif (version 6.0.0), "
            "Licence Ouverte 2.0.",
            last_import_note="Extrait une fois, version 6.0.0 du jeu de données.",
        ),
        DataSource(
            name="Annuaire de l'administration (position des mairies)",
            publisher="Direction de l'information légale et administrative (DILA)",
            licence=LICENCE_OUVERTE[0],
            licence_url=LICENCE_OUVERTE[1],
            url="https://www.data.gouv.fr/fr/datasets/"
            "service-public-fr-annuaire-de-l-administration-base-de-donnees-locales/",
            use="La position de la mairie de chaque commune, pour calculer les distances en "
            "kilomètres.",
            attribution="Source : DILA, Annuaire de l'administration (export du 31 mai 2024), "
            "Licence Ouverte 2.0.",
            last_import_note="Extrait une fois, export du 31 mai 2024.",
        ),
    ]
