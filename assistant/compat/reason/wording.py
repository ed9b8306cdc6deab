"""Bilingual wording: messages from `messages.yaml` with their placeholders filled, lists joined
in both languages, and the display names of OSes, hosts, image tags, isolation modes and
architectures. Every sentence an answer shows is built here, never written in a rule."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.compat.lexicon import Ref
from assistant.compat.messages import OS_KEY, MessageKey
from assistant.compat.reason.context import Ctx
from assistant.compat.schema import HostOffer, OsName, Text
from assistant.models import Language

_NONE = Text(en="-", ko="-")


def msg(ctx: Ctx, key: MessageKey, **params: Text | str) -> Text:
    """The message in both languages, each placeholder filled in that language."""
    template = ctx.tables.messages[key]

    def fill(language: Language) -> str:
        values = {k: (v.get(language) if isinstance(v, Text) else v) for k, v in params.items()}
        text = template.get(language).format(**values)
        # A name like "a Windows host" may open the sentence.
        first, _, rest = text.partition(" ")
        return f"{first.capitalize()} {rest}" if first in ("a", "an", "the") else text

    return Text(en=fill("en"), ko=fill("ko"))


def join(ctx: Ctx, items: Sequence[Text], last: MessageKey = "list_or") -> Text:
    """The items as "A, B or C" in both languages; `last` is the word before the final item."""
    if not items:
        return _NONE

    def joined_in(language: Language) -> str:
        words = [item.get(language) for item in items]
        if len(words) == 1:
            return words[0]
        sep = ctx.tables.messages["list_sep"].get(language)
        final = ctx.tables.messages[last].get(language)
        return sep.join(words[:-1]) + final + words[-1]

    return Text(en=joined_in("en"), ko=joined_in("ko"))


def joined(ctx: Ctx, items: Sequence[Text], sep_key: MessageKey) -> Text:
    """The items with one separator between each ("A; B; C")."""
    if not items:
        return _NONE
    sep = ctx.tables.messages[sep_key]
    return Text(en=sep.en.join(i.en for i in items), ko=sep.ko.join(i.ko for i in items))


def offered(ctx: Ctx, offers: Sequence[HostOffer]) -> Text:
    """The host versions a place offers, joined."""
    return join(ctx, [host_name(ctx, o.version) for o in offers if o.status == "yes"])


def os_name(ctx: Ctx, os: OsName) -> Text:
    return ctx.tables.messages[OS_KEY[os]]


def host_name(ctx: Ctx, host_id: str) -> Text:
    host = ctx.tables.hosts.get(host_id)
    return host.name if host is not None else Text(en=host_id, ko=host_id)


def tag(ctx: Ctx, version: str) -> str:
    """The image tag of a Windows version ("ltsc2022"), or the version id."""
    host = ctx.tables.hosts.get(version)
    return host.tags[0] if host is not None and host.tags else version


def tag_text(ctx: Ctx, version: str) -> Text:
    name = tag(ctx, version)
    return Text(en=name, ko=name)


def isolation_name(ctx: Ctx, mode: str) -> Text:
    return _lexicon_name(ctx, Ref("isolation", mode))


def arch_name(ctx: Ctx, arch: str) -> Text:
    return _lexicon_name(ctx, Ref("arch", arch))


def _lexicon_name(ctx: Ctx, ref: Ref) -> Text:
    return Text(en=ctx.lexicon.name(ref, "en"), ko=ctx.lexicon.name(ref, "ko"))
