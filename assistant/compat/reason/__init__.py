"""The reasoner: table facts composed into a verdict, yes, no, conditional (every condition
listed) or unknown (what is missing), with alternatives and the facts used. No language model.

Each rule family is one module, a plain function over the frozen `Ctx`:

    os_choice     which container OS(es) the question can mean
    subject       can the workload / base image / image version run in that OS?
    place         does the platform (best member of a family), host or "anywhere" run it?
      versions    ... with the Windows host x image x isolation matrix (versions/)
      arch        ... on the architecture asked about
      edition     ... on the host edition asked about
    alternatives  what else to do when the answer is not yes
    evidence      the Decision: verdict in the answer language and the rows cited
    wording       every sentence, from messages.yaml, in English and Korean
    finding       Finding, all_of, best_of: how the results of the rules combine
"""

from __future__ import annotations

from assistant.compat.query import CompatQuery, Decision
from assistant.compat.reason import alternatives, evidence, os_choice, place, subject
from assistant.compat.reason.context import Ctx
from assistant.compat.reason.finding import Finding, all_of, best_of
from assistant.compat.schema import OsName
from assistant.models import Language

__all__ = ["Ctx", "Finding", "decide", "evaluate"]


def decide(ctx: Ctx, query: CompatQuery, language: Language) -> Decision | None:
    """The verdict with its evidence, or None when this is not a compatibility question."""
    if not query.is_compat_question or query.is_empty():
        return None
    finding = evaluate(ctx, query)
    finding = alternatives.add(ctx, query, finding, lambda other: evaluate(ctx, other))
    return evidence.decision(ctx, finding, language)


def evaluate(ctx: Ctx, q: CompatQuery) -> Finding:
    """The finding for the best container OS the question can mean."""
    options = os_choice.options(ctx, q)
    native = os_choice.native(ctx, q)
    if native is not None and len(options) > 1:
        # "X on Windows" asks about Windows containers first: if X itself cannot run there,
        # that is the answer, not a Linux VM on the same machine.
        found = subject.check(ctx, q, native)
        if found.status == "no":
            return found
    return best_of([for_os(ctx, q, os) for os in options])


def for_os(ctx: Ctx, q: CompatQuery, os: OsName) -> Finding:
    """Every rule family for one container OS; a new family is one more line in the list."""
    found = subject.check(ctx, q, os)
    if found.status == "no":
        return found  # the subject cannot run in this OS: where it would run does not matter
    return all_of(
        [
            place.check(ctx, q, os),  # platform / host / anywhere, with versions, arch, edition
            found,  # the subject: workload, base image, image version
        ]
    )
