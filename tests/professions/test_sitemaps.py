import pytest
from django.contrib.sitemaps.views import sitemap
from django.test import RequestFactory
from django.utils import timezone

from professions.sitemaps import ProfessionSitemap
from tests.factories import ProfessionFactory

pytestmark = pytest.mark.django_db


def test_sitemap_lists_only_published_professions_with_their_last_change():
    public = ProfessionFactory()
    draft = ProfessionFactory(draft=True)
    scheduled = ProfessionFactory(scheduled=True)

    request = RequestFactory().get("/sitemap.xml")
    response = sitemap(request, sitemaps={"metiers": ProfessionSitemap})
    response.render()
    xml = response.content.decode()

    assert f"<loc>http://testserver{public.get_absolute_url()}</loc>" in xml
    assert f"<lastmod>{timezone.localdate(public.updated_at):%Y-%m-%d}</lastmod>" in xml
    assert draft.get_absolute_url() not in xml
    assert scheduled.get_absolute_url() not in xml
