"""The gate: minimum scores from eval/thresholds.yaml, checked against a run's metrics."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from eval.metrics import Metrics

DEFAULT_THRESHOLDS_PATH = Path(__file__).resolve().parent / "thresholds.yaml"


class Thresholds(BaseModel):
    model_config = ConfigDict(extra="forbid")

    gate: dict[str, float] = Field(description="Metric name -> minimum value.")
    full_run_budget_seconds: float = Field(gt=0)

    def check(self, metrics: Metrics) -> list[str]:
        """Every missed minimum as a readable line; an undefined metric counts as missed."""
        values = metrics.as_dict()
        missed: list[str] = []
        for name, minimum in self.gate.items():
            if name not in values:
                raise ValueError(f"thresholds.yaml names an unknown metric {name!r}")
            value = values[name]
            if not isinstance(value, int | float) or value < minimum:
                shown = "undefined" if value is None else f"{value:.3f}"
                missed.append(f"{name} = {shown}, needs >= {minimum}")
        return missed


def load_thresholds(path: Path = DEFAULT_THRESHOLDS_PATH) -> Thresholds:
    return Thresholds.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
