"""The issue-9 question files are well formed, sourced and kept apart; the suite gate works."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from berth_testing import REPO_CORPUS

from eval.gate import SuiteGate, load_thresholds
from eval.gold import GoldItem, has_hangul
from eval.suites import (
    HELDOUT_PATH,
    NEARMISS_PATH,
    STRANGER_PATH,
    SUITE_NAMES,
    load_written,
    select_suites,
)


def test_stranger_sets_are_sourced_bilingual_and_disjoint() -> None:
    tuning, heldout = load_written(STRANGER_PATH), load_written(HELDOUT_PATH)
    assert len(tuning) >= 110 and len(heldout) >= 75
    for items in (tuning, heldout):
        ko = sum(1 for it in items if it.language == "ko")
        assert 0.35 <= ko / len(items) <= 0.65
        statuses = {s for it in items for s in it.verdict}
        assert {"yes", "no", "conditional", "unknown", None} <= statuses
        assert all(it.basis and it.why for it in items if not it.decline)
    assert not {it.id for it in tuning} & {it.id for it in heldout}
    assert not {it.last_turn for it in tuning} & {it.last_turn for it in heldout}
    patterns = Counter(p for it in tuning for p in it.patterns)
    for pattern in ("feature", "second_entity", "roles", "negation", "version", "hypothetical"):
        assert patterns[pattern] >= 5, pattern


def test_near_miss_set_pairs_every_decline_with_an_in_scope_twin() -> None:
    items = {it.id: it for it in load_written(NEARMISS_PATH)}
    declines = [it for it in items.values() if it.decline]
    assert len(declines) >= 60
    assert sum(1 for it in declines if it.language == "ko") >= len(declines) // 2
    for out in declines:
        assert out.pair is not None
        twin = items[out.pair]
        assert not twin.decline and twin.pair == out.id
        assert _shared_words(out, twin), (out.id, twin.id)


def _shared_words(a: GoldItem, b: GoldItem) -> set[str]:
    """Word stems both questions use: the first five letters of a Latin word of four or more
    ("containers" ~ "container"), the first two syllables of a Korean word ("컨테이너선" ~
    "컨테이너를")."""

    def stems(item: GoldItem) -> set[str]:
        text = item.last_turn.lower()
        for mark in "?,.:;()'\"":
            text = text.replace(mark, " ")
        out = set()
        for w in text.split():
            latin = re.match(r"[a-z0-9\-]+", w)
            if latin and has_hangul(w):  # "install로": the word, without its Korean particle
                w = latin.group(0)
            if has_hangul(w) and len(w) >= 2:
                out.add(w[:2])
            elif len(w) >= 4:
                out.add(w[:5])
        return out

    return stems(a) & stems(b)


def test_held_out_set_only_runs_when_asked_for() -> None:
    default = select_suites(REPO_CORPUS / "compat", REPO_CORPUS / "notes", full=False)
    assert [s.name for s in default] == ["stranger", "nearmiss", "perturb"]
    asked = select_suites(REPO_CORPUS / "compat", REPO_CORPUS / "notes", False, heldout=True)
    held = next(s for s in asked if s.name == "heldout")
    assert held.private and len(held.items) == len(load_written(HELDOUT_PATH))


def test_every_suite_has_a_gate_that_allows_no_confident_wrong_verdict() -> None:
    suites = load_thresholds().suites
    assert set(suites) == set(SUITE_NAMES)
    assert all(g.max.get("confident_wrong") == 0 for g in suites.values())


def test_suite_gate_reports_misses_and_rejects_unknown_metrics() -> None:
    gate = SuiteGate(enforce=True, min={"consistency": 0.99}, max={"confident_wrong": 0})
    assert gate.check({"consistency": 0.995, "confident_wrong": 0}) == []
    missed = gate.check({"consistency": None, "confident_wrong": 3})
    assert missed == ["consistency = undefined, needs >= 0.99", "confident_wrong = 3, needs <= 0"]
    with pytest.raises(ValueError, match="unknown suite metric"):
        gate.check({"consistency": 1.0})
