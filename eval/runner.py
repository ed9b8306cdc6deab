"""Run systems over gold items and score them: the part shared by `berth eval` and the CI gate."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from eval.gold import GoldItem
from eval.metrics import (
    ItemScore,
    Metrics,
    aggregate,
    aggregate_by_category,
    aggregate_by_language,
    score_item,
)
from eval.systems import System

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class SystemRun:
    name: str
    scores: list[ItemScore]
    seconds: float

    @property
    def overall(self) -> Metrics:
        return aggregate(self.scores)

    def by_category(self) -> dict[str, Metrics]:
        return aggregate_by_category(self.scores)

    def by_language(self) -> dict[str, Metrics]:
        return aggregate_by_language(self.scores)

    def failures(self) -> list[ItemScore]:
        return [s for s in self.scores if not s.passed]


def run_system(
    system: System, items: Sequence[GoldItem], progress: Progress | None = None
) -> SystemRun:
    started = time.perf_counter()
    scores: list[ItemScore] = []
    for done, item in enumerate(items, start=1):
        scores.append(score_item(item, system.run(item)))
        if progress is not None:
            progress(system.name, done, len(items))
    return SystemRun(system.name, scores, time.perf_counter() - started)
