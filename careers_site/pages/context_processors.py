from django.conf import settings
from django.core.cache import cache

from campaigns.signals import PARTNERS_CACHE_KEY
from careers_site.core.models import Organisation, SiteSettings


def footer_partners():
    partners = cache.get(PARTNERS_CACHE_KEY)
    if partners is None:
        partners = list(Organisation.objects.filter(show_as_partner=True))
        cache.set(PARTNERS_CACHE_KEY, partners, None)
    return partners


def site(request):
    """Brand and footer, read from the cache: no query on a warm request."""
    return {
        "site_settings": SiteSettings.load(),
        "footer_partners": footer_partners(),
        "demo_mode": settings.DEMO_MODE,
        "admin_url": "/" + settings.ADMIN_URL,
    }
