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


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """A token bucket per client: `burst` requests at once, refilled at `per_minute` a minute."""

    # Past this many clients, buckets that have refilled completely are dropped: a full bucket
    # is the same as no bucket, so forgetting it changes nothing but the memory it holds.
    _SWEEP_AT = 10_000

    def __init__(
        self, per_minute: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._rate = per_minute / 60.0
        self._burst = float(burst)
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def acquire(self, client: str) -> float:
        """Takes one token. Returns 0 if allowed, else the seconds until one is available."""
        now = self._clock()
        with self._lock:
            bucket = self._buckets.get(client)
            if bucket is None:
                if len(self._buckets) >= self._SWEEP_AT:
                    self._sweep(now)
                bucket = self._buckets[client] = _Bucket(self._burst, now)
            bucket.tokens = min(self._burst, bucket.tokens + (now - bucket.updated) * self._rate)
            bucket.updated = now
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0.0
            return (1.0 - bucket.tokens) / self._rate

    def __len__(self) -> int:
        return len(self._buckets)

    def _sweep(self, now: float) -> None:
        full_after = self._burst / self._rate
        for client in [c for c, b in self._buckets.items() if now - b.updated >= full_after]:
            del self._buckets[client]


def retry_after_header(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))
