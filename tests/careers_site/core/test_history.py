"""Every save is kept: an editor compares two versions, restores an earlier one after a bad
edit (the public page shows the old text again) and recovers a deleted item."""

import pytest
from django.urls import reverse
from reversion.models import Version

from campaigns.models import Campaign
from tests.editors import split_now
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def campaign_data(campaign, **changes):
    data = {
        "title": campaign.title,
        "slug": campaign.slug,
        "summary": campaign.summary,
        "owner": campaign.owner_id,
        "status": "published",
        **split_now(),
        "videos-TOTAL_FORMS": "0",
        "videos-INITIAL_FORMS": "0",
        "testimonials-TOTAL_FORMS": "0",
        "testimonials-INITIAL_FORMS": "0",
        "social_assets-TOTAL_FORMS": "0",
        "social_assets-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


@pytest.fixture
def campaign(ars):
    return CampaignFactory(owner=ars, title="Web-série", summary="<p>Six portraits.</p>")


def save(client, campaign, **changes):
    response = client.post(
        reverse("admin:campaigns_campaign_change", args=[campaign.pk]),
        campaign_data(campaign, **changes),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def test_every_save_is_kept_with_who_and_when(ars_editor, campaign):
    save(ars_editor, campaign, summary="<p>Six portraits de soignants.</p>")
    save(ars_editor, campaign, summary="<p>Texte erroné.</p>")

    versions = Version.objects.get_for_object(campaign)
    assert versions.count() == 2
    assert {v.revision.user.username for v in versions} == {"editeur-ars"}

    history = ars_editor.get(reverse("admin:campaigns_campaign_history", args=[campaign.pk]))
    assert history.status_code == 200
    page = history.content.decode()
    assert page.count("editeur-ars") >= 2
    assert "Comparer les deux versions cochées" in page


def test_compare_shows_removed_and_added_words(ars_editor, campaign):
    save(ars_editor, campaign, summary="<p>Six portraits de soignants.</p>")
    save(ars_editor, campaign, summary="<p>Six portraits erronés.</p>")
    older, newer = sorted(v.pk for v in Version.objects.get_for_object(campaign))

    response = ars_editor.get(
        reverse("admin:campaigns_campaign_compare", args=[campaign.pk]),
        {"de": older, "a": newer},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "<del>de soignants.</del>" in page
    assert "<ins>erronés.</ins>" in page
    assert "Présentation" in page


def test_compare_of_another_organisations_item_is_refused(region_editor, ars_editor, campaign):
    save(ars_editor, campaign, summary="<p>Un.</p>")
    save(ars_editor, campaign, summary="<p>Deux.</p>")
    older, newer = sorted(v.pk for v in Version.objects.get_for_object(campaign))
    response = region_editor.get(
        reverse("admin:campaigns_campaign_compare", args=[campaign.pk]),
        {"de": older, "a": newer},
    )
    assert response.status_code == 403
    assert "appartient à un autre organisme" in response.content.decode()
    assert "Deux." not in response.content.decode()


def test_restore_after_a_bad_edit_brings_the_old_text_back(client, ars_editor, campaign):
    save(ars_editor, campaign, summary="<p>Six portraits de soignants.</p>")
    good = Version.objects.get_for_object(campaign).get()
    save(ars_editor, campaign, summary="<p>Texte erroné.</p>")
    assert "Texte erroné" in client.get(campaign.get_absolute_url()).content.decode()

    revision_url = reverse("admin:campaigns_campaign_revision", args=[campaign.pk, good.pk])
    form = ars_editor.get(revision_url)
    assert form.status_code == 200
    assert "Six portraits de soignants" in form.content.decode()
    campaign.refresh_from_db()
    assert campaign.summary == "<p>Texte erroné.</p>"  # looking changes nothing

    response = ars_editor.post(
        revision_url, campaign_data(campaign, summary=good.field_dict["summary"])
    )

    assert response.status_code == 302
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Six portraits de soignants" in page
    assert "Texte erroné" not in page
    assert Version.objects.get_for_object(campaign).count() == 3  # the restore is kept too


def test_deleted_item_is_recovered(client, ars_editor, campaign):
    save(ars_editor, campaign, summary="<p>Six portraits de soignants.</p>")
    pk, url = campaign.pk, campaign.get_absolute_url()
    deleted = ars_editor.post(
        reverse("admin:campaigns_campaign_delete", args=[pk]), {"post": "yes"}
    )
    assert deleted.status_code == 302
    assert not Campaign.objects.filter(pk=pk).exists()

    recover_list = ars_editor.get(reverse("admin:campaigns_campaign_recoverlist"))
    assert "Web-série" in recover_list.content.decode()
    version = Version.objects.get_deleted(Campaign).get()
    response = ars_editor.post(
        reverse("admin:campaigns_campaign_recover", args=[version.pk]),
        campaign_data(campaign, summary=version.field_dict["summary"]),
    )

    assert response.status_code == 302
    assert Campaign.objects.filter(pk=pk).exists()
    assert "Six portraits de soignants" in client.get(url).content.decode()


def test_content_never_saved_in_the_admin_is_still_recoverable(regional_editor):
    """An institute from an import or the demo has no version; deleting it keeps one."""
    from tests.factories import InstituteFactory
    from trainings.models import Institute

    institute = InstituteFactory(name="IFAS du Centre hospitalier de Saint-Flour")
    assert not Version.objects.get_for_object(institute).exists()
    regional_editor.post(
        reverse("admin:trainings_institute_delete", args=[institute.pk]), {"post": "yes"}
    )
    assert not Institute.objects.filter(pk=institute.pk).exists()

    deleted = Version.objects.get_deleted(Institute).get()
    assert deleted.field_dict["name"] == "IFAS du Centre hospitalier de Saint-Flour"
    assert deleted.revision.user.username == "editeur-regional"
    page = regional_editor.get(reverse("admin:trainings_institute_recoverlist")).content
    assert "Saint-Flour" in page.decode()


def test_bulk_delete_from_the_list_keeps_a_version_of_each(ars_editor, ars):
    campaigns = CampaignFactory.create_batch(2, owner=ars)
    response = ars_editor.post(
        reverse("admin:campaigns_campaign_changelist"),
        {"action": "delete_selected", "_selected_action": [c.pk for c in campaigns], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Campaign.objects.exists()
    assert Version.objects.get_deleted(Campaign).count() == 2
