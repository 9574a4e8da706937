"""gunicorn's threaded worker, with a deadline on reading each request.

gunicorn's `gthread` worker reads a request in one of its threads with a blocking socket and no
time limit: 22 clients sending half a request each held every thread of a small server, and
/healthz timed out. Here a client's socket gives up on reading a request
`GUNICORN_REQUEST_READ_TIMEOUT` seconds (3) after it began, and on any send after
`GUNICORN_TIMEOUT`: the thread is free again, and the client's connection is closed as a reset
(logged at debug level, like any client that goes away).

This bounds what reaches gunicorn; a flood of slow clients is the reverse proxy's to absorb
(nginx reads and buffers a whole request before passing it on: `client_header_timeout`,
`client_body_timeout`, `proxy_request_buffering on`, see docs/operators.md).
"""

import errno
import os
import socket
import time

from gunicorn.workers import gthread


def _seconds(name, default):
    value = os.environ.get(name, "").strip()
    return float(value) if value else default


READ_SECONDS = _seconds("GUNICORN_REQUEST_READ_TIMEOUT", 3.0)
SEND_SECONDS = _seconds("GUNICORN_TIMEOUT", 30.0)


class DeadlineSocket(socket.socket):
    """A client socket whose blocking mode has a deadline: reading a request may take
    READ_SECONDS from the moment the worker starts on it, a send SEND_SECONDS."""

    _deadline = None

    def setblocking(self, flag):
        if flag:
            # gunicorn switches to blocking mode as a thread starts on a request.
            self._deadline = time.monotonic() + READ_SECONDS
            self.settimeout(READ_SECONDS)
        else:
            self._deadline = None
            super().setblocking(False)

    _closing = False

    def shutdown(self, how):
        # gunicorn's graceful close half-closes, then waits up to 2 s for the client to
        # close too, in the worker's main loop: a silent client would stall every other
        # connection of the worker that long. What is already received is drained at once.
        self._closing = True
        return super().shutdown(how)

    def _before_read(self):
        if self._closing:
            self.settimeout(0)
        elif self._deadline is not None:
            remaining = self._deadline - time.monotonic()
            if remaining <= 0:
                raise ConnectionResetError(errno.ECONNRESET, "request not received in time")
            self.settimeout(remaining)

    def recv(self, *args, **kwargs):
        self._before_read()
        try:
            return super().recv(*args, **kwargs)
        except TimeoutError:
            raise ConnectionResetError(errno.ECONNRESET, "request not received in time") from None

    def recv_into(self, *args, **kwargs):
        self._before_read()
        try:
            return super().recv_into(*args, **kwargs)
        except TimeoutError:
            raise ConnectionResetError(errno.ECONNRESET, "request not received in time") from None

    def _before_send(self):
        if self._deadline is not None:
            self.settimeout(SEND_SECONDS)  # the answer: not bounded by the read's deadline

    def sendall(self, *args, **kwargs):
        self._before_send()
        try:
            return super().sendall(*args, **kwargs)
        except TimeoutError:
            raise BrokenPipeError(errno.EPIPE, "client not reading") from None

    def sendfile(self, *args, **kwargs):  # a download (videos, kits) sent by the kernel
        self._before_send()
        try:
            return super().sendfile(*args, **kwargs)
        except TimeoutError:
            raise BrokenPipeError(errno.EPIPE, "client not reading") from None


class ThreadWorker(gthread.ThreadWorker):
    """gunicorn's gthread worker; its client sockets are DeadlineSockets."""

    def accept(self, listener):
        try:
            client_sock, client_addr = listener.accept()
            self.nr_conns += 1
            client_sock = DeadlineSocket(
                client_sock.family, client_sock.type, client_sock.proto, client_sock.detach()
            )
            client_sock.setblocking(True)
            conn = gthread.TConn(self.cfg, client_sock, client_addr, listener.getsockname())
            self.enqueue_req(conn)
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
