"""Submissions per client, counted in this process (nginx's limit_req counts first).

A token bucket per client address: ``burst`` submissions at once, refilled at
``per_minute``. The address is only counted, never logged or stored.
"""

import threading
import time

MAX_CLIENTS = 50_000  # forget the idlest half past this many (bounded memory)


class RateLimiter:
    def __init__(self, per_minute, burst, clock=time.monotonic):
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock
        self._buckets = {}
        self._lock = threading.Lock()

    def allow(self, client):
        """True if ``client`` may submit now (and count it)."""
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            allowed = tokens >= 1
            self._buckets[client] = (tokens - 1 if allowed else tokens, now)
            if len(self._buckets) > MAX_CLIENTS:
                idle = sorted(self._buckets, key=lambda c: self._buckets[c][1])
                for stale in idle[:MAX_CLIENTS // 2]:
                    del self._buckets[stale]
            return allowed
