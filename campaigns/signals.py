from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Organisation

PARTNERS_CACHE_KEY = "footer-partners"


@receiver([post_save, post_delete], sender=Organisation)
def forget_footer_partners(**kwargs):
    cache.delete(PARTNERS_CACHE_KEY)
