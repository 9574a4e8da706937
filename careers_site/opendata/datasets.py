"""The site's datasets: what each holds, under which licence, and the public queryset it
is read from. The API, the bulk downloads, the data dictionary and the « Données ouvertes »
page all read this list.

Each queryset starts from the models' own visibility rules (`.published()`,
`TrainingOffer.objects.public()`, `published_professions()`, the rights of videos in
`Video.objects.published()`, and `.real()`, which leaves the demonstration content out):
nothing here says again what the public may see."""

import csv
import io
import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Max, Prefetch
from django.utils import timezone
from rest_framework import serializers as drf

from campaigns.models import Campaign, Event, Video
from careers_site.core.sanitize import neutralise_formula
from professions import related
from professions.models import Profession, published_professions
from trainings.filters import OFFERS_BY_DIPLOMA
from trainings.models import Diploma, FinancialAid, Institute, TrainingOffer

from . import serializers


@dataclass(frozen=True)
class Licence:
    spdx: str
    name: str
    url: str


LICENCE_OUVERTE = Licence(
    "etalab-2.0",
    "Licence Ouverte 2.0 (Etalab)",
    "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
)
ODBL = Licence(
    "ODbL-1.0",
    "Open Database License (ODbL) 1.0",
    "https://opendatacommons.org/licenses/odbl/1-0/",
)

ONISEP_ATTRIBUTION = (
    "Contient des informations issues des données ouvertes de l'ONISEP (intitulés, niveaux, "
    "durées, salaires de début), réutilisées sous licence ODbL : toute base de données qui en "
    "est tirée se partage sous la même licence, en citant « ONISEP »."
)
FINESS_ATTRIBUTION = (
    "Les établissements de formation sont aussi répertoriés dans FINESS, le fichier national "
    "des établissements sanitaires et sociaux (Agence du numérique en santé, Licence Ouverte "
    "2.0) : toute information qui en est reprise cite « FINESS, Agence du numérique en santé »."
)
PARCOURSUP_ATTRIBUTION = (
    "Les codes Parcoursup, les codes UAI et les chiffres des offres (places, candidats, admis, "
    "taux d'accès, profil des admis, par session) viennent du jeu « Parcoursup : vœux de "
    "poursuite d'études et de réorientation dans l'enseignement supérieur et réponses des "
    "établissements » (fr-esr-parcoursup, ministère de l'Enseignement supérieur et de la "
    "Recherche, Licence Ouverte 2.0) : toute information qui en est reprise cite « Parcoursup, "
    "ministère de l'Enseignement supérieur et de la Recherche » et la session."
)
SITE_ATTRIBUTION = "Source : le site, en citant son nom et la date des données."
VIDEO_ATTRIBUTION = (
    "La Licence Ouverte couvre la description des vidéos (titres, résumés, transcriptions) : "
    "les vidéos elles-mêmes restent soumises aux droits de leurs auteurs et des personnes "
    "filmées, jusqu'à la fin des droits indiquée."
)


def professions():
    return (
        Profession.objects.published()
        .prefetch_related(
            "interests",
            related.public_diplomas(),
        )
        .order_by("title_masculine", "pk")
    )


def diplomas():
    return (
        Diploma.objects.published()
        .prefetch_related(published_professions())
        .order_by("level", "name", "pk")
    )


def institutes():
    offers = (
        TrainingOffer.objects.public()
        .select_related("diploma")
        .only("institute_id", "diploma__slug", "diploma__level", "diploma__name")
        .order_by("diploma_level", "diploma_name")
    )
    return (
        Institute.objects.published()
        .prefetch_related(Prefetch("offers", queryset=offers, to_attr="public_offers"))
        .order_by("departement", "commune", "name", "pk")
    )


def offers():
    # The order of « Où se former » without a position.
    return (
        TrainingOffer.objects.public()
        .select_related("diploma", "institute")
        .with_parcoursup_figures()
        .order_by(*OFFERS_BY_DIPLOMA)
    )


def aids():
    return (
        FinancialAid.objects.published()
        .select_related("provider")
        .prefetch_related(published_professions())
        .order_by("name", "pk")
    )


def events():
    return (
        Event.objects.published()
        .real()
        .select_related("organiser", "campaign")
        .prefetch_related(published_professions())
        .order_by("starts_at", "pk")
    )


def campaigns():
    return (
        Campaign.objects.published()
        .real()
        .select_related("owner")
        .prefetch_related(published_professions())
        .order_by("-is_featured", "-starts_on", "title", "pk")
    )


def videos():
    return (
        Video.objects.published()
        .real()
        .select_related("campaign")
        .prefetch_related(published_professions())
        .order_by("-published_at", "pk")
    )


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    description: str
    licence: Licence
    attribution: str
    serializer: type
    queryset: object  # a function returning the public queryset
    departement_lookup: str = ""  # where a download can be cut by département

    @property
    def fields(self):
        """The data dictionary: (name, type, description) of each column, in order."""
        columns = []
        for name, field in self.serializer().fields.items():
            if name in API_ONLY_FIELDS:
                continue
            columns.append((name, field_type(field), field.help_text or ""))
        return columns

    def public(self, departement=""):
        queryset = self.queryset()
        if departement:
            queryset = queryset.filter(**{self.departement_lookup: departement})
        return queryset

    def summary(self, departement=""):
        """Number of records and date of the data (the latest update), in one query."""
        return (
            self.public(departement).order_by().aggregate(count=Count("pk"), date=Max("updated_at"))
        )


# Answers to a question of the API (the distance to the position asked), not data.
API_ONLY_FIELDS = {"distance_km"}

DATASETS = [
    Dataset(
        "metiers",
        "Métiers",
        "Les fiches métiers : intitulés, code ROME, missions, niveau d'entrée, salaire de début "
        "avec sa source et sa date, diplômes qui y mènent.",
        ODBL,
        ONISEP_ATTRIBUTION,
        serializers.ProfessionSerializer,
        professions,
    ),
    Dataset(
        "diplomes",
        "Diplômes",
        "Les diplômes : niveau, code RNCP, durée, voies d'accès, apprentissage, métiers visés.",
        ODBL,
        ONISEP_ATTRIBUTION,
        serializers.DiplomaSerializer,
        diplomas,
    ),
    Dataset(
        "etablissements",
        "Établissements de formation",
        "Les instituts, lycées, CFA et universités qui forment aux métiers : adresse, "
        "département, coordonnées géographiques, contact, diplômes enseignés.",
        LICENCE_OUVERTE,
        f"{FINESS_ATTRIBUTION} {PARCOURSUP_ATTRIBUTION}",
        serializers.InstituteSerializer,
        institutes,
        "departement",
    ),
    Dataset(
        "offres",
        "Offres de formation",
        "Chaque diplôme enseigné dans un établissement, par modalité : places, rentrée, "
        "calendrier des candidatures, coût ; pour les formations de Parcoursup, leur code et "
        "les chiffres de la dernière session (candidats, admis, taux d'accès, profil des admis).",
        LICENCE_OUVERTE,
        f"{FINESS_ATTRIBUTION} {PARCOURSUP_ATTRIBUTION}",
        serializers.OfferSerializer,
        offers,
        "departement",
    ),
    Dataset(
        "aides",
        "Aides financières",
        "Les aides pour financer sa formation : organisme, démarches, métiers concernés.",
        LICENCE_OUVERTE,
        SITE_ATTRIBUTION,
        serializers.AidSerializer,
        aids,
    ),
    Dataset(
        "evenements",
        "Événements",
        "L'agenda : salons, forums, portes ouvertes, avec leurs dates, lieux et métiers présentés.",
        LICENCE_OUVERTE,
        SITE_ATTRIBUTION,
        serializers.EventSerializer,
        events,
        "departement",
    ),
    Dataset(
        "campagnes",
        "Campagnes",
        "Les campagnes de promotion des métiers : organisme porteur, dates, canaux.",
        LICENCE_OUVERTE,
        SITE_ATTRIBUTION,
        serializers.CampaignSerializer,
        campaigns,
    ),
    Dataset(
        "videos",
        "Vidéos",
        "Les vidéos publiées : titre, campagne, durée, transcription, métiers montrés.",
        LICENCE_OUVERTE,
        VIDEO_ATTRIBUTION,
        serializers.VideoSerializer,
        videos,
    ),
]
DATASETS_BY_KEY = {dataset.key: dataset for dataset in DATASETS}

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def field_type(field):
    """The type of a column in words, for the data dictionary."""
    if isinstance(field, drf.ChoiceField):
        return "code (" + ", ".join(str(value) for value in field.choices) + ")"
    for kind, label in (
        (drf.BooleanField, "booléen (true ou false)"),
        (drf.IntegerField, "entier"),
        (drf.DecimalField, "nombre décimal"),
        (drf.FloatField, "nombre décimal"),
        (drf.DateTimeField, "date et heure (ISO 8601)"),
        (drf.DateField, "date (AAAA-MM-JJ)"),
        (drf.URLField, "adresse web"),
        (drf.EmailField, "adresse électronique"),
        (serializers.PublicPageField, "adresse web"),
        (serializers.SlugListField, "liste de slugs"),
        (serializers.LinesField, "liste de textes"),
        (drf.SlugRelatedField, "slug"),
        (serializers.PublicCampaignField, "slug"),
    ):
        if isinstance(field, kind):
            return label
    if isinstance(field, drf.SerializerMethodField):
        return "liste de textes" if field.field_name == "interests" else "texte"
    return "texte"


def records(dataset, base_url, departement=""):
    """Every public record of a dataset (of a département) as plain dicts: the API's
    representation without the API-only fields, read in chunks."""
    serializer = dataset.serializer(context={"base_url": base_url})
    for obj in dataset.public(departement).iterator(chunk_size=1000):
        row = serializer.to_representation(obj)
        for name in API_ONLY_FIELDS:
            row.pop(name, None)
        yield row


def as_json(dataset, base_url, summary, departement="", generated_at=None):
    document = {
        "jeu_de_donnees": dataset.key,
        "titre": dataset.title,
        "description": dataset.description,
        "licence": {"id": dataset.licence.spdx, "nom": dataset.licence.name},
        "licence_url": dataset.licence.url,
        "attribution": dataset.attribution,
        "date_des_donnees": summary["date"],
        "genere_le": generated_at or timezone.now(),
        "nombre": summary["count"],
        "dictionnaire": [
            {"nom": name, "type": kind, "description": description}
            for name, kind, description in dataset.fields
        ],
        "departement": departement or None,
        "enregistrements": list(records(dataset, base_url, departement)),
    }
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode()


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return neutralise_formula(" | ".join(str(item) for item in value))
    return neutralise_formula(value)


def as_csv(dataset, base_url, departement=""):
    out = io.StringIO()
    names = [name for name, _kind, _description in dataset.fields]
    writer = csv.writer(out)
    writer.writerow(names)
    for row in records(dataset, base_url, departement):
        writer.writerow([csv_cell(row.get(name)) for name in names])
    return out.getvalue().encode()


def dictionary_csv():
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["jeu_de_donnees", "colonne", "type", "description", "licence"])
    for dataset in DATASETS:
        for name, kind, description in dataset.fields:
            writer.writerow([dataset.key, name, kind, description, dataset.licence.spdx])
    return out.getvalue().encode()
