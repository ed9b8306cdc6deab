"""The last step of a decision: what its rows rest on, how old they are, and today's wording.

After the reasoner has decided from the resolved tables, every verdict gets, from data:

- conflicts: a verdict that rests on a conflicted field takes the conflict's resolution and
  cites every claim's sources (the per-row part is done at load, `resolve.py`; the AKS-style
  strict version match is settled here, because only the verdict knows which image ran where);
- basis: rows resting on a maintainer's word, the seed or an inference say so (an inferred row
  caps the verdict at conditional);
- freshness: each evidence carries its row's `checked` date; a row past its review window adds
  "last checked on …";
- dates: placeholders ({lifecycle:ws2022}, {current_lts:dotnet}) are worded from `today`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Final

from assistant.compat.dating import render
from assistant.compat.freshness import Located, is_stale, locate, review_window
from assistant.compat.query import Decision, Evidence
from assistant.compat.reason.finding import SEVERITY
from assistant.compat.resolve import STRICT_FIELD_SUFFIX, conflict_text, fill
from assistant.compat.schema import Basis, Conflict, Status, Text
from assistant.compat.tables import Tables
from assistant.models import Language, Verdict

_BASIS_KEY: Final[dict[Basis, str | None]] = {
    "official-doc": None,
    "maintainer": "basis_maintainer",
    "release-notes": "basis_release_notes",
    "inferred": "basis_inferred",
    "seed": "basis_seed",
    "third-party": "basis_third_party",
}


@dataclass(frozen=True)
class Annotator:
    tables: Tables
    review_days: int

    def __call__(self, decision: Decision, language: Language, today: date) -> Decision:
        v = decision.verdict
        work = _Work(
            status=v.status,
            conditions=list(v.conditions),
            alternatives=list(v.alternatives),
            reasons=list(v.reasons),
            missing=list(v.missing),
        )
        located = [(f, found) for f in v.facts if (found := locate(self.tables, f)) is not None]
        extra: list[Evidence] = []
        for fact, found in located:
            for conflict in found.row.conflicts:
                text = conflict_text(self.tables.messages, conflict).get(language)
                if conflict.field.endswith(STRICT_FIELD_SUFFIX):
                    if not _rests_on_cross_version(self.tables, v.facts, work.status):
                        continue
                    work.take(conflict.resolution, text)
                elif not work.mentions(text):
                    continue
                extra += _claim_evidence(self.tables, fact, found, conflict, language)
        for _, found in located:
            key = _BASIS_KEY[found.row.basis]
            if key is not None:
                note = fill(self.tables.messages, key, row=found.name).get(language)
                work.add_reason(note)
                if found.row.basis == "inferred" and work.status == "yes":
                    work.take("conditional", note)
        for _, found in located:
            if is_stale(found.row, today, self.review_days):
                note = fill(
                    self.tables.messages,
                    "stale_row",
                    row=found.name,
                    checked=found.row.checked.isoformat(),
                    days=str(review_window(found.row, self.review_days)),
                ).get(language)
                work.add_reason(note)
        checked = {fact: found.row.checked for fact, found in located}
        evidence = [
            e.model_copy(update={"checked": e.checked or checked.get(e.fact)})
            for e in [*decision.evidence, *_unique(extra, decision.evidence)]
        ]
        words = self._words(language, today)
        verdict = Verdict(
            status=work.status,
            conditions=[words(c) for c in work.conditions] if work.status == "conditional" else [],
            alternatives=[words(a) for a in work.alternatives],
            facts=list(v.facts),
            reasons=[words(r) for r in work.reasons],
            missing=[words(m) for m in work.missing] if work.status == "unknown" else [],
        )
        evidence = [e.model_copy(update={"text": words(e.text)}) for e in evidence]
        return Decision(verdict=verdict, evidence=evidence)

    def _words(self, language: Language, today: date) -> Callable[[str], str]:
        t = self.tables

        def fill_in(text: str) -> str:
            return render(
                text,
                language,
                messages=t.messages,
                hosts=t.hosts,
                runtimes=t.runtimes,
                today=today,
            )

        return fill_in


@dataclass
class _Work:
    status: Status
    conditions: list[str]
    alternatives: list[str]
    reasons: list[str]
    missing: list[str]

    def mentions(self, text: str) -> bool:
        return any(text in items for items in (self.conditions, self.reasons, self.missing))

    def add_reason(self, text: str) -> None:
        if text not in self.reasons:
            self.reasons.append(text)

    def take(self, resolution: str, text: str) -> None:
        """The verdict is at best `resolution`, and says why where that verdict shows it: a
        condition of a conditional, a missing piece of an unknown; a reason of a `no` (which the
        conflict does not change) or of a `prefer`."""
        if resolution == "prefer" or self.status == "no":
            self.add_reason(text)
            return
        wanted: Status = "unknown" if resolution == "unknown" else "conditional"
        if SEVERITY[wanted] > SEVERITY[self.status]:
            self.status = wanted
        target = self.missing if self.status == "unknown" else self.conditions
        if text not in target:
            target.append(text)


def _rests_on_cross_version(tables: Tables, facts: list[str], status: Status) -> bool:
    """Whether a working verdict uses a matrix cell of an image on another Windows version."""
    if status not in ("yes", "conditional"):
        return False
    for fact in facts:
        kind, _, row_id = fact.partition(".")
        if kind != "matrix":
            continue
        host, _, image = row_id.rpartition("-")
        row = tables.matrix.get((host, image))
        if row is None or host == image:
            continue
        if any(row.cell(mode).status in ("yes", "conditional") for mode in ("process", "hyperv")):
            return True
    return False


def _claim_evidence(
    tables: Tables, fact: str, found: Located, conflict: Conflict, language: Language
) -> list[Evidence]:
    out = []
    for claim in conflict.claims:
        url = next((s for s in claim.sources if s.startswith("https://")), None)
        out.append(
            Evidence(
                fact=fact,
                source=tables.source(found.table),
                section=found.row_id,
                url=url,
                text=_sentence(claim.text).get(language),
                checked=found.row.checked,
            )
        )
    return out


def _sentence(text: Text) -> Text:
    def end(s: str) -> str:
        s = s[0].upper() + s[1:] if s else s
        return s if s.endswith((".", "다.")) else f"{s}."

    return Text(en=end(text.en), ko=end(text.ko))


def _unique(extra: list[Evidence], existing: list[Evidence]) -> list[Evidence]:
    seen = {(e.source, e.section, e.text) for e in existing}
    out: list[Evidence] = []
    for e in extra:
        key = (e.source, e.section, e.text)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out
