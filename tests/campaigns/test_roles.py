"""The editors' groups exist after migrate, with exactly their permissions; setup_roles
restores them if someone changed them by hand."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from campaigns.roles import GROUPS, ORGANISATION_EDITORS, REGIONAL_EDITORS

pytestmark = pytest.mark.django_db


def codenames(name):
    return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))


def test_groups_exist_after_migrate():
    assert set(GROUPS) <= set(Group.objects.values_list("name", flat=True))
    assert "change_campaign" in codenames(ORGANISATION_EDITORS)
    assert "change_institute" in codenames(REGIONAL_EDITORS)


def test_organisation_editors_cannot_edit_reference_content_and_vice_versa():
    organisation, regional = codenames(ORGANISATION_EDITORS), codenames(REGIONAL_EDITORS)
    assert not {p for p in organisation if p.endswith(("_institute", "_trainingoffer"))}
    assert "view_profession" in organisation and "change_profession" not in organisation
    assert not {p for p in regional if p.endswith(("_campaign", "_video", "_event"))}
    for group in (organisation, regional):
        assert not {p for p in group if "staffmembership" in p or p.endswith("_user")}


def test_setup_roles_is_idempotent_and_repairs_the_groups():
    group = Group.objects.get(name=ORGANISATION_EDITORS)
    group.permissions.add(Permission.objects.get(codename="delete_institute"))
    before = codenames(REGIONAL_EDITORS)

    out = io.StringIO()
    call_command("setup_roles", stdout=out)
    call_command("setup_roles", stdout=out)

    assert "delete_institute" not in codenames(ORGANISATION_EDITORS)
    assert codenames(REGIONAL_EDITORS) == before
    assert Group.objects.filter(name__in=GROUPS).count() == 2
    assert "Éditeurs d'organisme" in out.getvalue()
