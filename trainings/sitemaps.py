"""Sitemap sections of the trainings app, registered in careers_site/pages/sitemaps.py."""

from django.contrib.sitemaps import Sitemap

from .models import Diploma, FinancialAid, Institute


class PublishedSitemap(Sitemap):
    model = None
    changefreq = "monthly"

    def items(self):
        return self.model.objects.published()

    def lastmod(self, obj):
        return obj.updated_at


class DiplomaSitemap(PublishedSitemap):
    model = Diploma
    priority = 0.7


class InstituteSitemap(PublishedSitemap):
    model = Institute
    priority = 0.6


class FinancialAidSitemap(PublishedSitemap):
    model = FinancialAid
    priority = 0.6
