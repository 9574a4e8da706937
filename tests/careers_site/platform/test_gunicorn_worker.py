"""The worker's client socket: reading a request has a deadline from the moment a thread
starts on it; the answer is sent on its own timeout; a closing socket never lingers."""

import socket
import time

import pytest

from careers_site.platform import gunicorn_worker
from careers_site.platform.gunicorn_worker import DeadlineSocket


@pytest.fixture
def pair(monkeypatch):
    monkeypatch.setattr(gunicorn_worker, "READ_SECONDS", 0.3)
    server, client = socket.socketpair()
    server = DeadlineSocket(server.family, server.type, server.proto, server.detach())
    yield server, client
    server.close()
    client.close()


def test_half_a_request_is_dropped_at_the_deadline(pair):
    server, client = pair
    server.setblocking(True)
    client.sendall(b"GET / HTTP/1.1\r\nX-Lent: ")
    assert server.recv(1024).startswith(b"GET")
    started = time.monotonic()
    with pytest.raises(ConnectionResetError):
        server.recv(1024)  # the rest never comes
    assert time.monotonic() - started < 0.5


def test_a_client_sending_a_byte_at_a_time_gets_no_more_than_the_deadline(pair):
    server, client = pair
    server.setblocking(True)
    started = time.monotonic()
    with pytest.raises(ConnectionResetError):
        while True:
            client.send(b"x")
            server.recv(1)
            time.sleep(0.05)
    assert time.monotonic() - started < 0.5


def test_the_answer_is_not_bound_by_the_reads_deadline(pair):
    server, client = pair
    server.setblocking(True)
    time.sleep(0.4)  # past the read deadline: the answer still goes out
    server.sendall(b"HTTP/1.1 200 OK\r\n\r\n")
    assert client.recv(100).startswith(b"HTTP/1.1 200")


def test_a_closing_socket_does_not_wait_for_a_silent_client(pair):
    server, client = pair
    server.setblocking(True)
    server.shutdown(socket.SHUT_WR)
    started = time.monotonic()
    with pytest.raises(OSError):
        server.recv(4096)  # nothing there: gives up at once
    assert time.monotonic() - started < 0.1
