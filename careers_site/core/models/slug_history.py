"""The addresses pages had before their slug changed (the rules: careers_site/core/slugs.py)."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models


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
