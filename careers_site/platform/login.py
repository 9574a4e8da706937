"""Admin login lockout that protects editors instead of locking them out (django-axes).

- **Per account and network.** Five wrong passwords (`AXES_FAILURE_LIMIT`) for one user name
  from one network lock that pair for `AXES_COOLOFF_MINUTES`: a stranger guessing the
  superuser's password from elsewhere does not stop the superuser, who logs in from home or
  the office with the right password. A network is an IPv4 address, or an IPv6 /56 (what
  one subscriber may get: the 256 /64s of one home or one attacker count as one).
- **Per account, a much higher ceiling, never against the editor's own networks.** An
  attack spread over many networks meets `AXES_ACCOUNT_FAILURE_LIMIT` (50) failures for one
  user name within the cool-off, each network counting at most `AXES_FAILURE_LIMIT` (so ten
  networks at least, however long each keeps trying). The account is then locked from every
  network **where it has not logged in successfully within `LOGIN_KNOWN_NETWORK_DAYS`**:
  the guesser is stopped, the editor at the usual office or home still logs in. An editor on
  a new network during an attack waits for the cool-off, or an administrator unlocks the
  account (`manage.py axes_reset_username NAME`).
- **The client address** is the one the reverse proxy saw: `X-Forwarded-For` is believed only
  when the request comes from a trusted proxy (`TRUSTED_PROXY_IPS`), and then its right-most
  address that is not a proxy (the one the proxy added itself; anything to its left was typed
  by the client).
- **No IP address is stored.** Axes records a keyed pseudonym of the network (an HMAC with
  the secret key, written as an IPv6 address so that axes' column accepts it): it tells two
  attempts from the same network apart, nothing more, and cannot be turned back into the
  address without the secret key. Attempts are forgotten after the cool-off; the successful
  logins that make a network known, after `LOGIN_KNOWN_NETWORK_DAYS` (`axes_reset_logs`).
"""

import ipaddress
from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.crypto import salted_hmac

# One IPv6 subscriber may hold a /56 (256 /64s): they count as one network.
IPV6_NETWORK_PREFIX = 56


def _address(value):
    try:
        return ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None


def client_address(request):
    """The visitor's address as the reverse proxy saw it, or None."""
    remote = _address(request.META.get("REMOTE_ADDR"))
    trusted = {_address(value) for value in settings.TRUSTED_PROXY_IPS} - {None}
    if remote is None or remote not in trusted:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for candidate in reversed(forwarded):
        address = _address(candidate)
        if address is None:
            return remote  # a forged or broken header: the proxy itself is all we know
        if address not in trusted:
            return address
    return remote


def pseudonymous_client_ip(request):
    """AXES_CLIENT_IP_CALLABLE: a keyed pseudonym of the client address (see the module)."""
    address = client_address(request)
    if address is None:
        return None
    if address.version == 6 and address.ipv4_mapped is None:
        address = ipaddress.ip_network(f"{address}/{IPV6_NETWORK_PREFIX}", strict=False)
        address = address.network_address
    digest = salted_hmac("careers_site.login.address", str(address)).digest()[:16]
    return str(ipaddress.IPv6Address(digest))


def account_failures(username):
    """Failed logins for this user name within the cool-off, from every network, each
    network counting at most AXES_FAILURE_LIMIT (its own lock stops it there; axes keeps a
    row per user agent, summed here per network)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    per_network = (
        AccessAttempt.objects.filter(username=username, attempt_time__gte=since)
        .values("ip_address")
        .annotate(failures=Sum("failures_since_start"))
        .values_list("failures", flat=True)
    )
    return sum(min(failures, settings.AXES_FAILURE_LIMIT) for failures in per_network)


def is_known_network(username, network):
    """Has this account logged in successfully from this network (its pseudonym) lately?"""
    since = timezone.now() - timedelta(days=settings.LOGIN_KNOWN_NETWORK_DAYS)
    return AccessLog.objects.filter(
        username=username, ip_address=network, attempt_time__gte=since
    ).exists()


class LockoutBackend(AxesStandaloneBackend):
    """Axes' check per (user name, network), then the per-account ceiling, which spares the
    account's known networks."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        super().authenticate(request, username=username, password=password, **kwargs)
        if (
            settings.AXES_ENABLED
            and username
            and account_failures(username) >= settings.AXES_ACCOUNT_FAILURE_LIMIT
            and not is_known_network(username, getattr(request, "axes_ip_address", None))
        ):
            request.axes_locked_out = True
            request.axes_credentials = {"username": username}
            raise AxesBackendPermissionDenied("too many failures for this account")
