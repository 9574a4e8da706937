import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Orientation
from tests import factories
from tests.factories import CampaignFactory, ProfessionFactory, VideoFactory

from .helpers import text_of

pytestmark = pytest.mark.django_db

# A 1×1 GIF: enough for an ImageField.
TINY_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


CAPTIONS = b"WEBVTT\n\n00:00.000 --> 00:02.000\nBonjour, je suis Sara.\n"


def self_hosted(**kwargs):
    """A self-hosted video with its poster, captions and transcript: publishable."""
    kwargs.setdefault("captions", SimpleUploadedFile("sara.vtt", CAPTIONS))
    return VideoFactory(
        video_file=SimpleUploadedFile(
            "sara.mp4",
            b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom",
            content_type="video/mp4",
        ),
        poster=SimpleUploadedFile("sara.gif", TINY_GIF, content_type="image/gif"),
        poster_alt="Sara dans une chambre de patient",
        **kwargs,
    )


class TestVideoList:
    def test_published_videos_newest_first(self, client):
        now = timezone.now()
        VideoFactory(title="Ancienne vidéo", published_at=now - datetime.timedelta(days=30))
        VideoFactory(title="Nouvelle vidéo", published_at=now - datetime.timedelta(days=1))
        VideoFactory(title="Vidéo en brouillon", draft=True)
        VideoFactory(title="Vidéo programmée", scheduled=True)
        VideoFactory(title="Vidéo sans droits", rights_expire_on=timezone.localdate())

        response = client.get(reverse("campaigns:video_list"))
        page = text_of(response)

        assert page.index("Nouvelle vidéo") < page.index("Ancienne vidéo")
        for hidden in ("Vidéo en brouillon", "Vidéo programmée", "Vidéo sans droits"):
            assert hidden not in page
        assert re.search(r'<a href="/videos/"\s+aria-current="page">', response.content.decode())

    def test_empty_state(self, client):
        assert "Aucune vidéo n'est en ligne" in text_of(client.get(reverse("campaigns:video_list")))

    @pytest.mark.parametrize("count", [1, 6])
    def test_query_count_does_not_grow(self, measure, count):
        for campaign in CampaignFactory.create_batch(count):
            VideoFactory(campaign=campaign)
        measure(reverse("campaigns:video_list"), 2)


class TestVideoDetail:
    def test_self_hosted_video_with_captions(self, client):
        video = self_hosted(title="Sara, aide-soignante")

        html = client.get(video.get_absolute_url()).content.decode()

        assert html.count("<h1") == 1
        assert "<h1>Sara, aide-soignante</h1>" in html
        tag = re.search(r"<video [^>]*>", html).group(0)
        for attribute in (
            "controls",
            'preload="none"',
            "playsinline",
            f'poster="{video.poster.url}"',
        ):
            assert attribute in tag
        assert f'<source src="{video.video_file.url}" type="video/mp4">' in html
        track = re.search(r"<track [^>]*>", html).group(0)
        for attribute in ('kind="captions"', 'srclang="fr"', 'label="Français"', "default"):
            assert attribute in track
        assert f'src="{video.captions.url}"' in track
        assert "<iframe" not in html

    def test_draft_without_captions_has_no_track(self, staff_client):
        # A video without captions cannot be published: only its preview shows.
        video = self_hosted(captions="", draft=True)

        response = staff_client.get(f"{video.get_absolute_url()}?apercu=1")
        html = response.content.decode()

        assert "<video " in html
        assert "<track" not in html
        assert "Sous-titres À venir" in text_of(response)

    def test_platform_video_loads_nothing_before_the_click(self, client):
        url = "https://www.youtube.com/watch?v=abc123"
        video = VideoFactory(platform_url=url, title="Sara")

        response = client.get(video.get_absolute_url())
        html = response.content.decode()
        page = text_of(response)

        assert "Cette vidéo est hébergée sur YouTube." in page
        assert "vous vous connectez à YouTube, qui peut déposer des cookies" in page
        link = re.search(
            r'<a [^>]*href="https://www.youtube.com/watch\?v=abc123"[^>]*>(.*?)</a>', html
        )
        assert link.group(1) == "Voir la vidéo sur YouTube (nouvel onglet)"
        assert 'target="_blank"' in link.group(0)
        # The player's address waits in a data attribute; the button shows only with the
        # script (hidden without JavaScript, the plain link remains).
        container = re.search(r"<div [^>]*data-video-consent[^>]*>", html).group(0)
        assert (
            'data-embed-url="https://www.youtube-nocookie.com/embed/abc123?rel=0&amp;autoplay=1"'
            in container
        )
        assert 'data-embed-title="Vidéo YouTube : Sara"' in container
        button = re.search(r"<button [^>]*data-video-consent-load[^>]*>(.*?)</button>", html)
        assert "hidden" in button.group(0)
        assert button.group(1) == "Charger la vidéo YouTube"
        assert re.search(r'<script src="/static/js/video-consent\.js" defer></script>', html)
        # Nothing is loaded from the platform: no frame, no platform script, no image.
        assert "<iframe" not in html
        for tag in re.findall(r"<(?:script|img|link|iframe|video|source)\b[^>]*>", html):
            assert "youtube" not in tag, tag

    def test_platform_link_that_cannot_be_embedded_stays_a_plain_link(self, client):
        video = VideoFactory(platform_url="https://www.youtube.com/@ars-ara")

        html = client.get(video.get_absolute_url()).content.decode()

        assert "data-video-consent" not in html
        main = html.split('id="contenu"')[1]
        # The only button is « Partager » (includes/share.html), not a player's.
        assert re.findall(r"<button[^>]*>", main) == [
            '<button type="button" class="button" data-share data-share-url="http://testserver'
            f'{video.get_absolute_url()}" data-share-title="{video.title}" '
            'data-share-target="lien-partage" hidden>'
        ]
        assert "video-consent.js" not in html
        assert "Voir la vidéo sur YouTube (nouvel onglet)" in html

    def test_unknown_platform(self, client):
        video = VideoFactory(platform_url="https://videos.example.org/42")

        page = text_of(client.get(video.get_absolute_url()))

        assert "hébergée sur une autre plateforme" in page
        assert "Voir la vidéo sur la plateforme (nouvel onglet)" in page

    def test_no_media_yet(self, client):
        video = VideoFactory(orientation=Orientation.PORTRAIT)

        html = client.get(video.get_absolute_url()).content.decode()

        assert "Cette vidéo n'est pas encore disponible sur ce site." in html
        assert "bientôt" not in html
        assert 'class="video-placeholder portrait"' in html
        assert "<video" not in html

    def test_no_media_here_points_to_where_the_owner_publishes_it(self, client):
        campaign = CampaignFactory(
            owner__name="ARS Auvergne-Rhône-Alpes", source_url="https://example.org/la-serie"
        )
        video = VideoFactory(campaign=campaign)

        html = client.get(video.get_absolute_url()).content.decode()

        assert "pas hébergée sur ce site" in html
        assert "ARS Auvergne-Rhône-Alpes publie la série sur sa page" in html
        assert 'href="https://example.org/la-serie"' in html

    @pytest.mark.parametrize(
        ("orientation", "css_class"),
        [
            (Orientation.PORTRAIT, 'class="video-frame portrait"'),
            (Orientation.LANDSCAPE, 'class="video-frame"'),
        ],
    )
    def test_orientation(self, client, orientation, css_class):
        video = self_hosted(orientation=orientation)
        assert css_class in client.get(video.get_absolute_url()).content.decode()

    def test_transcript(self, client):
        video = VideoFactory(transcript="Bonjour, je m'appelle Sara.\nJe suis aide-soignante.")

        html = client.get(video.get_absolute_url()).content.decode()

        assert re.search(r"<h2[^>]*>Transcription</h2>", html)
        assert "Bonjour, je m&#x27;appelle Sara.<br>Je suis aide-soignante." in html

    def test_missing_transcript_is_announced(self, client):
        video = VideoFactory(transcript="")
        assert "La transcription sera publiée avec la vidéo." in text_of(
            client.get(video.get_absolute_url())
        )

    def test_testimonials_professions_and_duration(self, client):
        video = VideoFactory(duration_seconds=125)
        video.professions.set(
            [
                ProfessionFactory(title_masculine="Aide-soignant", title_feminine="Aide-soignante"),
                ProfessionFactory(
                    title_masculine="Métier caché", title_feminine="Métier caché", draft=True
                ),
            ]
        )
        factories.TestimonialFactory(
            video=video, campaign=video.campaign, first_name="Sara", quote="Je me sens utile."
        )
        factories.TestimonialFactory(
            video=video, campaign=video.campaign, first_name="Zoé", draft=True
        )

        response = client.get(video.get_absolute_url())
        page = text_of(response)

        assert "« Je me sens utile. »" in page
        assert "Zoé" not in page
        assert "voir la vidéo" not in page
        assert "Aide-soignant ou Aide-soignante" in page
        assert "Métier caché" not in page
        assert "Durée 2 min 05 s" in page

    def test_episode_navigation(self, client):
        campaign = CampaignFactory()
        first = VideoFactory(campaign=campaign, episode_number=1, title="Premier")
        VideoFactory(campaign=campaign, episode_number=2, title="Brouillon", draft=True)
        middle = VideoFactory(campaign=campaign, episode_number=3, title="Milieu")
        VideoFactory(
            campaign=campaign,
            episode_number=4,
            title="Expiré",
            rights_expire_on=datetime.date(2020, 1, 1),
        )
        last = VideoFactory(campaign=campaign, episode_number=5, title="Dernier")
        VideoFactory(episode_number=6, title="Autre campagne")

        html = client.get(middle.get_absolute_url()).content.decode()
        assert re.search(rf'<a rel="prev" href="{first.get_absolute_url()}">.*Premier</a>', html)
        assert re.search(rf'<a rel="next" href="{last.get_absolute_url()}">.*Dernier</a>', html)

        first_html = client.get(first.get_absolute_url()).content.decode()
        assert 'rel="prev"' not in first_html
        assert re.search(rf'<a rel="next" href="{middle.get_absolute_url()}">', first_html)
        assert 'rel="next"' not in client.get(last.get_absolute_url()).content.decode()

    def test_open_graph(self, client):
        video = self_hosted()

        html = client.get(video.get_absolute_url()).content.decode()

        assert '<meta property="og:type" content="video.other">' in html
        assert f'<meta property="og:image" content="http://testserver{video.poster.url}">' in html

    def test_campaign_link_only_when_campaign_is_public(self, client):
        hidden = VideoFactory(campaign=CampaignFactory(draft=True, title="Campagne cachée"))
        html = client.get(hidden.get_absolute_url()).content.decode()
        assert hidden.campaign.get_absolute_url() not in html

    @pytest.mark.parametrize(
        "kwargs",
        [{"draft": True}, {"scheduled": True}, {"rights_expire_on": datetime.date(2020, 1, 1)}],
    )
    def test_hidden_video_is_not_found(self, client, kwargs):
        video = VideoFactory(**kwargs)
        assert client.get(video.get_absolute_url()).status_code == 404

    def test_rights_end_today(self, client):
        video = VideoFactory(rights_expire_on=timezone.localdate() + datetime.timedelta(days=1))
        assert client.get(video.get_absolute_url()).status_code == 200
        video.rights_expire_on = timezone.localdate()
        video.save()
        assert client.get(video.get_absolute_url()).status_code == 404

    @pytest.mark.parametrize("count", [1, 6])
    def test_query_count_does_not_grow(self, measure, count):
        campaign = CampaignFactory()
        videos = [VideoFactory(campaign=campaign, episode_number=n) for n in range(1, count + 2)]
        video = videos[1] if count > 1 else videos[0]
        video.professions.set(ProfessionFactory.create_batch(count))
        factories.TestimonialFactory.create_batch(count, video=video, campaign=campaign)

        # The video with its campaign, professions and testimonials, the other episodes; once
        # per change, when the next scheduled change is.
        first = measure(video.get_absolute_url(), 4 + 1)
        # The video and the page's body are kept until the next change.
        assert measure(video.get_absolute_url(), 0).content == first.content


@pytest.mark.parametrize("campaign_state", [{"draft": True}, {"scheduled": True}])
def test_a_published_episode_never_tells_its_hidden_campaigns_title(client, campaign_state):
    """A published video inside a campaign still in draft (or scheduled) is public; the
    campaign's title is not: not on the video's page, the lists, the profession, the home
    page, nor in the feed."""
    profession = ProfessionFactory()
    campaign = CampaignFactory(title="Campagne encore secrète", **campaign_state)
    video = VideoFactory(campaign=campaign, episode_number=2, title="Une nuit aux urgences")
    video.professions.add(profession)
    pages = [
        video.get_absolute_url(),
        reverse("campaigns:video_list"),
        profession.get_absolute_url(),
        reverse("home"),
        reverse("campaigns:video_feed"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "Une nuit aux urgences" in body, url
        assert "encore secrète" not in body, url
