"""Responsive images: renditions made once (WebP + JPEG or PNG at several widths) and a
<picture> with srcset, sizes, width and height, lazy below the fold."""

import io
import re

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from PIL import Image

from careers_site.core import images
from tests.factories import CampaignFactory, ProfessionFactory

pytestmark = pytest.mark.django_db


def upload(name="photo.jpg", size=(2000, 1000), mode="RGB", fmt="JPEG"):
    image = Image.new(mode, size, (200, 80, 40, 128) if mode == "RGBA" else (200, 80, 40))
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def render(source, **context):
    return Template("{% load images %}" + source).render(Context(context))


def test_renditions_are_made_at_the_first_display():
    profession = ProfessionFactory(hero_image=upload(), hero_image_alt="Une soignante")
    assert cache.get(images._cache_key(profession.hero_image.name)) is None
    render("{% picture p.hero_image %}", p=profession)
    manifest = cache.get(images._cache_key(profession.hero_image.name))
    assert manifest["width"] == 2000 and manifest["height"] == 1000
    assert manifest["fallback"] == "jpeg"
    assert [w for w, _ in manifest["sources"]["webp"]] == [320, 480, 640, 960, 1280, 1600]
    for fmt, suffix in (("webp", "WEBP"), ("jpeg", "JPEG")):
        for width, name in manifest["sources"][fmt]:
            with default_storage.open(name) as handle:
                stored = Image.open(handle)
                assert stored.format == suffix
                assert stored.size == (width, width // 2)


def test_small_images_are_never_enlarged():
    profession = ProfessionFactory(hero_image=upload(size=(500, 300)), hero_image_alt="Photo")
    manifest = images.get_manifest(profession.hero_image)
    assert [w for w, _ in manifest["sources"]["webp"]] == [320, 480, 500]


def test_transparent_images_keep_a_png_fallback():
    profession = ProfessionFactory(
        hero_image=upload("logo.png", (800, 400), "RGBA", "PNG"), hero_image_alt="Logo"
    )
    html = render("{% picture p.hero_image %}", p=profession)
    assert 'type="image/webp"' in html
    assert re.search(r'<img src="[^"]+/800\.png"', html)


def test_picture_has_srcset_sizes_dimensions_alt_and_lazy_loading():
    profession = ProfessionFactory(hero_image=upload(), hero_image_alt="Une soignante")
    html = render('{% picture p.hero_image sizes="(min-width: 60em) 480px, 100vw" %}', p=profession)
    assert html.strip().startswith("<picture>")
    assert '<source type="image/webp" srcset="' in html
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)"', html).group(1)
    assert [entry.rsplit(" ", 1)[1] for entry in webp.split(", ")] == [
        "320w",
        "480w",
        "640w",
        "960w",
        "1280w",
        "1600w",
    ]
    assert 'sizes="(min-width: 60em) 480px, 100vw"' in html
    assert 'width="2000" height="1000"' in html  # the ratio: no layout shift
    assert 'alt="Une soignante"' in html
    assert 'loading="lazy"' in html
    assert re.search(r'<img src="[^"]+/960\.jpg"', html)  # old browsers: a medium size


def test_the_first_image_of_a_page_loads_at_once():
    profession = ProfessionFactory(hero_image=upload(), hero_image_alt="Une soignante")
    html = render('{% picture p.hero_image loading="eager" %}', p=profession)
    assert 'loading="lazy"' not in html
    assert 'fetchpriority="high"' in html


def test_decorative_images_have_an_empty_alt():
    profession = ProfessionFactory(hero_image=upload(), hero_image_decorative=True)
    assert 'alt=""' in render("{% picture p.hero_image %}", p=profession)


def test_thumbnails_offer_only_small_renditions():
    profession = ProfessionFactory(hero_image=upload(), hero_image_alt="Photo")
    html = render('{% picture p.hero_image widths="320" sizes="96px" %}', p=profession)
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)"', html).group(1)
    assert [entry.rsplit(" ", 1)[1] for entry in webp.split(", ")] == ["320w", "480w"]


def test_renditions_are_made_only_once(monkeypatch):
    profession = ProfessionFactory(hero_image=upload(), hero_image_alt="Photo")
    render("{% picture p.hero_image %}", p=profession)
    monkeypatch.setattr(images, "generate", lambda *a: pytest.fail("made twice"))
    render("{% picture p.hero_image %}", p=profession)
    cache.clear()  # a restart: the manifest is read back from the storage
    render("{% picture p.hero_image %}", p=profession)
    assert images.ensure_renditions(profession.hero_image)  # same file: nothing to redo


def test_an_empty_field_shows_nothing():
    assert render("{% picture p.hero_image %}", p=ProfessionFactory()).strip() == ""


def test_a_broken_file_falls_back_to_a_plain_image():
    profession = ProfessionFactory(
        hero_image=SimpleUploadedFile("casse.jpg", b"not an image"), hero_image_alt="Photo"
    )
    html = render("{% picture p.hero_image %}", p=profession)
    assert "<picture>" not in html
    assert f'src="{profession.hero_image.url}"' in html
    assert 'alt="Photo"' in html


def test_home_page_shows_the_featured_campaign_as_a_responsive_picture(client):
    CampaignFactory(is_featured=True, hero_image=upload(), hero_image_alt="Affiche de campagne")
    content = client.get(reverse("home")).content.decode()
    assert '<source type="image/webp"' in content
    assert 'class="home-feature-image"' in content
    assert 'alt="Affiche de campagne"' in content
