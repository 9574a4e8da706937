"""The staff-configurable brand and legal facts of the site (one row)."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from careers_site.core.validators import validate_image

from .base import TimeStampedModel, clean_image_alt, image_alt_constraint

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
