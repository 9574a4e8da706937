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


@pytest.mark.django_db(transaction=True)
def test_plain_text_typed_before_the_editor_becomes_escaped_paragraphs(back_to_latest):
    """Texts written before the rich-text editor keep their paragraphs and line breaks, and a
    « < » typed as text stays text."""
    before = [("professions", "0005_editorial_workflow"), ("trainings", "0004_editorial_workflow")]
    after = [
        ("professions", "0006_rich_text_from_plain_text"),
        ("trainings", "0005_rich_text_from_plain_text"),
    ]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    Profession = old_apps.get_model("professions", "Profession")
    Institute = old_apps.get_model("trainings", "Institute")
    common = {"sector": "soins", "tagline": "t", "summary": "s", "entry_level": 4}
    profession = Profession.objects.create(
        title_masculine="A",
        slug="aide-soignant",
        working_conditions="Horaires en 12 h\nweek-ends compris\n\nMoins de 1 nuit < 2 semaines",
        **common,
    )
    institute = Institute.objects.create(
        name="IFAS", slug="ifas", kind="ifas", commune="Vichy", departement="03", description=""
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    new_apps = executor.loader.project_state(after).apps
    converted = new_apps.get_model("professions", "Profession").objects.get(pk=profession.pk)
    assert converted.working_conditions == (
        "<p>Horaires en 12 h<br>week-ends compris</p><p>Moins de 1 nuit &lt; 2 semaines</p>"
    )
    untouched = new_apps.get_model("trainings", "Institute").objects.get(pk=institute.pk)
    assert untouched.description == ""
