import datetime

import pytest

from campaigns.sitemaps import CampaignSitemap, EventSitemap, VideoSitemap
from tests.factories import CampaignFactory, EventFactory, VideoFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("sitemap_class", "factory"),
    [
        (CampaignSitemap, CampaignFactory),
        (VideoSitemap, VideoFactory),
        (EventSitemap, EventFactory),
    ],
)
def test_sitemap_lists_published_items_with_their_last_change(sitemap_class, factory):
    published = factory()
    factory(draft=True)
    factory(scheduled=True)
    sitemap = sitemap_class()

    assert list(sitemap.items()) == [published]
    assert sitemap.location(published) == published.get_absolute_url()
    assert sitemap.lastmod(published) == published.updated_at


def test_video_sitemap_leaves_out_expired_rights():
    VideoFactory(rights_expire_on=datetime.date(2020, 1, 1))
    assert list(VideoSitemap().items()) == []
