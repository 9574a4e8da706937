"""HTTP hardening that Django does not do by itself: the Content-Security-Policy directives,
a Permissions-Policy header, hashes for the few inline style blocks (the brand colours), and
the login audit log (without IP addresses).

Django's SecurityMiddleware already sends HSTS, X-Content-Type-Options, Referrer-Policy and
Cross-Origin-Opener-Policy; XFrameOptionsMiddleware sends X-Frame-Options; django-csp's
CSPMiddleware sends the Content-Security-Policy built from `csp_directives()`.
"""

import base64
import hashlib
import logging

from csp.constants import NONE
from csp.middleware import CSPMiddleware
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("careers_site.platform.security")

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


# Origins a page may frame (the click-to-load video players): each app that embeds a player
# registers its origins from its AppConfig.ready(); with none registered, no frame at all.
_frame_origins = set()


def register_frame_origins(origins):
    _frame_origins.update(origins)


def embed_frame_origins():
    return sorted(_frame_origins)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with frame-src (and child-src, for older browsers) taken from
    the origins the apps registered (`register_frame_origins`, campaigns registers its video
    players). No 'unsafe-inline' and no 'unsafe-eval' anywhere: the pages have
    no inline script, and their one inline style block (the brand colours) is allowed by its
    hash (`allow_inline_style`). A page that one day needs another inline block marks it with
    {{ request.csp_nonce }}: the nonce is then added to script-src and style-src for that
    response only (never on a page the page cache keeps)."""

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
            style_hashes = getattr(request, "csp_style_hashes", None)
            if style_hashes:
                parts.update = {**(parts.update or {}), "style-src": sorted(style_hashes)}
        return parts


class PermissionsPolicyMiddleware:
    """Adds Permissions-Policy to every response that does not set its own."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = None

    def __call__(self, request):
        response = self.get_response(request)
        if self.header is None:  # built on first use: the apps register their origins in ready()
            self.header = permissions_policy_header()
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


# --- Brand colours and inline styles -------------------------------------------------------


def brand_css_text(site_settings):
    # The colours were validated as #RRGGBB on save (SiteSettings.hex_colour): nothing else
    # can reach this style block.
    return f":root{{--brand:{site_settings.primary_colour};--accent:{site_settings.accent_colour}}}"


def inline_style_source(css):
    """The CSP source that allows exactly this `<style>` block and nothing else."""
    digest = hashlib.sha256(css.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def allow_inline_style(request, css):
    """Record that the response to `request` carries `<style>{css}</style>`. Its hash joins
    style-src, for this response and, through the page cache, for every copy served of it
    (a nonce would not survive the cache: each copy needs a new one)."""
    hashes = getattr(request, "csp_style_hashes", None)
    if hashes is None:
        hashes = request.csp_style_hashes = set()
    hashes.add(inline_style_source(css))


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
