"""Slug history: a page whose slug changes keeps answering its old address.

Models that set `remember_old_slugs = True` (every public detail page) record their old slug
when it changes; `PublicDetailView` answers an old slug with a permanent redirect, so links
already shared or printed keep working."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save, pre_save

from careers_site.core.models import SlugHistory


def slugged_models():
    return [model for model in apps.get_models() if getattr(model, "remember_old_slugs", False)]


def _remember_old_slug(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    old = sender._base_manager.filter(pk=instance.pk).values_list("slug", flat=True).first()
    instance._previous_slug = old


def _record_old_slug(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    previous = getattr(instance, "_previous_slug", None)
    if previous and previous != instance.slug:
        content_type = ContentType.objects.get_for_model(sender)
        SlugHistory.objects.get_or_create(
            content_type=content_type, old_slug=previous, defaults={"object_id": instance.pk}
        )
        # The page took back an address it had before: that one is current again.
        SlugHistory.objects.filter(content_type=content_type, old_slug=instance.slug).delete()
    instance._previous_slug = instance.slug


def connect_signals():
    for model in slugged_models():
        uid = f"slug-history-{model._meta.label_lower}"
        pre_save.connect(_remember_old_slug, sender=model, dispatch_uid=uid + "-pre")
        post_save.connect(_record_old_slug, sender=model, dispatch_uid=uid + "-post")


def find_renamed(model, slug):
    """The object that had `slug` before (None when no page ever had it)."""
    content_type = ContentType.objects.get_for_model(model)
    history = SlugHistory.objects.filter(content_type=content_type, old_slug=slug).first()
    return history.object_id if history else None
