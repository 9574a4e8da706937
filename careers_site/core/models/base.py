"""What every content model shares: timestamps, publication state (draft, published,
scheduled, unpublished) and its constraint, images with alt text."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


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
