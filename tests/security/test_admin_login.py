"""The admin login: throttled and locked by django-axes per account and address, with a higher
ceiling per account, strong passwords, every attempt logged without an IP address."""

import logging

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
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


def test_lockout_after_the_failure_limit_holds_against_the_right_password_from_there(staff):
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(2):
        response = log_in(attacker, "camille", "pas-le-bon")
        assert response.status_code == 200  # the form again, with its error
    third = log_in(attacker, "camille", "pas-le-bon")
    assert third.status_code == 429
    html = third.content.decode()
    assert "Connexion bloquée" in html and "Que faire" in html
    assert "débloquer votre compte" in html
    # Locked from that address: even the right password is refused there.
    response = log_in(attacker, "camille", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in attacker.session
    # Another account still works.
    assert log_in(Client(), "dominique", PASSWORD).status_code == 302


def test_a_stranger_cannot_lock_an_editor_out_from_elsewhere(staff):
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(5):
        log_in(attacker, "camille", "pas-le-bon")
    editor = Client(REMOTE_ADDR="203.0.113.20")
    assert log_in(editor, "camille", PASSWORD).status_code == 302


def test_an_attack_from_many_networks_meets_the_account_ceiling_but_spares_the_editor(
    staff, settings
):
    settings.AXES_ACCOUNT_FAILURE_LIMIT = 6
    editor = Client(REMOTE_ADDR="203.0.113.20")
    assert log_in(editor, "camille", PASSWORD).status_code == 302  # the office, known
    editor.logout()
    for number in range(3):
        attacker = Client(REMOTE_ADDR=f"198.51.100.{number + 1}")
        for _ in range(2):
            assert log_in(attacker, "camille", "pas-le-bon").status_code == 200
    # Six failures from three networks: the account is locked from any new network…
    newcomer = Client(REMOTE_ADDR="192.0.2.44")
    response = log_in(newcomer, "camille", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in newcomer.session
    # … but the editor, at the office where they logged in before, still gets in.
    assert log_in(editor, "camille", PASSWORD).status_code == 302
    # An administrator unlocks the account for the new network too.
    call_command("axes_reset_username", "camille")
    assert log_in(Client(REMOTE_ADDR="192.0.2.44"), "camille", PASSWORD).status_code == 302


def test_many_ipv6_64s_of_one_56_are_one_network(staff, settings):
    """The finding: failures spread over ten /64s of one /56 locked an editor out
    everywhere. One /56 is one network: it locks itself after AXES_FAILURE_LIMIT."""
    settings.AXES_ACCOUNT_FAILURE_LIMIT = 6
    for number in range(10):
        attacker = Client(REMOTE_ADDR=f"2001:db8:0:{number:x}::1")
        for _ in range(5):
            log_in(attacker, "camille", "pas-le-bon")
    assert log_in(Client(REMOTE_ADDR="2001:db8:0:ff::9"), "camille", PASSWORD).status_code == 429
    elsewhere = Client(REMOTE_ADDR="2001:db8:1::9")  # another /56, never seen
    assert log_in(elsewhere, "camille", PASSWORD).status_code == 302


def test_one_network_hammering_does_not_reach_the_account_ceiling(staff, settings):
    settings.AXES_ACCOUNT_FAILURE_LIMIT = 6
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    for number in range(20):
        attacker.defaults["HTTP_USER_AGENT"] = f"robot/{number}"
        log_in(attacker, "camille", "pas-le-bon")
    assert log_in(Client(REMOTE_ADDR="192.0.2.44"), "camille", PASSWORD).status_code == 302


def test_the_proxy_address_is_believed_only_from_the_proxy(staff):
    from axes.models import AccessAttempt

    # Behind the proxy (127.0.0.1): the address it added, right-most, counts; the client's
    # own « 10.0.0.1 » to its left does not.
    behind = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.7")
    for _ in range(3):
        log_in(behind, "camille", "pas-le-bon")
    direct = Client(REMOTE_ADDR="198.51.100.7")
    assert log_in(direct, "camille", PASSWORD).status_code == 429  # the same visitor
    other = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert log_in(other, "camille", PASSWORD).status_code == 302
    # A client that is not the proxy cannot choose its address with the header.
    spoofer = Client(REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR="203.0.113.20")
    for _ in range(3):
        log_in(spoofer, "dominique", "pas-le-bon")
    assert log_in(Client(REMOTE_ADDR="203.0.113.20"), "dominique", PASSWORD).status_code == 302
    assert AccessAttempt.objects.filter(username="camille").count() == 1


def test_no_ip_address_is_stored(staff):
    from axes.models import AccessAttempt, AccessFailureLog

    log_in(Client(REMOTE_ADDR="198.51.100.7"), "camille", "pas-le-bon")
    log_in(Client(REMOTE_ADDR="198.51.100.7"), "camille", "pas-le-bon")
    log_in(Client(REMOTE_ADDR="198.51.100.8"), "camille", "pas-le-bon")
    stored = {row.ip_address for row in AccessAttempt.objects.all()}
    stored |= {row.ip_address for row in AccessFailureLog.objects.all()}
    assert len(stored) == 2  # one pseudonym per address
    assert not {"198.51.100.7", "198.51.100.8"} & stored


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
