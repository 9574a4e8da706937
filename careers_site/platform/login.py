"""Admin login lockout that protects editors instead of locking them out (django-axes).

- **Per account and address.** Five wrong passwords (`AXES_FAILURE_LIMIT`) for one user name
  from one client address lock that pair for `AXES_COOLOFF_MINUTES`: a stranger guessing the
  superuser's password from elsewhere does not stop the superuser, who logs in from home or
  the office with the right password.
- **Per account, a much higher ceiling.** An attack spread over many addresses meets
  `AXES_ACCOUNT_FAILURE_LIMIT` (50) failures for one user name within the cool-off: the
  account is then locked from everywhere until the cool-off ends or an administrator unlocks
  it (`manage.py axes_reset_username NAME`).
- **The client address** is the one the reverse proxy saw: `X-Forwarded-For` is believed only
  when the request comes from a trusted proxy (`TRUSTED_PROXY_IPS`), and then its right-most
  address that is not a proxy (the one the proxy added itself; anything to its left was typed
  by the client). IPv6 addresses count per /64 (what one subscriber gets).
- **No IP address is stored.** Axes records a keyed pseudonym of the address (an HMAC with the
  secret key, written as an IPv6 address so that axes' column accepts it): it tells two
  attempts from the same address apart, nothing more, and cannot be turned back into the
  address without the secret key. Attempts are forgotten after the cool-off.
"""

import ipaddress

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.crypto import salted_hmac


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
        address = ipaddress.ip_network(f"{address}/64", strict=False).network_address
    digest = salted_hmac("careers_site.login.address", str(address)).digest()[:16]
    return str(ipaddress.IPv6Address(digest))


def account_failures(username):
    """Failed logins for this user name, from every address, within the cool-off."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    total = AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return total or 0


class LockoutBackend(AxesStandaloneBackend):
    """Axes' check per (user name, address), then the per-account ceiling."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        super().authenticate(request, username=username, password=password, **kwargs)
        if (
            settings.AXES_ENABLED
            and username
            and account_failures(username) >= settings.AXES_ACCOUNT_FAILURE_LIMIT
        ):
            request.axes_locked_out = True
            request.axes_credentials = {"username": username}
            raise AxesBackendPermissionDenied("too many failures for this account")
