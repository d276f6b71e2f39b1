"""Per-connection flood control."""

from __future__ import annotations

import time
from collections.abc import Callable


class TokenBucket:
    """Allows ``rate`` actions a second on average and bursts of up to ``burst``."""

    def __init__(
        self, rate: float, burst: int, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.burst = float(burst)
        self._clock = clock
        self._tokens = float(burst)
        self._last = clock()

    def available(self) -> float:
        """Tokens there now (refilled for the time passed), without taking one."""
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
        self._last = now
        return self._tokens

    def try_take(self) -> bool:
        if self.available() >= 1.0:
            self._tokens -= 1.0
            return True
        return False


class ClientThrottle:
    """One :class:`TokenBucket` per client address, for HTTP abuse that spans connections
    (guessing room codes, creating rooms in bulk). Holds at most ``max_clients`` buckets."""

    def __init__(
        self,
        rate: float,
        burst: int,
        *,
        max_clients: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate
        self.burst = burst
        self.max_clients = max_clients
        self._clock = clock
        self._buckets: dict[str, TokenBucket] = {}

    def _bucket(self, client: str) -> TokenBucket:
        bucket = self._buckets.get(client)
        if bucket is None:
            if len(self._buckets) >= self.max_clients:
                # Forget the oldest client; dicts keep insertion order.
                self._buckets.pop(next(iter(self._buckets)))
            bucket = self._buckets[client] = TokenBucket(self.rate, self.burst, clock=self._clock)
        return bucket

    def bucket(self, client: str) -> TokenBucket:
        """``client``'s bucket, to share among several of its connections."""
        return self._bucket(client)

    def try_take(self, client: str) -> bool:
        return self._bucket(client).try_take()

    def exhausted(self, client: str) -> bool:
        """True while ``client`` has no token left (without taking one)."""
        bucket = self._buckets.get(client)
        return bucket is not None and bucket.available() < 1.0
