"""Names that look like platforms but are not in the lexicon ("on Nomad", "Fly.io에서"): they are
reported, so the answer says the tables do not cover them, never guessed as something known."""

from __future__ import annotations

import re

from assistant.compat.extract.context import ARTICLES, DETERMINERS, ExtractCtx
from assistant.compat.lexicon import Mention, normalize
from assistant.compat.phrases import has_phrase

_PRODUCT = r"[A-Z][\w.+-]*[\w+]|[A-Z]"
_EN_UNKNOWN = re.compile(
    r"\b(?:on|onto|to|into|in|inside|via|using)\s+"
    + ARTICLES
    + r"((?:"
    + _PRODUCT
    + r")(?:\s+(?:"
    + _PRODUCT
    + r")){0,2}|[a-z][\w-]*\.(?:io|com|app|dev|sh|cloud|net))",
)
# Latin words only, each starting a token: a Latin word glued to another particle ("FROM을",
# "spec.os.name을") is no place, and "24H2로" does not hold a name "H2".
_KO_LATIN = r"(?<![A-Za-z0-9.+-])[A-Za-z][A-Za-z0-9.+-]*"
_KO_UNKNOWN = re.compile(
    rf"({_KO_LATIN}(?:\s{_KO_LATIN}){{0,2}})\s?(?=에서|위에서|상에서|에다|에\b|에\s|에$|으로|로\s|로$|는요|은요)"
)


# Docker's own command line ("docker run에 --isolation=hyperv 주면") is how the container is
# started, not a place. Other tools stay candidates: what Podman runs the tables do not say.
_COMMAND = re.compile(r"^docker\s+(?:run|build|pull|push|exec|start|create|compose|cp)$")


def unknown_platforms(
    ctx: ExtractCtx, question: str, text: str, mentions: list[Mention]
) -> tuple[list[Mention], list[str]]:
    """The mentions to keep and the unknown names, from the raw question (capitals matter) and
    its normalized `text`."""
    names: list[str] = []
    drop: set[Mention] = set()
    candidates = [m.group(1) for m in _EN_UNKNOWN.finditer(question)]
    candidates += [m.group(1) for m in _KO_UNKNOWN.finditer(question) if _has_hangul(question)]
    for raw in candidates:
        name = _trim(ctx, raw)
        if not name:
            continue
        norm = normalize(raw)
        if _COMMAND.match(norm):
            continue  # "docker run에 --isolation=hyperv 주면": a command line, not a place
        if _part_of_a_name(norm, text, mentions):
            continue  # "윈도우 11 Home에서": Home ends the edition's name, it is no platform
        if _part_of_a_feature(ctx, norm, text):
            continue  # "OVN으로 마이그레이션": a network mode the feature table names
        inside = ctx.lexicon.find(norm)
        if not inside:
            names.append(name)
            continue
        # "Azure Spring Apps", "Nomadic Cloud": a vendor name or a common word plus product
        # words the tables lack is a platform the tables do not have, not the vendor.
        rest = [
            word.group(0)
            for word in re.finditer(r"\S+", norm)
            if not any(m.start < word.end() and word.start() < m.end for m in inside)
        ]
        if (
            rest
            and all(m.ref.type in {"family", "generic"} for m in inside)
            and all(w.strip(".,!?") not in ctx.stopwords for w in rest)
        ):
            names.append(name)
            drop.update(
                m
                for m in mentions
                if m.ref.type == "family" and norm.find(text[m.start : m.end]) >= 0
            )
    unique = list(dict.fromkeys(names))
    return [m for m in mentions if m not in drop], unique


def _part_of_a_name(norm: str, text: str, mentions: list[Mention]) -> bool:
    """Whether the candidate's words are all inside one name the lexicon already found."""
    pattern = re.compile(r"(?<![a-z0-9])" + re.escape(norm) + r"(?![a-z0-9])")
    return any(pattern.search(text[m.start : m.end]) for m in mentions)


def _part_of_a_feature(ctx: ExtractCtx, norm: str, text: str) -> bool:
    """Whether the candidate is a word of a feature name the question holds. Candidates are
    rare (a capitalised word before a place word), so scanning the feature names is cheap."""
    word = re.compile(r"(?<![a-z0-9])" + re.escape(norm) + r"(?![a-z0-9])")
    for feature in ctx.tables.features.features:
        for alias in (*feature.aliases.en, *feature.aliases.ko, feature.name.en):
            if word.search(normalize(alias)) and has_phrase(text, [alias]):
                return True
    return False


def _trim(ctx: ExtractCtx, raw: str) -> str:
    """The candidate without leading determiners; empty when it is a plain word."""
    words = raw.strip(" .,!?;:'\"()").split()
    while words and words[0].lower() in DETERMINERS:
        words.pop(0)
    name = " ".join(words).strip(" .,!?;:'\"()")
    if len(name) < 2 or name.replace(".", "").isdigit():
        return ""
    if all(word.lower().strip(".,!?") in ctx.stopwords for word in name.split()):
        return ""
    return name


def _has_hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)
