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
    for name in ("script-src", "style-src"):
        sources = csp[name].split()
        assert sources[0] == "'self'", f"{url}: {name}"
        assert all(s == "'self'" or s.startswith("'nonce-") for s in sources), f"{url}: {name}"
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


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def assert_nothing_inline(html, url):
    assert "<style" not in html.lower(), f"{url}: inline <style>"
    assert not re.search(r"<[^>]+\sstyle=", html, re.IGNORECASE), f"{url}: style attribute"
    assert not INLINE_SCRIPT.search(html), f"{url}: inline <script>"
    assert not EVENT_HANDLER.search(html), f"{url}: on…= handler"
    assert "javascript:" not in html.lower(), f"{url}: javascript: URL"


def test_every_public_page_sends_every_security_header(client, world):  # noqa: F811
    for url in public_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response, url)
        assert_nothing_inline(response.content.decode(), url)


@pytest.mark.parametrize(
    "url",
    ["/cette-page-n-existe-pas/", "/sitemap.xml", "/robots.txt", "/static/css/site.css"],
)
def test_other_responses_send_the_headers_too(client, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert_security_headers(response, url, frame_options=not url.startswith("/static/"))


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

    from careers_site.security import ContentSecurityPolicyMiddleware

    def view(request):
        return HttpResponse(f'<style nonce="{request.csp_nonce}">p{{}}</style>')

    middleware = ContentSecurityPolicyMiddleware(view)
    request = rf.get("/")
    first = middleware(request)
    nonce = re.search(r'nonce="([^"]+)"', first.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in parse_csp(first["Content-Security-Policy"])["style-src"]
    second = middleware(rf.get("/"))
    assert nonce not in second.content.decode()


def test_brand_colours_come_from_a_stylesheet_cached_by_version(client):
    from careers_site.models import SiteSettings

    SiteSettings.objects.create(pk=1, primary_colour="#123456", accent_colour="#654321")
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("brand_css")}?v=123456654321"' in html
    response = client.get(reverse("brand_css"), {"v": "123456654321"})
    assert response["Content-Type"].startswith("text/css")
    assert response.content.decode().strip() == ":root{--brand:#123456;--accent:#654321}"
    assert "immutable" in response["Cache-Control"]
    stale = client.get(reverse("brand_css"), {"v": "ancienne"})
    assert "immutable" not in stale["Cache-Control"]
    assert_security_headers(response, "brand.css")
