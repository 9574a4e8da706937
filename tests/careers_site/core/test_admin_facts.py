"""Bad input about facts is refused in the admin with a French message, and nothing is saved
(issue 25): a source without address or date, a review or consultation date in the future,
rights that expire before the publication."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from professions.models import Profession
from tests.factories import VideoFactory
from tests.professions.test_admin import form_data

pytestmark = pytest.mark.django_db

ADD = reverse("admin:professions_profession_add")
TOMORROW = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


def post(client, **overrides):
    response = client.post(ADD, form_data(**overrides))
    return response


def errors(response, field):
    return [str(e) for e in response.context["adminform"].form.errors.get(field, [])]


def test_a_source_without_address_is_refused(staff_client):
    response = post(staff_client, sources="ONISEP, fiche métier | | 2025-10")
    assert response.status_code == 200
    assert "ajoutez l'adresse de la source" in " ".join(errors(response, "sources"))
    assert not Profession.objects.exists()


def test_a_source_without_any_date_is_refused(staff_client):
    response = post(staff_client, sources="ONISEP, fiche métier | https://example.org/fiche")
    assert "ajoutez sa date" in " ".join(errors(response, "sources"))
    assert not Profession.objects.exists()


def test_a_source_dated_by_its_consultation_is_accepted(staff_client):
    response = post(
        staff_client,
        sources="ONISEP, fiche métier | https://example.org/fiche",
        sources_checked_on="2026-12-01",
    )
    assert response.status_code == 302
    assert Profession.objects.get().sources_list[0].date_label == "consultée le 1 décembre 2026"


@pytest.mark.parametrize("field", ["last_reviewed", "sources_checked_on"])
def test_a_date_in_the_future_is_refused(staff_client, field):
    response = post(staff_client, **{field: TOMORROW})
    assert "Cette date est dans le futur" in " ".join(errors(response, field))
    assert not Profession.objects.exists()


def test_rights_that_expire_before_the_publication_are_refused(staff_client):
    video = VideoFactory(title="Portrait")
    url = reverse("admin:campaigns_video_change", args=[video.pk])
    page = staff_client.get(url)
    form = page.context["adminform"].form
    data = {
        name: form[name].value() if form[name].value() is not None else ""
        for name in form.fields
        if name not in ("professions", "video_file", "poster", "captions")
    }
    data.update(
        {
            "published_at_0": "2026-03-01",
            "published_at_1": "10:00:00",
            "rights_expire_on": "2026-02-01",
            "campaign": video.campaign_id,
            "status": "published",
        }
    )
    data = {k: v for k, v in data.items() if not isinstance(v, list)}
    data.pop("published_at", None)
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "Les droits expirent avant la date de publication" in " ".join(
        errors(response, "rights_expire_on")
    )
    video.refresh_from_db()
    assert video.rights_expire_on is None
