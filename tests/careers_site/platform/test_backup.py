"""manage.py backup then restore into an empty installation gives back every object and every
file, byte for byte (the suite runs on SQLite and on PostgreSQL)."""

import io
import json
import tarfile

import factory
import pytest
import reversion
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError

from careers_site.platform.backup import backed_up_models
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot():
    """Every backed-up object, serialised the way a fresh installation can compare it."""
    objects = []
    for model in backed_up_models():
        objects.extend(model._base_manager.order_by("pk"))
    data = json.loads(serializers.serialize("json", objects, use_natural_foreign_keys=True))
    for obj in data:  # many-to-many lists come in no guaranteed order
        for name, value in obj["fields"].items():
            if isinstance(value, list) and all(isinstance(v, int | str) for v in value):
                obj["fields"][name] = sorted(value, key=str)
    return json.dumps(data, sort_keys=True)


def media_snapshot(root):
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def content(django_user_model):
    editor = django_user_model.objects.create_user(
        "redactrice", "r@example.org", "un-mot-de-passe-solide", is_staff=True
    )
    profession = factories.ProfessionFactory(title_masculine="Aide-soignant")
    profession.interests.add("soin", "contact humain")
    diploma = factories.DiplomaFactory()
    diploma.professions.add(profession)
    factories.TrainingOfferFactory(diploma=diploma)
    factories.FinancialAidFactory(draft=True)
    factories.OrganisationFactory(
        logo=factory.django.ImageField(filename="ars.png", width=60, height=30),
        logo_alt="Logo de l'organisme",
    )
    video = factories.VideoFactory(
        video_file=factory.django.FileField(filename="portrait.mp4", data=b"\x00\x01" * 500),
        captions=factory.django.FileField(
            filename="portrait.vtt", data="WEBVTT\n\n00:00.000 --> 00:01.000\nÉté\n".encode()
        ),
    )
    factories.TestimonialFactory(video=video, campaign=video.campaign)
    factories.EventFactory(scheduled=True)
    LogEntry.objects.create(
        user=editor,
        content_type=ContentType.objects.get_for_model(profession),
        object_id=str(profession.pk),
        object_repr=str(profession),
        action_flag=ADDITION,
        change_message="Ajout",
    )
    # The editing history: a version of the profession, and one of a deleted aid that an
    # editor may still recover after the restore.
    with reversion.create_revision():
        reversion.set_user(editor)
        reversion.set_comment("Relecture")
        profession.save()
    deleted = factories.FinancialAidFactory(name="Aide supprimée par erreur")
    with reversion.create_revision():
        deleted.save()
    deleted.delete()
    return editor


def empty_installation(media_root):
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(media_root.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def test_round_trip_is_exact(content, settings, tmp_path):
    media_root = settings.MEDIA_ROOT
    before, files_before = snapshot(), media_snapshot(media_root)
    assert len(files_before) >= 3
    archive = tmp_path / "sauvegarde.tar.gz"
    out = io.StringIO()
    call_command("backup", output=str(archive), stdout=out)
    assert "Sauvegarde écrite" in out.getvalue()

    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
        manifest = json.load(tar.extractfile("manifest.json"))
    assert {"manifest.json", "data.json"} <= names
    assert {f"media/{name}" for name in files_before} <= names
    for model in backed_up_models():
        count = model._base_manager.count()
        assert manifest["models"].get(model._meta.label_lower, 0) == count, model
    assert manifest["models"]["auth.user"] >= 1
    assert manifest["models"]["admin.logentry"] == 1
    assert manifest["models"]["reversion.version"] >= 2
    assert manifest["models"]["reversion.revision"] >= 2
    assert set(manifest["media"]) == set(files_before)

    empty_installation(media_root)
    assert media_snapshot(media_root) == {}
    call_command("restore", str(archive), stdout=io.StringIO())

    after = snapshot()
    if after != before:  # a readable difference, object by object
        pairs = zip(json.loads(before), json.loads(after), strict=True)
        assert [(a, b) for a, b in pairs if a != b] == []
    assert media_snapshot(media_root) == files_before


def test_restore_refuses_a_database_with_content_unless_forced(content, settings, tmp_path):
    archive = tmp_path / "sauvegarde.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    before = snapshot()
    factories.ProfessionFactory(title_masculine="Ajouté après la sauvegarde")
    with pytest.raises(CommandError, match="installation vide"):
        call_command("restore", str(archive), stdout=io.StringIO())
    call_command("restore", str(archive), force=True, stdout=io.StringIO())
    assert snapshot() == before


def test_a_tampered_archive_changes_nothing(content, settings, tmp_path):
    archive = tmp_path / "sauvegarde.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    tampered = tmp_path / "alteree.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else None
            if member.name.startswith("media/") and member.name.endswith(".mp4"):
                data = b"remplace" + data[8:]
            target.addfile(member, io.BytesIO(data) if data is not None else None)
    empty_installation(settings.MEDIA_ROOT)
    with pytest.raises(CommandError, match="altéré"):
        call_command("restore", str(tampered), stdout=io.StringIO())
    assert media_snapshot(settings.MEDIA_ROOT) == {}


def test_an_archive_escaping_the_media_folder_is_refused(settings, tmp_path):
    hostile = tmp_path / "hostile.tar.gz"
    with tarfile.open(hostile, "w:gz") as tar:
        info = tarfile.TarInfo("../../evil.txt")
        info.size = 4
        tar.addfile(info, io.BytesIO(b"evil"))
    with pytest.raises(CommandError, match="Chemin refusé"):
        call_command("restore", str(hostile), stdout=io.StringIO())
    assert not (tmp_path.parent / "evil.txt").exists()


def test_not_an_archive(tmp_path):
    bogus = tmp_path / "pas-une-archive.tar.gz"
    bogus.write_bytes(b"bonjour")
    with pytest.raises(CommandError, match="illisible"):
        call_command("restore", str(bogus), stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)  # backup opens its own transaction
def test_backup_keeps_timestamps_to_the_microsecond(tmp_path):
    """Django's JSON cuts datetimes to milliseconds: 12:00:00.000412 would come back as 12:00."""
    import datetime as dt

    from careers_site.core.models import Organisation
    from tests.factories import OrganisationFactory

    organisation = OrganisationFactory()
    exact = dt.datetime(2026, 1, 5, 12, 0, 0, 412, tzinfo=dt.UTC)
    Organisation.objects.filter(pk=organisation.pk).update(created_at=exact)
    archive = tmp_path / "sauvegarde.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        data = json.load(tar.extractfile("data.json"))
    dumped = next(o for o in data if o["model"] == "careers_site.organisation")
    assert dumped["fields"]["created_at"] == "2026-01-05T12:00:00.000412Z"


def test_the_backup_takes_its_content_apps_from_the_setting(settings):
    """A content app added to CONTENT_APPS is backed up without touching the backup's code."""

    def labels():
        return {model._meta.app_label for model in backed_up_models()}

    assert set(settings.CONTENT_APPS) <= labels()
    assert "sessions" not in labels()
    settings.CONTENT_APPS = (*settings.CONTENT_APPS, "sessions")
    assert "sessions" in labels()


def test_short_lived_personal_data_stays_out_of_the_backups():
    """The toolkit's short links and visit counts are backed up; the counsellors' source
    requests, deleted within 30 days, never are (`kept_in_backups = False`)."""
    labels = {model._meta.label_lower for model in backed_up_models()}
    assert {"toolkit.shortlink", "toolkit.visitcount"} <= labels
    assert "toolkit.sourcerequest" not in labels
