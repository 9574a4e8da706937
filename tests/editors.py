"""Editors for the permission tests: an organisation editor of the ARS, one of the Région,
a regional editor (reference content) and a staff account with no rights, each logged in on
their own client."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from campaigns.roles import ORGANISATION_EDITORS, REGIONAL_EDITORS, ensure_groups
from careers_site.core.models import OrganisationKind, StaffMembership
from tests.factories import OrganisationFactory, UserFactory  # noqa: F401


def make_editor(username, organisation=None, groups=(ORGANISATION_EDITORS,)):
    ensure_groups()
    user = UserFactory(username=username, is_staff=True)
    user.groups.set(Group.objects.filter(name__in=groups))
    if organisation is not None:
        StaffMembership.objects.create(user=user, organisation=organisation)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def ars():
    return OrganisationFactory(name="ARS Auvergne-Rhône-Alpes", kind=OrganisationKind.ARS)


@pytest.fixture
def region():
    return OrganisationFactory(name="Région Auvergne-Rhône-Alpes", kind=OrganisationKind.REGION)


@pytest.fixture
def ars_editor(ars):
    return make_editor("editeur-ars", ars)


@pytest.fixture
def region_editor(region):
    return make_editor("editeur-region", region)


@pytest.fixture
def regional_editor():
    return make_editor("editeur-regional", groups=(REGIONAL_EDITORS,))


@pytest.fixture
def staff_without_rights(ars):
    """A staff account of the ARS in no group: it may open the admin and nothing else."""
    return make_editor("sans-droits", ars, groups=())


def split_now(prefix=""):
    now = timezone.localtime()
    return {
        f"{prefix}published_at_0": now.strftime("%d/%m/%Y"),
        f"{prefix}published_at_1": now.strftime("%H:%M:%S"),
    }
