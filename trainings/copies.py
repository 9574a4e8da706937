"""An offer's copies of its institute's place (département, commune) and of its diploma's
order (level, name), read by every list of offers (`COPIED_FIELDS`), kept true with the
data:

- an offer copies them when saved (`TrainingOffer.save`) or created in bulk
  (`TrainingOffer.copy_related`, called by who creates it);
- an institute or a diploma saved passes its values to its offers, in one UPDATE of the
  offers whose copies differ;
- a bulk rewrite (`content_rewritten`: a backup restored, the search rebuilt, a commune load)
  and a migration copy them again for every offer (`copy_all`).

Nothing else writes an institute's place or a diploma's order without `save()`; a test runs
every path that does write them (tests/trainings/test_copies.py)."""

from django.db import DEFAULT_DB_ALIAS
from django.db.models import OuterRef, Q, Subquery
from django.db.models.signals import post_save

from careers_site.core.content import content_rewritten
from careers_site.platform.cache import bump_content_version

from .models import Diploma, Institute, TrainingOffer


def _institute_saved(sender, instance, raw=False, update_fields=None, using=None, **kwargs):
    if raw or (update_fields is not None and not {"departement", "commune"} & set(update_fields)):
        return
    place = {"departement": instance.departement, "commune": instance.commune}
    offers = TrainingOffer.objects.using(using).filter(institute=instance)
    offers.exclude(**place).update(**place)


def _diploma_saved(sender, instance, raw=False, update_fields=None, using=None, **kwargs):
    if raw or (update_fields is not None and not {"level", "name"} & set(update_fields)):
        return
    same_level = (
        Q(diploma_level__isnull=True) if instance.level is None else Q(diploma_level=instance.level)
    )
    TrainingOffer.objects.using(using).filter(diploma=instance).exclude(
        same_level & Q(diploma_name=instance.name)
    ).update(diploma_level=instance.level, diploma_name=instance.name)


def copy_all(using=DEFAULT_DB_ALIAS):
    """Copies them again for every offer, in one UPDATE (the migration that added them does
    the same with its own models)."""

    def of(model, relation, field):
        return Subquery(model.objects.filter(pk=OuterRef(relation)).values(field)[:1])

    return TrainingOffer.objects.using(using).update(
        departement=of(Institute, "institute_id", "departement"),
        commune=of(Institute, "institute_id", "commune"),
        diploma_level=of(Diploma, "diploma_id", "level"),
        diploma_name=of(Diploma, "diploma_id", "name"),
    )


def _rewritten(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    copy_all(using)
    bump_content_version()  # the pages rendered between the rewrite and the copies


def keep_copies_true():
    post_save.connect(_institute_saved, sender=Institute, dispatch_uid="offer-copies-institute")
    post_save.connect(_diploma_saved, sender=Diploma, dispatch_uid="offer-copies-diploma")
    content_rewritten.connect(_rewritten, dispatch_uid="offer-copies-rewritten")
