"""Static files in production: hashed names, gzip and brotli copies made by collectstatic,
and a year of caching for the hashed files (WhiteNoise marks them immutable)."""

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import RequestFactory
from django.utils.cache import get_max_age
from whitenoise.middleware import WhiteNoiseMiddleware

ONE_YEAR = 365 * 24 * 60 * 60
# Closing a response sends request_finished, which looks at the database connection.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    return tmp_path_factory.mktemp("static")


@pytest.fixture
def collected(settings, static_root):
    """The production static files, collected once for the module (it takes seconds)."""
    settings.STATIC_ROOT = static_root
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    if not (static_root / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    return static_root


def test_collectstatic_makes_hashed_gzip_and_brotli_copies(collected):
    hashed = static("css/site.css")
    assert hashed != "/static/css/site.css"  # a hash in the name
    path = collected / hashed.removeprefix("/static/")
    assert path.exists()
    assert path.with_name(path.name + ".gz").exists()
    assert path.with_name(path.name + ".br").exists()
    assert path.with_name(path.name + ".br").stat().st_size < path.stat().st_size / 2


def test_hashed_files_are_cached_for_a_year_and_served_compressed(collected):
    middleware = WhiteNoiseMiddleware(lambda request: pytest.fail("not a static file"))
    request = RequestFactory().get(static("css/site.css"), HTTP_ACCEPT_ENCODING="gzip, br")
    response = middleware(request)
    assert response.status_code == 200
    assert get_max_age(response) >= ONE_YEAR
    assert "immutable" in response["Cache-Control"]
    assert response["Content-Encoding"] == "br"
    response.close()


def test_unhashed_names_are_not_cached_for_long(collected):
    middleware = WhiteNoiseMiddleware(lambda request: pytest.fail("not a static file"))
    response = middleware(RequestFactory().get("/static/css/site.css"))
    assert "immutable" not in response["Cache-Control"]
    response.close()
