"""The last word before text reaches a user: it must agree with the verdict and its citations."""

from __future__ import annotations

import re

from assistant.compat import Decision
from assistant.models import Language
from assistant.writers.base import Written
from assistant.writers.labels import HEADLINES

_CITATION_REF = re.compile(r"\[(\d+)\]")


def guard(written: Written, decision: Decision | None, language: Language) -> Written:
    """The text must open with the verdict's words and cite only what it lists.

    Text that contradicts the verdict is replaced by the verdict itself (headline and
    conditions, straight from the tables); a citation marker with no citation is dropped.
    """
    if decision is not None and not written.text.startswith(
        f"**{HEADLINES[language][decision.verdict.status]}**"
    ):
        verdict = decision.verdict
        lines = [
            f"**{HEADLINES[language][verdict.status]}**",
            *(f"- {c}" for c in verdict.conditions),
        ]
        return Written(text="\n".join(lines), citations=[])
    cited = {c.n for c in written.citations}
    text = _CITATION_REF.sub(lambda m: m.group(0) if int(m.group(1)) in cited else "", written.text)
    return Written(text=text, citations=written.citations)
