import pytest

from .helpers import warm_site_cache


@pytest.fixture
def measure(client, django_assert_num_queries):
    """Fetch `url` anonymously with a warm site cache and pin its number of queries."""

    def fetch(url, queries):
        warm_site_cache()
        with django_assert_num_queries(queries):
            response = client.get(url)
        assert response.status_code == 200
        return response

    return fetch
