"""Pages saved before short links existed get theirs when the migration runs."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("careers_site", "0003_toolkit_short_links_slug_history_visits"),
    ("professions", "0004_upload_validators"),
    ("campaigns", "0004_upload_validators"),
    ("trainings", "0003_fill_search_documents_and_communes"),
]
AFTER = [("careers_site", "0004_short_links_for_existing_pages")]


@pytest.fixture
def back_to_latest():
    """Whatever happens, the database ends at the latest migrations of every app."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_existing_pages_get_their_short_links(back_to_latest):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    Profession = old_apps.get_model("professions", "Profession")
    ShortLink = old_apps.get_model("careers_site", "ShortLink")
    common = {"sector": "soins", "tagline": "t", "summary": "s", "entry_level": 4}
    first = Profession.objects.create(title_masculine="A", slug="aide-soignant", **common)
    second = Profession.objects.create(title_masculine="B", slug="aide-soignant-de-nuit", **common)
    assert not ShortLink.objects.exists()

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new_apps = executor.loader.project_state(AFTER).apps
    links = new_apps.get_model("careers_site", "ShortLink").objects
    assert {(link.object_id, link.kind, link.code) for link in links.all()} == {
        (first.pk, "m", "aide-soignant"),
        (second.pk, "m", "aide-soignant-2"),
    }
