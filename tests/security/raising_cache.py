"""A cache backend that fails on every call, as a stopped or full Redis does."""

from django.core.cache.backends.base import BaseCache


class CacheDown(ConnectionError):
    pass


class RaisingCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        raise CacheDown("the cache is down")

    add = get = set = touch = delete = clear = incr = get_many = set_many = _fail
