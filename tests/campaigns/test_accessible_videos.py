"""Videos anyone can follow: captions that parse, a transcript, no publication without them,
platform players that load nothing before a click, and the next episode announced."""

import datetime
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from campaigns.embeds import EMBED_FRAME_ORIGINS, embed_url
from campaigns.models import ACCESSIBLE_VIDEO_MESSAGE, Video
from campaigns.validators import parse_webvtt
from careers_site.core.models import Status
from tests.factories import CampaignFactory, VideoFactory

from .helpers import paris, text_of

pytestmark = pytest.mark.django_db

VTT = (
    b"WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.500\nBonjour.\n\n00:02.500 --> 00:05.000\nAu revoir.\n"
)

# The first bytes of a real MP4 file (an ISO box "ftyp"), as the upload check demands.
MP4_BYTES = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


def upload(name, content):
    return SimpleUploadedFile(name, content)


class TestWebVTT:
    def test_cues_with_and_without_hours_identifiers_and_notes(self):
        text = "\ufeffWEBVTT - démo\r\n\r\nNOTE un commentaire\r\n\r\n" + VTT.decode()[8:]
        cues = parse_webvtt(text)
        assert [(start, end) for _, start, end, _ in cues] == [(0.0, 2.5), (2.5, 5.0)]
        assert cues[0][3] == "Bonjour."

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            (
                "1\n00:00.000 --> 00:01.000\nSRT ?",
                "ligne 1 : le fichier doit commencer par « WEBVTT »",
            ),
            ("WEBVTT\n\n00:00,000 --> 00:01,000\nVirgule", "ligne 3 : « 00:00,000 --> 00:01,000 »"),
            ("WEBVTT\n\n1\n00:00:03.000 --> 00:00:01.000\nÀ l'envers", "ligne 4 : la fin du"),
            ("WEBVTT\n\n00:05.000 --> 00:06.000\nA\n\n00:01.000 --> 00:02.000\nB", "ligne 6"),
            ("WEBVTT\n", "aucun sous-titre"),
        ],
    )
    def test_first_error_with_its_line_number(self, text, message):
        with pytest.raises(ValueError, match=re.escape(message)):
            parse_webvtt(text)

    def test_invalid_file_is_refused_in_plain_french(self):
        video = VideoFactory.build(
            campaign=CampaignFactory(), captions=upload("x.vtt", b"WEBVTT\n\n00:01 --> 00:02\nA")
        )
        with pytest.raises(ValidationError) as error:
            video.full_clean()
        assert "Sous-titres illisibles, ligne 3" in str(error.value.message_dict["captions"])

    def test_file_not_in_utf8_is_refused(self):
        video = VideoFactory.build(
            campaign=CampaignFactory(),
            captions=upload("x.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nÉté".encode("latin-1")),
        )
        with pytest.raises(ValidationError, match="UTF-8"):
            video.full_clean()


class TestPublicationRule:
    def test_self_hosted_video_needs_captions_and_transcript(self):
        video = VideoFactory.build(
            campaign=CampaignFactory(), video_file=upload("a.mp4", MP4_BYTES), transcript=""
        )
        with pytest.raises(ValidationError) as error:
            video.full_clean()
        assert error.value.message_dict["status"] == [ACCESSIBLE_VIDEO_MESSAGE]

        video.status = Status.DRAFT
        video.full_clean()  # a draft may wait for them

        video.status = Status.PUBLISHED
        video.captions = upload("a.vtt", VTT)
        video.transcript = "Bonjour. Au revoir."
        video.full_clean()

    def test_platform_video_needs_a_transcript(self):
        video = VideoFactory.build(
            campaign=CampaignFactory(), platform_url="https://vimeo.com/76979871", transcript=" "
        )
        with pytest.raises(ValidationError, match="ajoutez sa transcription"):
            video.full_clean()

    def test_video_without_media_may_stay_published(self):
        VideoFactory.build(campaign=CampaignFactory(), transcript="").full_clean()

    def test_the_database_refuses_it_too(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            VideoFactory(video_file=upload("a.mp4", MP4_BYTES), transcript="")

    def test_admin_says_why_in_plain_french(self, staff_client):
        video = VideoFactory(draft=True, video_file=upload("a.mp4", MP4_BYTES))
        url = reverse("admin:campaigns_video_change", args=[video.pk])
        html = staff_client.get(url).content.decode()
        form = {
            name: value
            for name, value in re.findall(r'<input [^>]*name="([^"]+)"[^>]*value="([^"]*)"', html)
            if not name.startswith(("csrf", "_"))
        }
        form.update(
            campaign=video.campaign.pk,
            title=video.title,
            slug=video.slug,
            orientation="16:9",
            status="published",
            transcript="",
        )
        response = staff_client.post(url, form)
        assert response.status_code == 200
        assert "sans eux, les personnes sourdes ou malentendantes" in response.content.decode()
        video.refresh_from_db()
        assert video.status == Status.DRAFT


class TestEmbedUrls:
    @pytest.mark.parametrize(
        ("url", "expected"),
        [
            (
                "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3",
                "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0&autoplay=1",
            ),
            (
                "https://youtu.be/dQw4w9WgXcQ",
                "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0&autoplay=1",
            ),
            (
                "https://m.youtube.com/shorts/abcDEF_-123",
                "https://www.youtube-nocookie.com/embed/abcDEF_-123?rel=0&autoplay=1",
            ),
            (
                "https://vimeo.com/76979871",
                "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1",
            ),
            (
                "https://vimeo.com/76979871/a1b2c3d4e5",
                "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1&h=a1b2c3d4e5",
            ),
            (
                "https://www.dailymotion.com/video/x8abcde_titre",
                "https://www.dailymotion.com/embed/video/x8abcde?autoplay=1",
            ),
            (
                "https://dai.ly/x8abcde",
                "https://www.dailymotion.com/embed/video/x8abcde?autoplay=1",
            ),
            (
                "https://www.tiktok.com/@region.ara/video/7301234567890123456",
                "https://www.tiktok.com/player/v1/7301234567890123456",
            ),
            (
                "https://www.instagram.com/reel/C1a2B3c4D5e/",
                "https://www.instagram.com/reel/C1a2B3c4D5e/embed/",
            ),
            (
                "https://www.instagram.com/p/C1a2B3c4D5e/",
                "https://www.instagram.com/p/C1a2B3c4D5e/embed/",
            ),
            ("https://www.youtube.com/@ars-ara", ""),
            ("https://www.tiktok.com/@region.ara", ""),
            ("https://videos.example.org/42", ""),
            ("javascript:alert(1)", ""),
            ("", ""),
        ],
    )
    def test_embed_url(self, url, expected):
        assert embed_url(url) == expected

    def test_every_embed_comes_from_an_allowed_origin(self):
        for url in (
            "https://youtu.be/dQw4w9WgXcQ",
            "https://vimeo.com/1",
            "https://dai.ly/x8",
            "https://www.tiktok.com/@a/video/1",
            "https://www.instagram.com/p/abc/",
        ):
            origin = re.match(r"https://[^/]+", embed_url(url)).group(0)
            assert origin in EMBED_FRAME_ORIGINS


class TestNextEpisode:
    def test_campaign_and_video_pages_announce_the_next_episode_until_its_day(self, client):
        with time_machine.travel(paris(2026, 1, 5, 12), tick=False):
            campaign = CampaignFactory()
            third = VideoFactory(campaign=campaign, episode_number=3, title="Troisième")
            fourth = VideoFactory(
                campaign=campaign,
                episode_number=4,
                title="Quatrième",
                published_at=paris(2026, 1, 12, 10),
            )
            page = text_of(client.get(campaign.get_absolute_url()))
            assert "Prochain épisode le lundi 12 janvier 2026" in page
            response = client.get(third.get_absolute_url())
            assert "Prochain épisode En ligne le lundi 12 janvier 2026" in text_of(response)
            assert fourth.get_absolute_url() not in response.content.decode()

        with time_machine.travel(paris(2026, 1, 12, 10, 1), tick=False):
            assert "Prochain épisode" not in text_of(client.get(campaign.get_absolute_url()))
            html = client.get(third.get_absolute_url()).content.decode()
            assert re.search(rf'<a rel="next" href="{fourth.get_absolute_url()}">', html)

    def test_expired_or_draft_next_episode_is_not_announced(self, client):
        campaign = CampaignFactory()
        first = VideoFactory(campaign=campaign, episode_number=1)
        VideoFactory(campaign=campaign, episode_number=2, draft=True)
        VideoFactory(
            campaign=campaign,
            episode_number=3,
            published_at=paris(2099, 1, 1, 10),
            rights_expire_on=datetime.date(2020, 1, 1),
        )
        html = client.get(first.get_absolute_url()).content.decode()
        assert "episode-nav" not in html


class TestRightsInAdmin:
    def test_videos_whose_rights_expire_within_60_days(self, staff_client):
        from django.utils import timezone

        today = timezone.localdate()
        VideoFactory(title="Expire bientôt", rights_expire_on=today + datetime.timedelta(days=20))
        VideoFactory(title="Expire plus tard", rights_expire_on=today + datetime.timedelta(days=90))
        VideoFactory(title="Déjà expirée", rights_expire_on=today)
        url = reverse("admin:campaigns_video_changelist")

        soon = text_of(staff_client.get(url, {"droits": "bientot"}))
        assert "Expire bientôt" in soon and "Expire dans 20 jours" in soon
        assert "Expire plus tard" not in soon and "Déjà expirée" not in soon
        expired = text_of(staff_client.get(url, {"droits": "expire"}))
        assert "Déjà expirée" in expired and "Expire bientôt" not in expired


def test_constraint_names_are_those_of_the_migration():
    names = {c.name for c in Video._meta.constraints}
    assert {
        "video_published_file_has_captions_and_transcript",
        "video_published_link_has_transcript",
    } <= names
