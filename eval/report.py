"""Reports of one evaluation run: a console table, latest.json, latest.md and a PNG chart."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eval.metrics import ItemScore, Metrics
from eval.runner import SystemRun

if TYPE_CHECKING:
    from eval.suites import SuiteResult

BERTH = "berth"
BASELINE = "baseline"

_COLUMNS: list[tuple[str, str, bool]] = [
    # (metric attribute, header, shown for the baseline too)
    ("verdict_accuracy", "verdict", False),
    ("condition_recall", "cond", False),
    ("forbidden_rate", "forbid", False),
    ("citation_precision", "citeP", False),
    ("citation_support", "supp", False),
    ("recall_at_5", "R@5", True),
    ("mrr_at_10", "MRR", True),
    ("decline_precision", "declP", True),
    ("decline_recall", "declR", True),
    ("language_match", "lang", False),
    ("answer_precision", "ansP", True),
    ("first_line_hit", "1st", True),
    ("duplicates", "dups", True),
]


@dataclass(frozen=True)
class EvalReport:
    subset: str
    generated_at: datetime
    runs: dict[str, SystemRun]
    gate_missed: list[str]
    seconds: float
    corpus_version: str | None = None
    notes: list[str] = field(default_factory=list)
    suites: list[SuiteResult] = field(default_factory=list)
    """Issue-9 suites run next to the gold set (eval/suites.py)."""

    @property
    def passed(self) -> bool:
        return not self.gate_missed


def _fmt(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _categories(report: EvalReport) -> list[str]:
    berth = report.runs.get(BERTH)
    run = berth or next(iter(report.runs.values()))
    return list(run.by_category())


def summary_rows(report: EvalReport) -> tuple[list[str], list[list[str]]]:
    """One row per category: Berth's metrics, and 'berth/baseline' where both have them."""
    berth = report.runs[BERTH].by_category() if BERTH in report.runs else {}
    base = report.runs[BASELINE].by_category() if BASELINE in report.runs else {}
    header = ["category", "n"] + [h for _, h, _ in _COLUMNS] + ["p50 ms", "p95 ms"]
    rows: list[list[str]] = []
    for cat in _categories(report):
        b: Metrics | None = berth.get(cat)
        r: Metrics | None = base.get(cat)
        either = b or r
        row = [cat, str(either.n if either else 0)]
        for attr, _, both in _COLUMNS:
            bv = _fmt(getattr(b, attr)) if b else "—"
            if both and r is not None:
                row.append(f"{bv}/{_fmt(getattr(r, attr))}")
            else:
                row.append(bv)
        row += [_ms(b.latency_p50_ms if b else None), _ms(b.latency_p95_ms if b else None)]
        rows.append(row)
    return header, rows


def render_table(report: EvalReport) -> str:
    header, rows = summary_rows(report)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def describe(score: ItemScore) -> dict[str, Any]:
    """Question, expected and got for one item: what a reader needs to judge a failure."""
    item, result = score.item, score.result
    answer = result.answer
    return {
        "id": item.id,
        "category": item.category,
        "language": item.language,
        "question": item.conversation,
        "expected": {
            "verdict": item.verdict,
            "decline": item.decline,
            "required": item.required,
            "forbidden": item.forbidden,
            "sources": item.sources,
        },
        "got": {
            "error": result.error,
            "verdict": answer.verdict if answer else None,
            "declined": result.declined,
            "language": answer.language if answer else None,
            "missing_terms": [list(g) for g in score.missing_groups],
            "forbidden_hits": list(score.forbidden or ()),
            "retrieved": list(result.retrieved or ())[:5],
            "cited": sorted({c.source for c in answer.citations}) if answer else [],
            "answer": answer.text if answer else None,
        },
        "checks": {
            "verdict_ok": score.verdict_ok,
            "decline_ok": score.decline_ok,
            "language_ok": score.language_ok,
            "condition_recall": score.condition_recall,
            "recall_at_5": score.recall_at_k,
        },
    }


def render_failures(run: SystemRun, limit: int | None = None) -> str:
    failures = run.failures()
    shown = failures if limit is None else failures[:limit]
    lines = [f"{len(failures)} of {len(run.scores)} {run.name} items failed:"]
    for score in shown:
        d = describe(score)
        exp, got = d["expected"], d["got"]
        lines.append(f"✗ {d['id']} [{d['category']}/{d['language']}]")
        lines.append("  Q: " + " → ".join(d["question"]))
        want = f"verdict {'|'.join(str(v).lower() for v in exp['verdict'])}"
        want += ", decline" if exp["decline"] else ""
        if exp["required"]:
            want += "; terms " + " ".join("[" + "|".join(g) + "]" for g in exp["required"])
        lines.append("  expected: " + want)
        if got["error"]:
            lines.append(f"  got: ERROR {got['error']}")
            continue
        have = f"verdict {str(got['verdict']).lower()}"
        have += ", declined" if got["declined"] else ""
        if got["missing_terms"]:
            have += "; missing " + " ".join("[" + "|".join(g) + "]" for g in got["missing_terms"])
        if got["forbidden_hits"]:
            have += "; forbidden " + ", ".join(got["forbidden_hits"])
        if d["checks"]["language_ok"] is False:
            have += f"; language {got['language']}"
        lines.append("  got: " + have)
        text = (got["answer"] or "").replace("\n", " ")
        lines.append(f"  answer: {text[:220]}{'…' if len(text) > 220 else ''}")
    if limit is not None and len(failures) > limit:
        lines.append(f"… and {len(failures) - limit} more in latest.json")
    return "\n".join(lines)


def to_json(report: EvalReport) -> dict[str, Any]:
    return {
        "subset": report.subset,
        "generated_at": report.generated_at.isoformat(timespec="seconds"),
        "corpus_version": report.corpus_version,
        "seconds": round(report.seconds, 1),
        "gate": {"passed": report.passed, "missed": report.gate_missed},
        "notes": report.notes,
        "systems": {
            name: {
                "seconds": round(run.seconds, 1),
                "items": len(run.scores),
                "by_category": {cat: _rounded(m.as_dict()) for cat, m in run.by_category().items()},
                "by_language": {
                    lang: _rounded(m.as_dict()) for lang, m in run.by_language().items()
                },
            }
            for name, run in report.runs.items()
        },
        "failures": [describe(s) for s in report.runs[BERTH].failures()]
        if BERTH in report.runs
        else [],
        **({"suites": _suites_json(report)} if report.suites else {}),
    }


def _suites_json(report: EvalReport) -> dict[str, Any]:
    from eval.safety import reading_audit
    from eval.suite_report import to_json as suites_to_json

    gold = report.runs[BERTH].scores if BERTH in report.runs else []
    return suites_to_json(report.suites, reading_audit(gold))


def _rounded(values: dict[str, object]) -> dict[str, object]:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in values.items()}


def to_markdown(report: EvalReport) -> str:
    header, rows = summary_rows(report)
    out = [
        f"# Berth evaluation ({report.subset} set)",
        "",
        f"Generated {report.generated_at:%Y-%m-%d %H:%M} UTC, corpus {report.corpus_version}, "
        f"{report.seconds:.0f} s. Gate: **{'passed' if report.passed else 'missed'}**"
        + ("" if report.passed else " — " + "; ".join(report.gate_missed)),
        "",
        "Cells with `a/b` are Berth/baseline. The baseline is a naive LangChain RAG (dense-only "
        "Chroma, top-4, no BM25, no tables) and only retrieves, so it has no verdict, text or "
        "citation metrics.",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
        *("| " + " | ".join(r) + " |" for r in rows),
        "",
    ]
    out += [f"- {note}" for note in report.notes]
    out += ["", "## By question language", "", *_language_table(report)]
    if BERTH in report.runs:
        failures = report.runs[BERTH].failures()
        out += ["", f"## Failing items ({len(failures)})", ""]
        for score in failures:
            d = describe(score)
            got = d["got"]
            q = " → ".join(d["question"]).replace("|", "\\|")
            why = []
            if got["error"]:
                why.append(f"error: {got['error']}")
            if d["checks"]["verdict_ok"] is False:
                exp = "|".join(str(v).lower() for v in d["expected"]["verdict"])
                why.append(f"verdict {str(got['verdict']).lower()} (expected {exp})")
            if not d["checks"]["decline_ok"]:
                why.append("declined" if got["declined"] else "not declined")
            if got["missing_terms"]:
                why.append("missing " + ", ".join("/".join(g) for g in got["missing_terms"]))
            if got["forbidden_hits"]:
                why.append("forbidden: " + ", ".join(got["forbidden_hits"]))
            if d["checks"]["language_ok"] is False:
                why.append(f"language {got['language']}")
            out.append(f"- `{d['id']}` ({d['category']}/{d['language']}) {q} — {'; '.join(why)}")
    if report.suites:
        from eval.safety import reading_audit
        from eval.suite_report import to_markdown as suites_to_markdown

        gold = report.runs[BERTH].scores if BERTH in report.runs else []
        out += ["", *suites_to_markdown(report.suites, reading_audit(gold))]
    return "\n".join(out) + "\n"


def _language_table(report: EvalReport) -> list[str]:
    berth = report.runs[BERTH].by_language() if BERTH in report.runs else {}
    base = report.runs[BASELINE].by_language() if BASELINE in report.runs else {}
    lines = [
        "| language | n | verdict | R@5 | MRR | lang |",
        "|---|---|---|---|---|---|",
    ]
    for lang in sorted(set(berth) | set(base)):
        b, n = berth.get(lang), base.get(lang)

        def cell(metrics: Metrics | None, attr: str) -> str:
            return _fmt(getattr(metrics, attr) if metrics is not None else None)

        count = len([s for s in report.runs[BERTH].scores if s.item.language == lang])
        lines.append(
            f"| {lang} | {count} | {cell(b, 'verdict_accuracy')}"
            f" | {cell(b, 'recall_at_5')}/{cell(n, 'recall_at_5')}"
            f" | {cell(b, 'mrr_at_10')}/{cell(n, 'mrr_at_10')} | {cell(b, 'language_match')} |"
        )
    return lines


def write_chart(report: EvalReport, path: Path) -> None:
    """Per-category bars, Berth vs baseline, for the metrics both have, plus Berth's own."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cats = _categories(report)
    berth = report.runs[BERTH].by_category() if BERTH in report.runs else {}
    base = report.runs[BASELINE].by_category() if BASELINE in report.runs else {}
    panels = [
        ("recall_at_5", "Retrieval recall@5", True),
        ("mrr_at_10", "MRR@10", True),
        ("decline_accuracy", "Declined exactly when it should (share of items)", True),
        ("verdict_accuracy", "Verdict accuracy (Berth)", False),
        ("condition_recall", "Condition recall (Berth)", False),
    ]
    fig, axes = plt.subplots(len(panels), 1, figsize=(11, 3.0 * len(panels)), sharex=True)
    xs = list(range(len(cats)))
    width = 0.38
    for ax, (attr, title, both) in zip(axes, panels, strict=True):
        bvals = [_value(berth.get(c), attr) for c in cats]
        ax.bar([x - width / 2 if both else x for x in xs], bvals, width, label="Berth")
        if both:
            rvals = [_value(base.get(c), attr) for c in cats]
            ax.bar([x + width / 2 for x in xs], rvals, width, label="baseline (naive RAG)")
        ax.set_ylim(0, 1.05)
        ax.set_title(title, fontsize=10)
        ax.grid(axis="y", alpha=0.3)
        if both:
            ax.legend(fontsize=8, loc="lower right")
    axes[-1].set_xticks(xs)
    axes[-1].set_xticklabels(cats, rotation=20, ha="right")
    fig.suptitle(f"Berth vs naive RAG baseline — {report.subset} set", fontsize=12)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _value(m: Metrics | None, attr: str) -> float:
    value = getattr(m, attr) if m is not None else None
    return float(value) if isinstance(value, int | float) else 0.0


def write_reports(report: EvalReport, report_dir: Path) -> list[Path]:
    report_dir.mkdir(parents=True, exist_ok=True)
    json_path = report_dir / "latest.json"
    md_path = report_dir / "latest.md"
    png_path = report_dir / "latest.png"
    json_path.write_text(
        json.dumps(to_json(report), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    md_path.write_text(to_markdown(report), encoding="utf-8")
    write_chart(report, png_path)
    return [json_path, md_path, png_path]
