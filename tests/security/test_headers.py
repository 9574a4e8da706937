"""Every public page type sends the security headers, and holds nothing the
Content-Security-Policy would block (no inline script or style, no event handler)."""

import re

import pytest
from django.urls import reverse

from campaigns.embeds import EMBED_FRAME_ORIGINS
from tests.test_public_pages import public_urls, world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

CSP_REQUIRED = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "media-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def parse_csp(header):
    directives = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value.strip()
    return directives


def assert_security_headers(response, url, frame_options=True):
    csp = parse_csp(response["Content-Security-Policy"])
    for name, value in CSP_REQUIRED.items():
        assert csp.get(name) == value, f"{url}: {name} is {csp.get(name)!r}"
    for name, allowed in (("script-src", ("'nonce-",)), ("style-src", ("'nonce-", "'sha256-"))):
        sources = csp[name].split()
        assert sources[0] == "'self'", f"{url}: {name}"
        assert all(s == "'self'" or s.startswith(allowed) for s in sources), f"{url}: {name}"
    assert "unsafe-inline" not in response["Content-Security-Policy"], url
    assert "unsafe-eval" not in response["Content-Security-Policy"], url
    assert csp["frame-src"].split() == sorted(EMBED_FRAME_ORIGINS), url
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", url
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
    if frame_options:  # WhiteNoise answers before XFrameOptionsMiddleware: CSP covers it
        assert response["X-Frame-Options"] == "DENY", url
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "payment=()", "geolocation=(self)"):
        assert feature in policy, f"{url}: {feature}"


# A JSON-LD block is data, never run: the CSP does not apply to it.
INLINE_SCRIPT = re.compile(
    r'<script(?![^>]*\b(?:src=|type="application/ld\+json"))[^>]*>', re.IGNORECASE
)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


STYLE_BLOCK = re.compile(r"<style(?P<attributes>[^>]*)>(?P<css>.*?)</style>", re.I | re.S)


def assert_nothing_inline(response, url):
    """No inline script, handler or style attribute; a `<style>` block only when the CSP
    allows exactly its content by hash."""
    from careers_site.platform.security import inline_style_source

    html = response.content.decode()
    style_src = parse_csp(response["Content-Security-Policy"])["style-src"].split()
    for block in STYLE_BLOCK.finditer(html):
        assert not block["attributes"].strip(), f"{url}: <style{block['attributes']}>"
        assert inline_style_source(block["css"]) in style_src, f"{url}: unhashed <style>"
    assert html.lower().count("<style") == len(STYLE_BLOCK.findall(html)), url
    assert not re.search(r"<[^>]+\sstyle=", html, re.IGNORECASE), f"{url}: style attribute"
    assert not INLINE_SCRIPT.search(html), f"{url}: inline <script>"
    assert not EVENT_HANDLER.search(html), f"{url}: on…= handler"
    assert "javascript:" not in html.lower(), f"{url}: javascript: URL"


def test_every_public_page_sends_every_security_header(client, world):  # noqa: F811
    for url in public_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response, url)
        assert_nothing_inline(response, url)


@pytest.mark.parametrize(
    "url",
    [
        "/cette-page-n-existe-pas/",
        "/sitemap.xml",
        "/robots.txt",
        "/static/css/site.css",
        "/qr.svg?lien=/metiers/",
        "/qr.png?lien=/metiers/&taille=impression",
        "/qr.svg?lien=https://ailleurs.example/",
        "/m/un-code-inconnu",
    ],
)
def test_other_responses_send_the_headers_too(client, url):
    response = client.get(url)
    assert response.status_code in (200, 400, 404)
    assert_security_headers(response, url, frame_options=not url.startswith("/static/"))


def test_a_short_link_redirect_sends_the_headers_too(client, world):  # noqa: F811
    profession = world["professions:detail"]
    from careers_site.toolkit.shortlinks import main_link

    response = client.get(main_link(profession).path)
    assert response.status_code in (301, 302)
    assert response["Location"].endswith(profession.get_absolute_url())
    assert_security_headers(response, "short link")


def test_hsts_and_https_redirect_with_the_production_values(client, settings):
    """The production settings' values (the settings module itself is checked in
    test_deploy_check.py)."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    plain = client.get("/metiers/")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/metiers/"
    secure = client.get("/metiers/", headers={"x-forwarded-proto": "https"})
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_a_nonce_is_added_when_a_page_asks_for_one(rf, settings):
    """A page that needs an inline block gets a per-response nonce (never 'unsafe-inline')."""
    from django.http import HttpResponse

    from careers_site.platform.security import ContentSecurityPolicyMiddleware

    def view(request):
        return HttpResponse(f'<style nonce="{request.csp_nonce}">p{{}}</style>')

    middleware = ContentSecurityPolicyMiddleware(view)
    request = rf.get("/")
    first = middleware(request)
    nonce = re.search(r'nonce="([^"]+)"', first.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in parse_csp(first["Content-Security-Policy"])["style-src"]
    second = middleware(rf.get("/"))
    assert nonce not in second.content.decode()


@pytest.mark.parametrize("visit", ["miss", "hit"])
def test_brand_colours_are_one_inline_block_allowed_by_its_hash(client, settings, visit):
    """No second stylesheet to wait for, and still no 'unsafe-inline': the style block's own
    hash is in style-src, on the rendered page and on the copy the page cache serves."""
    from careers_site.core.models import SiteSettings
    from careers_site.platform.security import inline_style_source

    settings.PAGE_CACHE_ENABLED = True
    SiteSettings.objects.create(pk=1, primary_colour="#123456", accent_colour="#654321")
    response = client.get(reverse("home"))
    if visit == "hit":
        response = client.get(reverse("home"))
    assert response["X-Page-Cache"] == visit
    html = response.content.decode()
    css = ":root{--brand:#123456;--accent:#654321}"
    assert f"<style>{css}</style>" in html
    assert html.count('rel="stylesheet"') == 1
    style_src = parse_csp(response["Content-Security-Policy"])["style-src"]
    assert inline_style_source(css) in style_src
    assert "'unsafe-inline'" not in style_src


def test_a_new_brand_colour_gets_a_new_hash(client):
    from careers_site.core.models import SiteSettings
    from careers_site.platform.security import inline_style_source

    settings_row = SiteSettings.objects.create(pk=1, primary_colour="#123456")
    client.get(reverse("home"))
    settings_row.primary_colour = "#0b5d73"
    settings_row.save()
    response = client.get(reverse("home"))
    style_src = parse_csp(response["Content-Security-Policy"])["style-src"]
    assert "--brand:#0b5d73" in response.content.decode()
    assert inline_style_source(":root{--brand:#0b5d73;--accent:#a33b20}") in style_src
    assert inline_style_source(":root{--brand:#123456;--accent:#a33b20}") not in style_src
