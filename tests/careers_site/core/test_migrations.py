"""Pages saved before short links existed get theirs when the migration runs."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

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


# Organisation and StaffMembership moved from campaigns to core (careers_site) in the same
# tables: the state before the move, and the leaves after it.
BEFORE_THE_MOVE = [
    ("careers_site", "0004_short_links_for_existing_pages"),
    ("campaigns", "0008_organisation_is_demonstration"),
    ("trainings", "0010_offer_application_route_and_institute_applications_url"),
    # not touched, but in the state the test uses
    ("admin", "0003_logentry_add_action_flag_choices"),
    ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
]


def _migrate_back_before_the_move():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    return executor.loader.project_state(BEFORE_THE_MOVE).apps


def _migrate_to_latest():
    from django.contrib.contenttypes.models import ContentType

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


@pytest.mark.django_db(transaction=True)
def test_organisations_move_to_core_and_keep_every_row_and_right(back_to_latest):
    old_apps = _migrate_back_before_the_move()
    ContentType = old_apps.get_model("contenttypes", "ContentType")
    Permission = old_apps.get_model("auth", "Permission")
    Group = old_apps.get_model("auth", "Group")
    User = old_apps.get_model("auth", "User")
    Version = old_apps.get_model("reversion", "Version")
    Revision = old_apps.get_model("reversion", "Revision")
    LogEntry = old_apps.get_model("admin", "LogEntry")
    # Going back renamed the content type to the label it had in campaigns.
    content_type = ContentType.objects.get(app_label="campaigns", model="organisation")
    assert not ContentType.objects.filter(app_label="careers_site", model="organisation").exists()

    organisation = old_apps.get_model("campaigns", "Organisation").objects.create(
        name="Agence régionale de santé Auvergne-Rhône-Alpes", slug="ars", kind="ars"
    )
    user = User.objects.create(username="editrice")
    membership = old_apps.get_model("campaigns", "StaffMembership").objects.create(
        user=user, organisation=organisation
    )
    campaign = old_apps.get_model("campaigns", "Campaign").objects.create(
        title="Prendre soin", slug="prendre-soin", owner=organisation, summary="<p>s</p>"
    )
    campaign.partners.add(organisation)
    aid = old_apps.get_model("trainings", "FinancialAid").objects.create(
        name="Aide", slug="aide", provider=organisation
    )
    group = Group.objects.create(name="Éditeurs régionaux (test)")
    group.permissions.add(
        Permission.objects.get(content_type=content_type, codename="change_organisation")
    )
    revision = Revision.objects.create(comment="", date_created=timezone.now())
    version = Version.objects.create(
        revision=revision,
        object_id=str(organisation.pk),
        content_type=content_type,
        db="default",
        format="json",
        serialized_data=f'[{{"model": "campaigns.organisation", "pk": {organisation.pk}, '
        '"fields": {"name": "ARS", "slug": "ars", "kind": "ars"}}]',
        object_repr="ARS",
    )
    log = LogEntry.objects.create(
        user=user, content_type=content_type, object_id=str(organisation.pk), action_flag=2
    )

    _migrate_to_latest()

    from django.contrib.admin.models import LogEntry as CurrentLogEntry
    from django.contrib.auth.models import Group as CurrentGroup
    from django.contrib.contenttypes.models import ContentType as CurrentContentType
    from reversion.models import Version as CurrentVersion

    from campaigns.models import Campaign
    from careers_site.core.models import Organisation, StaffMembership
    from trainings.models import FinancialAid

    moved = Organisation.objects.get(pk=organisation.pk)
    assert moved.name == "Agence régionale de santé Auvergne-Rhône-Alpes"
    assert StaffMembership.objects.get(pk=membership.pk).organisation == moved
    assert Campaign.objects.get(pk=campaign.pk).owner == moved
    assert list(Campaign.objects.get(pk=campaign.pk).partners.all()) == [moved]
    assert FinancialAid.objects.get(pk=aid.pk).provider == moved
    # The content type is the same row, renamed: rights, log and history follow.
    current = CurrentContentType.objects.get_for_model(Organisation)
    assert current.pk == content_type.pk
    assert not CurrentContentType.objects.filter(app_label="campaigns", model="organisation")
    holder = CurrentGroup.objects.get(pk=group.pk)
    assert {f"{p.content_type.app_label}.{p.codename}" for p in holder.permissions.all()} == {
        "careers_site.change_organisation"
    }
    assert CurrentLogEntry.objects.get(pk=log.pk).get_edited_object() == moved
    # The version of the history still reads (its serialised model is relabelled).
    history = CurrentVersion.objects.get_for_object(moved)
    assert [v.pk for v in history] == [version.pk]
    assert history[0].field_dict["name"] == "ARS"


@pytest.mark.django_db(transaction=True)
def test_a_content_type_already_made_for_core_is_merged_into_the_old_one(back_to_latest):
    """If `migrate` had already created the new content type (and its permissions, given to
    a group), the old one keeps its id and the group keeps its right."""
    old_apps = _migrate_back_before_the_move()
    ContentType = old_apps.get_model("contenttypes", "ContentType")
    Permission = old_apps.get_model("auth", "Permission")
    Group = old_apps.get_model("auth", "Group")
    old = ContentType.objects.get(app_label="campaigns", model="organisation")
    early = ContentType.objects.create(app_label="careers_site", model="organisation")
    early_permission = Permission.objects.create(
        content_type=early, codename="change_organisation", name="Can change organisme"
    )
    group = Group.objects.create(name="Arrivé avec la nouvelle étiquette")
    group.permissions.add(early_permission)

    _migrate_to_latest()

    from django.contrib.auth.models import Group as CurrentGroup
    from django.contrib.contenttypes.models import ContentType as CurrentContentType

    from careers_site.core.models import Organisation

    assert CurrentContentType.objects.get_for_model(Organisation).pk == old.pk
    assert not CurrentContentType.objects.filter(pk=early.pk).exists()
    holder = CurrentGroup.objects.get(pk=group.pk)
    assert [(p.content_type_id, p.codename) for p in holder.permissions.all()] == [
        (old.pk, "change_organisation")
    ]
