from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from careers_site.core.models import Organisation

from . import renditions
from .models import SocialAsset

PARTNERS_CACHE_KEY = "footer-partners"


@receiver([post_save, post_delete], sender=Organisation)
def forget_footer_partners(**kwargs):
    cache.delete(PARTNERS_CACHE_KEY)


@receiver(post_delete, sender=SocialAsset)
def delete_renditions(instance, **kwargs):
    renditions.forget_renditions(instance)
