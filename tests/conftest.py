import pytest
from django.core.cache import cache

from tests import shared_demo
from tests.databases import database_children_see  # noqa: F401 - work done in a child process
from tests.editors import (  # noqa: F401 - fixtures of the editors' roles
    ars,
    ars_editor,
    region,
    region_editor,
    regional_editor,
    staff_without_rights,
)
from tests.shared_demo import demo_content, demo_loaded_once  # noqa: F401 - fixtures
from tests.skip_guard import pytest_sessionfinish  # noqa: F401 - skipped tests fail in CI


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files go to a throwaway folder, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def clear_cache():
    """Each test starts with an empty cache, and none of the pages the page cache kept in this
    process (a test's page would otherwise be the next test's « previous copy »), nor the
    content version it remembers, nor the parts of pages it kept."""
    from careers_site.platform.cache import forget_local_parts, forget_remembered_version
    from careers_site.platform.page_cache import forget_local_copies

    cache.clear()
    forget_local_copies()
    forget_local_parts()
    forget_remembered_version()
    yield
    cache.clear()
    forget_local_copies()
    forget_local_parts()
    forget_remembered_version()


@pytest.fixture(autouse=True)
def demo_content_is_asked_for(request):
    """In a module that loads the demo once (tests/shared_demo.py), every test after the
    first that asks for it asks too: the others would run on a database that is not empty."""
    module = shared_demo.loaded_in()
    if module and "demo_content" not in request.fixturenames:
        pytest.fail(
            f"{module} holds the demo content loaded once for its tests: move this test to "
            "another module, or have it ask for demo_content."
        )


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "equipe", "equipe@example.org", "un-mot-de-passe-solide"
    )
    client.force_login(user)
    return client
