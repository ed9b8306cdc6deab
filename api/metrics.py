"""Prometheus metrics in a registry owned by one app, so apps built in tests never share counts."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from assistant.events import Replace
from assistant.models import Answer

# Answers take milliseconds to seconds; the top buckets catch requests that hit the timeout.
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "berth_http_requests",
            "HTTP requests by route and status",
            ["route", "method", "status"],
            registry=r,
        )
        self.latency = Histogram(
            "berth_http_request_duration_seconds",
            "Time to the last byte of the response",
            ["route", "method"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.in_flight = Gauge("berth_http_requests_in_flight", "Requests being served", registry=r)
        self.answers = Counter(
            "berth_answers",
            "Answers by verdict status ('none' when no verdict applies)",
            ["verdict"],
            registry=r,
        )
        self.declines = Counter("berth_declines", "Answers that declined the question", registry=r)
        self.passage_conflicts = Counter(
            "berth_passage_conflicts",
            "Verdicts not led with because a cited note says the opposite (a row to fix)",
            registry=r,
        )
        self.feedback = Counter(
            "berth_feedback", "Feedback received by rating", ["rating"], registry=r
        )
        self.rate_limited = Counter("berth_rate_limited", "Requests refused with 429", registry=r)
        self.auth_failures = Counter("berth_auth_failures", "Requests refused with 401", registry=r)
        self.rate_limit_store_errors = Counter(
            "berth_rate_limit_store_errors",
            "Rate-limit checks that could not reach Redis (then BERTH_REDIS_FAILURE applies)",
            registry=r,
        )
        self.timeouts = Counter(
            "berth_request_timeouts", "Answers that hit the timeout", registry=r
        )
        self.stream_disconnects = Counter(
            "berth_stream_disconnects", "Streams stopped because the client went away", registry=r
        )

        self.writer_fallbacks = Counter(
            "berth_writer_fallbacks",
            "Language-model answers replaced by the extractive one, by the guard check that "
            "failed ('timeout', 'error', 'echo', 'citation', 'number', 'polarity', ...)",
            ["reason"],
            registry=r,
        )

    def observe_event(self, event: object) -> None:
        """Counts what an event says about the answer being made (a withdrawn stream)."""
        if isinstance(event, Replace):
            self.writer_fallbacks.labels(reason=event.reason).inc()

    def observe_answer(self, answer: Answer) -> None:
        self.answers.labels(verdict=answer.verdict.status if answer.verdict else "none").inc()
        if answer.declined:
            self.declines.inc()
        if answer.verdict is not None and answer.verdict.contradicted_by:
            self.passage_conflicts.inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)
