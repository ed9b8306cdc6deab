"""Runs blocking answer work on a fixed pool of threads, each call bounded by a deadline.

A ThreadPoolExecutor (rather than the event loop's default pool) gives the two properties
needed under load: at most `workers` answers compute at once, and work still waiting in the
queue when its request gives up (timeout or client gone) is cancelled before it ever starts.
Work already running cannot be interrupted; for a stream that means the current step finishes
and no further step runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from api.errors import RequestTimeout

T = TypeVar("T")
_END = object()


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.at - time.monotonic()


class Runner:
    def __init__(self, workers: int) -> None:
        self._workers = workers
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ThreadPoolExecutor:
        # Created on first use, and again after shutdown: an app whose lifespan is run more than
        # once (test clients, schemathesis) must keep working.
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(
                    max_workers=self._workers, thread_name_prefix="berth-answer"
                )
            return self._pool

    async def run(self, fn: Callable[[], T], deadline: Deadline) -> T:
        remaining = deadline.remaining()
        if remaining <= 0:
            raise _timeout(deadline)
        # Copy the context so log lines written by the work carry the request id.
        context = contextvars.copy_context()
        future = self._executor().submit(context.run, fn)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), remaining)
        except TimeoutError:
            raise _timeout(deadline) from None
        finally:
            future.cancel()  # no-op once started or done; drops it from the queue otherwise

    async def next_event(self, events: Iterator[T], deadline: Deadline) -> T | None:
        """The generator's next item, run on the pool; None when it is exhausted."""
        item = await self.run(lambda: next(events, _END), deadline)
        return None if item is _END else item  # type: ignore[return-value]

    def shutdown(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


def close_quietly(events: Iterator[object]) -> None:
    """Stop a generator so none of its remaining steps run.

    If a step is still executing on a worker (after a timeout), close() cannot interrupt it;
    the generator is closed when that step returns and the last reference to it goes.
    """
    close = getattr(events, "close", None)
    if close is None:
        return
    with contextlib.suppress(ValueError):  # "generator already executing"
        close()


def _timeout(deadline: Deadline) -> RequestTimeout:
    return RequestTimeout(
        f"no answer within the {deadline.seconds:g} s request timeout; try again shortly"
    )
