"""Merging two institutes that are one school (a FINESS record and a Parcoursup one, say),
from the admin: the kept one takes the other's offers, places matched for review, codes it
lacks (FINESS number, UAI), old addresses and short links; the other becomes a draft that
points at it (`Institute.merged_into`), so that its page address and its printed short link
keep leading to the school."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.dispatch import Signal

from careers_site.core.models import SlugHistory, Status

from .models import Institute, ProximityMatch, TrainingOffer

# Sent by `merge_institutes`, inside its transaction, with `kept` and `removed`: what a site
# feature keeps per page goes over (the toolkit's short links, connected in its ready()).
# A receiver answers {what: how many moved}, for the editor's message.
institutes_merged = Signal()


def _free_slug(slug):
    candidate = f"{slug}-fusionne"[:140]
    while Institute.objects.filter(slug=candidate).exists():
        candidate = f"{candidate[:136]}-bis"
    return candidate


@transaction.atomic
def merge_institutes(kept, removed):
    """Merge `removed` into `kept`; returns what moved, for the editor's message."""
    if kept.pk == removed.pk:
        raise ValueError("Un établissement ne peut pas être fusionné avec lui-même.")
    moved = {
        "offers": TrainingOffer.objects.filter(institute=removed).update(
            institute=kept, departement=kept.departement, commune=kept.commune
        )
    }
    ProximityMatch.objects.filter(institute=removed).update(institute=kept)
    codes = []
    for name in ("source_id", "uai"):
        value = getattr(removed, name)
        if value and not getattr(kept, name):
            setattr(removed, name, "")
            removed.save(update_fields=[name])
            setattr(kept, name, value)
            codes.append(name)
    if codes:
        kept.save(update_fields=codes)
    content_type = ContentType.objects.get_for_model(Institute)
    old_slug = removed.slug
    removed.slug = _free_slug(old_slug)
    removed.status = Status.DRAFT
    removed.merged_into = kept
    removed.save()  # records the old slug (careers_site/core/slugs.py), re-pointed below
    moved["addresses"] = SlugHistory.objects.filter(
        content_type=content_type, object_id=removed.pk
    ).update(object_id=kept.pk)
    for _receiver, answer in institutes_merged.send(Institute, kept=kept, removed=removed):
        for name, count in (answer or {}).items():
            moved[name] = moved.get(name, 0) + count
    return moved
