"""What the administrators receive when a page fails (see also
careers_site.platform.logs.UnhandledErrorsOnly, which chooses what is mailed): nothing about the
visitor.

- `PrivateExceptionReporter` (DEFAULT_EXCEPTION_REPORTER): the traceback without the local
  variables of each frame, without the query string's values, the cookies, the client
  address, the user agent or the referrer (a search term, a position or an address would
  otherwise travel by mail)."""

import re

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter


class PrivateReporterFilter(SafeExceptionReporterFilter):
    hidden_settings = re.compile(
        "API|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|REMOTE_ADDR|REMOTE_HOST|USER_AGENT|"
        "REFERER|FORWARDED|X_REAL_IP|QUERY_STRING|DATABASE_URL|REDIS_URL",
        flags=re.IGNORECASE,
    )

    def get_traceback_frame_variables(self, request, tb_frame):
        return []


class PrivateExceptionReporter(ExceptionReporter):
    def get_traceback_data(self):
        data = super().get_traceback_data()
        data["request_COOKIES_items"] = []
        if self.request is not None:
            data["request_insecure_uri"] = self.request.path  # no query string
            data["request_GET_items"] = [
                (name, self.filter.cleansed_substitute) for name in self.request.GET
            ]
        return data
