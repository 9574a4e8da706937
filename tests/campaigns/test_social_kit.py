"""The social-media kit: four exact formats cropped around the focal point, each downloadable,
the whole kit as one zip with its README, expired visuals withdrawn, and the link preview as
the campaign page's Open Graph image."""

import datetime
import io
import re
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from campaigns import renditions
from campaigns.models import SocialAsset
from tests.factories import CampaignFactory

from .helpers import text_of

pytestmark = pytest.mark.django_db

EXPECTED_SIZES = {
    "carre": (1080, 1080),
    "portrait": (1080, 1350),
    "story": (1080, 1920),
    "apercu-lien": (1200, 630),
}


def master_bytes(size=(1600, 1200), mode="RGB", colour="#0b5d73", fmt="PNG"):
    image = Image.new(mode, size, colour)
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


def make_asset(campaign=None, **kwargs):
    kwargs.setdefault("master", SimpleUploadedFile("visuel.png", master_bytes()))
    return SocialAsset.objects.create(
        campaign=campaign or CampaignFactory(),
        title=kwargs.pop("title", "Visuel de la campagne"),
        alt_text=kwargs.pop("alt_text", "Une infirmière sourit à un patient."),
        **kwargs,
    )


def open_rendition(asset, key):
    name = renditions.rendition(asset, renditions.FORMATS_BY_KEY[key])
    with default_storage.open(name, "rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return name, image


class TestCrops:
    @pytest.mark.parametrize(
        ("focal", "box"),
        [
            ((50, 50), (200, 0, 1400, 1200)),  # centred
            ((0, 50), (0, 0, 1200, 1200)),  # against the left edge
            ((100, 50), (400, 0, 1600, 1200)),  # against the right edge
            ((60, 10), (360, 0, 1560, 1200)),  # off centre
        ],
    )
    def test_square_box_follows_the_focal_point(self, focal, box):
        assert renditions.crop_box(1600, 1200, 1080, 1080, *focal) == box

    def test_wide_box_of_a_tall_image(self):
        assert renditions.crop_box(1000, 2000, 1200, 630, 50, 0) == (0, 0, 1000, 525)

    def test_exact_sizes_and_jpeg(self):
        asset = make_asset()
        for key, size in EXPECTED_SIZES.items():
            name, image = open_rendition(asset, key)
            assert image.size == size
            assert image.format == "JPEG" and name.endswith(".jpg")

    def test_png_when_the_master_has_transparency(self):
        asset = make_asset(
            master=SimpleUploadedFile(
                "logo.png", master_bytes(mode="RGBA", colour=(11, 93, 115, 0))
            )
        )
        name, image = open_rendition(asset, "story")
        assert image.format == "PNG" and image.size == (1080, 1920) and name.endswith(".png")
        assert image.getchannel("A").getextrema()[0] == 0

    def test_the_crop_keeps_the_focal_point(self):
        # A master half white (left), half black (right): a square around the right edge is
        # black, around the left edge white.
        image = Image.new("RGB", (2000, 1000), "white")
        image.paste("black", (1000, 0, 2000, 1000))
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        asset = make_asset(master=SimpleUploadedFile("m.png", buffer.getvalue()), focal_x=95)
        assert open_rendition(asset, "carre")[1].getpixel((540, 540)) == (0, 0, 0)
        asset.focal_x = 5
        asset.save()
        assert open_rendition(asset, "carre")[1].getpixel((540, 540))[0] > 250

    def test_made_once_then_remade_when_the_focal_point_moves(self):
        asset = make_asset()
        first = renditions.rendition(asset, renditions.LINK_PREVIEW)
        assert renditions.rendition(asset, renditions.LINK_PREVIEW) == first
        asset.focal_y = 10
        asset.save()
        second = renditions.rendition(asset, renditions.LINK_PREVIEW)
        assert second != first
        assert default_storage.exists(second) and not default_storage.exists(first)

    def test_deleting_the_asset_deletes_its_crops(self):
        asset = make_asset()
        names = renditions.make_renditions(asset)
        asset.delete()
        assert not any(default_storage.exists(name) for name in names.values())


class TestValidation:
    def test_focal_point_is_a_percentage(self):
        asset = make_asset()
        asset.focal_x = 120
        with pytest.raises(Exception, match="100"):
            asset.full_clean()

    def test_small_master_is_refused(self):
        asset = SocialAsset(
            campaign=CampaignFactory(),
            title="Petit",
            alt_text="Un visuel",
            master=SimpleUploadedFile("petit.png", master_bytes(size=(800, 600))),
        )
        with pytest.raises(Exception, match="trop petit"):
            asset.full_clean()


class TestCampaignPage:
    def test_kit_section_downloads_and_open_graph(self, client):
        campaign = CampaignFactory(title="Manipulateur radio")
        asset = make_asset(campaign, credits="Photo : Région", licence="Libre pour la promotion")
        response = client.get(campaign.get_absolute_url())
        html = response.content.decode()
        page = text_of(response)

        assert "Kit pour les réseaux sociaux" in page
        assert "Télécharger tout le kit de la campagne (zip)" in page
        for key in EXPECTED_SIZES:
            assert reverse("campaigns:kit_file", args=[campaign.slug, asset.pk, key]) in html
        assert "Crédits Photo : Région" in page and "Licence Libre pour la promotion" in page
        assert "Sans date de fin connue" in page

        preview = renditions.rendition(asset, renditions.LINK_PREVIEW)
        og = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
        assert og == f"http://testserver{default_storage.url(preview)}"
        assert '<meta property="og:image:width" content="1200">' in html
        assert '<meta property="og:image:height" content="630">' in html
        assert (
            '<meta property="og:image:alt" content="Une infirmière sourit à un patient.">' in html
        )

    def test_no_kit_without_assets_and_expired_assets_are_not_offered(self, client):
        campaign = CampaignFactory()
        make_asset(campaign, rights_expire_on=timezone.localdate())
        html = client.get(campaign.get_absolute_url()).content.decode()
        assert "Kit pour les réseaux sociaux" not in html
        # The expired visual is not the preview image: the site's default one is.
        assert 'og:image" content="http://testserver/static/img/og-default.png"' in html
        assert client.get(reverse("campaigns:kit_zip", args=[campaign.slug])).status_code == 404

    @pytest.mark.parametrize("count", [1, 4])
    def test_query_count_does_not_grow(self, measure, count):
        campaign = CampaignFactory()
        for number in range(count):
            make_asset(campaign, title=f"Visuel {number}")
        measure(campaign.get_absolute_url(), 8)


class TestDownloads:
    def test_one_format_as_an_attachment(self, client):
        asset = make_asset()
        url = reverse("campaigns:kit_file", args=[asset.campaign.slug, asset.pk, "story"])
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["Content-Disposition"] == (
            f'attachment; filename="{asset.campaign.slug}-{asset.pk}-story-1080x1920.jpg"'
        )
        image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
        assert image.size == (1080, 1920)

    @pytest.mark.parametrize(
        "case", ["unknown-format", "expired", "draft-campaign", "other-campaign"]
    )
    def test_not_found(self, client, case):
        asset = make_asset()
        slug, fmt = asset.campaign.slug, "carre"
        if case == "unknown-format":
            fmt = "banniere"
        elif case == "expired":
            asset.rights_expire_on = timezone.localdate()
            asset.save()
        elif case == "draft-campaign":
            asset.campaign.status = "draft"
            asset.campaign.save()
        else:
            slug = CampaignFactory().slug
        url = reverse("campaigns:kit_file", args=[slug, asset.pk, fmt])
        assert client.get(url).status_code == 404

    def test_the_whole_kit_as_a_zip_with_its_readme(self, client):
        campaign = CampaignFactory(title="Manipulateur radio")
        first = make_asset(
            campaign,
            title="Visuel 1",
            credits="Photo : Région Auvergne-Rhône-Alpes",
            licence="Libre pour la promotion des métiers, sans modification",
            rights_expire_on=timezone.localdate() + datetime.timedelta(days=30),
        )
        second = make_asset(campaign, title="Visuel 2")
        make_asset(campaign, title="Visuel expiré", rights_expire_on=timezone.localdate())

        response = client.get(reverse("campaigns:kit_zip", args=[campaign.slug]))

        assert response["Content-Type"] == "application/zip"
        assert response["Content-Disposition"] == (
            f'attachment; filename="kit-{campaign.slug}.zip"'
        )
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        assert archive.testzip() is None
        names = set(archive.namelist())
        expected = {
            f"{campaign.slug}-{asset.pk}-{key}-{w}x{h}.jpg"
            for asset in (first, second)
            for key, (w, h) in EXPECTED_SIZES.items()
        }
        assert names == expected | {"README.txt"}
        for name in expected:
            key = name.split("-", 2)[-1]
            assert Image.open(archive.open(name)).size in EXPECTED_SIZES.values(), key
        readme = archive.read("README.txt").decode("utf-8")
        assert "\r\n" in readme
        assert "Kit pour les réseaux sociaux : Manipulateur radio" in readme
        assert "Crédits : Photo : Région Auvergne-Rhône-Alpes" in readme
        assert "Licence : Libre pour la promotion des métiers, sans modification" in readme
        expiry = first.rights_expire_on
        assert f"Droits d'utilisation jusqu'au {expiry.day}" in readme
        assert "Droits d'utilisation : sans date de fin connue." in readme
        assert "Texte alternatif à publier : Une infirmière sourit à un patient." in readme
        assert "Visuel expiré" not in readme


class TestAdmin:
    def test_change_page_previews_the_four_crops(self, staff_client):
        asset = make_asset()
        html = staff_client.get(
            reverse("admin:campaigns_socialasset_change", args=[asset.pk])
        ).content.decode()
        for fmt in renditions.FORMATS:
            assert default_storage.url(renditions.rendition(asset, fmt)) in html
            assert f"{fmt.label} ({fmt.size_label} px)" in html

    def test_assets_whose_rights_expire_soon(self, staff_client):
        make_asset(
            title="Bientôt", rights_expire_on=timezone.localdate() + datetime.timedelta(days=59)
        )
        make_asset(
            title="Plus tard", rights_expire_on=timezone.localdate() + datetime.timedelta(days=61)
        )
        page = text_of(
            staff_client.get(
                reverse("admin:campaigns_socialasset_changelist"), {"droits": "bientot"}
            )
        )
        assert "Bientôt" in page and "Plus tard" not in page
