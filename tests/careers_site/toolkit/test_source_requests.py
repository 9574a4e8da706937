"""A counsellor's own source (issue 28): an unknown source gets a page of the site that
explains it and still offers the sheet; a short form asks for one (no JavaScript, a hidden
field and a limit per address against robots); a regional editor approves or refuses it in
the admin, the counsellor is told by email, and the request is deleted, as it is after 30
days unanswered."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from careers_site.toolkit import forms as request_forms
from careers_site.toolkit.models import RETENTION_DAYS, ShortLink, ShortLinkKind, SourceRequest
from tests.factories import ProfessionFactory

pytestmark = pytest.mark.django_db

FORM_URL = "/demander-une-source/m/infirmier/"


@pytest.fixture
def infirmier():
    return ProfessionFactory(title_masculine="Infirmier", slug="infirmier")


def ask(client, **fields):
    data = {
        "source": "forum-annecy",
        "organisation": "CIO d'Annecy",
        "email": "conseil@example.org",
        "site_web": "",
        **fields,
    }
    return client.post(FORM_URL, data)


def pending_request(profession, **fields):
    return SourceRequest.objects.create(
        source=fields.pop("source", "forum-annecy"),
        organisation="CIO d'Annecy",
        email=fields.pop("email", "conseil@example.org"),
        content_type=ContentType.objects.get_for_model(profession),
        object_id=profession.pk,
        **fields,
    )


def test_an_unknown_source_on_the_sheet_is_a_friendly_page_that_still_offers_it(client, infirmier):
    response = client.get("/metiers/infirmier/fiche/?source=forum-annecy")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'id="contenu"' in html  # inside the site's layout
    assert "La source «&nbsp;forum-annecy&nbsp;» n'est pas enregistrée" in html
    assert 'href="/metiers/infirmier/fiche/">Ouvrir la page sans source' in html
    assert f'href="{FORM_URL}?source=forum-annecy">Demander cette source' in html


def test_the_sheet_and_the_poster_offer_the_request(client, infirmier):
    for url in ("/metiers/infirmier/fiche/", "/affiche/m/infirmier/"):
        assert f'href="{FORM_URL}"' in client.get(url).content.decode()


def test_the_form_is_prefilled_works_without_javascript_and_is_never_cached(client, infirmier):
    response = client.get(FORM_URL, {"source": "forum-annecy"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form method="post"' in html
    assert 'value="forum-annecy"' in html
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert client.get("/demander-une-source/m/inconnu/").status_code == 404


def test_a_request_is_saved_with_no_more_than_an_organisation_and_an_email(client, infirmier):
    response = ask(client, email="Conseil@Example.org")
    assert response.status_code == 200
    assert "Merci, votre demande est envoyée" in response.content.decode()
    saved = SourceRequest.objects.get()
    assert (saved.source, saved.organisation, saved.email) == (
        "forum-annecy",
        "CIO d'Annecy",
        "conseil@example.org",
    )
    assert saved.page == infirmier
    assert {f.name for f in SourceRequest._meta.concrete_fields} == {
        "id",
        "source",
        "organisation",
        "email",
        "content_type",
        "object_id",
        "created_at",
    }


def test_bad_input_gets_french_messages_and_keeps_what_was_typed(client, infirmier):
    response = ask(client, source="Forum Annecy!", email="pas-une-adresse")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Une source s&#x27;écrit en minuscules sans accent" in html
    assert "Saisissez une adresse de courriel valide." in html
    assert 'value="CIO d&#x27;Annecy"' in html
    assert 'aria-invalid="true"' in html
    assert SourceRequest.objects.count() == 0


def test_a_robot_filling_the_hidden_field_is_refused(client, infirmier):
    response = ask(client, site_web="https://spam.example")
    assert "n&#x27;a pas pu être envoyée" in response.content.decode()
    assert SourceRequest.objects.count() == 0


def test_one_email_may_have_three_pending_requests_not_four(client, infirmier):
    for n in range(3):
        ask(client, source=f"forum-{n}")
    assert SourceRequest.objects.count() == 3
    html = ask(client, source="forum-4").content.decode()
    assert "plusieurs demandes en attente" in html
    assert SourceRequest.objects.count() == 3
    ask(client, source="forum-4", email="autre@example.org")
    assert SourceRequest.objects.count() == 4


def test_one_address_may_send_five_requests_a_day_not_six(client, infirmier, monkeypatch):
    monkeypatch.setattr(request_forms, "REQUESTS_PER_ADDRESS", 2)
    ask(client, email="a@example.org")
    ask(client, email="b@example.org")
    assert SourceRequest.objects.count() == 2
    html = ask(client, email="c@example.org").content.decode()
    assert "Trop de demandes" in html
    assert SourceRequest.objects.count() == 2


def test_requests_are_deleted_after_thirty_days_at_most(infirmier):
    now = timezone.now()
    kept = pending_request(infirmier, created_at=now - datetime.timedelta(days=RETENTION_DAYS))
    pending_request(
        infirmier, source="trop-vieille", created_at=now - datetime.timedelta(days=30, seconds=1)
    )
    assert SourceRequest.objects.purge_expired(now) == 1
    assert list(SourceRequest.objects.all()) == [kept]
    kept.created_at = now - datetime.timedelta(days=31)
    kept.save()
    call_command("purge_source_requests")
    assert SourceRequest.objects.count() == 0


def test_a_regional_editor_approves_a_request(regional_editor, client, infirmier):
    source_request = pending_request(infirmier)
    changelist = reverse("admin:toolkit_sourcerequest_changelist")
    listing = regional_editor.get(changelist)
    assert listing.status_code == 200
    assert "forum-annecy" in listing.content.decode()
    response = regional_editor.post(
        changelist, {"action": "approve", "_selected_action": [source_request.pk]}, follow=True
    )
    assert response.status_code == 200
    link = ShortLink.objects.get(kind=ShortLinkKind.SOURCE, source="forum-annecy")
    assert link.target == infirmier
    assert SourceRequest.objects.count() == 0  # the address is gone
    (sent,) = mail.outbox
    assert sent.to == ["conseil@example.org"]
    assert "est enregistrée" in sent.subject
    assert "/metiers/infirmier/?source=forum-annecy" in sent.body
    # The sheet now takes the source.
    assert client.get("/metiers/infirmier/fiche/?source=forum-annecy").status_code == 200


def test_a_regional_editor_refuses_a_request(regional_editor, infirmier):
    source_request = pending_request(infirmier)
    regional_editor.post(
        reverse("admin:toolkit_sourcerequest_changelist"),
        {"action": "refuse", "_selected_action": [source_request.pk]},
    )
    assert SourceRequest.objects.count() == 0
    assert not ShortLink.objects.filter(kind=ShortLinkKind.SOURCE).exists()
    assert "n'a pas pu être enregistrée" in mail.outbox[0].body


def test_a_request_whose_answer_cannot_be_mailed_is_kept(regional_editor, infirmier, settings):
    settings.EMAIL_BACKEND = "tests.careers_site.toolkit.test_source_requests.BrokenMail"
    source_request = pending_request(infirmier)
    response = regional_editor.post(
        reverse("admin:toolkit_sourcerequest_changelist"),
        {"action": "approve", "_selected_action": [source_request.pk]},
        follow=True,
    )
    assert "n&#x27;a pas pu partir" in response.content.decode()
    assert SourceRequest.objects.count() == 1
    assert not ShortLink.objects.filter(kind=ShortLinkKind.SOURCE).exists()


class BrokenMail:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")


def test_the_privacy_page_says_what_is_kept_and_for_how_long(client):
    html = client.get(reverse("privacy")).content.decode()
    assert "Demandes de source des conseillers" in html
    assert "au plus tard 30&nbsp;jours" in html


def test_the_form_costs_a_fixed_number_of_queries(client, infirmier, django_assert_num_queries):
    client.get(FORM_URL)  # fills the site's cached settings
    with django_assert_num_queries(1):  # the page
        client.get(FORM_URL)
