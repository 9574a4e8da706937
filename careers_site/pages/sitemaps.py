"""sitemap.xml: the fixed pages of the site, then the published content of every app."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from campaigns.sitemaps import CampaignSitemap, EventSitemap, VideoSitemap
from professions.sitemaps import ProfessionSitemap
from trainings.sitemaps import DiplomaSitemap, FinancialAidSitemap, InstituteSitemap


class StaticViewSitemap(Sitemap):
    """Home, list pages and legal pages: the pages that are not content objects."""

    url_names = (
        "home",
        "professions:list",
        "orientation:questions",
        "trainings:offer_list",
        "trainings:diploma_list",
        "trainings:institute_list",
        "trainings:aid_list",
        "trainings:retraining",
        "campaigns:list",
        "campaigns:partner_list",
        "campaigns:video_list",
        "campaigns:event_list",
        "site_map",
        "accessibility",
        "accessibility_grid",
        "accessibility_scheme",
        "accessibility_plan",
        "legal",
        "privacy",
        "opendata:page",
        "opendata:api_docs",
    )

    def items(self):
        return list(self.url_names)

    def location(self, item):
        return reverse(item)

    def priority(self, item):
        return 1.0 if item == "home" else 0.5


sitemaps = {
    "pages": StaticViewSitemap,
    "metiers": ProfessionSitemap,
    "diplomes": DiplomaSitemap,
    "etablissements": InstituteSitemap,
    "aides": FinancialAidSitemap,
    "campagnes": CampaignSitemap,
    "videos": VideoSitemap,
    "agenda": EventSitemap,
}
