from django.conf import settings

from careers_site.core.models import Organisation, SiteSettings
from careers_site.pages.accessibility import audit


def site(request):
    """Brand and footer, read from the cache: no query on a warm request."""
    return {
        "site_settings": SiteSettings.load(),
        # Read only when the footer is built: it is kept until the next change (base.html).
        "footer_partners": Organisation.objects.footer_partners,
        "demo_mode": settings.DEMO_MODE,
        "admin_url": "/" + settings.ADMIN_URL,
        # The conformity level shown in the footer and on the home page: from the audit grid.
        "accessibility_audit": audit(),
        "feedback_url": settings.FEEDBACK_URL,
    }
