"""The API's throttles, apart from the views: Django REST framework reads them from the
settings while it defines its own views.

Two fixed-window counters, each one atomic operation in the cache (`incr`; `add` begins a
window: no request is lost when many arrive at once, which let 1,500 requests through a
1,200 a minute limit), each window its own key (nothing to refresh, nothing that outlives
the window):

- `ClientThrottle`, per client (`API_CLIENT_THROTTLE_RATE`): the client is a keyed pseudonym
  of its address (an IPv6 /64 counts as one client), never the address itself;
- `SiteWideThrottle`, for the whole site (`API_THROTTLE_RATE`): a ceiling that keeps the
  database for the pages. A client over its own limit is refused before it counts here, so
  one client cannot spend the site's budget and lock everyone else out.

Both count only the API answers the page cache did not serve.
"""

import ipaddress
import time

from django.core.cache import cache
from django.utils.crypto import salted_hmac
from rest_framework.throttling import SimpleRateThrottle

from careers_site.platform.login import client_address


class AtomicRateThrottle(SimpleRateThrottle):
    """SimpleRateThrottle's rate and wait, with a counter instead of a list of timestamps
    read, changed and written back (which loses updates under concurrency)."""

    def ident_for(self, request):
        raise NotImplementedError

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        ident = self.ident_for(request)
        if ident is None:
            return True
        now = time.time()
        window = int(now // self.duration)
        key = f"throttle:{self.scope}:{ident}:{window}"
        self.window_ends = (window + 1) * self.duration
        self.now = now
        return self.count(key) <= self.num_requests

    def count(self, key):
        """This request's number in its window: one round trip once the window has begun
        (`incr`), two for its first request (`add`, which only one request can win)."""
        try:
            return cache.incr(key)
        except ValueError:  # the window's first request, or the cache is unreachable
            pass
        if cache.add(key, 1, self.duration + 1):
            return 1
        try:
            return cache.incr(key)  # another request began the window in between
        except ValueError:  # the cache is unreachable: nothing is counted
            return 1

    def wait(self):
        return max(1.0, self.window_ends - self.now)


class ClientThrottle(AtomicRateThrottle):
    scope = "api-client"

    def allow_request(self, request, view):
        allowed = super().allow_request(request, view)
        if not allowed:
            request.refused_for_the_client = True  # not counted against the whole site
        return allowed

    def ident_for(self, request):
        address = client_address(request)
        if address is None:
            return None
        if address.version == 6 and address.ipv4_mapped is None:
            address = ipaddress.ip_network(f"{address}/64", strict=False).network_address
        return salted_hmac("careers_site.api.client", str(address)).hexdigest()[:24]


class SiteWideThrottle(AtomicRateThrottle):
    scope = "api"

    def allow_request(self, request, view):
        if getattr(request, "refused_for_the_client", False):
            return True  # refused already, by the client's own limit
        return super().allow_request(request, view)

    def ident_for(self, request):
        return "site"
