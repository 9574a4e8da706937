from django.contrib.sitemaps import Sitemap

from .models import Campaign, Event, Video


class PublishedSitemap(Sitemap):
    """Only what the public may see; `lastmod` tells search engines what changed."""

    model = None

    def items(self):
        return self.model.objects.published()

    def lastmod(self, obj):
        return obj.updated_at


class CampaignSitemap(PublishedSitemap):
    model = Campaign
    changefreq = "monthly"
    priority = 0.6


class VideoSitemap(PublishedSitemap):
    model = Video
    changefreq = "monthly"
    priority = 0.6


class EventSitemap(PublishedSitemap):
    model = Event
    changefreq = "weekly"
    priority = 0.4
