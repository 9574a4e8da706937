"""Log lines that cannot be forged: every control character a client can send (CR, LF, ESC,
NUL… in a path, a Host header or a user name) is written escaped (`\\r`, `\\n`, `\\x1b`), so one
record is one line and no client can add a line of its own or colour a terminal.

Used by Django's LOGGING (`EscapingFormatter`) and by gunicorn (`GunicornLogger`, set as
`logger_class` in gunicorn.conf.py) for its access and error logs. Only the standard library
here: gunicorn's master imports this module before Django is set up."""

import hashlib
import logging
import re

from gunicorn.glogging import Logger

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# How a traceback's continuation lines start: never mistaken for the start of a record.
CONTINUATION = "\n  | "


def escape_controls(text):
    return CONTROL_RE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class EscapingFormatter(logging.Formatter):
    """The message on one line, escaped; a traceback keeps its lines, each marked as part of
    the record above it and escaped too."""

    def format(self, record):
        message, args = record.msg, record.args
        record.msg, record.args = escape_controls(record.getMessage()), None
        try:
            return super().format(record)
        finally:
            record.msg, record.args = message, args

    def formatException(self, ei):
        text = super().formatException(ei)
        return CONTINUATION.lstrip("\n") + CONTINUATION.join(
            escape_controls(line) for line in text.splitlines()
        )

    def formatStack(self, stack_info):
        return CONTINUATION.lstrip("\n") + CONTINUATION.join(
            escape_controls(line) for line in stack_info.splitlines()
        )


# One mail per kind of error at most this often.
MAIL_THROTTLE_SECONDS = 600


class UnhandledErrorsOnly(logging.Filter):
    """On the `mail_admins` handler: a 500 (an unhandled error) is mailed, at most once per kind
    of error every ten minutes; a bad Host header, a 404 or the 503 of a database outage are
    only logged (security events go to the log, `django.security`, not to the inbox)."""

    def filter(self, record):
        if getattr(record, "status_code", None) != 500:
            return False
        return not self.seen_lately(record)

    @staticmethod
    def seen_lately(record):
        """The same error (type and place) was mailed less than ten minutes ago."""
        where = ""
        if record.exc_info and record.exc_info[2] is not None:
            tb = record.exc_info[2]
            while tb.tb_next is not None:
                tb = tb.tb_next
            where = f"{record.exc_info[0].__name__}:{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}"
        else:
            where = record.getMessage()
        key = "mail-admins:" + hashlib.md5(where.encode(), usedforsecurity=False).hexdigest()
        from django.core.cache import cache

        try:
            return not cache.add(key, 1, MAIL_THROTTLE_SECONDS)
        except Exception:  # the cache is down: mail rather than stay silent
            return False


class GunicornLogger(Logger):
    """Gunicorn's logger, with every handler it sets up writing escaped lines."""

    def _set_handler(self, log, output, fmt, stream=None):
        escaping = EscapingFormatter(fmt._fmt, fmt.datefmt)
        return super()._set_handler(log, output, escaping, stream=stream)
