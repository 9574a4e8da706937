"""Short links: the addresses a counsellor says aloud or prints (/m/aide-soignant,
/s/salon-lyon-2026). Their rules are in careers_site/toolkit/shortlinks.py."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from careers_site.core.models import TimeStampedModel


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
        # The table it had as a model of core (careers_site/core/moved_models.py).
        db_table = "careers_site_shortlink"
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
