"""Token buckets shared by every replica in one Redis, and the choice between Redis and memory.

The semantics are those of `api.security.RateLimiter`: `burst` requests at once, refilled at
`per_minute`; a refused request is stored too (its bucket must not expire into a full one while
the client keeps knocking); a bucket lives only as long as it takes to refill completely. One Lua
script reads, refills, takes and writes the bucket atomically on the server, on the server's
clock, so two replicas never disagree about a refill and never both spend the last token.

When Redis cannot be reached the stated policy applies (BERTH_REDIS_FAILURE): `open` lets the
request through with a warning (at most one a minute) and counts it in
`berth_rate_limit_store_errors`; `closed` refuses it with 503 and Retry-After. Never a 500.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import Callable
from typing import Literal, Protocol

import redis.asyncio as redis
from redis.commands.core import AsyncScript
from redis.exceptions import RedisError

from api.security import RateLimiter
from assistant.config import Settings

logger = logging.getLogger("berth.api")

Policy = Literal["open", "closed"]

# KEYS[1]: the bucket. ARGV: refill per second, burst. Returns the wait in seconds (0: allowed),
# as a string: Redis would truncate a Lua number to an integer.
_TAKE = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) + tonumber(now_parts[2]) / 1000000
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = burst
if bucket[1] then
  tokens = math.min(burst, tonumber(bucket[1]) + math.max(0, now - tonumber(bucket[2])) * rate)
end
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = (1 - tokens) / rate
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return tostring(wait)
"""

_WARN_EVERY_SECONDS = 60.0


class Limiter(Protocol):
    async def take(self, client: str) -> float:
        """Takes one token: 0 if allowed, else the seconds until one is available. Raises
        RateLimitUnavailable when the shared store is down and the policy is closed."""
        ...


class RateLimitUnavailable(Exception):
    """The shared buckets cannot be reached and BERTH_REDIS_FAILURE=closed."""

    retry_after_seconds = 1
    message = "rate limiting is unavailable (its store cannot be reached); retry shortly"


class RedisBuckets:
    """The Redis side: one client per event loop, the script, and the failure policy.

    redis.asyncio connections belong to the event loop that opened them; a uvicorn worker has
    one loop, but an app whose lifespan runs again (test clients) gets a new loop, and a forked
    worker must not reuse its parent's sockets. Keying clients by the running loop covers both.
    """

    def __init__(
        self,
        url: str,
        *,
        timeout_seconds: float,
        prefix: str,
        policy: Policy,
        on_error: Callable[[], None] = lambda: None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._url = url
        self._timeout = timeout_seconds
        self.prefix = prefix
        self.policy = policy
        self._on_error = on_error
        self._clock = clock
        self._clients: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, tuple[redis.Redis, AsyncScript]
        ] = weakref.WeakKeyDictionary()
        self._warned_at: float | None = None

    def _client(self) -> tuple[redis.Redis, AsyncScript]:
        loop = asyncio.get_running_loop()
        found = self._clients.get(loop)
        if found is None:
            client = redis.Redis.from_url(
                self._url,
                socket_timeout=self._timeout,
                socket_connect_timeout=self._timeout,
                # A failed call goes to the policy at once; the next request tries again.
                retry_on_timeout=False,
                health_check_interval=30,
            )
            # Called as EVALSHA, falling back to EVAL after a Redis restart or SCRIPT FLUSH.
            found = (client, client.register_script(_TAKE))
            self._clients[loop] = found
        return found

    async def take(self, key: str, rate_per_second: float, burst: int) -> float:
        _, script = self._client()
        try:
            reply = await script(keys=[self.prefix + key], args=[repr(rate_per_second), burst])
            return float(reply)
        except (RedisError, OSError) as exc:
            self._on_error()
            if self.policy == "closed":
                raise RateLimitUnavailable() from None
            self._warn(exc)
            return 0.0

    async def aclose(self) -> None:
        """Closes the current loop's client (the app's lifespan ends)."""
        loop = asyncio.get_running_loop()
        found = self._clients.pop(loop, None)
        if found is not None:
            await found[0].aclose()

    def _warn(self, exc: BaseException) -> None:
        now = self._clock()
        if self._warned_at is None or now - self._warned_at >= _WARN_EVERY_SECONDS:
            self._warned_at = now
            logger.warning(
                "rate limits not enforced: Redis unreachable (BERTH_REDIS_FAILURE=open)",
                extra={"error": f"{type(exc).__name__}: {exc}"},
            )


class RedisRateLimiter:
    """One named set of buckets (the API's, or one widget key's) in the shared store."""

    def __init__(self, buckets: RedisBuckets, name: str, per_minute: float, burst: int) -> None:
        self._buckets = buckets
        self._name = name
        self._rate = per_minute / 60.0
        self._burst = burst

    async def take(self, client: str) -> float:
        return await self._buckets.take(f"rl:{self._name}:{client}", self._rate, self._burst)


class Limiters:
    """The factory: memory buckets per process by default, Redis when BERTH_REDIS_URL is set."""

    def __init__(self, settings: Settings, on_error: Callable[[], None] = lambda: None) -> None:
        url = settings.redis_url.get_secret_value() if settings.redis_url else None
        self._buckets = (
            None
            if url is None
            else RedisBuckets(
                url,
                timeout_seconds=settings.redis_timeout_seconds,
                prefix=settings.redis_key_prefix,
                policy=settings.redis_failure,
                on_error=on_error,
            )
        )

    @property
    def shared(self) -> bool:
        return self._buckets is not None

    def make(self, name: str, per_minute: float, burst: int) -> Limiter:
        if self._buckets is None:
            return RateLimiter(per_minute, burst)
        return RedisRateLimiter(self._buckets, name, per_minute, burst)

    async def aclose(self) -> None:
        if self._buckets is not None:
            await self._buckets.aclose()
