import pytest

from tests.factories import DiplomaFactory, FinancialAidFactory, InstituteFactory
from trainings.sitemaps import DiplomaSitemap, FinancialAidSitemap, InstituteSitemap

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("sitemap_class", "factory"),
    [
        (DiplomaSitemap, DiplomaFactory),
        (InstituteSitemap, InstituteFactory),
        (FinancialAidSitemap, FinancialAidFactory),
    ],
    ids=["diplomas", "institutes", "aids"],
)
def test_sitemap_lists_published_pages_only(sitemap_class, factory):
    public = factory()
    factory(draft=True)
    factory(scheduled=True)
    sitemap = sitemap_class()

    assert list(sitemap.items()) == [public]
    assert sitemap.location(public) == public.get_absolute_url()
    assert sitemap.lastmod(public) == public.updated_at
