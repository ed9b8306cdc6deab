"""The gate: minimum scores from eval/thresholds.yaml, checked against a run's metrics."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from eval.metrics import Metrics

DEFAULT_THRESHOLDS_PATH = Path(__file__).resolve().parent / "thresholds.yaml"


class SuiteGate(BaseModel):
    """Limits for one issue-9 suite. `enforce: false` reports a miss without failing the run,
    so a suite can sit in the gate before Berth meets it; the lead switches it on."""

    model_config = ConfigDict(extra="forbid")

    enforce: bool = False
    min: dict[str, float] = Field(default_factory=dict, description="Metric -> minimum.")
    max: dict[str, float] = Field(default_factory=dict, description="Metric -> maximum.")

    def check(self, values: Mapping[str, object]) -> list[str]:
        missed: list[str] = []
        for bound, limits in (("min", self.min), ("max", self.max)):
            for name, limit in limits.items():
                if name not in values:
                    raise ValueError(f"thresholds.yaml names an unknown suite metric {name!r}")
                value = values[name]
                ok = isinstance(value, int | float) and (
                    value >= limit if bound == "min" else value <= limit
                )
                if not ok:
                    shown = "undefined" if value is None else f"{value:.3f}".rstrip("0").rstrip(".")
                    sign = ">=" if bound == "min" else "<="
                    missed.append(f"{name} = {shown}, needs {sign} {limit:g}")
        return missed


class Thresholds(BaseModel):
    model_config = ConfigDict(extra="forbid")

    gate: dict[str, float] = Field(description="Metric name -> minimum value.")
    full_run_budget_seconds: float = Field(gt=0)
    suites: dict[str, SuiteGate] = Field(
        default_factory=dict, description="Issue-9 suites (stranger, nearmiss, perturb, heldout)."
    )

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
