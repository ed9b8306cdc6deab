"""The answer pool's feed: the events a consumer reads reach it in order; the ones it does not
read are still stepped through (the generator runs to its end, its last step included)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

from api.work import Deadline, Runner


def test_a_feed_hands_over_only_what_it_keeps_and_runs_every_step() -> None:
    stepped: list[int] = []

    def events() -> Iterator[int]:
        for n in range(10):
            stepped.append(n)
            yield n

    async def read() -> list[int]:
        runner = Runner(workers=1)
        try:
            feed = runner.stream(events(), Deadline(10), keep=lambda n: n % 3 == 0)
            got = []
            while (item := await feed.next()) is not None:
                got.append(item)
            return got
        finally:
            runner.shutdown()

    assert asyncio.run(read()) == [0, 3, 6, 9]
    assert stepped == list(range(10))


def test_a_feed_without_a_filter_hands_over_everything() -> None:
    async def read() -> list[str]:
        runner = Runner(workers=1)
        try:
            feed = runner.stream(iter(["meta", "delta", "done"]), Deadline(10))
            return [item async for item in _drain(feed)]
        finally:
            runner.shutdown()

    assert asyncio.run(read()) == ["meta", "delta", "done"]


async def _drain(feed):  # type: ignore[no-untyped-def]
    while (item := await feed.next()) is not None:
        yield item
