import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from careers_site.core.models import Status
from tests import factories
from tests.factories import (
    CampaignFactory,
    EventFactory,
    OrganisationFactory,
    ProfessionFactory,
    VideoFactory,
)

from .helpers import main_text_of, paris, text_of

pytestmark = pytest.mark.django_db


def campaign_url(campaign):
    return reverse("campaigns:detail", kwargs={"slug": campaign.slug})


class TestCampaignList:
    def test_lists_published_campaigns_only(self, client):
        CampaignFactory(title="Campagne en ligne")
        CampaignFactory(title="Campagne en brouillon", draft=True)
        CampaignFactory(title="Campagne programmée", scheduled=True)

        page = text_of(client.get(reverse("campaigns:list")))

        assert "Campagne en ligne" in page
        assert "Campagne en brouillon" not in page
        assert "Campagne programmée" not in page

    def test_card_counts_only_public_videos(self, client):
        campaign = CampaignFactory()
        VideoFactory.create_batch(2, campaign=campaign)
        VideoFactory(campaign=campaign, draft=True)
        VideoFactory(campaign=campaign, rights_expire_on=datetime.date(2020, 1, 1))

        assert "2 vidéos" in text_of(client.get(reverse("campaigns:list")))

    def test_empty_state(self, client):
        assert "Aucune campagne n'est en ligne" in text_of(client.get(reverse("campaigns:list")))

    @pytest.mark.parametrize("count", [1, 6])
    def test_query_count_does_not_grow(self, measure, count):
        for campaign in CampaignFactory.create_batch(count):
            VideoFactory(campaign=campaign)
        measure(reverse("campaigns:list"), 1)


class TestCampaignDetail:
    def test_shows_owner_partners_dates_channels_and_source(self, client):
        campaign = CampaignFactory(
            title="Les métiers du soin en vidéo",
            owner=OrganisationFactory(name="Agence régionale de santé Auvergne-Rhône-Alpes"),
            tagline="Six portraits de professionnels.",
            starts_on=datetime.date(2025, 11, 18),
            channels="Missions locales, Instagram",
            hashtags="#PrendreSoin",
            source_url="https://example.org/communique",
        )
        campaign.partners.set(
            [OrganisationFactory(short_name="DREETS"), OrganisationFactory(short_name="ANFH")]
        )

        response = client.get(campaign_url(campaign))
        page = text_of(response)

        assert response.content.decode().count("<h1") == 1
        assert "Agence régionale de santé Auvergne-Rhône-Alpes" in page
        assert "DREETS" in page and "ANFH" in page
        assert "Depuis le 18 novembre 2025" in page
        assert "Missions locales" in page and "Instagram" in page
        assert "#PrendreSoin" in page
        assert 'href="https://example.org/communique"' in response.content.decode()
        assert '<li aria-current="page">Les métiers du soin en vidéo</li>' in (
            response.content.decode()
        )

    def test_empty_fields_leave_no_trace(self, client):
        campaign = CampaignFactory(tagline="", channels="", hashtags="", source_url="")

        page = main_text_of(client.get(campaign_url(campaign)))

        for absent in ("None", "Où la voir", "Mots-dièse", "Source", "Dates", "Les vidéos"):
            assert absent not in page

    @pytest.mark.parametrize("trait", ["draft", "scheduled"])
    def test_unpublished_campaign_is_not_found(self, client, trait):
        campaign = CampaignFactory(**{trait: True})
        assert client.get(campaign_url(campaign)).status_code == 404

    def test_staff_preview_of_a_draft(self, staff_client):
        campaign = CampaignFactory(draft=True)

        response = staff_client.get(campaign_url(campaign) + "?apercu=1")

        assert response.status_code == 200
        assert "Aperçu" in text_of(response)
        assert "no-cache" in response["Cache-Control"]

    def test_episodes_in_order(self, client):
        campaign = CampaignFactory()
        for number in (3, 1, 2):
            VideoFactory(
                campaign=campaign, episode_number=number, title=f"Portrait numéro {number}"
            )

        page = text_of(client.get(campaign_url(campaign)))

        positions = [page.index(f"Portrait numéro {n}") for n in (1, 2, 3)]
        assert positions == sorted(positions)

    def test_hidden_episodes(self, client):
        campaign = CampaignFactory()
        VideoFactory(campaign=campaign, title="Portrait publié")
        VideoFactory(campaign=campaign, title="Portrait brouillon", draft=True)
        VideoFactory(
            campaign=campaign,
            title="Portrait aux droits expirés",
            rights_expire_on=datetime.date(2020, 1, 1),
        )
        VideoFactory(title="Portrait d'une autre campagne")

        page = text_of(client.get(campaign_url(campaign)))

        assert "Portrait publié" in page
        assert "Portrait brouillon" not in page
        assert "Portrait aux droits expirés" not in page
        assert "Portrait d'une autre campagne" not in page

    @time_machine.travel(paris(2025, 11, 20, 12), tick=False)
    def test_announced_episodes(self, client):
        campaign = CampaignFactory()
        VideoFactory(campaign=campaign, episode_number=1, title="Sara, aide-soignante")
        VideoFactory(
            campaign=campaign,
            episode_number=4,
            title="Titre encore secret",
            published_at=paris(2026, 1, 12, 10),
        )
        for number in (5, 6, 7):
            VideoFactory(
                campaign=campaign,
                episode_number=number,
                title=f"Brouillon annoncé {number}",
                draft=True,
                announced_for="janvier 2026",
            )
        VideoFactory(campaign=campaign, episode_number=8, title="Brouillon muet", draft=True)

        page = text_of(client.get(campaign_url(campaign)))

        assert "Épisode 4 – publication le lundi 12 janvier 2026" in page
        assert "3 épisodes annoncés pour janvier 2026" in page
        assert "Titre encore secret" not in page
        assert "Brouillon annoncé" not in page
        assert "Brouillon muet" not in page

    @time_machine.travel(paris(2025, 11, 20, 12), tick=False)
    def test_one_announced_episode_is_singular(self, client):
        campaign = CampaignFactory()
        VideoFactory(campaign=campaign, draft=True, announced_for="printemps 2026")

        page = text_of(client.get(campaign_url(campaign)))

        assert "Les premières vidéos arrivent bientôt" in page
        assert "1 épisode annoncé pour printemps 2026" in page

    def test_announced_episode_leaves_the_announcements_once_published(self, client):
        campaign = CampaignFactory()
        video = VideoFactory(
            campaign=campaign,
            episode_number=4,
            title="Eva",
            draft=True,
            announced_for="janvier 2026",
        )
        assert "1 épisode annoncé pour janvier 2026" in text_of(client.get(campaign_url(campaign)))

        video.status = Status.PUBLISHED
        video.published_at = timezone.now() - datetime.timedelta(hours=1)
        video.save()
        page = text_of(client.get(campaign_url(campaign)))

        assert "annoncé" not in page
        assert "Bientôt en ligne" not in page
        assert "Épisode 4 Eva" in page

    def test_scheduled_episode_appears_by_itself_at_its_date(self, client):
        with time_machine.travel(paris(2026, 1, 5, 12), tick=False):
            campaign = CampaignFactory()
            video = VideoFactory(
                campaign=campaign,
                episode_number=4,
                title="Quatrième portrait",
                published_at=paris(2026, 1, 12, 10),
            )
            page = text_of(client.get(campaign_url(campaign)))
            assert "Quatrième portrait" not in page
            assert "Épisode 4 – publication le lundi 12 janvier 2026" in page
            assert client.get(video.get_absolute_url()).status_code == 404

        with time_machine.travel(paris(2026, 1, 12, 10, 1), tick=False):
            page = text_of(client.get(campaign_url(campaign)))
            assert "Quatrième portrait" in page
            assert "publication le" not in page
            assert client.get(video.get_absolute_url()).status_code == 200
            assert "Quatrième portrait" in text_of(client.get(reverse("campaigns:video_list")))

    def test_testimonials(self, client):
        campaign = CampaignFactory()
        video = VideoFactory(campaign=campaign)
        factories.TestimonialFactory(
            campaign=campaign,
            first_name="Sara",
            role_label="aide-soignante",
            quote="C'est le patient qui est au centre, l'humain.",
            video=video,
        )
        factories.TestimonialFactory(campaign=campaign, first_name="Brouillon", draft=True)
        factories.TestimonialFactory(
            campaign=campaign, first_name="Expiré", rights_expire_on=timezone.localdate()
        )

        response = client.get(campaign_url(campaign))
        page = text_of(response)

        assert "« C'est le patient qui est au centre, l'humain. »" in page
        assert "Sara, aide-soignante" in page
        assert f'href="{video.get_absolute_url()}">voir la vidéo de Sara' in (
            response.content.decode()
        )
        assert "Brouillon" not in page
        assert "Expiré" not in page

    def test_testimonial_does_not_link_to_a_video_the_public_cannot_see(self, client):
        campaign = CampaignFactory()
        expired = VideoFactory(campaign=campaign, rights_expire_on=datetime.date(2020, 1, 1))
        draft = VideoFactory(campaign=campaign, draft=True)
        factories.TestimonialFactory(campaign=campaign, video=expired)
        factories.TestimonialFactory(campaign=campaign, video=draft)

        html = client.get(campaign_url(campaign)).content.decode()

        assert "voir la vidéo" not in html
        assert expired.get_absolute_url() not in html
        assert draft.get_absolute_url() not in html

    def test_professions_and_upcoming_events(self, client):
        campaign = CampaignFactory()
        campaign.professions.set(
            [
                ProfessionFactory(title_masculine="Aide-soignant", title_feminine="Aide-soignante"),
                ProfessionFactory(
                    title_masculine="Métier caché", title_feminine="Métier caché", draft=True
                ),
            ]
        )
        EventFactory(campaign=campaign, title="Forum à venir")
        EventFactory(
            campaign=campaign,
            title="Forum passé",
            starts_at=timezone.now() - datetime.timedelta(days=3),
        )
        EventFactory(campaign=campaign, title="Forum en brouillon", draft=True)

        page = text_of(client.get(campaign_url(campaign)))

        assert "Aide-soignant ou Aide-soignante" in page
        assert "Métier caché" not in page
        assert "Forum à venir" in page
        assert "Forum passé" not in page
        assert "Forum en brouillon" not in page

    @pytest.mark.parametrize("count", [1, 6])
    def test_query_count_does_not_grow(self, measure, count):
        campaign = CampaignFactory()
        campaign.partners.set(OrganisationFactory.create_batch(count))
        campaign.professions.set(ProfessionFactory.create_batch(count))
        for number in range(1, count + 1):
            video = VideoFactory(campaign=campaign, episode_number=number)
            factories.TestimonialFactory(campaign=campaign, video=video)
            EventFactory(campaign=campaign)
            VideoFactory(campaign=campaign, episode_number=number + 10, scheduled=True)
            VideoFactory(
                campaign=campaign, episode_number=number + 20, draft=True, announced_for="juin"
            )

        response = measure(campaign_url(campaign), 8)

        assert len(response.context["campaign"].episodes) == count
