from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from careers_site.core.geo import Departement
from careers_site.core.models import (
    Organisation,
    PublishableModel,
    PublishableQuerySet,
    Status,
    TimeStampedModel,
    clean_image_alt,
    image_alt_constraint,
    publication_window_constraint,
)
from careers_site.core.richtext import RichTextField
from careers_site.core.search.documents import SearchableMixin, search_fields
from careers_site.core.search.text import search_document
from careers_site.core.sources import SourcedMixin, sources_date_field, sources_field
from careers_site.core.validators import validate_image, validate_video

from .validators import validate_webvtt

ACCESSIBLE_VIDEO_MESSAGE = (
    "Pour publier cette vidéo, ajoutez ses sous-titres (fichier WebVTT) et sa transcription : "
    "sans eux, les personnes sourdes ou malentendantes ne peuvent pas la suivre."
)
PLATFORM_TRANSCRIPT_MESSAGE = (
    "Pour publier cette vidéo, ajoutez sa transcription : sans elle, les personnes sourdes ou "
    "malentendantes ne peuvent pas la suivre. Activez aussi les sous-titres sur la plateforme."
)


class CampaignQuerySet(PublishableQuerySet):
    def real(self):
        """Without the site's own demonstration campaign (its owner `is_demonstration`): the
        one rule for what is never listed, counted, exported or fed as real."""
        return self.exclude(owner__is_demonstration=True)


class Campaign(SourcedMixin, PublishableModel):
    remember_old_slugs = True  # its old addresses keep answering (careers_site/core/slugs.py)
    owner_path = "owner"  # who may edit it (careers_site/core/ownership.py)

    title = models.CharField("titre", max_length=200)
    slug = models.SlugField("adresse (slug)", max_length=120, unique=True)
    owner = models.ForeignKey(
        Organisation,
        verbose_name="organisme porteur",
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    partners = models.ManyToManyField(
        Organisation, verbose_name="partenaires", related_name="partner_campaigns", blank=True
    )
    tagline = models.CharField("accroche", max_length=200, blank=True)
    summary = RichTextField("présentation")
    starts_on = models.DateField("début", null=True, blank=True)
    ends_on = models.DateField("fin", null=True, blank=True)
    channels = models.CharField(
        "canaux de diffusion",
        max_length=200,
        blank=True,
        help_text="Séparés par des virgules : Instagram, TikTok, missions locales…",
    )
    hashtags = models.CharField(
        "mots-dièse", max_length=200, blank=True, help_text="Par exemple #PrendreSoin"
    )
    professions = models.ManyToManyField(
        "professions.Profession",
        verbose_name="métiers mis en avant",
        related_name="campaigns",
        blank=True,
    )
    is_featured = models.BooleanField(
        "à la une", default=False, help_text="Mise en avant sur la page d'accueil."
    )
    source_url = models.URLField(
        "source officielle", blank=True, help_text="Communiqué ou page de l'organisme porteur."
    )
    sources = sources_field()
    sources_checked_on = sources_date_field()
    hero_image = models.ImageField(
        "image principale", upload_to="campaigns/", blank=True, validators=[validate_image]
    )
    hero_image_alt = models.CharField("texte alternatif de l'image", max_length=200, blank=True)
    hero_image_decorative = models.BooleanField("image décorative", default=False)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = "campagne"
        verbose_name_plural = "campagnes"
        ordering = ["-is_featured", "-starts_on", "title"]
        constraints = [
            publication_window_constraint("campaign"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="campaign_dates_ordered",
                violation_error_message="La fin de la campagne ne peut pas précéder son début.",
            ),
            image_alt_constraint("hero_image", "campaign"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaigns:detail", kwargs={"slug": self.slug})

    def clean(self):
        clean_image_alt(self, "hero_image")

    @property
    def is_demonstration(self):
        """`CampaignQuerySet.real()`'s rule for one loaded campaign (owner loaded)."""
        return self.owner.is_demonstration

    @property
    def channels_list(self):
        return [c.strip() for c in self.channels.split(",") if c.strip()]


class RightsQuerySet(PublishableQuerySet):
    def published(self):
        """Published, and the image rights or the consent have not expired."""
        today = timezone.localdate()
        return (
            super()
            .published()
            .filter(Q(rights_expire_on__isnull=True) | Q(rights_expire_on__gt=today))
        )


class VideoQuerySet(RightsQuerySet):
    def real(self):
        """Without the demonstration clips (their campaign's owner `is_demonstration`)."""
        return self.exclude(campaign__owner__is_demonstration=True)


class Platform(models.TextChoices):
    YOUTUBE = "youtube", "YouTube"
    VIMEO = "vimeo", "Vimeo"
    DAILYMOTION = "dailymotion", "Dailymotion"
    TIKTOK = "tiktok", "TikTok"
    INSTAGRAM = "instagram", "Instagram"
    OTHER = "autre", "Autre plateforme"


PLATFORM_HOSTS = {
    "youtube.com": Platform.YOUTUBE,
    "youtu.be": Platform.YOUTUBE,
    "youtube-nocookie.com": Platform.YOUTUBE,
    "vimeo.com": Platform.VIMEO,
    "dailymotion.com": Platform.DAILYMOTION,
    "dai.ly": Platform.DAILYMOTION,
    "tiktok.com": Platform.TIKTOK,
    "instagram.com": Platform.INSTAGRAM,
}


def platform_for_url(url):
    host = (urlparse(url).hostname or "").lower().removeprefix("www.").removeprefix("m.")
    return PLATFORM_HOSTS.get(host, Platform.OTHER) if url else ""


class Orientation(models.TextChoices):
    LANDSCAPE = "16:9", "Horizontale (16:9)"
    PORTRAIT = "9:16", "Verticale (9:16)"


class Video(PublishableModel):
    remember_old_slugs = True  # its old addresses keep answering (careers_site/core/slugs.py)
    owner_path = "campaign__owner"
    # Besides its own page, an episode is shown in its campaign's list (admin preview link).
    preview_hosts = (("campaign", "videos-titre"),)

    campaign = models.ForeignKey(
        Campaign, verbose_name="campagne", on_delete=models.CASCADE, related_name="videos"
    )
    episode_number = models.PositiveSmallIntegerField("numéro d'épisode", null=True, blank=True)
    title = models.CharField("titre", max_length=200)
    slug = models.SlugField("adresse (slug)", max_length=120, unique=True)
    summary = models.TextField("présentation", blank=True)
    professions = models.ManyToManyField(
        "professions.Profession",
        verbose_name="métiers montrés",
        related_name="videos",
        blank=True,
    )
    video_file = models.FileField(
        "fichier vidéo",
        upload_to="videos/",
        blank=True,
        validators=[FileExtensionValidator(["mp4", "webm"]), validate_video],
        help_text="MP4 ou WebM hébergé par le site : aucun traceur.",
    )
    platform_url = models.URLField(
        "lien vers la plateforme",
        blank=True,
        help_text="YouTube, Vimeo, Dailymotion, TikTok ou Instagram.",
    )
    platform = models.CharField(
        "plateforme", max_length=12, choices=Platform.choices, blank=True, editable=False
    )
    poster = models.ImageField(
        "image d'aperçu", upload_to="videos/posters/", blank=True, validators=[validate_image]
    )
    poster_alt = models.CharField("texte alternatif de l'aperçu", max_length=200, blank=True)
    poster_decorative = models.BooleanField("aperçu décoratif", default=False)
    captions = models.FileField(
        "sous-titres (WebVTT)",
        upload_to="videos/captions/",
        blank=True,
        validators=[FileExtensionValidator(["vtt"]), validate_webvtt],
        help_text="Fichier .vtt en UTF-8 : « WEBVTT » sur la première ligne, puis chaque "
        "sous-titre avec son horaire, par exemple « 00:00:01.000 --> 00:00:04.000 ».",
    )
    transcript = models.TextField("transcription", blank=True)
    duration_seconds = models.PositiveIntegerField("durée (en secondes)", null=True, blank=True)
    orientation = models.CharField(
        "format", max_length=5, choices=Orientation.choices, default=Orientation.LANDSCAPE
    )
    announced_for = models.CharField(
        "annoncé pour",
        max_length=60,
        blank=True,
        help_text="Pour un épisode pas encore prêt : « janvier 2026 ». Il est annoncé sur la "
        "page de la campagne tant qu'il n'est pas publié.",
    )
    rights_expire_on = models.DateField(
        "fin des droits de diffusion",
        null=True,
        blank=True,
        help_text="À cette date, la vidéo n'est plus montrée au public.",
    )

    objects = VideoQuerySet.as_manager()

    class Meta:
        verbose_name = "vidéo"
        verbose_name_plural = "vidéos"
        ordering = ["campaign", "episode_number", "published_at"]
        constraints = [
            publication_window_constraint("video"),
            models.UniqueConstraint(
                fields=["campaign", "episode_number"],
                condition=Q(episode_number__isnull=False),
                name="video_unique_episode_per_campaign",
                violation_error_message="Cette campagne a déjà un épisode avec ce numéro.",
            ),
            models.CheckConstraint(
                condition=Q(episode_number__isnull=True) | Q(episode_number__gt=0),
                name="video_episode_number_positive",
            ),
            image_alt_constraint("poster", "video"),
            # RGAA theme 4: what the public can play has captions and a transcript. A video
            # without media yet (« bientôt disponible ») may stay published.
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED)
                | Q(video_file="")
                | (~Q(captions="") & ~Q(transcript="")),
                name="video_published_file_has_captions_and_transcript",
                violation_error_message=ACCESSIBLE_VIDEO_MESSAGE,
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(platform_url="") | ~Q(transcript=""),
                name="video_published_link_has_transcript",
                violation_error_message=PLATFORM_TRANSCRIPT_MESSAGE,
            ),
        ]

    def __str__(self):
        if self.episode_number:
            return f"Épisode {self.episode_number} : {self.title}"
        return self.title

    def get_absolute_url(self):
        return reverse("campaigns:video_detail", kwargs={"slug": self.slug})

    def clean(self):
        clean_image_alt(self, "poster")
        if self.status != Status.PUBLISHED:
            return
        # On « status », a field every admin form of a video has (the inline of the campaign
        # too): the editor reads the reason beside the choice that triggered it.
        if self.video_file and not (self.captions and self.transcript.strip()):
            raise ValidationError({"status": ACCESSIBLE_VIDEO_MESSAGE})
        if self.platform_url and not self.transcript.strip():
            raise ValidationError({"status": PLATFORM_TRANSCRIPT_MESSAGE})

    def save(self, *args, **kwargs):
        self.platform = platform_for_url(self.platform_url)
        super().save(*args, **kwargs)

    @property
    def public_campaign(self):
        """Its campaign when the public may see it, else None: a published episode of a
        campaign still in draft (or scheduled, or ended) never tells its title."""
        return self.campaign if self.campaign.is_public else None

    @property
    def sources_list(self):
        """A video's facts are its campaign's: the same sources, dated (campaign loaded)."""
        return self.campaign.sources_list

    @property
    def has_media(self):
        return bool(self.video_file or self.platform_url)

    @property
    def duration_label(self):
        if not self.duration_seconds:
            return ""
        minutes, seconds = divmod(self.duration_seconds, 60)
        return f"{minutes} min {seconds:02d} s" if minutes else f"{seconds} s"


class Testimonial(PublishableModel):
    owner_path = "campaign__owner"
    # A draft is previewed where the public will read it: on its profession's page.
    preview_hosts = (("profession", "temoignages"),)
    preview_in_host = True

    first_name = models.CharField("prénom", max_length=60)
    profession = models.ForeignKey(
        "professions.Profession",
        verbose_name="métier",
        on_delete=models.PROTECT,
        related_name="testimonials",
    )
    role_label = models.CharField(
        "comment la personne se présente",
        max_length=120,
        help_text="Tel que la personne le dit : « aide-soignante », « préparatrice en "
        "pharmacie à l'hôpital ».",
    )
    quote = models.TextField("citation", help_text="Les mots exacts de la personne.")
    campaign = models.ForeignKey(
        Campaign,
        verbose_name="campagne",
        on_delete=models.CASCADE,
        related_name="testimonials",
    )
    video = models.ForeignKey(
        Video,
        verbose_name="vidéo",
        on_delete=models.SET_NULL,
        related_name="testimonials",
        null=True,
        blank=True,
    )
    photo = models.ImageField(
        "photo", upload_to="testimonials/", blank=True, validators=[validate_image]
    )
    photo_alt = models.CharField("texte alternatif de la photo", max_length=200, blank=True)
    photo_decorative = models.BooleanField("photo décorative", default=False)
    rights_expire_on = models.DateField(
        "fin du consentement",
        null=True,
        blank=True,
        help_text="À cette date, le témoignage n'est plus montré au public.",
    )

    objects = RightsQuerySet.as_manager()

    class Meta:
        verbose_name = "témoignage"
        verbose_name_plural = "témoignages"
        ordering = ["-published_at"]
        constraints = [
            publication_window_constraint("testimonial"),
            image_alt_constraint("photo", "testimonial"),
        ]

    def __str__(self):
        return f"{self.first_name}, {self.role_label}"

    def get_absolute_url(self):
        if self.video_id:
            return reverse("campaigns:video_detail", kwargs={"slug": self.video.slug})
        return f"{self.profession.get_absolute_url()}#temoignages"

    def clean(self):
        clean_image_alt(self, "photo")


class EventKind(models.TextChoices):
    JOB_FAIR = "salon", "Salon des métiers"
    FORUM = "forum", "Forum"
    OPEN_DAY = "portes-ouvertes", "Journée portes ouvertes"
    SCHOOL_VISIT = "lycee", "Intervention en lycée"
    INFO_SESSION = "reunion", "Réunion d'information"
    OTHER = "autre", "Autre"


class EventQuerySet(PublishableQuerySet):
    def upcoming(self):
        now = timezone.now()
        return self.filter(Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now))

    def past(self):
        now = timezone.now()
        return self.filter(Q(ends_at__lt=now) | Q(ends_at__isnull=True, starts_at__lt=now))

    def real(self):
        """Without the fictitious demonstration events (organiser `is_demonstration`): never
        counted, exported, fed or offered to a calendar as real."""
        return self.exclude(organiser__is_demonstration=True)


class Event(SourcedMixin, SearchableMixin, PublishableModel):
    remember_old_slugs = True  # its old addresses keep answering (careers_site/core/slugs.py)
    owner_path = "organiser"
    # Besides publication dates, the moments whose passing changes a page (page cache): an
    # event moves from « à venir » to « passés » at its end (or start when it has no end).
    page_cache_time_fields = ("starts_at", "ends_at")

    title = models.CharField("titre", max_length=200)
    slug = models.SlugField("adresse (slug)", max_length=140, unique=True)
    kind = models.CharField("type", max_length=20, choices=EventKind.choices)
    description = RichTextField("description", blank=True)
    starts_at = models.DateTimeField("début", db_index=True)
    ends_at = models.DateTimeField("fin", null=True, blank=True)
    venue = models.CharField("lieu", max_length=200, blank=True)
    address = models.CharField("adresse", max_length=200, blank=True)
    commune = models.CharField("commune", max_length=100)
    departement = models.CharField(
        "département", max_length=3, choices=Departement.choices, db_index=True
    )
    professions = models.ManyToManyField(
        "professions.Profession",
        verbose_name="métiers présentés",
        related_name="events",
        blank=True,
    )
    organiser = models.ForeignKey(
        Organisation,
        verbose_name="organisateur",
        on_delete=models.PROTECT,
        related_name="events",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name="campagne",
        on_delete=models.SET_NULL,
        related_name="events",
        null=True,
        blank=True,
    )
    url = models.URLField("lien pour en savoir plus", blank=True)
    sources = sources_field()
    sources_checked_on = sources_date_field()
    search_title, search_text = search_fields()

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "événement"
        verbose_name_plural = "événements"
        ordering = ["starts_at"]
        constraints = [
            publication_window_constraint("event"),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="event_dates_ordered",
                violation_error_message="La fin de l'événement ne peut pas précéder son début.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaigns:event_detail", kwargs={"slug": self.slug})

    @staticmethod
    def search_documents(event):
        """(search_title, search_text): the title, then the place (commune, département), the
        words the site search matches; a function of the fields only (migration 0010)."""
        title = search_document(event.title)
        departement = dict(Departement.choices).get(event.departement, "")
        return title, search_document(event.title, event.commune, departement)

    @property
    def is_over(self):
        """The same rule as `EventQuerySet.past()`, for one event already loaded."""
        return (self.ends_at or self.starts_at) < timezone.now()


class SocialAssetQuerySet(models.QuerySet):
    def available(self):
        """What partners may still download: the rights have not expired."""
        today = timezone.localdate()
        return self.filter(Q(rights_expire_on__isnull=True) | Q(rights_expire_on__gt=today))


MASTER_MIN_SIDE = 1080


class SocialAsset(TimeStampedModel):
    """One master visual of a campaign; the site crops it into the formats partners post on
    social networks (see `campaigns.renditions`)."""

    owner_path = "campaign__owner"

    campaign = models.ForeignKey(
        Campaign,
        verbose_name="campagne",
        on_delete=models.CASCADE,
        related_name="social_assets",
    )
    title = models.CharField("titre", max_length=150)
    position = models.PositiveSmallIntegerField(
        "ordre",
        default=0,
        help_text="Le premier visuel sert d'aperçu quand la page de la campagne est partagée.",
    )
    master = models.ImageField(
        "visuel d'origine",
        upload_to="social/masters/",
        validators=[validate_image],
        help_text=f"JPEG ou PNG, au moins {MASTER_MIN_SIDE} pixels de côté, idéalement "
        "2160 × 2160 : le site en tire le carré, le portrait, la story et l'aperçu de lien.",
    )
    alt_text = models.CharField(
        "texte alternatif",
        max_length=250,
        help_text="Ce que montre le visuel, en une phrase : repris dans le kit pour que les "
        "partenaires le publient avec l'image.",
    )
    focal_x = models.PositiveSmallIntegerField(
        "point d'intérêt, horizontal (%)",
        default=50,
        validators=[MaxValueValidator(100)],
        help_text="0 = bord gauche, 100 = bord droit. Les recadrages gardent ce point visible.",
    )
    focal_y = models.PositiveSmallIntegerField(
        "point d'intérêt, vertical (%)",
        default=50,
        validators=[MaxValueValidator(100)],
        help_text="0 = haut, 100 = bas.",
    )
    credits = models.CharField(
        "crédits", max_length=200, blank=True, help_text="Photographe, illustrateur, agence."
    )
    licence = models.CharField(
        "licence et conditions",
        max_length=250,
        blank=True,
        help_text="Par exemple : « Libre de droits pour la promotion des métiers du soin, "
        "sans modification ».",
    )
    rights_expire_on = models.DateField(
        "fin des droits",
        null=True,
        blank=True,
        help_text="À cette date, le visuel n'est plus proposé au téléchargement.",
    )

    objects = SocialAssetQuerySet.as_manager()

    class Meta:
        verbose_name = "visuel pour les réseaux sociaux"
        verbose_name_plural = "visuels pour les réseaux sociaux"
        ordering = ["campaign", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(focal_x__gte=0, focal_x__lte=100, focal_y__gte=0, focal_y__lte=100),
                name="socialasset_focal_point_in_percent",
                violation_error_message="Le point d'intérêt se donne en pourcentage, de 0 à 100.",
            ),
            models.CheckConstraint(
                condition=~Q(alt_text=""),
                name="socialasset_alt_text_required",
                violation_error_message="Décrivez le visuel en une phrase (texte alternatif).",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.campaign.get_absolute_url()}#kit"

    @property
    def is_available(self):
        return self.rights_expire_on is None or self.rights_expire_on > timezone.localdate()

    def clean(self):
        if self.master and not self.alt_text.strip():
            raise ValidationError({"alt_text": "Décrivez le visuel en une phrase."})
        width = getattr(self.master, "width", None) if self.master else None
        height = getattr(self.master, "height", None) if self.master else None
        if width and height and min(width, height) < MASTER_MIN_SIDE:
            raise ValidationError(
                {
                    "master": f"Ce visuel est trop petit ({width} × {height} pixels) : il faut "
                    f"au moins {MASTER_MIN_SIDE} pixels de côté pour des images nettes sur "
                    "les réseaux sociaux."
                }
            )
