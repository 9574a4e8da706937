from django.contrib.sitemaps import Sitemap

from .models import Profession


class ProfessionSitemap(Sitemap):
    """The published job pages: the heart of the site, so the highest priority after home."""

    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Profession.objects.published()

    def lastmod(self, obj):
        return obj.updated_at
