"""QR codes decode back to the right address of this site, and only of this site."""

import io

import pytest
import zxingcpp
from PIL import Image

from careers_site.toolkit import qrcodes
from tests.factories import ProfessionFactory

pytestmark = pytest.mark.django_db


def decode_png(content):
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(content)))
    assert len(results) == 1, "exactly one QR code in the image"
    return results[0]


@pytest.mark.parametrize("size", ["ecran", "impression"])
@pytest.mark.usefixtures("registered_sources")
def test_png_decodes_to_the_short_link_with_its_source(client, size):
    ProfessionFactory(slug="aide-soignant")
    response = client.get(
        "/qr.png", {"lien": "/m/aide-soignant", "src": "salon-lyon-2026", "taille": size}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    result = decode_png(response.content)
    assert result.text == "http://testserver/m/aide-soignant?src=salon-lyon-2026"
    assert result.format == zxingcpp.BarcodeFormat.QRCode
    assert result.ec_level == "H"


def test_print_size_is_big_enough_for_a_poster(client):
    screen = Image.open(io.BytesIO(client.get("/qr.png", {"lien": "/"}).content))
    printed = Image.open(
        io.BytesIO(client.get("/qr.png", {"lien": "/", "taille": "impression"}).content)
    )
    assert screen.width >= 200
    assert printed.width >= 3 * screen.width  # about 10 cm at 300 dpi


def test_site_url_setting_gives_the_public_address(client, settings):
    settings.SITE_URL = "https://metiers-du-soin.example.org"
    result = decode_png(client.get("/qr.png", {"lien": "/metiers/"}).content)
    assert result.text == "https://metiers-du-soin.example.org/metiers/"


def test_svg_is_an_svg_of_the_address(client):
    ProfessionFactory(slug="aide-soignant")
    response = client.get("/qr.svg", {"lien": "/m/aide-soignant", "taille": "impression"})
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    body = response.content.decode()
    assert body.startswith("<svg") and "<path" in body
    assert "<title>http://testserver/m/aide-soignant</title>" in body


def test_codes_are_cached_for_a_long_time_outside_the_page_cache(client, settings, monkeypatch):
    settings.PAGE_CACHE_ENABLED = True
    made = []
    real_make = qrcodes.segno.make
    monkeypatch.setattr(qrcodes.segno, "make", lambda *a, **k: made.append(a) or real_make(*a, **k))
    first = client.get("/qr.svg", {"lien": "/"})
    second = client.get("/qr.svg", {"lien": "/"})
    assert first.content == second.content
    assert len(made) == 1, "drawn once, then served from the cache"
    assert "max-age=2592000" in second["Cache-Control"]
    assert "X-Page-Cache" not in second


@pytest.mark.parametrize(
    "params",
    [
        {"lien": "https://ailleurs.example.com/"},
        {"lien": "//ailleurs.example.com/"},
        {"lien": "/admin/"},
        {"lien": "/page-qui-n-existe-pas/"},
        {"lien": "/../etc/passwd"},
        {"lien": "/", "taille": "geante"},
        {"lien": "/", "src": "<script>"},
        {"lien": "/", "src": "x" * 61},
        {},
    ],
)
def test_bad_requests_get_a_clear_french_400(client, params):
    response = client.get("/qr.svg", params)
    assert response.status_code == 400
    assert "<h1>Demande incorrecte</h1>" in response.content.decode()


def test_unknown_format_is_refused(client):
    assert client.get("/qr.gif", {"lien": "/"}).status_code == 400


def test_qr_code_needs_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert (
            client.get("/qr.png", {"lien": "/metiers/", "taille": "impression"}).status_code == 200
        )
