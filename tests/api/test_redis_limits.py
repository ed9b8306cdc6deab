"""Issue 15: rate limits shared by replicas in a real redis-server, and the policy when it is down.

Two apps on one Redis stand for two replicas: a key's burst is spent once across both. With
Redis gone, BERTH_REDIS_FAILURE=open lets requests through (warning + metric), closed answers
503 + Retry-After; never a 500, and limits apply again as soon as Redis is back.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient
from servers import RedisServer

from api.rate_limits import RedisBuckets, RedisRateLimiter
from api.security import RateLimiter

KEY, OTHER = "redis-limits-key-one", "redis-limits-key-two"
AUTH = {"Authorization": f"Bearer {KEY}"}
PORTAL, WIDGET_KEY = "https://help.example.com", "wk_portal_key_0000001"


def replicas(make_client: Any, server: RedisServer, **overrides: Any) -> list[TestClient]:
    values: dict[str, Any] = {
        "api_keys": [KEY, OTHER],
        "redis_url": server.url,
        "rate_limit_burst": 3,
        "rate_limit_per_minute": 1.0,
        **overrides,
    }
    return [make_client(**values), make_client(**values)]


def ask(client: TestClient, headers: dict[str, str] = AUTH) -> Any:
    return client.post("/v1/ask", json={"question": "q on GKE"}, headers=headers)


def test_the_burst_is_spent_once_across_two_replicas(
    make_client: Any, redis_server: RedisServer
) -> None:
    one, two = replicas(make_client, redis_server)
    statuses = [ask(client).status_code for client in (one, two, one)]
    assert statuses == [200, 200, 200]
    for client in (two, one):
        refused = ask(client)
        assert refused.status_code == 429
        assert refused.json()["error"]["code"] == "rate_limited"
        # 1 token a minute: the next is about 60 s away, whichever replica is asked.
        assert 55 <= int(refused.headers["retry-after"]) <= 60
    # Another key has its own bucket.
    assert ask(two, {"Authorization": f"Bearer {OTHER}"}).status_code == 200
    # The bucket is kept only as long as it takes to refill (3 tokens at 1/min: 180 s + 1 s).
    keys = redis.Redis.from_url(redis_server.url).keys("berth:rl:api:*")
    assert len(keys) == 2
    assert 170_000 < redis.Redis.from_url(redis_server.url).pttl(keys[0]) <= 181_000


def test_the_redis_bucket_refills_like_the_memory_one(redis_server: RedisServer) -> None:
    async def run() -> tuple[list[float], list[float]]:
        buckets = RedisBuckets(redis_server.url, timeout_seconds=1, prefix="t:", policy="open")
        shared = RedisRateLimiter(buckets, "cmp", per_minute=600, burst=2)  # 10 tokens/s
        memory = RateLimiter(per_minute=600, burst=2)
        got_shared = [await shared.take("a") for _ in range(3)]
        got_memory = [await memory.take("a") for _ in range(3)]
        await asyncio.sleep(0.15)  # one token back (0.1 s), not two
        got_shared += [await shared.take("a"), await shared.take("a")]
        got_memory += [await memory.take("a"), await memory.take("a")]
        await buckets.aclose()
        return got_shared, got_memory

    got_shared, got_memory = asyncio.run(run())
    for got in (got_shared, got_memory):
        assert got[:2] == [0.0, 0.0]
        assert got[2] == pytest.approx(0.1, abs=0.02)
        assert got[3] == 0.0
        assert 0.0 < got[4] <= 0.1


def test_widget_keys_share_their_buckets_too(make_client: Any, redis_server: RedisServer) -> None:
    keys = [{"key": WIDGET_KEY, "origins": [PORTAL], "rate_per_minute": 1, "burst": 2}]
    one, two = replicas(make_client, redis_server, widget_keys=keys)
    headers = {"Origin": PORTAL, "X-Berth-Widget-Key": WIDGET_KEY}
    assert [ask(c, headers).status_code for c in (one, two, one)] == [200, 200, 429]


def test_redis_down_fails_open_with_a_warning_and_a_metric_then_recovers(
    make_client: Any, redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    one, two = replicas(make_client, redis_server)
    assert ask(one).status_code == 200
    redis_server.stop()
    with caplog.at_level(logging.WARNING, logger="berth.api"):
        # More requests than the burst: nothing limits them while Redis is away.
        assert [ask(c).status_code for c in (one, two, one, two, one)] == [200] * 5
    warnings = [r for r in caplog.records if "Redis unreachable" in r.getMessage()]
    assert len(warnings) == 2  # once per replica, not once per request
    metrics = one.get("/metrics", headers=AUTH).text
    assert "berth_rate_limit_store_errors_total 3.0" in metrics

    redis_server.start()  # the same port: the replicas reconnect by themselves
    statuses = [ask(c).status_code for c in (one, two, one, two)]
    # A Redis restarted without persistence starts every bucket full: the burst once more.
    assert statuses == [200, 200, 200, 429]


def test_redis_down_fails_closed_with_503_when_configured(
    make_client: Any, redis_server: RedisServer
) -> None:
    keys = [{"key": WIDGET_KEY, "origins": [PORTAL], "rate_per_minute": 60, "burst": 5}]
    (client, _) = replicas(make_client, redis_server, redis_failure="closed", widget_keys=keys)
    assert ask(client).status_code == 200
    redis_server.stop()
    started = time.monotonic()
    widget = {"Origin": PORTAL, "X-Berth-Widget-Key": WIDGET_KEY}
    for response in (ask(client), ask(client, widget)):
        assert response.status_code == 503, response.text
        assert response.headers["retry-after"] == "1"
        error = response.json()["error"]
        assert error["code"] == "rate_limit_unavailable" and "retry" in error["message"]
    assert time.monotonic() - started < 5  # refused fast, not after a long hang
    # Probes are not rate limited, so the orchestrator still sees a live process.
    assert client.get("/healthz").status_code == 200
    redis_server.start()
    assert ask(client).status_code == 200
