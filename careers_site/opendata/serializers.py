"""What a reuser gets for each kind of content: one serializer per dataset, used by the API
(lists and details), the bulk downloads and the data dictionary, so the three always agree.

Only public fields: no editor, no internal note, no search column. Related items are given by
their slug and only when the public may see them (the querysets of `datasets.py` prefetch them
with the models' own rules). Rich-text fields (HTML) are left to the public page (`url`)."""

from django.db import models
from django.utils.text import capfirst
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from campaigns.models import Campaign, Event, Platform, Video
from professions.models import Profession
from trainings.communes import haversine_km
from trainings.models import Diploma, FinancialAid, Institute, TrainingOffer


def absolute_url(context, path):
    """The public address of a path, from the base URL the view or the command gives."""
    return context.get("base_url", "") + path


@extend_schema_field(OpenApiTypes.URI)
class PublicPageField(serializers.Field):
    """The absolute address of the item's public page."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("help_text", "Adresse de la page publique sur le site")
        super().__init__(**kwargs)

    def to_representation(self, value):
        return absolute_url(self.context, value.get_absolute_url())


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class SlugListField(serializers.Field):
    """Slugs of a prefetched list of public items (the list is already filtered)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return [item.slug for item in value]


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class LinesField(serializers.Field):
    """A list of strings (a property that splits a text by lines or commas)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return list(value)


@extend_schema_field({"type": "number", "format": "double", "nullable": True})
class DistanceField(serializers.Field):
    """Kilometres from the position asked (`lat`, `lon`), or null."""

    def __init__(self, point=lambda obj: obj, **kwargs):
        self.point = point
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        kwargs.setdefault(
            "help_text",
            "Distance à vol d'oiseau en kilomètres depuis la position demandée (lat, lon) ; "
            "null sans position ou quand l'établissement n'est pas placé sur la carte",
        )
        super().__init__(**kwargs)

    def to_representation(self, value):
        place = self.point(value)
        return distance_km(self.context.get("position"), place.latitude, place.longitude)


def distance_km(position, latitude, longitude):
    """What `distance_km` says: kilometres from `position` to the point, to 100 m, or None."""
    if not position or latitude is None or longitude is None:
        return None
    return round(haversine_km(position[0], position[1], latitude, longitude), 1)


class OptionalMixin:
    """An address, or null when there is none (an empty string is no address)."""

    def __init__(self, **kwargs):
        kwargs.pop("allow_blank", None)
        kwargs.setdefault("read_only", True)
        kwargs["allow_null"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value or None


class OptionalURLField(OptionalMixin, serializers.URLField):
    pass


class OptionalEmailField(OptionalMixin, serializers.EmailField):
    pass


class OpenDataSerializer(serializers.ModelSerializer):
    """Model fields described by their French name (the editors' help texts are for them);
    every record carries the licence of its dataset."""

    licence = serializers.SerializerMethodField(
        help_text="Licence de réutilisation de l'enregistrement (identifiant SPDX)"
    )
    licence_id = ""
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.URLField: OptionalURLField,
        models.EmailField: OptionalEmailField,
    }

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        kwargs["help_text"] = (
            "Identifiant stable" if model_field.primary_key else capfirst(model_field.verbose_name)
        )
        return field_class, kwargs

    def get_licence(self, obj) -> str:
        return self.licence_id


def label_field(source, help_text, unknown=False):
    """A text the site derives (a choice in words, a related name). `unknown`: the fact
    may be not known yet, and the field is then null (never an empty text), as the schema
    says."""
    if unknown:
        help_text += " (null : non renseigné)"
    return serializers.CharField(
        source=source, read_only=True, allow_null=unknown, help_text=help_text
    )


def updated_field():
    return serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="Date à laquelle l'équipe a vérifié les informations pour la dernière fois "
        "(null : pas encore vérifiées)",
    )


class ProfessionSerializer(OpenDataSerializer):
    licence_id = "ODbL-1.0"
    url = PublicPageField()
    title = serializers.CharField(
        read_only=True, help_text="Intitulé au masculin et au féminin, tel que le site l'écrit"
    )
    other_names = LinesField(source="other_names_list", help_text="Autres noms du métier")
    sector_label = label_field("get_sector_display", "Secteur, en toutes lettres")
    entry_level_label = label_field(
        "get_entry_level_display",
        "Niveau minimum pour entrer en formation, en toutes lettres",
        unknown=True,
    )
    interests = serializers.SerializerMethodField(help_text="Centres d'intérêt")
    diplomas = SlugListField(
        source="public_diplomas", help_text="Diplômes publiés qui mènent au métier (slugs)"
    )
    updated_on = updated_field()

    class Meta:
        model = Profession
        fields = [
            "id",
            "slug",
            "url",
            "title",
            "title_masculine",
            "title_feminine",
            "other_names",
            "rome_code",
            "onisep_id",
            "sector",
            "sector_label",
            "tagline",
            "summary",
            "missions",
            "skills",
            "workplaces",
            "workforce",
            "entry_level",
            "entry_level_label",
            "starting_salary",
            "salary_note",
            "salary_source",
            "salary_source_url",
            "salary_date",
            "recruiting",
            "interests",
            "diplomas",
            "updated_on",
            "licence",
        ]

    def get_interests(self, obj) -> list[str]:
        return [tag.name for tag in obj.interests.all()]


class DiplomaSerializer(OpenDataSerializer):
    licence_id = "ODbL-1.0"
    url = PublicPageField()
    level_label = label_field("get_level_display", "Niveau, en toutes lettres", unknown=True)
    entry_routes = LinesField(source="entry_routes_list", help_text="Voies d'accès")
    professions = SlugListField(
        source="published_professions", help_text="Métiers publiés visés (slugs)"
    )
    updated_on = updated_field()

    class Meta:
        model = Diploma
        fields = [
            "id",
            "slug",
            "url",
            "name",
            "acronym",
            "summary",
            "level",
            "level_label",
            "rncp_code",
            "duration_months",
            "duration_note",
            "ects",
            "grade",
            "minimum_age",
            "entry_routes",
            "apprenticeship_possible",
            "apprenticeship_only",
            "professions",
            "updated_on",
            "licence",
        ]


class InstituteSerializer(OpenDataSerializer):
    licence_id = "etalab-2.0"
    url = PublicPageField()
    kind_label = label_field("get_kind_display", "Type d'établissement, en toutes lettres")
    diplomas = serializers.SerializerMethodField(
        help_text="Diplômes publiés enseignés dans l'établissement (slugs)"
    )
    distance_km = DistanceField()
    updated_on = updated_field()

    class Meta:
        model = Institute
        fields = [
            "id",
            "slug",
            "url",
            "name",
            "acronym",
            "kind",
            "kind_label",
            "parent_organisation",
            "address",
            "postcode",
            "commune",
            "departement",
            "latitude",
            "longitude",
            "uai",
            "website",
            "email",
            "phone",
            "labels",
            "diplomas",
            "distance_km",
            "updated_on",
            "licence",
        ]

    def get_diplomas(self, obj) -> list[str]:
        return list(dict.fromkeys(offer.diploma.slug for offer in obj.public_offers))


def parcoursup_field(name, help_text, decimal=False):
    """One figure of the offer's latest Parcoursup session (`offer.latest_figures`); null when
    the offer has none or Parcoursup left the value empty."""
    source = f"latest_figures.{name}"
    if decimal:
        return serializers.DecimalField(
            source=source,
            max_digits=5,
            decimal_places=1,
            coerce_to_string=False,
            read_only=True,
            allow_null=True,
            help_text=help_text,
        )
    if name == "session":
        return serializers.IntegerField(
            source=source, read_only=True, allow_null=True, help_text=help_text
        )
    if name == "group_label":
        return serializers.CharField(
            source=source, read_only=True, allow_null=True, help_text=help_text
        )
    return serializers.IntegerField(
        source=source, read_only=True, allow_null=True, help_text=help_text
    )


PARCOURSUP_COLUMN = "Parcoursup (fr-esr-parcoursup), dernière session importée, colonne « {} »"


class OfferSerializer(OpenDataSerializer):
    licence_id = "etalab-2.0"
    url = PublicPageField()
    diploma = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="Diplôme préparé (slug)"
    )
    diploma_name = label_field("diploma.name", "Intitulé du diplôme")
    institute = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="Établissement (slug)"
    )
    institute_name = label_field("institute.name", "Nom de l'établissement")
    commune = label_field("institute.commune", "Commune de l'établissement")
    departement = label_field("institute.departement", "Département de l'établissement")
    modality_label = label_field("get_modality_display", "Modalité, en toutes lettres")
    applications_open_now = serializers.BooleanField(
        source="applications_are_open",
        read_only=True,
        help_text="Les candidatures sont ouvertes aujourd'hui",
    )
    distance_km = DistanceField(point=lambda offer: offer.institute)
    parcoursup_session = parcoursup_field(
        "session", "Session Parcoursup des chiffres qui suivent (nul : aucun chiffre importé)"
    )
    parcoursup_group = parcoursup_field(
        "group_label",
        "Regroupement d'instituts dont Parcoursup compte les chiffres ensemble (IFSI), sinon vide",
    )
    parcoursup_capacity = parcoursup_field(
        "capacity", PARCOURSUP_COLUMN.format("Capacité de l’établissement par formation")
    )
    parcoursup_candidates = parcoursup_field(
        "candidates", PARCOURSUP_COLUMN.format("Effectif total des candidats pour une formation")
    )
    parcoursup_admitted = parcoursup_field(
        "admitted",
        PARCOURSUP_COLUMN.format(
            "Effectif total des candidats ayant accepté la proposition de l’établissement (admis)"
        ),
    )
    parcoursup_access_rate = parcoursup_field(
        "access_rate", PARCOURSUP_COLUMN.format("Taux d’accès"), decimal=True
    )
    parcoursup_share_general = parcoursup_field(
        "share_general",
        PARCOURSUP_COLUMN.format("% d’admis néo bacheliers généraux"),
        decimal=True,
    )
    parcoursup_share_technological = parcoursup_field(
        "share_technological",
        PARCOURSUP_COLUMN.format("% d’admis néo bacheliers technologiques"),
        decimal=True,
    )
    parcoursup_share_professional = parcoursup_field(
        "share_professional",
        PARCOURSUP_COLUMN.format("% d’admis néo bacheliers professionnels"),
        decimal=True,
    )
    parcoursup_share_grant_holders = parcoursup_field(
        "share_grant_holders",
        PARCOURSUP_COLUMN.format("% d’admis néo bacheliers boursiers"),
        decimal=True,
    )

    class Meta:
        model = TrainingOffer
        fields = [
            "id",
            "url",
            "diploma",
            "diploma_name",
            "institute",
            "institute_name",
            "commune",
            "departement",
            "modality",
            "modality_label",
            "places",
            "intake_month",
            "start_date",
            "applications_open",
            "applications_close",
            "applications_open_now",
            "results_date",
            "application_url",
            "application_note",
            "fees",
            "last_verified",
            "application_route",
            "parcoursup_code",
            "parcoursup_session",
            "parcoursup_group",
            "parcoursup_capacity",
            "parcoursup_candidates",
            "parcoursup_admitted",
            "parcoursup_access_rate",
            "parcoursup_share_general",
            "parcoursup_share_technological",
            "parcoursup_share_professional",
            "parcoursup_share_grant_holders",
            "distance_km",
            "licence",
        ]


class AidSerializer(OpenDataSerializer):
    licence_id = "etalab-2.0"
    url = PublicPageField()
    provider = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="Organisme qui verse l'aide (null : non renseigné)",
    )
    official_url = OptionalURLField(source="url", help_text="Lien officiel")
    steps = LinesField(source="steps_list", help_text="Démarches, dans l'ordre")
    professions = SlugListField(
        source="published_professions", help_text="Métiers publiés concernés (slugs)"
    )
    updated_on = updated_field()

    class Meta:
        model = FinancialAid
        fields = [
            "id",
            "slug",
            "url",
            "name",
            "provider",
            "summary",
            "steps",
            "official_url",
            "professions",
            "updated_on",
            "licence",
        ]


class PublicCampaignField(serializers.Field):
    """The campaign's slug, or null when the campaign itself is not public."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("help_text", "Campagne publiée dont il fait partie (slug), ou null")
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value.slug if value is not None and value.is_public else None


extend_schema_field({"type": "string", "nullable": True})(PublicCampaignField)


class EventSerializer(OpenDataSerializer):
    licence_id = "etalab-2.0"
    url = PublicPageField()
    kind_label = label_field("get_kind_display", "Type d'événement, en toutes lettres")
    organiser = serializers.CharField(read_only=True, help_text="Organisateur")
    campaign = PublicCampaignField()
    more_info_url = OptionalURLField(source="url", help_text="Lien pour en savoir plus")
    professions = SlugListField(
        source="published_professions", help_text="Métiers publiés présentés (slugs)"
    )
    updated_on = updated_field()

    class Meta:
        model = Event
        fields = [
            "id",
            "slug",
            "url",
            "title",
            "kind",
            "kind_label",
            "starts_at",
            "ends_at",
            "venue",
            "address",
            "commune",
            "departement",
            "organiser",
            "campaign",
            "more_info_url",
            "professions",
            "updated_on",
            "licence",
        ]


class CampaignSerializer(OpenDataSerializer):
    licence_id = "etalab-2.0"
    url = PublicPageField()
    owner = serializers.CharField(read_only=True, help_text="Organisme porteur")
    channels = LinesField(source="channels_list", help_text="Canaux de diffusion")
    professions = SlugListField(
        source="published_professions", help_text="Métiers publiés mis en avant (slugs)"
    )
    updated_on = updated_field()

    class Meta:
        model = Campaign
        fields = [
            "id",
            "slug",
            "url",
            "title",
            "owner",
            "tagline",
            "starts_on",
            "ends_on",
            "channels",
            "hashtags",
            "source_url",
            "professions",
            "updated_on",
            "licence",
        ]


class VideoSerializer(OpenDataSerializer):
    licence_id = "etalab-2.0"
    url = PublicPageField()
    campaign = PublicCampaignField()
    platform = serializers.ChoiceField(
        choices=Platform.choices,
        allow_blank=True,
        read_only=True,
        help_text="Plateforme de la vidéo en ligne (vide : vidéo hébergée par le site)",
    )
    video_file_url = serializers.SerializerMethodField(
        help_text="Adresse du fichier vidéo hébergé par le site, ou null"
    )
    professions = SlugListField(
        source="published_professions", help_text="Métiers publiés montrés (slugs)"
    )
    updated_on = updated_field()

    class Meta:
        model = Video
        fields = [
            "id",
            "slug",
            "url",
            "title",
            "campaign",
            "episode_number",
            "summary",
            "platform",
            "platform_url",
            "video_file_url",
            "duration_seconds",
            "orientation",
            "transcript",
            "published_at",
            "rights_expire_on",
            "professions",
            "updated_on",
            "licence",
        ]

    def get_video_file_url(self, obj) -> str | None:
        return absolute_url(self.context, obj.video_file.url) if obj.video_file else None
