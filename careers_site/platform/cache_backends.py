"""A Redis cache that cannot take the site down with it.

Django's RedisCache raises when Redis is unreachable, so every page would answer 500. This
subclass logs the failure and answers as if the key were missing: the site keeps serving from
the database, only slower. After a failure it leaves Redis alone for a few seconds (a circuit
breaker) so that each request does not wait for a connection timeout again.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("careers_site.platform.cache")

# Seconds during which a failed Redis is not asked again.
RETRY_AFTER_FAILURE = 5.0


class CacheUnavailable(Exception):
    pass


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django builds a new `redis.Redis` for every cache call, and redis-py fills about 170
    response callbacks in each one: a quarter of a millisecond per call, more than a cached
    page costs otherwise. A client is thread-safe and only wraps its pool: keep one per pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    # Django checks that the key exists, then increments it: two round trips for each visit
    # counted. The same rule in one, run by Redis itself.
    INCR_EXISTING = (
        "if redis.call('EXISTS', KEYS[1]) == 1 then "
        "return redis.call('INCRBY', KEYS[1], ARGV[1]) end return false"
    )

    def incr(self, key, delta):
        client = self.get_client(key, write=True)
        scripts = self.__dict__.setdefault("_scripts", {})
        script = scripts.get(id(client))
        if script is None:
            script = scripts[id(client)] = client.register_script(self.INCR_EXISTING)
        value = script(keys=[key], args=[delta])
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value


class FailSafeRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        # Short timeouts: a Redis that hangs must not hang the page.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        self.retry_after_failure = float(options.pop("retry_after_failure", RETRY_AFTER_FAILURE))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusedClientRedisCacheClient
        self._down_until = 0.0

    def _call(self, method, default, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return default
        try:
            return getattr(super(), method)(*args, **kwargs)
        except (RedisError, OSError) as error:
            if time.monotonic() >= self._down_until:
                logger.warning(
                    "cache unavailable (%s), serving without it for %ss",
                    error.__class__.__name__,
                    self.retry_after_failure,
                )
            self._down_until = time.monotonic() + self.retry_after_failure
            return default

    @property
    def is_available(self):
        return time.monotonic() >= self._down_until

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        result = self._call("incr", CacheUnavailable, key, delta, version)
        if result is CacheUnavailable:
            # What a missing key does: the caller already handles it.
            raise ValueError(f"Key '{key}' not found")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)
