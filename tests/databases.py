"""A database that another process sees, for the tests of work done in a child process (the
bounded box of imports, visits counted by a worker that is then killed)."""

import sqlite3

import pytest
from django.db import connection


@pytest.fixture
def database_children_see(transactional_db, tmp_path):
    """What a child process opening its own connection sees, as in production: committed
    rows only (no test transaction around the test), in a database it can open. On
    PostgreSQL that is the test database itself; the SQLite test database lives in this
    process's memory, which no other process can open, so the test runs on a copy in a file,
    and the database in memory comes back afterwards (then emptied, as after any
    transactional test)."""
    in_memory = getattr(connection, "is_in_memory_db", None)
    if in_memory is None or not in_memory():
        yield
        return
    connection.ensure_connection()
    memory = connection.connection
    copy = sqlite3.connect(tmp_path / "database.sqlite3")
    memory.backup(copy)
    copy.close()
    name = connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = str(tmp_path / "database.sqlite3")
    connection.connection = None  # the next query opens the file; `memory` stays open
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
        connection.connection = memory
