"""Bounded waits on PostgreSQL (issue 27): connect and statement timeouts, TCP keepalives and
an unacknowledged-data timeout, all from the environment. A frozen database made pages wait
15 to 32 s and /healthz 47 s."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def options(**environment):
    script = (
        "import json, careers_site.settings.base as base; "
        "print(json.dumps(base.DATABASES['default'].get('OPTIONS', {})))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "careers_site.settings.base", **environment}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_postgresql_connections_have_bounded_waits_by_default():
    assert options(DATABASE_URL="postgres://u@127.0.0.1:5432/db") == {
        "connect_timeout": 2,
        "options": "-c statement_timeout=30000",
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 10,
        "keepalives_count": 3,
        "tcp_user_timeout": 10000,
        "server_side_binding": True,
        "prepare_threshold": 5,
    }


def test_prepared_statements_can_be_turned_off_for_a_pooler():
    """Behind a pooler in transaction mode a prepared statement may not find its session:
    one variable turns them off, and the parameters are bound as Django does by default."""
    chosen = options(
        DATABASE_URL="postgres://u@127.0.0.1:5432/db", DATABASE_PREPARED_STATEMENTS="0"
    )
    assert "server_side_binding" not in chosen
    assert "prepare_threshold" not in chosen


def test_each_wait_comes_from_the_environment():
    chosen = options(
        DATABASE_URL="postgres://u@127.0.0.1:5432/db",
        DATABASE_STATEMENT_TIMEOUT="0",
        DATABASE_KEEPALIVES_IDLE="5",
        DATABASE_TCP_USER_TIMEOUT="4000",
    )
    assert chosen["options"] == "-c statement_timeout=0"
    assert (chosen["keepalives_idle"], chosen["tcp_user_timeout"]) == (5, 4000)


def test_sqlite_gets_none_of_them():
    assert options(DATABASE_URL="sqlite:///tmp/x.sqlite3") == {}
