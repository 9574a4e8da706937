"""What the toolkit registers from its ready(): the editors' rights on its own models."""

import pytest
from django.contrib.auth.models import Group

from campaigns.roles import ORGANISATION_EDITORS, REGIONAL_EDITORS, ensure_groups

pytestmark = pytest.mark.django_db


def held(name):
    permissions = Group.objects.get(name=name).permissions.select_related("content_type")
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}


def test_both_editors_groups_read_the_visit_counts_of_the_toolkit():
    ensure_groups()
    for name in (ORGANISATION_EDITORS, REGIONAL_EDITORS):
        rights = held(name)
        assert "toolkit.view_visitcount" in rights
        # Reading only; short links come with the rights on their page, never on their own.
        assert not {r for r in rights if r.endswith(("_visitcount", "_shortlink"))} - {
            "toolkit.view_visitcount"
        }
        assert not {r for r in rights if r.startswith("careers_site.") and "visit" in r}


def test_the_regional_editors_answer_the_source_requests():
    ensure_groups()
    assert {
        "toolkit.view_sourcerequest",
        "toolkit.change_sourcerequest",
        "toolkit.delete_sourcerequest",
    } <= held(REGIONAL_EDITORS)
    assert not {r for r in held(ORGANISATION_EDITORS) if r.endswith("_sourcerequest")}
