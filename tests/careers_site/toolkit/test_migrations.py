"""ShortLink and VisitCount moved from core to the toolkit in the same tables
(careers_site 0009, toolkit 0002): every row stays, the content types are the same rows
renamed, so the rights of the groups, the admin log and the former codes follow."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import ProfessionFactory

# The state before the move, and what it needs to write a group's right and a log entry.
BEFORE_THE_MOVE = [
    ("careers_site", "0008_short_link_former_codes"),
    ("toolkit", "0001_source_requests"),
    ("auth", "0012_alter_user_first_name_max_length"),
    ("admin", "0003_logentry_add_action_flag_choices"),
]


def _migrate(targets=None):
    from django.contrib.contenttypes.models import ContentType

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_latest():
    """Whatever happens, the database ends at the latest migrations of every app."""
    yield
    _migrate()


@pytest.mark.django_db(transaction=True)
def test_short_links_and_visits_keep_every_row_and_right_when_they_move(back_to_latest, client):
    profession = ProfessionFactory(slug="aide-soignant-de-nuit")
    old_apps = _migrate(BEFORE_THE_MOVE)
    ContentType = old_apps.get_model("contenttypes", "ContentType")
    Permission = old_apps.get_model("auth", "Permission")
    Group = old_apps.get_model("auth", "Group")
    User = old_apps.get_model("auth", "User")
    LogEntry = old_apps.get_model("admin", "LogEntry")
    ShortLink = old_apps.get_model("careers_site", "ShortLink")
    VisitCount = old_apps.get_model("careers_site", "VisitCount")
    # Going back renamed the content types to the labels they had in core.
    link_type = ContentType.objects.get(app_label="careers_site", model="shortlink")
    visit_type = ContentType.objects.get(app_label="careers_site", model="visitcount")
    moved = ["shortlink", "visitcount"]
    assert not ContentType.objects.filter(app_label="toolkit", model__in=moved)

    page_type = ContentType.objects.get(app_label="professions", model="profession")
    printed = ShortLink.objects.get(content_type=page_type, object_id=profession.pk, kind="m")
    # A code staff changed: the one printed on last year's posters is a former code now.
    printed.code, printed.former_codes = "nuit", "veille"
    printed.save()
    fair = ShortLink.objects.create(
        kind="s",
        code="salon-lyon",
        source="salon-lyon",
        content_type=page_type,
        object_id=profession.pk,
    )
    visits = VisitCount.objects.create(
        day=datetime.date(2026, 3, 14),
        path=profession.get_absolute_url(),
        source="salon-lyon",
        count=12,
    )
    group = Group.objects.create(name="Lecteurs des visites (test)")
    group.permissions.add(
        Permission.objects.get(content_type=visit_type, codename="view_visitcount")
    )
    editor = User.objects.create(username="editrice")
    log = LogEntry.objects.create(
        user=editor, content_type=link_type, object_id=str(printed.pk), action_flag=2
    )

    _migrate()

    from django.contrib.admin.models import LogEntry as CurrentLogEntry
    from django.contrib.auth.models import Group as CurrentGroup
    from django.contrib.contenttypes.models import ContentType as CurrentContentType

    from careers_site.toolkit.models import ShortLink as CurrentShortLink
    from careers_site.toolkit.models import VisitCount as CurrentVisitCount

    links = CurrentShortLink.objects.order_by("pk")
    assert [(link.pk, link.path, link.former_codes, link.source) for link in links] == [
        (printed.pk, "/m/nuit", "veille", ""),
        (fair.pk, "/s/salon-lyon", "", "salon-lyon"),
    ]
    assert [(v.pk, v.source, v.count) for v in CurrentVisitCount.objects.all()] == [
        (visits.pk, "salon-lyon", 12)
    ]
    # The content types are the same rows, renamed: rights and log follow.
    assert CurrentContentType.objects.get_for_model(CurrentShortLink).pk == link_type.pk
    assert CurrentContentType.objects.get_for_model(CurrentVisitCount).pk == visit_type.pk
    assert not CurrentContentType.objects.filter(app_label="careers_site", model__in=moved)
    holder = CurrentGroup.objects.get(pk=group.pk)
    assert {f"{p.content_type.app_label}.{p.codename}" for p in holder.permissions.all()} == {
        "toolkit.view_visitcount"
    }
    assert CurrentLogEntry.objects.get(pk=log.pk).get_edited_object() == links[0]
    # The code on last year's posters, the current one and the fair's still lead to the page.
    page = profession.get_absolute_url()
    for path, location in (
        ("/m/veille", page),
        ("/m/nuit", page),
        ("/s/salon-lyon", f"{page}?src=salon-lyon"),
    ):
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (302, location), path
