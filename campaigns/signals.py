from django.db.models.signals import post_delete
from django.dispatch import receiver

from . import renditions
from .models import SocialAsset


@receiver(post_delete, sender=SocialAsset)
def delete_renditions(instance, **kwargs):
    renditions.forget_renditions(instance)
