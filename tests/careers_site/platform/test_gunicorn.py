"""The production server configuration (gunicorn.conf.py), run for real on 127.0.0.1 (issue 18):
four clients that send half a request do not stall it (/healthz still answers), and a path
carrying CR/LF cannot forge a line of the access log, which holds no client address."""

import json
import socket
import time
import urllib.error
import urllib.request

import pytest

from tests.careers_site.platform.servers import free_port, gunicorn, server_environment


def get(url, timeout=10):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn -c gunicorn.conf.py with two workers, as on a small production machine."""
    work = tmp_path_factory.mktemp("gunicorn")
    port = free_port()
    env = server_environment(
        DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}",
        DJANGO_MEDIA_ROOT=str(work / "media"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="2",
        GUNICORN_LOG_LEVEL="warning",
    )
    access_log = work / "access.log"
    with gunicorn(["-c", "gunicorn.conf.py", "--access-logfile", str(access_log)], env, port):
        yield {"url": f"http://127.0.0.1:{port}", "port": port, "access_log": access_log}


def test_four_slow_clients_do_not_stall_the_server(server):
    slow = []
    try:
        for _ in range(4):
            sock = socket.create_connection(("127.0.0.1", server["port"]), timeout=5)
            # Headers started, never finished: a worker without threads would wait for the rest.
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Lent: ")
            slow.append(sock)
        time.sleep(0.5)
        for _ in range(3):
            status, body = get(server["url"] + "/healthz", timeout=10)
            assert status == 200, body
            assert json.loads(body)["database"] == "ok"
    finally:
        for sock in slow:
            sock.close()


def test_22_half_sent_requests_do_not_make_healthz_time_out(server):
    """More half-sent requests than the server has threads (2 workers x 4): each is dropped
    GUNICORN_REQUEST_READ_TIMEOUT (3 s) after a thread started on it."""
    slow = []
    try:
        for _ in range(22):
            sock = socket.create_connection(("127.0.0.1", server["port"]), timeout=5)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Lent: ")
            slow.append(sock)
        time.sleep(0.5)
        started = time.monotonic()
        status, body = get(server["url"] + "/healthz", timeout=15)
        elapsed = time.monotonic() - started
        assert status == 200, body
        assert elapsed < 10, f"/healthz answered after {elapsed:.1f} s"
    finally:
        for sock in slow:
            sock.close()


def test_a_path_with_cr_lf_cannot_forge_an_access_log_line(server):
    forged = "/nulle-part%0D%0A127.0.0.1%20-%20FAUSSE%20LIGNE%0A"
    status, _body = get(server["url"] + forged)
    assert status in (400, 404, 500)
    get(server["url"] + "/healthz")
    time.sleep(0.5)  # the access log is written after the response
    lines = server["access_log"].read_text().splitlines()
    assert lines, "the access log is written"
    assert not any(line.startswith(("127.0.0.1", " - FAUSSE")) for line in lines)
    assert any("FAUSSE LIGNE" in line and "\\r\\n" in line for line in lines), lines
    assert not any(line[:18] == "127.0.0.1 - FAUSSE" for line in lines)
