"""The organisations of the coordination (ARS, Région, State services, OPCO…) and the staff
who work for them: who owns a campaign, an event or a financial aid, and which editor may change
it (the rules are in careers_site/core/ownership.py). `register_public_page` names their
public page (campaigns does, from its ready()).

These models were first written in the campaigns app: their tables keep the names it gave them
(`campaigns_organisation`, `campaigns_staffmembership`), so that moving them lost no row."""

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.urls import reverse

from careers_site.core.sources import SourcedMixin, sources_date_field, sources_field
from careers_site.core.validators import validate_image

from .base import TimeStampedModel, clean_image_alt, image_alt_constraint


class OrganisationKind(models.TextChoices):
    ARS = "ars", "Agence régionale de santé"
    REGION = "region", "Conseil régional"
    STATE = "etat", "Service de l'État"
    EMPLOYMENT = "emploi", "Service public de l'emploi"
    OPCO = "opco", "Opérateur de compétences"
    OTHER = "autre", "Autre partenaire"


FOOTER_PARTNERS_CACHE_KEY = "footer-partners"


class OrganisationQuerySet(models.QuerySet):
    def with_public_page(self):
        """The partners that have their own page on the site."""
        return self.filter(has_public_page=True)

    def footer_partners(self):
        """The partners shown at the foot of every page, from the cache: no query on a warm
        request (forgotten when any organisation changes, see `forget_footer_partners`)."""
        partners = cache.get(FOOTER_PARTNERS_CACHE_KEY)
        if partners is None:
            partners = list(self.filter(show_as_partner=True))
            cache.set(FOOTER_PARTNERS_CACHE_KEY, partners, None)
        return partners


def forget_footer_partners(**kwargs):
    cache.delete(FOOTER_PARTNERS_CACHE_KEY)


class Organisation(SourcedMixin, TimeStampedModel):
    owner_path = ""  # an editor picks among their own organisations

    objects = OrganisationQuerySet.as_manager()

    name = models.CharField("nom", max_length=200, unique=True)
    short_name = models.CharField("nom court", max_length=60, blank=True)
    slug = models.SlugField("adresse (slug)", max_length=80, unique=True)
    kind = models.CharField("type", max_length=10, choices=OrganisationKind.choices)
    website = models.URLField("site internet", blank=True)
    logo = models.ImageField(
        "logo", upload_to="organisations/", blank=True, validators=[validate_image]
    )
    logo_alt = models.CharField("texte alternatif du logo", max_length=150, blank=True)
    logo_decorative = models.BooleanField("logo décoratif", default=False)
    is_demonstration = models.BooleanField(
        "organisme de démonstration",
        default=False,
        help_text="Pour le contenu de démonstration seulement : ses événements et les vidéos "
        "de ses campagnes n'apparaissent jamais dans les flux ni dans les fichiers d'agenda "
        "(.ics), car ils ne sont pas réels.",
    )
    show_as_partner = models.BooleanField(
        "afficher dans le pied de page",
        default=False,
        help_text="Le logo (ou le nom) apparaît parmi les partenaires en bas de chaque page.",
    )
    has_public_page = models.BooleanField(
        "a sa page sur le site",
        default=False,
        help_text="Une page « Partenaires » présente l'organisme, son rôle, ses campagnes, "
        "ses événements et ses aides.",
    )
    role = models.TextField(
        "son rôle pour ces métiers",
        blank=True,
        help_text="Ce que fait l'organisme pour les métiers du soin et de l'accompagnement, "
        "en langage courant. Un paragraphe par ligne vide. Citez vos sources ci-dessous.",
    )
    sources = sources_field()
    sources_checked_on = sources_date_field()

    class Meta:
        verbose_name = "organisme"
        verbose_name_plural = "organismes"
        db_table = "campaigns_organisation"  # created by campaigns: the table keeps its name
        ordering = ["name"]
        constraints = [image_alt_constraint("logo", "organisation")]

    def __str__(self):
        return self.short_name or self.name

    # The URL name of an organisation's public page, given by the app that serves it
    # (campaigns' partner pages, from its AppConfig.ready(): `register_public_page`).
    public_page_url_name = None

    def get_absolute_url(self):
        if self.public_page_url_name is None:
            return ""
        return reverse(self.public_page_url_name, kwargs={"slug": self.slug})

    def clean(self):
        clean_image_alt(self, "logo")


def register_public_page(url_name):
    """The app that serves the organisations' public pages names its URL (taking a `slug`)."""
    Organisation.public_page_url_name = url_name


class StaffMembership(models.Model):
    """Which organisation a member of staff works for: an editor of an organisation sees and
    changes only the campaigns, videos, testimonials, visuals and events of that organisation
    (careers_site/core/ownership.py). A person may work for more than one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisme",
        on_delete=models.CASCADE,
        related_name="memberships",
    )

    class Meta:
        verbose_name = "rattachement à un organisme"
        verbose_name_plural = "rattachements à un organisme"
        db_table = "campaigns_staffmembership"  # created by campaigns: the table keeps its name
        ordering = ["organisation", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="staffmembership_unique_user_organisation"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation}"
