"""A backup made before a model moved to another app names it by its old label (records,
content types, permissions of groups, versions of the history): it restores into the current
code whole. Organisation and StaffMembership were `campaigns.*`, ShortLink and VisitCount
`careers_site.*` (careers_site/core/moved_models.py)."""

import datetime
import hashlib
import io
import json
import tarfile

import pytest
import reversion
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client

from careers_site.core.models import Organisation, StaffMembership
from careers_site.core.moved_models import ORGANISATIONS_TO_CORE, SHORT_LINKS_TO_TOOLKIT
from careers_site.toolkit.models import ShortLink, VisitCount
from careers_site.toolkit.shortlinks import main_link
from professions.models import Profession
from tests.careers_site.platform.test_backup import content, empty_installation, snapshot

pytestmark = pytest.mark.django_db(transaction=True)
assert content  # the fixture, imported for the tests below


def _old_key(value, old):
    """A natural key [..., app_label, model] as a backup made before the move wrote it."""
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        label = ".".join(value[-2:])
        return [*value[:-2], *old[label].split(".")] if label in old else value
    if isinstance(value, list):
        return [_old_key(item, old) for item in value]
    return value


def as_made_before_the_move(archive, target, moved):
    """The same archive, with the labels the models of `moved` (old label -> new) had."""
    old = {new: old for old, new in moved.items()}
    with tarfile.open(archive) as source:
        members = {m.name: (m, source.extractfile(m).read()) for m in source.getmembers()}
    data = json.loads(members["data.json"][1])
    for obj in data:
        obj["model"] = old.get(obj["model"], obj["model"])
        for name, value in obj["fields"].items():
            obj["fields"][name] = _old_key(value, old)
        if obj["model"] == "reversion.version":
            for old_label, new in moved.items():
                obj["fields"]["serialized_data"] = obj["fields"]["serialized_data"].replace(
                    f'"model": "{new}"', f'"model": "{old_label}"'
                )
    body = json.dumps(data).encode()
    manifest = json.loads(members["manifest.json"][1])
    manifest["models"] = {old.get(k, k): v for k, v in manifest["models"].items()}
    manifest["data"] = {"sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}
    replaced = {"data.json": body, "manifest.json": json.dumps(manifest).encode()}
    with tarfile.open(target, "w:gz") as tar:
        for name, (member, raw) in members.items():
            raw = replaced.get(name, raw)
            member.size = len(raw)
            tar.addfile(member, io.BytesIO(raw))
    return body


def test_a_backup_made_before_the_move_restores_whole(content, settings, tmp_path):
    organisation = Organisation.objects.filter(logo_alt="Logo de l'organisme").get()
    StaffMembership.objects.create(user=content, organisation=organisation)
    group = Group.objects.create(name="Relecteurs des organismes")
    group.permissions.add(Permission.objects.get(codename="change_organisation"))
    with reversion.create_revision():
        organisation.save()
    before = snapshot()
    archive = tmp_path / "sauvegarde.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    old_archive = tmp_path / "sauvegarde-avant.tar.gz"
    body = as_made_before_the_move(archive, old_archive, ORGANISATIONS_TO_CORE)
    assert b'"campaigns.organisation"' in body and b'"careers_site.organisation"' not in body

    empty_installation(settings.MEDIA_ROOT)
    call_command("restore", str(old_archive), stdout=io.StringIO())

    assert snapshot() == before
    restored = Group.objects.get(name="Relecteurs des organismes")
    assert [p.content_type.app_label for p in restored.permissions.all()] == ["careers_site"]
    moved = Organisation.objects.get(pk=organisation.pk)
    history = reversion.models.Version.objects.get_for_object(moved)
    assert history[0].field_dict["name"] == organisation.name


def test_a_backup_made_before_the_short_links_moved_restores_whole(content, settings, tmp_path):
    profession = Profession.objects.get(title_masculine="Aide-soignant")
    link = main_link(profession)
    printed = link.code
    link.code = "aide-soignant-relu"
    link.save()  # the printed code becomes a former one
    VisitCount.objects.create(
        day=datetime.date(2026, 3, 14), path=profession.get_absolute_url(), count=12
    )
    group = Group.objects.create(name="Lecteurs des visites")
    group.permissions.add(Permission.objects.get(codename="view_visitcount"))
    before = snapshot()
    archive = tmp_path / "sauvegarde.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    old_archive = tmp_path / "sauvegarde-avant.tar.gz"
    body = as_made_before_the_move(archive, old_archive, SHORT_LINKS_TO_TOOLKIT)
    assert b'"careers_site.shortlink"' in body and b'"careers_site.visitcount"' in body
    assert b'"toolkit.shortlink"' not in body and b'"toolkit.visitcount"' not in body

    empty_installation(settings.MEDIA_ROOT)
    call_command("restore", str(old_archive), stdout=io.StringIO())

    assert snapshot() == before
    assert ShortLink.objects.get(pk=link.pk).former_codes == printed
    assert VisitCount.objects.get().count == 12
    restored = Group.objects.get(name="Lecteurs des visites")
    assert [p.content_type.app_label for p in restored.permissions.all()] == ["toolkit"]
    response = Client().get(f"/m/{printed}")
    assert (response.status_code, response["Location"]) == (302, profession.get_absolute_url())
