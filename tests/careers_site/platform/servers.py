"""A real gunicorn for the tests that need one (outages, slow clients, logs): on a free port
of 127.0.0.1, with the test settings and the environment the test gives."""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(**values):
    """This process's environment without its Django and Redis settings, on the test
    settings, with `values` added."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_"))}
    return {**env, "DJANGO_SETTINGS_MODULE": "careers_site.settings.test", **values}


def app_arguments(port):
    """The WSGI application on `port`, one worker: what the outage tests serve."""
    return [
        "careers_site.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--log-level",
        "warning",
    ]


@contextmanager
def gunicorn(arguments, env, port):
    """gunicorn started with `arguments`, once it listens on `port`; stopped on exit, its
    output then in `.output` of the object yielded."""
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *arguments],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail(process.stdout.read().decode())
    try:
        yield process
    finally:
        process.terminate()
        try:
            output = process.communicate(timeout=15)[0]
        except subprocess.TimeoutExpired:  # a worker stuck on a long timeout
            process.kill()
            output = process.communicate()[0]
        process.output = output.decode()
