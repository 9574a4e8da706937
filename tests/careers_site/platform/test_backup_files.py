"""Backup archives hold the editors' password hashes: they are written readable by their
owner only, whatever the umask, even over a file left by an earlier run (issue 18)."""

import io
import os
import stat

import pytest
from django.core.management import call_command


@pytest.mark.django_db(transaction=True)  # backup opens its own transaction
def test_the_archive_is_readable_by_its_owner_only(tmp_path):
    archive = tmp_path / "sauvegardes" / "careers.tar.gz"
    archive.parent.mkdir()
    leftover = archive.with_name(archive.name + ".partial")
    leftover.write_bytes(b"")
    leftover.chmod(0o666)
    previous = os.umask(0o022)  # the usual umask: files readable by everyone
    try:
        call_command("backup", output=str(archive), stdout=io.StringIO())
    finally:
        os.umask(previous)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert not leftover.exists()
