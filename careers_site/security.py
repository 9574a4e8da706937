"""HTTP hardening that Django does not do by itself: the Content-Security-Policy directives,
a Permissions-Policy header, the brand stylesheet that keeps pages free of inline style, and
the login audit log (without IP addresses).

Django's SecurityMiddleware already sends HSTS, X-Content-Type-Options, Referrer-Policy and
Cross-Origin-Opener-Policy; XFrameOptionsMiddleware sends X-Frame-Options; django-csp's
CSPMiddleware sends the Content-Security-Policy built from `csp_directives()`.
"""

import logging

from csp.constants import NONE
from csp.middleware import CSPMiddleware
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpResponse
from django.views.decorators.http import require_GET

logger = logging.getLogger("careers_site.security")

# Browser features the site never uses are switched off for the page and anything it embeds.
# Geolocation stays allowed for the site itself: the « autour de moi » button asks for it,
# only after a click, and only this origin may ask. The features a video player needs
# (`EMBEDDED_PLAYER_FEATURES`) are allowed to the site and to the click-to-load players only.
PERMISSIONS_POLICY = {
    "accelerometer": "()",
    "browsing-topics": "()",
    "camera": "()",
    "display-capture": "()",
    "geolocation": "(self)",
    "gyroscope": "()",
    "magnetometer": "()",
    "microphone": "()",
    "midi": "()",
    "payment": "()",
    "usb": "()",
}
EMBEDDED_PLAYER_FEATURES = ("autoplay", "encrypted-media", "fullscreen", "picture-in-picture")


def permissions_policy_header(policy=None):
    if policy is None:
        allowed = " ".join(["self", *(f'"{origin}"' for origin in embed_frame_origins())])
        policy = {
            **PERMISSIONS_POLICY,
            **dict.fromkeys(EMBEDDED_PLAYER_FEATURES, f"({allowed})"),
        }
        policy = dict(sorted(policy.items()))
    return ", ".join(f"{feature}={allow}" for feature, allow in policy.items())


def embed_frame_origins():
    """Origins of the click-to-load video players (campaigns/embeds.py), or none at all
    while that module does not exist: then no page may contain a frame."""
    try:
        from campaigns.embeds import EMBED_FRAME_ORIGINS
    except ImportError:
        return []
    return sorted(set(EMBED_FRAME_ORIGINS))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with frame-src (and child-src, for older browsers) taken from
    the video embeds the site knows (campaigns/embeds.py) rather than from the settings, which
    cannot import the apps. No 'unsafe-inline' and no 'unsafe-eval' anywhere: the pages have
    no inline script or style (the brand colours come from /brand.css). A page that one day
    needs an inline block marks it with {{ request.csp_nonce }}: the nonce is then added to
    script-src and style-src for that response only."""

    def __init__(self, get_response):
        super().__init__(get_response)
        self._frame_origins = None

    def frame_origins(self):
        if self._frame_origins is None:
            self._frame_origins = embed_frame_origins() or [NONE]
        return self._frame_origins

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only:
            frames = {"frame-src": self.frame_origins(), "child-src": self.frame_origins()}
            # The admin has the same policy as the public pages: its colours and layout come
            # from static/css/admin.css, the rich-text editor's import map carries the nonce.
            parts.replace = {**frames, **(parts.replace or {})}
        return parts


class PermissionsPolicyMiddleware:
    """Adds Permissions-Policy to every response that does not set its own."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = None

    def __call__(self, request):
        response = self.get_response(request)
        if self.header is None:  # built on first use: campaigns.embeds needs the apps ready
            self.header = permissions_policy_header()
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


# --- Brand colours -----------------------------------------------------------------------------

BRAND_CSS_MAX_AGE = 60 * 60 * 24 * 365


def brand_css_text(site_settings):
    # The colours were validated as #RRGGBB on save (SiteSettings.hex_colour): nothing else
    # can reach this stylesheet.
    return (
        f":root{{--brand:{site_settings.primary_colour};--accent:{site_settings.accent_colour}}}\n"
    )


def brand_css_version(site_settings):
    """Changes whenever a colour changes, so the stylesheet can be cached for a year
    (base.html builds the same string)."""
    return site_settings.primary_colour[1:] + site_settings.accent_colour[1:]


@require_GET
def brand_css(request):
    """The staff-chosen colours as a stylesheet: pages then need no inline <style>, so the
    Content-Security-Policy allows styles from this origin only. Read from the cached
    SiteSettings: no query on a warm request."""
    from .models import SiteSettings

    site_settings = SiteSettings.load()
    response = HttpResponse(brand_css_text(site_settings), content_type="text/css; charset=utf-8")
    if request.GET.get("v") == brand_css_version(site_settings):
        response["Cache-Control"] = f"public, max-age={BRAND_CSS_MAX_AGE}, immutable"
    else:
        response["Cache-Control"] = "public, max-age=300"
    return response


# --- Login audit -------------------------------------------------------------------------------
# Every attempt to log in (the admin is the only login form) is written to the application log:
# outcome and user name, never the IP address, the user agent or the password. django-axes also
# records the attempts in the database (visible in the admin), without the IP address either
# (AXES_CLIENT_IP_CALLABLE below).


def printable_username(value):
    """The user name as typed, safe for a log line: control characters (forged log lines)
    escaped, length capped."""
    text = str(value or "")[:150]
    return text.encode("unicode_escape").decode("ascii")


def no_client_ip(request):
    """Axes locks out by user name (AXES_LOCKOUT_PARAMETERS): it needs no IP address, so
    none is stored."""
    return None


@receiver(user_login_failed)
def log_login_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get("username", "") if isinstance(credentials, dict) else ""
    locked = bool(request is not None and getattr(request, "axes_locked_out", False))
    logger.warning(
        "login failed: username=%s%s",
        printable_username(username),
        " (locked out)" if locked else "",
    )


@receiver(user_logged_in)
def log_login_succeeded(sender, request, user, **kwargs):
    logger.info("login succeeded: username=%s", printable_username(user.get_username()))


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs):
    if user is not None:
        logger.info("logout: username=%s", printable_username(user.get_username()))
