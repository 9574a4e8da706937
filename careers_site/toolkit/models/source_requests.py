"""A counsellor's request for a source of their own (« forum-annecy »), so that the QR codes of
a sheet or a poster count the visits of their fair apart. A regional editor approves or refuses
it in the admin (careers_site/toolkit/admin.py); approving adds the dedicated /s/ link that
registers the source.

Personal data: only an organisation's name and an email address, used only to answer. A
request is deleted once answered, and after `RETENTION_DAYS` at most (`purge_expired`, run on
every new request, on every visit of the admin list and by `manage.py purge_source_requests`);
the privacy page says so."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone

from .. import shortlinks
from ..visits import is_registered_source
from .short_links import ShortLink, ShortLinkKind, source_code

RETENTION_DAYS = 30
# Requests waiting for an answer from the same email address, at most.
PENDING_PER_EMAIL = 3


class SourceRequestQuerySet(models.QuerySet):
    def expired(self, now=None):
        """Requests older than `RETENTION_DAYS` (exactly 30 days old is still kept)."""
        now = now or timezone.now()
        return self.filter(created_at__lt=now - datetime.timedelta(days=RETENTION_DAYS))

    def purge_expired(self, now=None):
        """Delete the expired requests; returns how many."""
        deleted, _ = self.expired(now).delete()
        return deleted


class SourceRequest(models.Model):
    source = models.CharField(
        "source demandée",
        max_length=60,
        validators=[source_code],
        help_text="Le nom sous lequel les visites seront comptées, par exemple « forum-annecy ».",
    )
    organisation = models.CharField("organisme", max_length=120)
    email = models.EmailField(
        "adresse électronique",
        help_text="Utilisée seulement pour répondre ; la demande est effacée une fois traitée.",
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name="type de page", on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField("identifiant de la page")
    page = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField("reçue le", default=timezone.now, db_index=True)

    objects = SourceRequestQuerySet.as_manager()

    # Deleted within RETENTION_DAYS, as the privacy page promises: never copied into a backup,
    # which is kept far longer (careers_site/platform/backup.py).
    kept_in_backups = False

    class Meta:
        verbose_name = "demande de source"
        verbose_name_plural = "demandes de source"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.source} ({self.organisation})"

    def page_url(self):
        """The page the request is about, with the source, as an absolute address."""
        page = self.page
        return f"{settings.SITE_URL}{page.get_absolute_url()}?source={self.source}" if page else ""

    def approve(self):
        """Register the source (a dedicated /s/ link to the page), tell the counsellor, forget
        the request."""
        with transaction.atomic():
            if not is_registered_source(self.source):
                ShortLink.objects.create(
                    kind=ShortLinkKind.SOURCE,
                    code=shortlinks.free_code(
                        ShortLinkKind.SOURCE,
                        shortlinks.code_from_slug(self.source, limit=shortlinks.CODE_MAX_LENGTH),
                    ),
                    source=self.source,
                    content_type=self.content_type,
                    object_id=self.object_id,
                )
            self._answer(
                f"Votre source « {self.source} » est enregistrée",
                f"Bonjour,\n\nLa source « {self.source} » est enregistrée : les QR codes qui "
                f"la portent comptent désormais à part les visites qu'ils amènent.\n\n"
                f"{self.page_url()}\n\nVotre demande et votre adresse sont maintenant effacées.",
            )
            self.delete()

    def refuse(self):
        """Tell the counsellor, forget the request."""
        with transaction.atomic():
            self._answer(
                f"Votre demande de source « {self.source} »",
                f"Bonjour,\n\nLa source « {self.source} » n'a pas pu être enregistrée. "
                "Vous pouvez en demander une autre, ou écrire à l'équipe du site.\n\n"
                "Votre demande et votre adresse sont maintenant effacées.",
            )
            self.delete()

    def _answer(self, subject, body):
        # Raises if the mail cannot be sent: the request (and the address) stays until it is.
        send_mail(subject, body, None, [self.email])
