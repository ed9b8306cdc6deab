"""Feature names read whole: the longest name wins, an OS inside a feature's name belongs to the
feature, and long filler words survive a typo. Cases are generated from the tables."""

from __future__ import annotations

import re

import pytest
from berth_testing import REPO_CORPUS

from assistant.compat import CompatEngine
from assistant.compat.tables import load_tables

_TABLES = load_tables(REPO_CORPUS / "compat")
_OS_WORD = re.compile(r"\b(linux|windows)\b|리눅스|윈도우", re.IGNORECASE)


def _rows_os(feature_id: str) -> set[str]:
    return {
        f.applies_to.container_os
        for f in _TABLES.features.facts
        if f.feature == feature_id and f.applies_to.container_os
    }


def _os_inside_names() -> list[tuple[str, str]]:
    """(feature id, alias) for every English alias naming an OS its rows are not about."""
    cases = []
    for feature in _TABLES.features.features:
        rows_os = _rows_os(feature.id)
        # Gapped aliases ("linux image … windows containers mode") are patterns, read in
        # test_gaps_and_names.py.
        for alias in (a for a in feature.aliases.en if "…" not in a):
            named = {m.group(0).lower() for m in _OS_WORD.finditer(alias)}
            if named and not named <= rows_os:
                cases.append((feature.id, alias))
    return cases


@pytest.mark.parametrize(("feature_id", "alias"), _os_inside_names())
def test_an_os_inside_a_feature_name_is_not_an_exclusion_or_a_conflict(
    engine: CompatEngine, feature_id: str, alias: str
) -> None:
    query = engine.understand(f"Does AKS support {alias} for our Windows pods?")
    assert feature_id in query.features
    assert query.excluded == [] and query.conflicts == []


def test_the_longest_feature_name_wins(engine: CompatEngine) -> None:
    # "run as user name" holds "run as user": runAsUserName only, not also runAsUser.
    query = engine.understand("Can Windows pods on GKE set run as user name?")
    assert query.features == ["run-as-user-name"]


@pytest.mark.parametrize(
    "question",
    [
        "On my Windows laptop with Docker Desktop, can Linux and Windows containers run at the "
        "same time?",
        "도커 데스크탑에서 리눅스 컨테이너랑 윈도우 컨테이너를 동시에 띄울 수 있나요?",
    ],
)
def test_a_feature_about_both_oses_is_not_a_two_os_conflict(
    engine: CompatEngine, question: str
) -> None:
    query = engine.understand(question)
    assert "linux-and-windows-at-once" in query.features
    assert query.conflicts == []


def _typos() -> list[str]:
    """One inner letter dropped from each long filler word that a question may hold."""
    words = ["supported", "available", "deployment", "migrating", "officially", "production"]
    return [w[:3] + w[4:] for w in words]


@pytest.mark.parametrize("typo", _typos())
def test_a_typo_of_a_long_filler_word_is_placed(engine: CompatEngine, typo: str) -> None:
    query = engine.understand(f"Is hostNetwork {typo} for Windows pods on AKS?")
    assert typo not in query.unplaced


@pytest.mark.parametrize("word", ["scheduler", "installer", "three"])
def test_a_word_near_a_filler_word_is_still_content(engine: CompatEngine, word: str) -> None:
    query = engine.understand(f"Can the {word} on AKS run Windows containers?")
    assert word in query.unplaced


def test_time_words_of_a_context_sentence_are_filler(engine: CompatEngine) -> None:
    query = engine.understand(
        "We're migrating next quarter. Can Windows pods on AKS use hostNetwork?"
    )
    assert query.unplaced == []
