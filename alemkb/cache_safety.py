"""Cache calls that never break a read.

The page cache and the API's rate records make the site faster and fairer; neither is needed
to answer. When the cache backend is down, slow or full (Redis stopped, timed out, refusing
writes under `maxmemory`), a read is answered without it, and the failure is logged once per
LOG_INTERVAL_SECONDS for each use, not once per request: a stopped Redis under load must not
flood the log.
"""

import logging
import time

log = logging.getLogger("alemkb.cache")

LOG_INTERVAL_SECONDS = 60
_last_logged = {}


def safely(call, *args, default=None, use="page cache"):
    """`call(*args)`, or `default` if the cache backend fails in any way."""
    try:
        return call(*args)
    except Exception as error:  # every backend raises its own errors (redis, OSError, ...)
        report(use, error)
        return default


def report(use, error):
    now = time.monotonic()
    last = _last_logged.get(use)
    if last is None or now - last >= LOG_INTERVAL_SECONDS:
        _last_logged[use] = now
        log.warning(
            "The %s is unavailable (%s: %s); answering without it.",
            use,
            type(error).__name__,
            error,
        )
