"""Editors of one organisation see and change only that organisation's campaign content; the
regional editors change the reference content; neither can reach the other's content by URL,
by a tampered form, by an autocomplete request, in the history or among deleted items."""

import pytest
from django.urls import reverse

from campaigns.models import Campaign, Event, Testimonial, Video
from tests.editors import make_editor, split_now
from tests.factories import (
    CampaignFactory,
    DiplomaFactory,
    EventFactory,
    FinancialAidFactory,
    InstituteFactory,
    ProfessionFactory,
    SocialAssetFactory,
    TestimonialFactory,
    TrainingOfferFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db


def url(model, view, *args):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


@pytest.fixture
def content(ars, region):
    """One of each campaign item for the ARS and for the Région."""
    items = {}
    for key, org in (("ars", ars), ("region", region)):
        campaign = CampaignFactory(owner=org, title=f"Campagne de {key}")
        items[key] = {
            "campaign": campaign,
            "video": VideoFactory(campaign=campaign, title=f"Vidéo de {key}"),
            "testimonial": TestimonialFactory(campaign=campaign, first_name=f"Témoin{key}"),
            "socialasset": SocialAssetFactory(campaign=campaign, title=f"Visuel de {key}"),
            "event": EventFactory(organiser=org, title=f"Forum de {key}"),
        }
    return items


# --- the matrix: which group may view / add / change / delete what -------------------------

CAMPAIGN_CONTENT = ("campaign", "video", "testimonial", "socialasset", "event")
REFERENCE_FACTORIES = {
    "profession": ProfessionFactory,
    "diploma": DiplomaFactory,
    "institute": InstituteFactory,
    "trainingoffer": TrainingOfferFactory,
    "financialaid": FinancialAidFactory,
}


@pytest.mark.parametrize("name", CAMPAIGN_CONTENT)
def test_organisation_editor_works_on_own_content_only(ars_editor, content, name):
    own, other = content["ars"][name], content["region"][name]
    model = type(own)

    changelist = ars_editor.get(url(model, "changelist"))
    assert changelist.status_code == 200
    shown = {obj.pk for obj in changelist.context["cl"].result_list}
    assert shown == {own.pk}

    assert ars_editor.get(url(model, "add")).status_code == 200
    assert ars_editor.get(url(model, "change", own.pk)).status_code == 200
    assert ars_editor.get(url(model, "delete", own.pk)).status_code == 200

    # Another organisation's item, by URL: refused as such, on the French 403 page.
    for view in ("change", "delete", "history"):
        response = ars_editor.get(url(model, view, other.pk))
        assert response.status_code == 403, view
        page = response.content.decode()
        assert "Ce contenu appartient à un autre organisme" in page, view
        assert "n&#x27;existe pas" not in page and str(other) not in page, view
    # An item that does not exist still says so.
    assert ars_editor.get(url(model, "change", 999999)).status_code == 302


@pytest.mark.parametrize("name", CAMPAIGN_CONTENT)
def test_organisation_editor_cannot_delete_another_organisations_item(ars_editor, content, name):
    other = content["region"][name]
    response = ars_editor.post(url(type(other), "delete", other.pk), {"post": "yes"})
    assert response.status_code == 403
    assert type(other).objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("name", sorted(REFERENCE_FACTORIES))
def test_organisation_editor_only_reads_reference_content(ars_editor, name):
    obj = REFERENCE_FACTORIES[name]()
    model = type(obj)
    readable = name == "profession"  # linked from testimonials, campaigns and events
    assert ars_editor.get(url(model, "changelist")).status_code == (200 if readable else 403)
    assert ars_editor.get(url(model, "add")).status_code == 403
    response = ars_editor.post(url(model, "delete", obj.pk), {"post": "yes"})
    assert response.status_code in (302, 403)
    assert model.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("name", sorted(REFERENCE_FACTORIES))
def test_regional_editor_manages_reference_content(regional_editor, name):
    obj = REFERENCE_FACTORIES[name]()
    model = type(obj)
    for view, args in (("changelist", ()), ("add", ()), ("change", (obj.pk,))):
        assert regional_editor.get(url(model, view, *args)).status_code == 200, view
    response = regional_editor.post(url(model, "delete", obj.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not model.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("name", CAMPAIGN_CONTENT)
def test_regional_editor_without_organisation_sees_no_campaign_content(
    regional_editor, content, name
):
    model = type(content["ars"][name])
    assert regional_editor.get(url(model, "changelist")).status_code == 403


def test_editor_without_membership_sees_nothing(content, django_user_model):
    stranger = make_editor("sans-organisme")
    response = stranger.get(url(Campaign, "changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


def test_superuser_sees_every_organisation(staff_client, content):
    response = staff_client.get(url(Campaign, "changelist"))
    assert {c.pk for c in response.context["cl"].result_list} == {
        content["ars"]["campaign"].pk,
        content["region"]["campaign"].pk,
    }


# --- tampered forms --------------------------------------------------------------------------


def test_changing_another_organisations_campaign_by_post_changes_nothing(ars_editor, content):
    other = content["region"]["campaign"]
    response = ars_editor.post(
        url(Campaign, "change", other.pk),
        {
            "title": "Piraté",
            "slug": other.slug,
            "summary": "x",
            "owner": other.owner_id,
            "status": "published",
            **split_now(),
        },
    )
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.title == "Campagne de region"


def test_campaign_cannot_be_given_to_another_organisation(ars_editor, content, region):
    own = content["ars"]["campaign"]
    data = {
        "title": own.title,
        "slug": own.slug,
        "summary": own.summary,
        "owner": region.pk,  # tampered: the Région's id
        "status": "published",
        **split_now(),
        "videos-TOTAL_FORMS": "0",
        "videos-INITIAL_FORMS": "0",
        "testimonials-TOTAL_FORMS": "0",
        "testimonials-INITIAL_FORMS": "0",
        "social_assets-TOTAL_FORMS": "0",
        "social_assets-INITIAL_FORMS": "0",
    }
    response = ars_editor.post(url(Campaign, "change", own.pk), data)
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in str(response.context["adminform"].form.errors)
    own.refresh_from_db()
    assert own.owner.name == "ARS Auvergne-Rhône-Alpes"


def test_video_cannot_be_added_to_another_organisations_campaign(ars_editor, content):
    other_campaign = content["region"]["campaign"]
    response = ars_editor.post(
        url(Video, "add"),
        {
            "campaign": other_campaign.pk,
            "title": "Intrus",
            "slug": "intrus",
            "orientation": "landscape",
            "status": "draft",
            **split_now(),
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "campaign" in errors and "Sélectionnez un choix valide" in str(errors["campaign"])
    assert not Video.objects.filter(slug="intrus").exists()


def test_event_cannot_be_organised_for_another_organisation(ars_editor, content, region):
    response = ars_editor.post(
        url(Event, "add"),
        {
            "title": "Intrus",
            "slug": "intrus",
            "kind": "forum",
            "starts_at_0": "01/06/2030",
            "starts_at_1": "10:00:00",
            "commune": "Lyon",
            "departement": "69",
            "organiser": region.pk,
            "status": "draft",
            **split_now(),
        },
    )
    assert response.status_code == 200
    assert "organiser" in response.context["adminform"].form.errors
    assert not Event.objects.filter(slug="intrus").exists()


def test_testimonial_cannot_point_at_another_organisations_video(ars_editor, content):
    own_campaign, other_video = content["ars"]["campaign"], content["region"]["video"]
    response = ars_editor.post(
        url(Testimonial, "add"),
        {
            "first_name": "Intruse",
            "role_label": "aide-soignante",
            "quote": "…",
            "profession": ProfessionFactory().pk,
            "campaign": own_campaign.pk,
            "video": other_video.pk,
            "status": "draft",
            **split_now(),
        },
    )
    assert response.status_code == 200
    assert "video" in response.context["adminform"].form.errors
    assert not Testimonial.objects.filter(first_name="Intruse").exists()


def test_add_form_offers_only_own_organisation(ars_editor, content, ars):
    response = ars_editor.get(url(Campaign, "add"))
    owner_field = response.context["adminform"].form.fields["owner"]
    assert list(owner_field.queryset) == [ars]
    assert response.context["adminform"].form.initial["owner"] == ars.pk


# --- autocomplete ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model_name", "field_name"),
    [("testimonial", "campaign"), ("testimonial", "video"), ("event", "campaign")],
)
def test_autocomplete_lists_only_own_items(ars_editor, content, model_name, field_name):
    response = ars_editor.get(
        reverse("admin:autocomplete"),
        {"app_label": "campaigns", "model_name": model_name, "field_name": field_name, "term": ""},
    )
    assert response.status_code == 200
    texts = [item["text"] for item in response.json()["results"]]
    assert texts and all("ars" in text for text in texts), texts


def test_campaign_list_filter_names_no_other_organisation(ars_editor, content):
    page = ars_editor.get(url(Video, "changelist")).content.decode()
    assert "Campagne de ars" in page
    assert "Campagne de region" not in page


# --- history and deleted items ---------------------------------------------------------------


def test_deleted_items_of_another_organisation_cannot_be_recovered(
    ars_editor, region_editor, content
):
    from reversion.models import Version

    other = content["region"]["campaign"]
    # The Région deletes its campaign: a version is kept before it goes.
    deleted = region_editor.post(url(Campaign, "delete", other.pk), {"post": "yes"})
    assert deleted.status_code == 302
    version = Version.objects.get_deleted(Campaign).get()

    recover_list = ars_editor.get(url(Campaign, "recoverlist"))
    assert recover_list.status_code == 200
    assert "Campagne de region" not in recover_list.content.decode()
    response = ars_editor.post(
        url(Campaign, "recover", version.pk),
        {
            "title": "Récupérée",
            "slug": other.slug,
            "summary": "x",
            "owner": other.owner_id,
            "status": "draft",
            **split_now(),
        },
    )
    assert response.status_code == 404
    assert not Campaign.objects.filter(pk=other.pk).exists()

    # The Région's own editor finds it among the deleted campaigns.
    assert "Campagne de region" in region_editor.get(url(Campaign, "recoverlist")).content.decode()


def test_editor_previews_own_drafts_only(ars_editor, ars, region):
    own = CampaignFactory(owner=ars, draft=True, title="Brouillon ARS")
    other = CampaignFactory(owner=region, draft=True, title="Brouillon Région")
    assert ars_editor.get(own.get_absolute_url(), {"apercu": "1"}).status_code == 200
    assert ars_editor.get(other.get_absolute_url(), {"apercu": "1"}).status_code == 404


def test_an_old_version_owned_by_another_organisation_cannot_be_restored(ars_editor, ars, region):
    import reversion
    from reversion.models import Version

    campaign = CampaignFactory(owner=region, title="Campagne transférée")
    with reversion.create_revision():
        campaign.save()  # the version of the Région's time
    old = Version.objects.get_for_object(campaign).get()
    campaign.owner = ars  # an administrator hands it over to the ARS
    campaign.save()

    revision_url = reverse("admin:campaigns_campaign_revision", args=[campaign.pk, old.pk])
    assert ars_editor.get(revision_url).status_code == 404
    response = ars_editor.post(
        revision_url,
        {
            "title": campaign.title,
            "slug": campaign.slug,
            "summary": "x",
            "owner": region.pk,
            "status": "draft",
            **split_now(),
        },
    )
    assert response.status_code == 404
    campaign.refresh_from_db()
    assert campaign.owner == ars
