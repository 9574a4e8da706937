"""Previews of drafts shown inside another page (issue 15, point 4): a testimonial on its
profession's page, an episode in its campaign, an offer on its institute's page. Seen by
their editor, marked as a preview, never cached; refused to others."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from campaigns.roles import ORGANISATION_EDITORS, ensure_groups
from careers_site.core.models import Status
from careers_site.core.publishing import draft_preview_url, preview_url
from tests.factories import (
    CampaignFactory,
    ProfessionFactory,
    StaffMembershipFactory,
    TestimonialFactory,
    TrainingOfferFactory,
    UserFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def roles():
    ensure_groups()


def editor_of(organisation, django_user_model):
    """An organisation's editor (the group « Éditeurs d'organisme »)."""
    user = UserFactory(is_staff=True)
    user.groups.set(Group.objects.filter(name=ORGANISATION_EDITORS))
    StaffMembershipFactory(user=user, organisation=organisation)
    return user


@pytest.fixture
def drafts():
    campaign = CampaignFactory()
    profession = ProfessionFactory()
    return {
        "testimonial": TestimonialFactory(
            campaign=campaign,
            profession=profession,
            status=Status.DRAFT,
            quote="Une citation encore en brouillon.",
        ),
        "video": VideoFactory(campaign=campaign, status=Status.DRAFT, title="Épisode brouillon"),
        "offer": TrainingOfferFactory(status=Status.DRAFT, places=17),
    }


def test_the_testimonial_link_puts_the_query_before_the_fragment(drafts):
    testimonial = drafts["testimonial"]
    url = draft_preview_url(testimonial)
    assert url == (
        f"{testimonial.profession.get_absolute_url()}"
        f"?apercu=campaigns.testimonial.{testimonial.pk}#temoignages"
    )
    offer = drafts["offer"]
    assert preview_url(offer) == (
        f"{offer.institute.get_absolute_url()}?apercu=trainings.trainingoffer.{offer.pk}"
        f"#offre-{offer.pk}"
    )


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("testimonial", "Une citation encore en brouillon."),
        ("offer", "17 places"),
    ],
)
def test_the_owner_sees_the_draft_inside_the_page(client, admin_user, drafts, kind, text):
    client.force_login(admin_user)
    response = client.get(draft_preview_url(drafts[kind]))
    assert response.status_code == 200
    html = response.content.decode()
    assert text in html
    assert "Aperçu&nbsp;: pas encore publié" in html
    assert "n&#x27;est pas encore visible du public" in html or "pas encore visible" in html
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_an_episode_is_previewed_in_its_campaign(client, admin_user, drafts):
    client.force_login(admin_user)
    video = drafts["video"]
    url = f"{video.campaign.get_absolute_url()}?apercu=campaigns.video.{video.pk}"
    html = client.get(url).content.decode()
    assert "Épisode brouillon" in html


@pytest.mark.parametrize("kind", ["testimonial", "offer"])
def test_the_public_never_sees_the_draft(client, drafts, kind):
    html = client.get(draft_preview_url(drafts[kind])).content.decode()
    assert "Une citation encore en brouillon." not in html
    assert "17 places" not in html


def test_an_editor_of_another_organisation_does_not_see_it(client, drafts, django_user_model):
    client.force_login(editor_of(CampaignFactory().owner, django_user_model))
    html = client.get(draft_preview_url(drafts["testimonial"])).content.decode()
    assert "Une citation encore en brouillon." not in html


def test_the_owner_editor_sees_it(client, drafts, django_user_model):
    owner = drafts["testimonial"].campaign.owner
    client.force_login(editor_of(owner, django_user_model))
    html = client.get(draft_preview_url(drafts["testimonial"])).content.decode()
    assert "Une citation encore en brouillon." in html


@pytest.mark.parametrize("value", ["campaigns.testimonial.x", "campaigns.testimonial.999", "1x"])
def test_odd_preview_values_are_harmless(client, admin_user, drafts, value):
    client.force_login(admin_user)
    profession = drafts["testimonial"].profession
    response = client.get(profession.get_absolute_url(), {"apercu": value})
    assert response.status_code == 200


def test_admin_view_on_site_of_a_draft_testimonial(client, admin_user, drafts):
    client.force_login(admin_user)
    testimonial = drafts["testimonial"]
    change = reverse("admin:campaigns_testimonial_change", args=[testimonial.pk])
    html = client.get(change).content.decode()
    assert draft_preview_url(testimonial).replace("&", "&amp;") in html or (
        draft_preview_url(testimonial) in html
    )
