"""Redis as a cache the site can live without: an error is a miss, never a 500.

Everything the site keeps in the cache can be rebuilt from the database (rendered pages, the
content version, due counts, Markdown renders), so when Redis is down or slow a read answers
"not there" and a write is dropped, with a warning in the log. After an error the cache is not
asked again for RETRY_AFTER seconds: a Redis that times out would otherwise cost every request
one socket timeout per cache call.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER = 2.0


class ForgivingRedisCache(RedisCache):
    """Django's RedisCache, with every Redis error turned into a miss or a no-op and logged."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self.unavailable_until = 0.0

    def available(self) -> bool:
        return time.monotonic() >= self.unavailable_until

    def failed(self, operation: str, error: RedisError) -> None:
        self.unavailable_until = time.monotonic() + RETRY_AFTER
        logger.warning(
            "Cache %s failed (%s); treated as a miss for %.0f s", operation, error, RETRY_AFTER
        )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        if self.available():
            try:
                return super().add(key, value, timeout, version)
            except RedisError as error:
                self.failed("add", error)
        return False

    def get(self, key, default=None, version=None):
        if self.available():
            try:
                return super().get(key, default, version)
            except RedisError as error:
                self.failed("get", error)
        return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        if self.available():
            try:
                super().set(key, value, timeout, version)
            except RedisError as error:
                self.failed("set", error)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        if self.available():
            try:
                return super().touch(key, timeout, version)
            except RedisError as error:
                self.failed("touch", error)
        return False

    def delete(self, key, version=None) -> bool:
        if self.available():
            try:
                return super().delete(key, version)
            except RedisError as error:
                self.failed("delete", error)
        return False

    def get_many(self, keys, version=None) -> dict:
        if self.available():
            try:
                return super().get_many(keys, version)
            except RedisError as error:
                self.failed("get_many", error)
        return {}

    def has_key(self, key, version=None) -> bool:
        if self.available():
            try:
                return super().has_key(key, version)
            except RedisError as error:
                self.failed("has_key", error)
        return False

    def incr(self, key, delta=1, version=None) -> int:
        if self.available():
            try:
                return super().incr(key, delta, version)
            except RedisError as error:
                self.failed("incr", error)
        raise ValueError(f"Key '{key}' not found")  # what a miss raises for incr

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None) -> list:
        if self.available():
            try:
                return super().set_many(data, timeout, version)
            except RedisError as error:
                self.failed("set_many", error)
        return list(data)

    def delete_many(self, keys, version=None) -> None:
        if self.available():
            try:
                super().delete_many(keys, version)
            except RedisError as error:
                self.failed("delete_many", error)

    def clear(self) -> bool:
        if self.available():
            try:
                return super().clear()
            except RedisError as error:
                self.failed("clear", error)
        return False
