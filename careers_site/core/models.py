"""Pieces every content model shares: timestamps, publication state, images with alt text,
and the staff-configurable brand of the site."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from careers_site.core.validators import validate_image


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        abstract = True


class Status(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    PUBLISHED = "published", "Publié"


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: published, the publication date has come and the end of
        publication (if any) has not."""
        now = timezone.now()
        return self.filter(
            Q(unpublished_at__isnull=True) | Q(unpublished_at__gt=now),
            status=Status.PUBLISHED,
            published_at__lte=now,
        )

    def scheduled(self):
        """Published by an editor, but waiting for its publication date."""
        return self.filter(status=Status.PUBLISHED, published_at__gt=timezone.now())

    def drafts(self):
        return self.filter(status=Status.DRAFT)


class PublishableModel(TimeStampedModel):
    status = models.CharField(
        "état",
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Un brouillon n'est visible que par l'équipe, en aperçu.",
    )
    published_at = models.DateTimeField(
        "date de publication",
        default=timezone.now,
        db_index=True,
        help_text=(
            "Une date future programme la publication : le contenu apparaît de lui-même "
            "à cette date, sans autre intervention."
        ),
    )

    unpublished_at = models.DateTimeField(
        "fin de publication",
        null=True,
        blank=True,
        help_text=(
            "Facultatif : à cette date, le contenu disparaît de lui-même du site (il reste "
            "dans l'administration)."
        ),
    )
    last_reviewed = models.DateField(
        "relu le",
        null=True,
        blank=True,
        help_text="Date de la dernière relecture : les pages affichent « Mis à jour le … ».",
    )

    objects = PublishableQuerySet.as_manager()

    # What an app declares on its models so that the layers below need not know the app:
    # the path from the model to its owning organisation (ownership.py; None: not owned),
    # whether old slugs keep answering (slugs.py), and the datetime fields, besides the
    # publication window, whose passing changes a page (platform/cache.py).
    owner_path = None
    remember_old_slugs = False
    page_cache_time_fields = ()
    # Set on the one object a staff member previews inside another page
    # (publishing.previewed_object); the default lets card templates ask without a failed
    # lookup, which costs the template engine a `dir()` of the instance.
    is_previewed = False

    class Meta:
        abstract = True

    @property
    def has_ended(self):
        return self.unpublished_at is not None and self.unpublished_at <= timezone.now()

    @property
    def is_public(self):
        return (
            self.status == Status.PUBLISHED
            and self.published_at <= timezone.now()
            and not self.has_ended
        )

    @property
    def is_scheduled(self):
        return self.status == Status.PUBLISHED and self.published_at > timezone.now()

    @property
    def publication_label(self):
        if self.status == Status.DRAFT:
            return "Brouillon"
        if self.is_scheduled:
            local = timezone.localtime(self.published_at)
            return f"Programmé le {local:%d/%m/%Y à %H:%M}"
        if self.has_ended:
            local = timezone.localtime(self.unpublished_at)
            return f"Retiré le {local:%d/%m/%Y à %H:%M}"
        if self.unpublished_at:
            local = timezone.localtime(self.unpublished_at)
            return f"Publié jusqu'au {local:%d/%m/%Y à %H:%M}"
        return "Publié"

    @property
    def updated_on(self):
        """The date of « Mis à jour le … »: the day staff last checked the facts. Never the
        last save: a command loading data, or a typo fixed, checks nothing. None when nobody
        has checked yet (the page then says nothing; the editors' dashboard lists it)."""
        return self.last_reviewed


def publication_window_constraint(model_label):
    """The end of publication comes after its start."""
    return models.CheckConstraint(
        condition=Q(unpublished_at__isnull=True) | Q(unpublished_at__gt=F("published_at")),
        name=f"{model_label}_publication_window",
        violation_error_message=(
            "La fin de publication doit être postérieure à la date de publication."
        ),
    )


def image_alt_constraint(prefix, model_label):
    """An image needs alt text unless the editor marks it decorative (RGAA 1.1 / 1.2)."""
    return models.CheckConstraint(
        condition=Q(**{prefix: ""})
        | Q(**{f"{prefix}_decorative": True})
        | ~Q(**{f"{prefix}_alt": ""}),
        name=f"{model_label}_{prefix}_alt_required",
        violation_error_message=(
            "Décrivez l'image en quelques mots (texte alternatif), ou cochez « image décorative »."
        ),
    )


def clean_image_alt(instance, prefix):
    image = getattr(instance, prefix)
    if (
        image
        and not getattr(instance, f"{prefix}_decorative")
        and not getattr(instance, f"{prefix}_alt").strip()
    ):
        raise ValidationError(
            {
                f"{prefix}_alt": "Décrivez l'image en quelques mots, ou cochez « image "
                "décorative » si elle n'apporte aucune information."
            }
        )


hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", "Indiquez une couleur au format #RRVVBB, par exemple #0b5d73."
)


def relative_luminance(hex_value):
    channels = [int(hex_value[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(hex_value):
    return 1.05 / (relative_luminance(hex_value) + 0.05)


class AccessibilityStatus(models.TextChoices):
    FULL = "totalement", "Totalement conforme"
    PARTIAL = "partiellement", "Partiellement conforme"
    NONE = "non", "Non conforme"


class SiteSettings(TimeStampedModel):
    """The brand and the legal facts of the site: one row, edited by staff in the admin, so
    either the ARS or the Région can run the site under its own colours."""

    CACHE_KEY = "site-settings"

    site_name = models.CharField(
        "nom du site", max_length=80, default="Métiers du soin en Auvergne-Rhône-Alpes"
    )
    tagline = models.CharField(
        "accroche",
        max_length=160,
        default="Des métiers utiles, près de chez vous : découvrez-les, formez-vous, lancez-vous.",
    )
    logo = models.ImageField("logo", upload_to="site/", blank=True, validators=[validate_image])
    logo_alt = models.CharField("texte alternatif du logo", max_length=150, blank=True)
    logo_decorative = models.BooleanField("logo décoratif", default=False)
    primary_colour = models.CharField(
        "couleur principale",
        max_length=7,
        default="#0b5d73",
        validators=[hex_colour],
        help_text="Boutons, liens et bandeaux. Elle doit rester lisible sur fond blanc "
        "(contraste d'au moins 4,5:1, vérifié à l'enregistrement).",
    )
    accent_colour = models.CharField(
        "couleur d'accent",
        max_length=7,
        default="#a33b20",
        validators=[hex_colour],
        help_text="Mises en avant (« recrute », programmé). Même règle de contraste.",
    )
    publisher = models.CharField(
        "éditeur du site",
        max_length=200,
        blank=True,
        help_text="Organisme qui publie le site (mentions légales).",
    )
    publisher_address = models.TextField("adresse de l'éditeur", blank=True)
    publication_director = models.CharField(
        "directeur ou directrice de la publication", max_length=200, blank=True
    )
    host = models.TextField(
        "hébergeur",
        blank=True,
        help_text="Nom, adresse et téléphone de l'hébergeur (LCEN, article 6-III).",
    )
    contact_email = models.EmailField("adresse de contact", blank=True)
    accessibility_status = models.CharField(
        "état de conformité RGAA",
        max_length=15,
        choices=AccessibilityStatus.choices,
        default=AccessibilityStatus.NONE,
        help_text="« Non conforme » tant qu'aucun audit n'a été mené (obligation légale).",
    )
    accessibility_audit_date = models.DateField("date de l'audit", null=True, blank=True)
    accessibility_audit_by = models.CharField("audit réalisé par", max_length=200, blank=True)
    accessibility_rate = models.DecimalField(
        "taux de critères respectés (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    accessibility_non_compliant = models.TextField(
        "contenus non accessibles",
        blank=True,
        help_text="Un élément par ligne.",
    )
    accessibility_contact = models.TextField(
        "contact accessibilité",
        blank=True,
        help_text="Comment signaler un défaut d'accessibilité (courriel, formulaire, adresse).",
    )
    accessibility_multiyear_plan = models.TextField("schéma pluriannuel", blank=True)
    accessibility_annual_plan = models.TextField("plan d'action de l'année", blank=True)
    credits = models.TextField(
        "crédits", blank=True, help_text="Crédits des images et des vidéos, un par ligne."
    )

    class Meta:
        verbose_name = "réglages du site"
        verbose_name_plural = "réglages du site"
        constraints = [
            models.CheckConstraint(
                condition=Q(accessibility_rate__isnull=True)
                | Q(accessibility_rate__gte=0, accessibility_rate__lte=100),
                name="sitesettings_rate_percentage",
            ),
            image_alt_constraint("logo", "sitesettings"),
        ]

    def __str__(self):
        return self.site_name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    def delete(self, *args, **kwargs):
        cache.delete(self.CACHE_KEY)
        return super().delete(*args, **kwargs)

    def clean(self):
        errors = {}
        for field in ("primary_colour", "accent_colour"):
            value = getattr(self, field)
            if value and hex_colour.regex.match(value):
                ratio = contrast_with_white(value)
                if ratio < 4.5:
                    errors[field] = (
                        f"Cette couleur est trop claire : contraste de {ratio:.1f}:1 avec le "
                        "blanc, il faut au moins 4,5:1 pour que le texte reste lisible."
                    )
        if errors:
            raise ValidationError(errors)
        clean_image_alt(self, "logo")

    @classmethod
    def load(cls):
        """The settings row, from the cache; built with defaults the first time."""
        settings = cache.get(cls.CACHE_KEY)
        if settings is None:
            settings = cls.objects.filter(pk=1).first() or cls(pk=1)
            cache.set(cls.CACHE_KEY, settings, None)
        return settings

    @property
    def non_compliant_items(self):
        return [
            line.strip() for line in self.accessibility_non_compliant.splitlines() if line.strip()
        ]


# -- Counsellors' toolkit: short links, slug history, visit counts ---------------------------


class ShortLinkKind(models.TextChoices):
    """The letter before the code: /m/aide-soignant, /v/sara, /s/salon-demo."""

    PROFESSION = "m", "Métier (/m/)"
    CAMPAIGN = "c", "Campagne (/c/)"
    VIDEO = "v", "Vidéo (/v/)"
    EVENT = "e", "Événement (/e/)"
    INSTITUTE = "i", "Établissement (/i/)"
    SOURCE = "s", "Lien dédié avec une source (/s/)"


short_code = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$",
    "Un code court s'écrit en minuscules sans accent, avec des chiffres et des tirets "
    "(40 caractères au plus), par exemple « aide-soignant ».",
)
source_code = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$",
    "Une source s'écrit en minuscules sans accent, avec des chiffres et des tirets "
    "(60 caractères au plus), par exemple « salon-lyon-2026 ».",
)


class ShortLink(TimeStampedModel):
    """A short, readable address that never changes once made: the code stays when the title
    or the slug of its page changes. One main link per page (/m/, /c/, /v/, /e/, /i/), made on
    first save; any number of dedicated /s/ links, each carrying a source (a job fair, a
    poster) so that the visits it brings are counted apart."""

    kind = models.CharField("type de lien", max_length=1, choices=ShortLinkKind.choices)
    code = models.CharField(
        "code",
        max_length=40,
        validators=[short_code],
        help_text="Ce qui suit la lettre dans l'adresse courte, à dire à voix haute sans "
        "ambiguïté. Vous pouvez le changer : l'ancien code reste valable (voir « anciens "
        "codes »), les affiches déjà imprimées continuent de mener à la page.",
    )
    former_codes = models.CharField(
        "anciens codes",
        max_length=400,
        blank=True,
        help_text="Les codes que ce lien a eus, séparés par des espaces : ils mènent toujours "
        "à la page. Rempli tout seul quand le code change ; retirez un code pour le libérer.",
    )
    source = models.CharField(
        "source",
        max_length=60,
        blank=True,
        validators=[source_code],
        help_text="Pour un lien dédié (/s/) : le nom sous lequel ses visites sont comptées, "
        "par exemple « salon-lyon-2026 ».",
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name="type de page", on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField("identifiant de la page")
    target = GenericForeignKey("content_type", "object_id")

    class Meta:
        verbose_name = "lien court"
        verbose_name_plural = "liens courts"
        ordering = ["kind", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code"],
                name="shortlink_unique_code",
                violation_error_message="Ce code court est déjà pris.",
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=~Q(kind="s"),
                name="shortlink_one_main_link_per_page",
            ),
            models.CheckConstraint(
                condition=Q(kind="s", source__gt="") | (~Q(kind="s") & Q(source="")),
                name="shortlink_source_only_on_dedicated_links",
                violation_error_message="Un lien dédié (/s/) porte une source ; un lien "
                "principal n'en porte pas.",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.path

    def save(self, *args, **kwargs):
        # A code printed on a poster keeps leading here when staff change it.
        if self.pk is not None:
            before = type(self).objects.filter(pk=self.pk).values_list("code", flat=True).first()
            if before and before != self.code:
                codes = [c for c in self.former_codes.split() if c != self.code]
                self.former_codes = " ".join(dict.fromkeys([*codes, before]))
                if kwargs.get("update_fields") is not None:
                    kwargs["update_fields"] = {*kwargs["update_fields"], "former_codes"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.path

    @property
    def path(self):
        return f"/{self.kind}/{self.code}"


class SlugHistory(models.Model):
    """An address a page had before its slug changed: the page answers it with a permanent
    redirect, so links already shared or printed keep working."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    old_slug = models.CharField("ancienne adresse (slug)", max_length=140)
    changed_at = models.DateTimeField("changée le", auto_now_add=True)
    target = GenericForeignKey("content_type", "object_id")

    class Meta:
        verbose_name = "ancienne adresse"
        verbose_name_plural = "anciennes adresses"
        ordering = ["-changed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "old_slug"], name="slughistory_unique_old_slug"
            )
        ]

    def __str__(self):
        return self.old_slug


class VisitCount(models.Model):
    """How many visits a page had on a day, from a source: a number, nothing about anyone
    (no cookie, no IP address, no user agent). Filled from the cache counters by
    `manage.py flush_visits` (careers_site.toolkit.visits)."""

    day = models.DateField("jour")
    path = models.CharField("page", max_length=300)
    source = models.CharField("source", max_length=60, blank=True)
    count = models.PositiveIntegerField("visites", default=0)

    class Meta:
        verbose_name = "visites d'une page"
        verbose_name_plural = "visites"
        ordering = ["-day", "path", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "path", "source"], name="visitcount_one_row_per_day_page_source"
            )
        ]
        indexes = [models.Index(fields=["source", "day"]), models.Index(fields=["path", "day"])]

    def __str__(self):
        return f"{self.day} {self.path} {self.source or '–'} : {self.count}"


# The organisations and staff memberships live in their own module; importing it here registers
# them when Django loads this app's models (label "careers_site").
from careers_site.core.organisations import (  # noqa: E402, F401
    Organisation,
    OrganisationKind,
    OrganisationQuerySet,
    StaffMembership,
)
