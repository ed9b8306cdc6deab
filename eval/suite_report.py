"""Reports of the issue-9 suites: a console summary, a markdown section and a JSON block.

A private suite (the held-out set) shows aggregates only, never which items it missed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eval.metrics import ItemScore
from eval.perturb import form_of
from eval.safety import ReadingAudit, by_pattern, consistency_by_form, got_verdict, reading_audit
from eval.suites import SuiteResult

LISTED_WRONG = 60
"""Confident wrong verdicts listed per suite in latest.md (all are in latest.json)."""

_HEADER = [
    "suite",
    "n",
    "right",
    "verdict",
    "conf. wrong",
    "honest unk.",
    "overconf.",
    "declP",
    "declR",
    "consistency",
    "stable facts",
    "unplaced",
    "note conflicts",
    "gate",
]


def _f(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _gate(result: SuiteResult) -> str:
    if not result.missed:
        return "met"
    return ("MISSED: " if result.enforced else "advisory: ") + "; ".join(result.missed)


def summary_rows(results: Sequence[SuiteResult]) -> list[list[str]]:
    rows = []
    for r in results:
        m = r.metrics
        unplaced = "n/a" if m.reading_audited == 0 else _f(m.reading_unplaced_rate)
        rows.append(
            [
                r.suite.name,
                str(m.n),
                _f(m.right_rate),
                _f(m.verdict_accuracy),
                str(m.confident_wrong),
                str(m.honest_unknown),
                str(m.overconfident),
                _f(m.decline_precision),
                _f(m.decline_recall),
                _f(m.consistency),
                _f(m.stable_facts),
                unplaced,
                str(m.passage_conflicts),
                _gate(r),
            ]
        )
    return rows


def render_console(results: Sequence[SuiteResult], gold_audit: ReadingAudit) -> str:
    rows = summary_rows(results)
    widths = [max(len(x[i]) for x in [_HEADER, *rows]) for i in range(len(_HEADER) - 1)]
    lines = ["Issue 9 suites:"]
    for row in [_HEADER, *rows]:
        cells = [
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=False))
        ]
        lines.append("  " + "  ".join(cells) + "  " + row[-1])
    lines.append("  reading audit (gold set): " + _audit_line(gold_audit))
    for r in results:
        if r.suite.private or not r.confident_wrong:
            continue
        lines.append(f"  confident wrong in {r.suite.name} ({len(r.confident_wrong)}):")
        for s in r.confident_wrong[:10]:
            lines.append("    " + _wrong_line(s))
        if len(r.confident_wrong) > 10:
            lines.append(f"    … {len(r.confident_wrong) - 10} more in latest.md")
    return "\n".join(lines)


def to_markdown(results: Sequence[SuiteResult], gold_audit: ReadingAudit) -> list[str]:
    out = [
        "## Issue 9 suites",
        "",
        "Right = declined exactly when it should be, an accepted verdict, and for a factual "
        "question every required term. Confident wrong = a definite verdict of the opposite "
        "polarity to the expected one (no vs yes/conditional); honest unknown = `unknown` "
        "where a definite verdict was expected; overconfident = a definite verdict where the "
        "corpus does not settle it. "
        "Consistency = share of generated forms whose verdict stays with the table row. Note "
        "conflicts = verdicts not led with because a cited note sentence states the opposite "
        "(assistant/compat/consistency.py); each is a table row to add or fix. A gate "
        "marked advisory is reported but not enforced (`enforce: false` in thresholds.yaml).",
        "",
        "| " + " | ".join(_HEADER) + " |",
        "|" + "|".join("---" for _ in _HEADER) + "|",
        *(
            "| " + " | ".join(c.replace("|", "\\|") for c in row) + " |"
            for row in summary_rows(results)
        ),
        "",
        f"Reading audit (gold set, questions.yaml): {_audit_line(gold_audit)}",
    ]
    for r in results:
        out += ["", f"### {r.suite.title} (`{r.suite.name}`)", ""]
        if r.suite.private:
            out.append(
                "Held out: aggregates only (above); per-item results are not reported so the "
                "set stays out of tuning."
            )
            continue
        audit = reading_audit(r.run.scores)
        out.append(f"Reading audit: {_audit_line(audit)}")
        if r.suite.name == "perturb":
            forms = consistency_by_form(r.run.scores, form_of)
            out += ["", "Consistency by surface form (worst first): "]
            out.append(", ".join(f"`{k}` {v:.2f}" for k, v in forms.items()))
        else:
            patterns = by_pattern(r.run.scores)
            out += ["", "| pattern | n | right | confident wrong |", "|---|---|---|---|"]
            out += [f"| {k} | {n} | {ok} | {cw} |" for k, (n, ok, cw) in patterns.items()]
        conflicts = [s for s in r.run.scores if s.result.answer and s.result.answer.contradicted]
        if conflicts:
            out += ["", f"Verdicts a cited note contradicts ({len(conflicts)}; rows to fix):", ""]
            out += [f"- {_wrong_line(s)}" for s in conflicts[:LISTED_WRONG]]
        wrong = r.confident_wrong
        out += ["", f"Confident wrong verdicts ({len(wrong)}):", ""]
        out += [f"- {_wrong_line(s)}" for s in wrong[:LISTED_WRONG]]
        if len(wrong) > LISTED_WRONG:
            out.append(f"- … and {len(wrong) - LISTED_WRONG} more in latest.json")
    return out


def to_json(results: Sequence[SuiteResult], gold_audit: ReadingAudit) -> dict[str, Any]:
    out: dict[str, Any] = {"reading_audit_gold": _audit_json(gold_audit)}
    for r in results:
        block: dict[str, Any] = {
            "title": r.suite.title,
            "metrics": {
                k: round(v, 4) if isinstance(v, float) else v
                for k, v in r.metrics.as_dict().items()
            },
            "gate": {"enforced": r.enforced, "missed": r.missed},
        }
        if not r.suite.private:
            block["confident_wrong"] = [_wrong_json(s) for s in r.confident_wrong]
            block["misses"] = [
                _wrong_json(s) for s in r.run.scores if not s.decline_ok or s.verdict_ok is False
            ]
            block["reading_audit"] = _audit_json(reading_audit(r.run.scores))
            if r.suite.name == "perturb":
                block["consistency_by_form"] = consistency_by_form(r.run.scores, form_of)
        out[r.suite.name] = block
    return out


def _audit_line(audit: ReadingAudit) -> str:
    if audit.audited == 0:
        return "n/a (answers carry no reading yet)"
    top = ", ".join(f"{w} ({n})" for w, n in audit.words.most_common(10)) or "none"
    return (
        f"{audit.with_unplaced} of {audit.audited} readings leave words unplaced "
        f"(rate {_f(audit.rate)}); most often: {top}"
    )


def _audit_json(audit: ReadingAudit) -> dict[str, Any]:
    return {
        "audited": audit.audited,
        "with_unplaced": audit.with_unplaced,
        "rate": audit.rate,
        "words": dict(audit.words.most_common()),
        "per_item": audit.per_item,
    }


def _wrong_line(s: ItemScore) -> str:
    expected = "|".join(str(v).lower() for v in s.item.verdict)
    got = "declined" if s.result.declined else str(got_verdict(s)).lower()
    q = " → ".join(s.item.conversation).replace("|", "\\|")
    return f"`{s.item.id}` {q} — expected {expected}, got {got}"


def _wrong_json(s: ItemScore) -> dict[str, Any]:
    answer = s.result.answer
    return {
        "id": s.item.id,
        "question": s.item.conversation,
        "expected": s.item.verdict,
        "decline": s.item.decline,
        "got": got_verdict(s),
        "declined": s.result.declined,
        "basis": s.item.basis,
        "row": s.item.row,
        "answer": (answer.text[:400] if answer else None),
    }
