"""API keys (hashed in memory, compared in constant time) and per-client token buckets."""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from cachetools import TTLCache

_HASHED = re.compile(r"^sha256:([0-9a-fA-F]{64})$")


def hash_key(key: str) -> str:
    """The at-rest form of a key: `sha256:<hex>`. BERTH_API_KEYS accepts either form."""
    return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiKeys:
    """The configured keys, kept only as SHA-256 digests.

    Plain keys from settings are hashed at start and not kept, so a heap dump or a log of this
    object shows no key. A presented key is hashed and compared against every digest with
    `hmac.compare_digest`, without stopping at the first match, so timing says nothing about
    which digest (or how much of it) matched.
    """

    def __init__(self, keys: Iterable[str]) -> None:
        digests: list[bytes] = []
        for key in keys:
            key = key.strip()
            if not key:
                continue
            match = _HASHED.match(key)
            digests.append(
                bytes.fromhex(match.group(1)) if match else hashlib.sha256(key.encode()).digest()
            )
        self._digests = digests

    @property
    def enabled(self) -> bool:
        return bool(self._digests)

    def __len__(self) -> int:
        return len(self._digests)

    def __repr__(self) -> str:
        return f"ApiKeys({len(self._digests)} key(s))"

    def identify(self, presented: str) -> str | None:
        """A stable, non-secret id for a valid key (for rate limits and logs); None if invalid."""
        digest = hashlib.sha256(presented.encode("utf-8")).digest()
        found: bytes | None = None
        for candidate in self._digests:
            if hmac.compare_digest(candidate, digest):
                found = candidate
        # 8 hex chars of the digest: enough to tell keys apart in logs, useless to an attacker.
        return None if found is None else "key:" + found.hex()[:8]


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


@dataclass(frozen=True)
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """A token bucket per client: `burst` requests at once, refilled at `per_minute` a minute.

    The buckets live in a bounded TTL map (cachetools.TTLCache): a bucket untouched for as long
    as it takes to refill completely expires, since a full bucket is the same as no bucket. Expiry
    walks only the entries that are due (each expires once), so a new client costs O(1) however
    many are known; the old sweep of every bucket under the lock cost ~330 µs per new client past
    10k of them. Past `max_clients` the least recently seen bucket goes (that client starts again
    with a full burst).
    """

    def __init__(
        self,
        per_minute: float,
        burst: int,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = 100_000,
    ) -> None:
        self._rate = per_minute / 60.0
        self._burst = float(burst)
        self._clock = clock
        self._buckets: TTLCache[str, _Bucket] = TTLCache(
            maxsize=max_clients, ttl=self._burst / self._rate, timer=clock
        )
        self._lock = threading.Lock()

    def acquire(self, client: str) -> float:
        """Takes one token. Returns 0 if allowed, else the seconds until one is available."""
        with self._lock:
            now = self._clock()
            bucket = self._buckets.get(client)
            tokens = (
                self._burst
                if bucket is None
                else min(self._burst, bucket.tokens + (now - bucket.updated) * self._rate)
            )
            wait = 0.0
            if tokens >= 1.0:
                tokens -= 1.0
            else:
                wait = (1.0 - tokens) / self._rate
            # Stored again even when refused: that restarts its expiry, and a refused client's
            # bucket must not expire into a full one while it is still knocking.
            self._buckets[client] = _Bucket(tokens, now)
            return wait

    async def take(self, client: str) -> float:
        """`acquire` for `api.rate_limits.Limiter`: a few microseconds, so on the event loop."""
        return self.acquire(client)

    def __len__(self) -> int:
        with self._lock:
            self._buckets.expire()
            return len(self._buckets)


def retry_after_header(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))
