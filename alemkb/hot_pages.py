"""The answers this process gave most recently from the page cache, kept ready to send.

The page cache (each process's memory, or Redis) stores pickled values, so every hit copies
the page out of it: for a 400 KB page a tenth of the hit's time, which a static file sent
with sendfile does not pay, and with Redis a round trip too. The most recently used answers
are also kept here as they are (their bytes are immutable and shared, never copied), bounded
in number and in bytes, for at most a minute (or PAGE_CACHE_SECONDS, if shorter) from when
this process took them. Their keys carry the content version, as the page cache's do, so a
publication makes them unreachable at once; the minute bounds only how long a flush of the
shared cache takes to reach them.
"""

import threading
import time
from collections import OrderedDict

MAX_ENTRIES = 64
MAX_BYTES = 16 * 1024 * 1024
MAX_SECONDS = 60


class HotPages:
    def __init__(self, max_entries=MAX_ENTRIES, max_bytes=MAX_BYTES):
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self.entries = OrderedDict()  # key -> (kept answer, expiry), least recent first
        self.size = 0
        self.lock = threading.Lock()  # runserver and threaded workers share a process

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            kept, expires = entry
            if expires <= time.monotonic():
                self._drop(key)
                return None
            self.entries.move_to_end(key)
            return kept

    def set(self, key, kept, seconds):
        """Keep `kept`, a (status, headers, body) answer, for at most `seconds` (and at most
        MAX_SECONDS)."""
        seconds = min(seconds, MAX_SECONDS)
        if len(kept[2]) > self.max_bytes // 4:
            return  # one very large answer would push out everything else
        with self.lock:
            if key in self.entries:
                self._drop(key)
            self.entries[key] = (kept, time.monotonic() + seconds)
            self.size += len(kept[2])
            while len(self.entries) > self.max_entries or self.size > self.max_bytes:
                self._drop(next(iter(self.entries)))

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0

    def _drop(self, key):
        kept, _ = self.entries.pop(key)
        self.size -= len(kept[2])


HOT_PAGES = HotPages()
