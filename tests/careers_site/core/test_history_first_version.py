"""Content that no admin form saved (the demonstration content, an import) starts its history
with a first version, and the comparison lists only the fields an edit really changed
(issue 25)."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from careers_site.core.history import compare_versions, write_versions
from professions.models import Profession
from tests.factories import ProfessionFactory
from trainings.models import Institute

pytestmark = pytest.mark.django_db

FINESS = Path(__file__).parents[2] / "trainings" / "finess" / "structures-region.json"


def test_a_first_version_is_written_with_its_comment():
    profession = ProfessionFactory()
    write_versions([profession], comment="Contenu de démonstration")
    [version] = Version.objects.get_for_object(profession)
    assert version.revision.comment == "Contenu de démonstration"
    assert version.revision.user is None


def test_a_one_field_edit_is_listed_as_one_changed_field():
    profession = ProfessionFactory(
        summary="Une ligne.\nUne autre ligne.", missions="Accueillir\nSoigner"
    )
    write_versions([profession], comment="Contenu de démonstration")
    # What a browser posts back: text areas with « \r\n », times to the second.
    profession.summary = "Une ligne.\r\nUne autre ligne."
    profession.missions = "Accueillir\r\nSoigner"
    profession.published_at = profession.published_at.replace(microsecond=0)
    profession.tagline = "Une accroche nouvelle."
    profession.save()
    write_versions([profession], comment="Modifié")
    newer, older = Version.objects.get_for_object(profession)
    rows = compare_versions(Profession, older, newer)
    assert [label for label, _diff in rows] == ["Accroche"]


def test_a_real_change_of_lines_is_still_a_change():
    profession = ProfessionFactory(missions="Accueillir\nSoigner")
    write_versions([profession])
    profession.missions = "Accueillir\r\nSoigner\r\nTransmettre"
    profession.save()
    write_versions([profession])
    newer, older = Version.objects.get_for_object(profession)
    assert [label for label, _ in compare_versions(Profession, older, newer)] == [
        "Missions au quotidien"
    ]


def test_load_demo_gives_every_item_a_first_version_once(settings):
    settings.DEBUG = True
    call_command("load_demo", "--no-admin", stdout=io.StringIO())
    profession = Profession.objects.get(slug="ambulancier")
    [version] = Version.objects.get_for_object(profession)
    assert version.revision.comment == "Contenu de démonstration"
    call_command("load_demo", "--no-admin", stdout=io.StringIO())
    assert Version.objects.get_for_object(profession).count() == 1  # nothing changed


def test_a_finess_import_is_the_first_version_of_its_institutes():
    call_command("import_finess", str(FINESS), stdout=io.StringIO())
    institute = Institute.objects.get(source_id="150780001")
    [version] = Version.objects.get_for_object(institute)
    today = timezone.localdate()
    assert version.revision.comment.startswith("Import FINESS du ")
    assert version.revision.comment.endswith(str(today.year))


def browser_post_data(form):
    """What a browser posts back from an unchanged admin form: the rendered values, a text
    area's lines ending with « \\r\\n », a date and time split and to the second."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or name in ("hero_image", "interests"):
            continue
        if isinstance(value, datetime.datetime):
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = f"{local:%Y-%m-%d}", f"{local:%H:%M:%S}"
        elif isinstance(value, list):
            data[name] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value).replace("\r\n", "\n").replace("\n", "\r\n")
    return data


def test_a_one_field_edit_in_the_admin_is_one_changed_field(staff_client):
    profession = ProfessionFactory(
        summary="Une ligne.\nUne autre ligne.",
        other_names="AS\nAide-soignante",
        sources="Une page | https://example.org/page | 2025-11-18\n"
        "Une autre | https://example.org/autre | 2025-10",
    )
    write_versions([profession], comment="Contenu de démonstration")
    url = reverse("admin:professions_profession_change", args=[profession.pk])
    form = staff_client.get(url).context["adminform"].form
    data = browser_post_data(form)
    data.update(
        {
            "tagline": "Une accroche nouvelle.",
            "situations-TOTAL_FORMS": "0",
            "situations-INITIAL_FORMS": "0",
        }
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    newer, older = Version.objects.get_for_object(profession)[:2]
    assert [label for label, _ in compare_versions(Profession, older, newer)] == ["Accroche"]
