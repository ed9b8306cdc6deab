"""The gold set is well formed and covers what issue 4 asks for."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from eval.gold import CATEGORIES, GoldError, GoldItem, load_gold


def test_gold_file_loads_and_meets_coverage() -> None:
    gold = load_gold()
    items = gold.items
    assert len(items) >= 150
    assert sum(1 for it in items if it.language == "ko") >= 40
    assert {it.category for it in items} == set(CATEGORIES)
    statuses = {s for it in items for s in it.verdict}
    assert {"yes", "no", "conditional", "unknown", None} <= statuses

    ci = gold.ci_subset()
    assert len(ci) >= 60
    assert {it.category for it in ci} == set(CATEGORIES)
    assert {it.language for it in ci} == {"en", "ko"}
    # The gate's decline precision/recall must rest on both kinds of items.
    assert sum(1 for it in ci if it.decline) >= 5
    assert sum(1 for it in ci if not it.decline) >= 50


def test_every_answerable_item_names_its_facts() -> None:
    # Traceability: a gold answer without a fact id cannot be checked against its source.
    missing = [it.id for it in load_gold().items if not it.decline and not it.facts]
    assert missing == []


def test_categories_are_not_lopsided() -> None:
    counts = Counter(it.category for it in load_gold().items)
    assert min(counts.values()) >= 10, counts


def _item(**over: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": "x-1",
        "category": "verdict",
        "language": "en",
        "question": "Can GKE Autopilot run Windows?",
        "verdict": "no",
        "sources": [["corpus/notes/gke.md"]],
        "facts": ["E13"],
    }
    base.update(over)
    return base


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"verdict": "maybe"}, "verdict"),
        ({"question": None}, "exactly one"),
        ({"turns": ["a?", "b?"]}, "exactly one"),
        ({"category": "out_of_scope"}, "decline"),
        ({"decline": True, "category": "out_of_scope"}, "declined item"),
        ({"sources": []}, "expected sources"),
        ({"sources": [["notes/gke.md"]]}, "corpus path"),
        ({"language": "ko"}, "no Korean"),
        ({"forbidden": ["re:(unclosed"]}, "bad forbidden regex"),
        ({"facts": ["gke"]}, "fact id"),
        ({"verdict": [None, "no"]}, "null verdict"),
    ],
)
def test_schema_rejects_bad_items(override: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        GoldItem.model_validate(_item(**override))


def test_yaml_booleans_read_as_verdicts_and_groups_listify() -> None:
    item = GoldItem.model_validate(_item(verdict=[True, "conditional"], required=["Standard"]))
    assert item.verdict == ["yes", "conditional"]
    assert item.required == [["Standard"]]


def test_loader_names_the_bad_item(tmp_path: Path) -> None:
    path = tmp_path / "q.yaml"
    path.write_text(
        "items:\n"
        "- {id: ok-1, category: factual, language: en, question: 'What is 20348?',"
        " verdict: null, sources: [[corpus/notes/x.md]], facts: [B2]}\n"
        "- {id: bad-2, category: factual, language: ko, question: 'english only',"
        " verdict: null, sources: [[corpus/notes/x.md]], facts: [B2]}\n",
        encoding="utf-8",
    )
    with pytest.raises(GoldError, match="item 'bad-2'"):
        load_gold(path)


def test_duplicate_ids_rejected(tmp_path: Path) -> None:
    row = (
        "- {id: dup, category: factual, language: en, question: 'q?', verdict: null,"
        " sources: [[corpus/notes/x.md]], facts: [B2]}\n"
    )
    path = tmp_path / "q.yaml"
    path.write_text("items:\n" + row + row, encoding="utf-8")
    with pytest.raises(GoldError, match="duplicate ids: dup"):
        load_gold(path)
