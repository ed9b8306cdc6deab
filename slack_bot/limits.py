"""Per-user and per-channel rate limits: one busy channel or one scripted user must not take all
of Berth's answering capacity, and must hear why (a friendly notice) rather than silence.

In-process token buckets, like the API's: with several replicas each enforces its own share
(DESIGN.md: limits move to a shared store when Berth outgrows one machine).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from assistant.config import Settings


class TokenBuckets:
    """`burst` at once per key, refilled at `per_minute` a minute."""

    def __init__(
        self, per_minute: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._rate = per_minute / 60.0
        self._burst = float(burst)
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, updated)
        self._lock = threading.Lock()

    def wait(self, key: str) -> float:
        """Seconds until `key` may go (0: it may, and a token is taken)."""
        now = self._clock()
        with self._lock:
            tokens, updated = self._buckets.get(key, (self._burst, now))
            tokens = min(self._burst, tokens + (now - updated) * self._rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self._rate


class SlackLimits:
    def __init__(self, settings: Settings, clock: Callable[[], float] = time.monotonic) -> None:
        self._users = TokenBuckets(settings.slack_user_per_minute, settings.slack_user_burst, clock)
        self._channels = TokenBuckets(
            settings.slack_channel_per_minute, settings.slack_channel_burst, clock
        )

    def wait(self, user: str, channel: str) -> float:
        """0 if this user may ask in this channel now, else the seconds to wait.

        The user's bucket is checked first so one user's burst does not drain the channel's.
        """
        user_wait = self._users.wait(user)
        if user_wait > 0:
            return user_wait
        return self._channels.wait(channel)
