"""The issue-9 suites: which questions each holds, and how each is scored and gated.

- `stranger`: questions written the way people outside the team ask (the tuning set).
- `nearmiss`: out-of-scope questions that share words with in-scope twins (decline P/R).
- `perturb`: every table fact in many surface forms (eval/perturb.py); CI runs one form a fact.
- `heldout`: stranger-style questions kept out of tuning. Never in the CI gate, never in the
  default `berth eval`; with `--heldout` only its aggregates are reported, no per-item results,
  so nobody tunes against it by reading them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from eval.gate import SuiteGate
from eval.gold import GoldError, GoldItem, load_gold
from eval.metrics import ItemScore
from eval.runner import SystemRun
from eval.safety import SuiteMetrics, is_confident_wrong, suite_metrics

EVAL_DIR = Path(__file__).resolve().parent
STRANGER_PATH = EVAL_DIR / "questions_stranger.yaml"
NEARMISS_PATH = EVAL_DIR / "nearmiss.yaml"
HELDOUT_PATH = EVAL_DIR / "heldout" / "questions.yaml"

SUITE_NAMES = ("stranger", "nearmiss", "perturb", "heldout")


@dataclass(frozen=True)
class Suite:
    name: str
    title: str
    items: list[GoldItem]
    private: bool = False
    """Held out: report aggregates only."""


@dataclass(frozen=True)
class SuiteResult:
    suite: Suite
    run: SystemRun
    metrics: SuiteMetrics
    missed: list[str]
    enforced: bool

    @property
    def confident_wrong(self) -> list[ItemScore]:
        return [s for s in self.run.scores if is_confident_wrong(s)]

    @property
    def failed_gate(self) -> bool:
        return self.enforced and bool(self.missed)


def load_written(path: Path) -> list[GoldItem]:
    """A hand-written issue-9 file: the gold schema, plus every answerable item names the basis
    of its expected verdict and every near-miss names its twin."""
    items = load_gold(path).items
    ids = {it.id for it in items}
    for it in items:
        if not it.decline and not (it.basis and it.why):
            raise GoldError(f"{path}: item {it.id!r}: an answerable item needs 'basis' and 'why'")
        if it.pair is not None and it.pair not in ids:
            raise GoldError(f"{path}: item {it.id!r}: pair {it.pair!r} is not in the file")
    return items


def select_suites(
    compat_dir: Path, notes_dir: Path, full: bool, heldout: bool = False
) -> list[Suite]:
    """The suites of one run. The perturbation suite is complete with `full`; otherwise one
    form per table fact (the CI subset). The held-out set only when asked for by name."""
    from eval.perturb import perturb_items

    suites = [
        Suite("stranger", "Stranger-style questions (tuning set)", load_written(STRANGER_PATH)),
        Suite("nearmiss", "Near-miss out-of-scope and in-scope twins", load_written(NEARMISS_PATH)),
        Suite(
            "perturb",
            "Perturbations of every table fact" + ("" if full else " (CI: one form per fact)"),
            perturb_items(full, compat_dir, notes_dir),
        ),
    ]
    if heldout:
        suites.append(
            Suite("heldout", "Held-out stranger questions", load_written(HELDOUT_PATH), True)
        )
    return suites


def score_suite(
    suite: Suite, run: SystemRun, gate: SuiteGate | None, enforce_all: bool = False
) -> SuiteResult:
    metrics = suite_metrics(run.scores)
    missed = gate.check(metrics.as_dict()) if gate is not None else []
    enforced = enforce_all or (gate is not None and gate.enforce)
    return SuiteResult(suite, run, metrics, missed, enforced)
