"""finding: how the results of the rules combine."""

from __future__ import annotations

from assistant.compat.reason.finding import Finding, all_of, best_of
from assistant.compat.schema import Text


def _t(en: str) -> Text:
    return Text(en=en, ko=en)


def test_all_of_takes_the_worst_and_a_no_gives_only_its_reasons() -> None:
    out = all_of([Finding("yes", reasons=[_t("fine")]), Finding("no", reasons=[_t("blocked")])])
    assert out.status == "no"
    assert [r.en for r in out.reasons] == ["blocked"]


def test_all_of_keeps_every_condition_once_in_order() -> None:
    a = Finding("conditional", conditions=[_t("one"), _t("two")], facts=["f.a"])
    b = Finding("conditional", conditions=[_t("two"), _t("three")], facts=["f.b", "f.a"])
    out = all_of([a, b])
    assert [c.en for c in out.conditions] == ["one", "two", "three"]
    assert out.facts == ["f.a", "f.b"]


def test_best_of_takes_the_best_option_alone() -> None:
    best = Finding("conditional", conditions=[_t("do this")])
    assert best_of([Finding("no", reasons=[_t("x")]), best]) is best


def test_best_of_unknowns_keeps_what_is_missing_and_no_conditions() -> None:
    a = Finding("unknown", conditions=[_t("c")], missing=[_t("m1")])
    b = Finding("unknown", missing=[_t("m2")])
    out = best_of([a, b])
    assert (out.status, [m.en for m in out.missing], out.conditions) == (
        "unknown",
        ["m1", "m2"],
        [],
    )


def test_no_options_is_unknown_and_no_checks_is_yes() -> None:
    assert best_of([]).status == "unknown"
    assert all_of([]).status == "yes"
