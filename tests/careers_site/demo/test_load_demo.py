"""`manage.py load_demo`: safe to run again, all or nothing, and the accounts it makes. What it
loads is checked in test_demo_content.py."""

import datetime
import io
import re
import shutil
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from campaigns import models as campaigns_models
from campaigns.models import Campaign, Event, Video
from careers_site.core.models import Organisation
from careers_site.demo import content as demo
from professions.models import Profession
from trainings.models import Diploma, FinancialAid, Institute, TrainingOffer

CONTENT_MODELS = [
    Organisation,
    Profession,
    Diploma,
    Institute,
    TrainingOffer,
    FinancialAid,
    Campaign,
    Video,
    campaigns_models.Testimonial,
    Event,
]


def tiny_png(*args, **kwargs):
    return demo._png(demo.Image.new("RGB", (8, 8), "#0b5d73"), (4, 4))


@pytest.fixture(autouse=True)
def quick_drawings(monkeypatch):
    """Drawing the real pictures takes a couple of seconds: most tests do not need them."""
    monkeypatch.setattr(demo, "draw_illustration", tiny_png)
    monkeypatch.setattr(demo, "draw_poster", tiny_png)


@pytest.fixture
def debug(settings):
    settings.DEBUG = True
    return settings


def load_demo(*args):
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def printed_password(output):
    match = re.search(r"identifiant admin, mot de passe (\S+)", output)
    assert match, output
    return match.group(1)


def snapshot():
    """Every content row with its last modification, and every file under MEDIA_ROOT."""
    rows = {
        model.__name__: sorted(model.objects.values_list("pk", "updated_at"))
        for model in CONTENT_MODELS
    }
    media = Path(django_settings.MEDIA_ROOT)
    files = sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())
    return rows, files


# -- safety ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_refuses_to_run_without_debug(settings, django_user_model):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        load_demo()
    assert not Profession.objects.exists()
    assert not django_user_model.objects.filter(username="admin").exists()


@pytest.mark.django_db
def test_force_loads_without_debug(settings):
    settings.DEBUG = False
    load_demo("--force", "--no-admin")
    assert Profession.objects.count() == 30


@pytest.mark.django_db
def test_no_admin_option_creates_no_account(debug, django_user_model):
    output = load_demo("--no-admin")
    assert not django_user_model.objects.exists()
    assert "mot de passe" not in output


# -- idempotence ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_running_twice_changes_nothing(debug):
    load_demo("--no-admin")
    first = snapshot()
    output = load_demo("--no-admin")
    assert snapshot() == first
    assert "Rien n'a changé" in output
    assert first[0]["Profession"] and first[1]  # there was something to compare


@pytest.mark.django_db
def test_running_again_restores_edited_demo_content(debug):
    load_demo("--no-admin")
    Profession.objects.filter(slug="aide-soignant").update(tagline="Modifié à la main")
    Diploma.objects.get(slug="de-aide-soignant").professions.clear()
    load_demo("--no-admin")
    profession = Profession.objects.get(slug="aide-soignant")
    assert profession.tagline.startswith("Être là pour les autres")
    assert list(Diploma.objects.get(slug="de-aide-soignant").professions.all()) == [profession]


@pytest.mark.django_db
def test_real_drawings_are_stored_once_and_not_duplicated(debug, monkeypatch):
    monkeypatch.undo()  # the real drawings, this time
    load_demo("--no-admin")
    rows, files = snapshot()
    drawn = {p.hero_image.name for p in Profession.objects.all()} | {
        v.poster.name for v in Video.objects.published() if v.poster
    }
    assert len(drawn) >= 6  # 3 professions, 3 video posters at least
    assert {name.replace("\\", "/") for name in drawn} <= {f.replace("\\", "/") for f in files}
    load_demo("--no-admin")
    assert snapshot()[1] == files  # a second run adds, moves or renames no file

    for profession in Profession.objects.all():
        assert default_storage.exists(profession.hero_image.name)
        assert profession.hero_image_decorative  # abstract shapes: nothing to tell
    for video in Video.objects.published().filter(video_file=""):  # the portraits
        assert default_storage.exists(video.poster.name)
        assert video.title in video.poster_alt  # « Affiche de l'épisode 1 : Sara, aide-soignante. »


@pytest.mark.django_db
def test_the_fair_keeps_its_date_when_loaded_again(debug):
    load_demo("--no-admin")
    first = Event.objects.get().starts_at
    assert first.date() > timezone.localdate()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        load_demo("--no-admin")
    assert Event.objects.get().starts_at == first


# -- the admin account ----------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_account_works_with_the_printed_password(debug, client):
    output = load_demo()
    password = printed_password(output)
    assert f"http://127.0.0.1:8000/{django_settings.ADMIN_URL}" in output
    assert client.login(username="admin", password=password)
    assert client.get(reverse("admin:index")).status_code == 200

    new_password = printed_password(load_demo())
    assert new_password != password  # a fresh one at every run
    assert not client.login(username="admin", password=password)
    assert client.login(username="admin", password=new_password)
    assert get_user_model().objects.filter(username="admin").count() == 1


# -- broken data ----------------------------------------------------------------------------


@pytest.fixture
def fixtures_copy(tmp_path):
    target = tmp_path / "fixtures"
    shutil.copytree(demo.FIXTURES_DIR, target)
    return target


@pytest.mark.django_db
def test_a_typo_in_the_data_stops_everything_with_a_clear_message(debug, fixtures_copy):
    path = fixtures_copy / "trainings.toml"
    path.write_text(path.read_text().replace("rncp_code =", "rncp =", 1), encoding="utf-8")
    with pytest.raises(CommandError, match="« rncp »"):
        load_demo("--no-admin", "--fixtures-dir", str(fixtures_copy))
    assert not Profession.objects.exists()  # all or nothing


@pytest.mark.django_db
def test_an_unknown_slug_in_the_data_is_reported(debug, fixtures_copy):
    path = fixtures_copy / "campaigns.toml"
    path.write_text(
        path.read_text().replace('owner = "region-auvergne-rhone-alpes"', 'owner = "region"'),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="« region »"):
        load_demo("--no-admin", "--fixtures-dir", str(fixtures_copy))


# -- demo editors ---------------------------------------------------------------------------


def editor_password(output, username):
    match = re.search(rf"identifiant {username}, mot de passe (\S+)", output)
    assert match, output
    return match.group(1)


@pytest.mark.django_db
def test_demo_editors_can_log_in_and_each_sees_only_their_organisation(debug, client):
    output = load_demo()

    for username, own, other in (
        ("editeur-ars", "webserie-metiers-du-soin", "region-manipulateur-radio"),
        ("editeur-region", "region-manipulateur-radio", "webserie-metiers-du-soin"),
    ):
        client.logout()
        assert client.login(username=username, password=editor_password(output, username))
        page = client.get(reverse("admin:campaigns_campaign_changelist"))
        assert page.status_code == 200
        slugs = {campaign.slug for campaign in page.context["cl"].result_list}
        assert own in slugs and other not in slugs
    # The Région's editor also edits the shared reference content; the ARS's does not.
    assert client.get(reverse("admin:trainings_institute_add")).status_code == 200
    client.logout()
    client.login(username="editeur-ars", password=editor_password(output, "editeur-ars"))
    assert client.get(reverse("admin:trainings_institute_add")).status_code == 403


@pytest.mark.django_db
def test_demo_editors_get_a_new_password_at_every_run_and_stay_single(debug, django_user_model):
    first = editor_password(load_demo(), "editeur-ars")
    second = editor_password(load_demo(), "editeur-ars")
    assert first != second
    user = django_user_model.objects.get(username="editeur-ars")
    assert user.memberships.count() == 1 and not user.is_superuser


@pytest.mark.django_db
@pytest.mark.parametrize("args", [("--force",), ("--force", "--no-admin")])
def test_no_demo_editor_without_debug(settings, django_user_model, args):
    settings.DEBUG = False
    output = load_demo(*args)
    assert not django_user_model.objects.filter(username__startswith="editeur-").exists()
    assert "editeur-" not in output


@pytest.mark.django_db
def test_no_demo_editor_with_no_admin(debug, django_user_model):
    load_demo("--no-admin")
    assert not django_user_model.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("address", "printed"),
    [
        ((), "http://127.0.0.1:8000/admin/"),
        (("--address", "127.0.0.1:8042"), "http://127.0.0.1:8042/admin/"),
        (("--address", "8043"), "http://127.0.0.1:8043/admin/"),
        (("--address", "0.0.0.0:8044"), "http://127.0.0.1:8044/admin/"),
    ],
)
def test_the_admin_address_printed_is_the_one_served(debug, address, printed):
    """`make run` passes its RUNSERVER_ADDR: the admin's address printed is where it serves."""
    assert f"Administration : {printed} — identifiant admin" in load_demo(*address)
