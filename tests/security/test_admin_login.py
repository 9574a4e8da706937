"""The admin login: throttled and locked by django-axes, strong passwords, every attempt
logged without an IP address."""

import logging

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "un-mot-de-passe-solide"


@pytest.fixture(autouse=True)
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


@pytest.fixture
def staff(django_user_model):
    return [
        django_user_model.objects.create_user(name, password=PASSWORD, is_staff=True)
        for name in ("camille", "dominique")
    ]


def log_in(client, username, password):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
    )


def test_good_password_logs_in(client, staff):
    response = log_in(client, "camille", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_lockout_after_the_failure_limit_and_it_holds_against_the_right_password(client, staff):
    for _ in range(2):
        response = log_in(client, "camille", "pas-le-bon")
        assert response.status_code == 200  # the form again, with its error
    third = log_in(client, "camille", "pas-le-bon")
    assert third.status_code == 429
    assert "Connexion bloquée" in third.content.decode()
    # Locked: even the right password is refused, from any client.
    from django.test import Client

    for other_client in (client, Client(REMOTE_ADDR="10.1.2.3")):
        response = log_in(other_client, "camille", PASSWORD)
        assert response.status_code == 429
        assert "_auth_user_id" not in other_client.session
    # Another account still works.
    response = log_in(Client(), "dominique", PASSWORD)
    assert response.status_code == 302


def test_no_ip_address_is_stored(client, staff):
    from axes.models import AccessAttempt, AccessFailureLog

    log_in(client, "camille", "pas-le-bon")
    assert AccessAttempt.objects.get().ip_address is None
    assert AccessFailureLog.objects.get().ip_address is None


def test_every_attempt_is_logged_without_ip(client, staff, caplog):
    caplog.set_level(logging.INFO, logger="careers_site.platform.security")
    log_in(client, "camille", "pas-le-bon")
    log_in(client, "camille\nFAUSSE LIGNE", "pas-le-bon")
    log_in(client, "dominique", PASSWORD)
    messages = [record.getMessage() for record in caplog.records]
    assert "login failed: username=camille" in messages
    assert "login failed: username=camille\\nFAUSSE LIGNE" in messages
    assert "login succeeded: username=dominique" in messages
    text = "\n".join(messages)
    assert "127.0.0.1" not in text
    assert "pas-le-bon" not in text and PASSWORD not in text


@pytest.mark.parametrize(
    "password", ["court1!", "password1234", "123456789012", "qwertyuiop123", "camille-camille"]
)
def test_weak_passwords_are_refused(django_user_model, password):
    user = django_user_model(username="camille-camille", email="camille@example.org")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_passphrase_is_accepted(django_user_model):
    user = django_user_model(username="camille")
    validate_password("trois chevaux bleus dans le pré", user)


def test_admin_session_ends_with_the_browser_and_after_a_day(client, staff, settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    log_in(client, "camille", PASSWORD)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert not cookie["max-age"] and not cookie["expires"]
