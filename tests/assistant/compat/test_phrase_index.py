"""The phrase index finds exactly what trying every phrase finds, on every question we hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.compat import CompatEngine
from assistant.compat.lexicon import normalize, phrase_matches
from assistant.compat.phrases import PhraseIndex
from eval.gold import load_gold

REPO = Path(__file__).resolve().parents[3]


def _feature_phrases(engine: CompatEngine) -> list[tuple[str, str]]:
    return [
        (alias, feature.id)
        for feature in engine.tables.features.features
        for alias in [*feature.aliases.en, *feature.aliases.ko, feature.name.en, feature.name.ko]
    ]


def _questions() -> list[str]:
    texts: list[str] = []
    for name in ("questions.yaml", "questions_stranger.yaml", "nearmiss.yaml"):
        for item in load_gold(REPO / "eval" / name).items:
            texts += [item.question] if item.question else list(item.turns or [])
    return [normalize(t) for t in texts]


def test_same_matches_as_every_phrase_tried(engine: CompatEngine) -> None:
    phrases = _feature_phrases(engine)
    index = PhraseIndex(phrases)
    questions = _questions()
    assert len(questions) > 300
    hits = 0
    for text in questions:
        tried = [
            (m.span(), value) for phrase, value in phrases for m in phrase_matches(phrase, text)
        ]
        found = [(m.span(), value) for m, value in index.matches(text)]
        assert found == tried, text
        hits += bool(found)
    assert hits > 50, "the questions name features; an index that finds none is broken"


@pytest.mark.parametrize(
    ("phrases", "text", "spans"),
    [
        # An anchor shorter than the key length; a phrase that is a prefix of another keeps its
        # word edge ("ip" is not in "ipv6"); matches come in the order of the phrases.
        ([("ip", 1), ("ipv6", 2)], "ipv6 and ip", [(9, 11), (0, 4)]),
        # Separators optional: "server core" matches "servercore"; Korean without word edges.
        ([("server core", 1), ("하이퍼", 2)], "servercore 하이퍼v", [(0, 10), (11, 14)]),
        ([("nano", 1)], "", []),
    ],
)
def test_small_cases(
    phrases: list[tuple[str, int]], text: str, spans: list[tuple[int, int]]
) -> None:
    assert [m.span() for m, _ in PhraseIndex(phrases).matches(text)] == spans
