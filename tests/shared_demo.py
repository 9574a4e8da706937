"""The demonstration content, loaded once per test module for the tests that only read it.

`manage.py load_demo` takes seconds (every fixture file, the ROME and Parcoursup extracts, the
drawings); run again for each test it was the slowest part of the suite. Here it runs once per
module, inside a transaction left open around the module's tests and rolled back after the last
one: each test runs in its own savepoint within it (pytest-django's `db`), so what a test
changes is undone before the next, and the next module starts from an empty database as
before. The tests of the command itself (tests/careers_site/demo/test_load_demo.py) and those
that change the demo and load it again still run it themselves.

A module that uses `demo_content` uses it in all its tests from the first that asks for it:
a test after it that does not ask would see the demo it does not expect
(`demo_content_is_asked_for` in tests/conftest.py fails it)."""

import io
import shutil

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

# The module whose demo transaction is open, if any.
_open_in = None


@pytest.fixture(scope="module")
def demo_loaded_once(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the demo for this module's tests; yield the folder holding its files."""
    global _open_in
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock():
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
        try:
            # DEBUG: load_demo refuses to run without it (it takes the test settings for a
            # production); MEDIA_ROOT: the drawings are kept for the module's tests.
            with override_settings(DEBUG=True, MEDIA_ROOT=media):
                call_command("load_demo", "--no-admin", stdout=io.StringIO())
        except BaseException:
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)
            raise
    _open_in = request.module.__name__
    try:
        yield media
    finally:
        _open_in = None
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)


@pytest.fixture
def demo_content(request, demo_loaded_once, db, settings):
    """The demo content, as `manage.py load_demo --no-admin` leaves it, with its files under
    this test's MEDIA_ROOT."""
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        pytest.fail(
            "demo_content lives in a transaction: a transactional test loads the demo itself."
        )
    shutil.copytree(demo_loaded_once, settings.MEDIA_ROOT, dirs_exist_ok=True)


def loaded_in():
    """The name of the module whose demo transaction is open, or None."""
    return _open_in
