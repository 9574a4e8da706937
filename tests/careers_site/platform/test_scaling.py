"""Two application servers behind one load balancer: a change made anywhere is seen within a
second on every server, because they share PostgreSQL and the Redis cache (README, « Scaling
out »).

Starts two gunicorn instances (production settings, two free ports) on a dedicated
PostgreSQL database and Redis db 15 (SCALING_REDIS_URL: db 10 in CI's run on PostgreSQL, beside
the one on SQLite), changes content from a third process, and reads it back
from the other instance within a second. Skipped when PostgreSQL or Redis does not answer on
127.0.0.1,
except under CI=true where it fails."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Free ports chosen now, so that a busy machine never makes the test skip.
PORTS = (
    [int(p) for p in os.environ["SCALING_PORTS"].split(",")]
    if os.environ.get("SCALING_PORTS")
    else [free_port(), free_port()]
)
ADMIN_URL = os.environ.get("SCALING_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
DATABASE = f"scaling_{os.getpid()}"
DATABASE_URL = ADMIN_URL.rsplit("/", 1)[0] + "/" + DATABASE
REDIS_URL = os.environ.get("SCALING_REDIS_URL", "redis://127.0.0.1:6379/15")


def answers(port, host="127.0.0.1"):
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def require_services():
    missing = [name for name, port in (("PostgreSQL", 5432), ("Redis", 6379)) if not answers(port)]
    if missing:
        message = f"{' and '.join(missing)} not answering on 127.0.0.1"
        if os.environ.get("CI") == "true":
            pytest.fail(message + ": required in CI")
        pytest.skip(message)
    busy = [port for port in PORTS if answers(port)]
    if busy:
        pytest.fail(f"ports {busy} already in use (SCALING_PORTS=… to choose others)")


@pytest.fixture(scope="module")
def environment(tmp_path_factory):
    require_services()
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "careers_site.settings.production",
        "DJANGO_SECRET_KEY": "scaling-" + secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": DATABASE_URL,
        "DATABASE_CONN_MAX_AGE": "0",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": f"scaling-{os.getpid()}",
        "DJANGO_MEDIA_ROOT": str(tmp_path_factory.mktemp("media")),
        "DJANGO_STATIC_ROOT": str(tmp_path_factory.mktemp("static")),
        "PAGE_CACHE_ENABLED": "1",
        "GUNICORN_WORKERS": "2",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=180,
        )
    servers = []
    try:
        for port in PORTS:
            servers.append(
                subprocess.Popen(
                    [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py"],
                    cwd=ROOT,
                    env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        deadline = time.monotonic() + 30
        while not all(answers(port) for port in PORTS):
            assert time.monotonic() < deadline, "gunicorn did not start within 30 s"
            time.sleep(0.2)
        yield env
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def orm(env, code):
    """Change content as an editor would, from a third process (neither server)."""
    script = "import django; django.setup()\n" + code
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True, timeout=60)


def get(port, path):
    # Behind a load balancer every server sees the same public host name.
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": "127.0.0.1"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers.get("X-Page-Cache"), response.read().decode()


CREATE = """
import datetime
from django.utils import timezone
from professions.models import Profession
Profession.objects.create(
    title_masculine="Manipulateur radio", title_feminine="Manipulatrice radio",
    slug="manipulateur-radio", tagline="Première accroche.", summary="Résumé.",
    sector="medico-technique", status="published",
    published_at=timezone.now() - datetime.timedelta(days=1),
)
Profession.objects.create(
    title_masculine="Orthoptiste", title_feminine="Orthoptiste", slug="orthoptiste",
    tagline="Un brouillon.", summary="Résumé.", sector="soins", status="draft",
)
"""

CHANGE = """
from professions.models import Profession
profession = Profession.objects.get(slug="manipulateur-radio")
profession.tagline = "Accroche changée ailleurs."
profession.save()
draft = Profession.objects.get(slug="orthoptiste")
draft.status = "published"
draft.save()
"""


def test_a_publish_is_seen_within_a_second_on_every_server(environment):
    """Each server process trusts the content version it read for PAGE_CACHE_VERSION_SECONDS
    (1 s): a hit then asks Redis nothing. A change made elsewhere shows within that second."""
    first, second = PORTS
    orm(environment, CREATE)
    for port in (first, second):
        get(port, "/metiers/")
    # Both servers now serve the list from the shared cache.
    state, page = get(second, "/metiers/")
    assert state == "hit"
    assert "Première accroche." in page
    assert "Orthoptiste" not in page

    orm(environment, CHANGE)
    changed = time.monotonic()

    while True:
        state, page = get(second, "/metiers/")
        if state != "hit" or time.monotonic() - changed > 3:
            break
        time.sleep(0.05)
    assert time.monotonic() - changed < 1.5, "the second server served the old page too long"
    assert state == "miss"
    assert "Accroche changée ailleurs." in page
    assert "Orthoptiste" in page
    # The page the second server rendered is served by the first from the shared cache.
    state, page = get(first, "/metiers/")
    assert state == "hit"
    assert "Accroche changée ailleurs." in page
