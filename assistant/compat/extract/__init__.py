"""The extractor: a question (English or Korean) turned into a CompatQuery, and a follow-up
resolved against the previous one. Plain functions over the frozen `ExtractCtx`:

    slots       mentions -> query fields (which platform, workload, image, host)
    roles       a Windows version or OS word is a host, an image or a container OS by context
    unknown     names that look like platforms but are not in the lexicon: reported, not guessed
    intent      a yes/no compatibility question, or a what/which/how one
    followups   what a follow-up keeps from the previous query and what it drops
"""

from __future__ import annotations

from assistant.compat.extract import followups, intent, slots, unknown
from assistant.compat.extract.context import ExtractCtx
from assistant.compat.extract.roles import context_role
from assistant.compat.lexicon import Ref, normalize
from assistant.compat.query import CompatQuery

__all__ = ["ExtractCtx", "english_terms", "refers_back", "understand"]

refers_back = followups.refers_back


def understand(ctx: ExtractCtx, question: str, previous: CompatQuery | None = None) -> CompatQuery:
    """The structured query; with `previous`, the follow-up resolved against it."""
    text = normalize(question)
    in_conversation = previous is not None and previous.is_compat_question
    mentions = slots.in_context(ctx, text, ctx.lexicon.find(text), in_conversation)
    mentions, names = unknown.unknown_platforms(ctx, question, text, mentions)
    query = slots.query(ctx, text, mentions, names)
    query.is_compat_question = intent.is_compat(ctx, text, query)
    if previous is not None:
        query = followups.resolve(ctx, text, query, previous)
    return query


def english_terms(ctx: ExtractCtx, question: str) -> list[str]:
    """Canonical English names of every lexicon entity the question mentions."""
    text = normalize(question)
    terms: list[str] = []
    mentions = slots.in_context(ctx, text, ctx.lexicon.find(text))
    for mention in mentions:
        if mention.ref.type == "generic":
            continue
        if mention.form == "year" and context_role(ctx, text, mention, mentions) is None:
            continue  # "the 2022 World Cup" names no Windows version
        for ref in (mention.ref, *mention.also):
            name = ctx.lexicon.name(_display_ref(ref), "en")
            if name not in terms:
                terms.append(name)
    return terms


def _display_ref(ref: Ref) -> Ref:
    """An OS word ("Windows Server") is named like the host it stands for."""
    return Ref("host", ref.id) if ref.type == "os_word" else ref
