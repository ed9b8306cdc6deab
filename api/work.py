"""Runs blocking answer work on a fixed pool of threads, each call bounded by a deadline.

A ThreadPoolExecutor (rather than the event loop's default pool) gives the two properties
needed under load: at most `workers` answers compute at once, and work still waiting in the
queue when its request gives up (timeout or client gone) is cancelled before it ever starts.
Work already running cannot be interrupted; a stream stops before its generator's next step.
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Generic, TypeVar

from api.errors import RequestTimeout

T = TypeVar("T")


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

    def stream(
        self,
        events: Iterator[T],
        deadline: Deadline,
        keep: Callable[[T], bool] | None = None,
    ) -> EventFeed[T]:
        """Drive a generator on one worker, from its first step to its last.

        One admission per stream, not one per event: were each step queued on its own, every
        cheap text delta would wait behind the whole queue of other answers again. `keep`
        says which events the consumer reads; the others are stepped through on the worker
        without waking the event loop (each hand-over is a GIL switch between two threads).
        """
        feed: EventFeed[T] = EventFeed(asyncio.get_running_loop(), deadline, keep)
        context = contextvars.copy_context()
        feed.attach(self._executor().submit(context.run, feed.drive, events))
        return feed

    def shutdown(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


class EventFeed(Generic[T]):
    """Events handed from the worker thread that drives a generator to the event loop.

    `cancel()` (client gone, timeout) makes the worker stop before the generator's next step
    and close it on that same thread, so none of its remaining steps run; if the job is still
    queued, it never starts.
    """

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        deadline: Deadline,
        keep: Callable[[T], bool] | None = None,
    ) -> None:
        self._loop = loop
        self._deadline = deadline
        self._keep = keep
        self._queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        self._cancelled = threading.Event()
        self._future: Future[None] | None = None

    def attach(self, future: Future[None]) -> None:
        self._future = future

    def cancel(self) -> None:
        self._cancelled.set()
        if self._future is not None:
            self._future.cancel()

    async def next(self) -> T | None:
        """The next event; None after the last. Raises what the generator raised, or a timeout."""
        remaining = self._deadline.remaining()
        if remaining <= 0:
            raise _timeout(self._deadline)
        try:
            kind, value = await asyncio.wait_for(self._queue.get(), remaining)
        except TimeoutError:
            raise _timeout(self._deadline) from None
        if kind == "error":
            raise value
        return value if kind == "item" else None

    def drive(self, events: Iterator[T]) -> None:
        """Runs on a worker thread."""
        try:
            for item in events:
                if self._stopped():
                    return
                if (self._keep is None or self._keep(item)) and not self._put("item", item):
                    return
                # Checked again before the generator's next step: past the deadline its
                # remaining steps (recording the turn among them) must not run.
                if self._stopped():
                    return
            self._put("end", None)
        except Exception as exc:
            self._put("error", exc)
        finally:
            close = getattr(events, "close", None)
            if close is not None:
                close()

    def _stopped(self) -> bool:
        return self._cancelled.is_set() or self._deadline.remaining() <= 0

    def _put(self, kind: str, value: Any) -> bool:
        try:
            self._loop.call_soon_threadsafe(self._queue.put_nowait, (kind, value))
        except RuntimeError:  # the event loop is gone (server shutting down)
            return False
        return True


def _timeout(deadline: Deadline) -> RequestTimeout:
    return RequestTimeout(
        f"no answer within the {deadline.seconds:g} s request timeout; try again shortly"
    )
