"""How a feature row's status combines with the base verdict: a "no" of either decides, a
row that is not settled makes the answer not settled, a condition joins the others."""

from __future__ import annotations

from assistant.compat.feature_schema import FeatureFact
from assistant.models import Language as Lang
from assistant.models import Verdict


def combine(verdict: Verdict, fact: FeatureFact, language: Lang) -> Verdict:
    if verdict.status == "no":
        # One feature that cannot be had decides: a second, supported one does not undo it
        # ("an ext4-formatted persistent disk": ext4 no, the PD CSI driver yes, if …).
        return verdict
    reason = (fact.reason or fact.summary).get(language)
    if fact.status == "no":
        # The base verdict's alternatives answered the generic question; the row's own answer
        # the feature ("use windows_ltsc_containerd", not "or use GKE Autopilot").
        own = [a.get(language) for a in fact.alternatives]
        return Verdict(
            status="no",
            alternatives=own or verdict.alternatives,
            facts=verdict.facts,
            reasons=[reason],
        )
    if fact.status == "unknown":
        return unknown(verdict, reason)
    if verdict.status == "unknown":
        return verdict
    conditions = verdict.conditions + [c.get(language) for c in fact.conditions]
    return verdict.model_copy(
        update={
            "status": "conditional" if conditions else verdict.status,
            "conditions": conditions,
            "reasons": [reason, *verdict.reasons],
            "alternatives": verdict.alternatives + [a.get(language) for a in fact.alternatives],
        }
    )


def unknown(verdict: Verdict, missing: str) -> Verdict:
    """Not settled: what is missing leads, the base verdict's reasons stay as the why."""
    return verdict.model_copy(
        update={
            "status": "unknown",
            "conditions": [],
            "reasons": [missing, *verdict.reasons],
            "missing": [*verdict.missing, missing],
        }
    )
