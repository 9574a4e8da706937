"""Honest logs and useful mail (issue 18): control characters are escaped in every log line
(no forged line), unhandled errors reach the administrators once, without the visitor's data,
and security events or outages are logged, never mailed."""

import logging
import sys
from unittest import mock

import pytest
from django.urls import reverse

from careers_site.platform.logs import EscapingFormatter

pytestmark = pytest.mark.django_db

SECRET_QUERY = "cherche-infirmiere-lyon-3"
AGENT = "Mozilla/5.0 (Navigateur-De-Camille)"


@pytest.fixture
def admins(settings):
    settings.ADMINS = [("Admin", "admin@example.org")]


def broken_home():
    return mock.patch(
        "careers_site.pages.views.HomeView.get_context_data",
        side_effect=RuntimeError("panne inattendue"),
    )


def test_the_console_formatter_escapes_control_characters():
    formatter = logging.getLogger("django.request").handlers[0].formatter
    assert isinstance(formatter, EscapingFormatter)
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/a\r\nFAUX 200",), None
    )
    line = formatter.format(record)
    assert "\n" not in line and "\r" not in line
    assert line.endswith("Not Found: /a\\r\\nFAUX 200")


def test_a_traceback_keeps_its_lines_but_none_looks_like_a_record():
    formatter = EscapingFormatter("%(levelname)s %(message)s")
    try:
        raise ValueError("ligne 1\n2026-01-01 00:00:00 INFO faux")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "boom", (), sys.exc_info())
    lines = formatter.format(record).split("\n")
    assert lines[0] == "ERROR boom"
    assert all(line.startswith("  | ") for line in lines[1:])
    assert not any(line.startswith("2026") for line in lines)


def test_an_unhandled_error_is_mailed_once_without_the_visitor(client, admins, mailoutbox):
    client.raise_request_exception = False
    client.cookies["suivi"] = "valeur-du-cookie"
    with broken_home():
        for _ in range(3):
            response = client.get(
                reverse("home") + f"?q={SECRET_QUERY}",
                HTTP_USER_AGENT=AGENT,
                HTTP_REFERER="https://ailleurs.example.com/page-secrete",
                REMOTE_ADDR="198.51.100.7",
            )
            assert response.status_code == 500
    assert len(mailoutbox) == 1  # the same error again is not mailed again at once
    mail = mailoutbox[0]
    assert "panne inattendue" in mail.body and "RuntimeError" in mail.body
    for personal in (SECRET_QUERY, AGENT, "198.51.100.7", "page-secrete", "valeur-du-cookie"):
        assert personal not in mail.body and personal not in mail.subject, personal
    assert not mail.alternatives  # no HTML report with every local variable


def test_security_events_and_outages_are_logged_not_mailed(client, admins, mailoutbox, caplog):
    response = client.get(reverse("home"), HTTP_HOST="attaquant.example.com")
    assert response.status_code == 400
    assert any(record.name == "django.security.DisallowedHost" for record in caplog.records)
    from tests.careers_site.platform.test_faults import database_down

    with database_down():
        assert client.get(reverse("professions:list")).status_code == 503
    assert mailoutbox == []
