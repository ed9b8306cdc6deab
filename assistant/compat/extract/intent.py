"""Intent: is this a yes/no compatibility question ("can I", "does X support", "X on Y?"), or a
what/which/how question that wants a list, a definition or steps?"""

from __future__ import annotations

import re

from assistant.compat.extract.context import ExtractCtx
from assistant.compat.lexicon import has_phrase
from assistant.compat.query import CompatQuery
from assistant.compat.reading.clauses import asking_clause, clause_spans
from assistant.compat.schema import Aliases

_LEADING_FILLERS = re.compile(
    r"^(?:(?:so|and|ok|okay|hey|hi|also|then|well|but|now|quick question)[,:]?\s+)+"
)


# "Azure but not AKS: which services …?" asks after the colon; "runAsNonRoot: true" and
# "…: WSL 2 or Hyper-V?" do not start a question there.
_ASKS_AFTER_COLON = (
    r":\s+(?=(?:which|what|how|why|when|where|who|can|could|does|do|is|are|will|would|should)\b)"
)


# "When …, can …?": a time or place clause, then the yes/no question itself.
_SUBORDINATE_THEN_YES_NO = re.compile(
    r"^(?:when|whenever|where|once)\b[^?]*?,\s*(?:can|could|does|do|did|is|are|will|would|should)\b",
    re.IGNORECASE,
)


# "If I add a Windows node pool without an OS SKU, which version does it get?": a condition,
# then the question word of the question itself.
_CONDITION_THEN_WH = re.compile(
    # Not "… work there? And if not, what do we need?": that "if" hangs on the yes/no before.
    r"(?:^|[\s:;,])(?:if|when|whenever|once|after)\b(?!\s+(?:not|so|yes|no)\b)[^?]*?,\s*"
    r"(?P<wh>which|what|how)\b",
    re.IGNORECASE,
)


def is_compat(ctx: ExtractCtx, text: str, query: CompatQuery) -> bool:
    if query.is_empty() or is_wh(ctx, text):
        return False
    m = ctx.markers
    if has_phrase(text, m.intent_strong) or has_phrase(text, m.intent_weak):
        return True
    if has_phrase(text, m.not_compat):
        return False  # "Are process-isolated containers a security boundary?"
    start = _LEADING_FILLERS.sub("", _asking_clause(ctx, text))
    if has_phrase(start, m.yes_no_start, where="start"):
        return True
    # "Windows containers on Cloud Run?": something and somewhere, asked in a few words.
    short = len(text.split()) <= 10
    return text.endswith("?") and short and query.has_subject() and query.has_place()


def is_wh(ctx: ExtractCtx, text: str) -> bool:
    """A what/which/how question asks for a list, a definition, a number or steps, not a
    verdict. English puts the question word first (in the asking sentence or clause);
    Korean can put it anywhere."""
    m = ctx.markers
    asking = _asking_clause(ctx, text)
    start = _LEADING_FILLERS.sub("", asking)
    if _SUBORDINATE_THEN_YES_NO.match(start):
        return False  # "When the container starts on an EKS node, can it be domain-joined?"
    if has_phrase(start, Aliases(en=m.wh_question.en), where="start"):
        return not has_phrase(start, Aliases(en=m.wh_exceptions.en), where="start")
    condition_then_wh = _CONDITION_THEN_WH.search(start)
    if condition_then_wh:
        asked = start[condition_then_wh.start("wh") :]
        return not has_phrase(asked, Aliases(en=m.wh_exceptions.en), where="start")
    # "… servercore:latest fails?? what tag am I supposed to use then": a last clause without a
    # question mark that starts with a question word is the question.
    last = _LEADING_FILLERS.sub("", _last_clause(ctx, text))
    if (
        last != start
        and "?" not in last
        and has_phrase(last, Aliases(en=m.wh_question.en), where="start")
    ):
        return not has_phrase(last, Aliases(en=m.wh_exceptions.en), where="start")
    # Only in the clause that asks: "서비스 몇 개를 옮기려고 하는데요, X에 … 올릴 수 있을까요?"
    # states a number ("몇 개") before a yes/no question.
    if has_phrase(asking, Aliases(ko=m.wh_question.ko)):
        return not has_phrase(asking, Aliases(ko=m.wh_exceptions.ko))
    return False


def _last_clause(ctx: ExtractCtx, text: str) -> str:
    text = text.strip()
    spans = clause_spans(text, ctx.tables.reading.clauses.connectives)
    return text[spans[-1][0] : spans[-1][1]].strip() if spans else ""


def _asking_clause(ctx: ExtractCtx, text: str) -> str:
    """The part of a message that asks: the reading's asking clause (sentences and connectives,
    "…하는데요, X에 … 되나요?", "…, so how do they authenticate?"), and of that the part after a
    dash or a colon."""
    text = text.strip()
    spans = clause_spans(text, ctx.tables.reading.clauses.connectives)
    if not spans:
        return ""
    start, end = spans[asking_clause(text, spans)]
    parts = re.split(
        r",\s*(?:and then|then)\s+|\s+[\u2013\u2014-]+\s+|" + _ASKS_AFTER_COLON, text[start:end]
    )
    return parts[-1].strip()
