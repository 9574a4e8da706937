"""Gunicorn settings for production: `gunicorn -c gunicorn.conf.py`, behind a reverse proxy
that terminates TLS and serves nothing else (WhiteNoise serves the static files).

Every value can be changed from the environment; see .env.example.
"""

import multiprocessing
import os


def _int_from_env(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# careers_site/wsgi.py selects careers_site.settings.production unless told otherwise.
wsgi_app = "careers_site.wsgi:application"

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# The usual 2 × cores + 1, capped: the pages are light and a big machine does not need dozens
# of processes each holding a database connection.
workers = _int_from_env("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 9))

# Threads: a client that sends its request slowly (partial headers) holds one thread, not a
# whole worker, so a few slow sockets cannot stall the site or /healthz. A worker accepts no
# more connections than it has threads (worker_connections): one whose threads are all held
# leaves new connections to the others instead of queueing them behind the slow ones. Each
# thread may keep a database connection: workers × threads connections at most (PostgreSQL
# allows 100 by default). The reverse proxy in front buffers requests and times slow clients
# out (docs/operators.md, « Slow clients »); this is the second line.
# gunicorn's gthread worker, with a deadline on reading each request (a client sending half
# a request must not hold a thread): careers_site/platform/gunicorn_worker.py.
worker_class = "careers_site.platform.gunicorn_worker.ThreadWorker"
threads = _int_from_env("GUNICORN_THREADS", 4)
worker_connections = _int_from_env("GUNICORN_WORKER_CONNECTIONS", threads)

# A request that takes longer is stuck: kill the worker rather than keep the visitor waiting.
timeout = _int_from_env("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int_from_env("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Keep-alive slots come out of worker_connections: none by default (nginx does not keep its
# connections to the application open unless told to).
keepalive = _int_from_env("GUNICORN_KEEPALIVE", 0 if worker_connections <= threads else 5)

# Recycle workers now and then so that a slow leak never grows into an outage. Not too often:
# a new worker imports the whole site again (half a second of CPU) and starts with no page of
# its own. Cached pages are served at about 4,000 a second on two cores: 1,000 requests meant a
# restart every few seconds per worker (141 in one `make bench` run), 20,000 one every 25 s.
max_requests = _int_from_env("GUNICORN_MAX_REQUESTS", 100000)
max_requests_jitter = max_requests // 10

# The proxy on the same machine sets X-Forwarded-Proto; Django trusts it through
# SECURE_PROXY_SSL_HEADER. Set the proxy's address here if it runs elsewhere.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs go to stdout/stderr for the service manager (systemd, container runtime).
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# No personal data in the access log: no IP address, no user name, no user agent, no referrer
# and no query string (search terms are typed by visitors). Time, method, path, protocol,
# status, response size and duration are enough to run the site.
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
# Control characters a client puts in a path (CR, LF: forged log lines) are written escaped.
logger_class = "careers_site.platform.logs.GunicornLogger"

proc_name = "careers_site"
