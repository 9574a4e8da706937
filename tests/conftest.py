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


@pytest.fixture(autouse=True)
def offers_copies_stay_true(request):
    """After every test that used the database, each offer's copies of its institute's place
    and its diploma's order (trainings/copies.py) still match them: every write path the suite
    runs (the admin, the imports, the merges, the demo, the bulk loads) is checked."""
    uses_database = "_django_db_helper" in request.fixturenames or request.node.get_closest_marker(
        "django_db"
    )
    if uses_database:
        request.getfixturevalue("_django_db_helper")  # still open when this checks
    yield
    if uses_database:
        from django.db import connection

        from tests.trainings.copies import stale_copies

        # The test's own patches (a database that hangs…) are undone before the check; a
        # connection the test closed (a response closed) has nothing left to check.
        request.getfixturevalue("monkeypatch").undo()
        if connection.connection is not None and connection.is_usable():
            assert stale_copies() == {}, "an offer's copies differ from its institute or diploma"


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "equipe", "equipe@example.org", "un-mot-de-passe-solide"
    )
    client.force_login(user)
    return client
