"""The API's throttle, apart from the views: Django REST framework reads it from the settings
while it defines its own views."""

from rest_framework.throttling import SimpleRateThrottle


class SiteWideThrottle(SimpleRateThrottle):
    """A ceiling on the API answers the page cache did not serve, for the whole site: it keeps
    the database for the pages when someone walks every filter. No address is stored (one key
    for everyone); the per-client limit is the proxy's (docs/operators.md)."""

    scope = "api"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": "site"}
