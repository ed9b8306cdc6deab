"""The Reading a user sees: what Berth understood, in one line of the answer language."""

from __future__ import annotations

from assistant.compat.lexicon import Lexicon, Ref
from assistant.compat.lexicon_schema import EntityType
from assistant.compat.messages import MessageKey
from assistant.compat.query import CompatQuery
from assistant.compat.reading.reader import Read
from assistant.models import Language as Lang
from assistant.models import Reading


def describe(read: Read, lexicon: Lexicon, language: Lang) -> Reading:
    query = read.query
    tables = lexicon.tables

    def name(kind: EntityType, ref_id: str | None) -> str | None:
        return lexicon.name(Ref(kind, ref_id), language) if ref_id else None

    def names(refs: list[Ref]) -> list[str]:
        return [lexicon.name(ref, language) for ref in refs]

    features = [
        f.name.get(language)
        for f in tables.features.features
        if f.id in query.features and f.id not in query.ruled_out  # shown as ruled out
    ]
    place = _place(query, lexicon, language)
    subject = (
        name("workload", query.workload)
        or name("base_image", query.base_image)
        or name("container_os", query.container_os)
    )
    reading = Reading(
        subject=subject,
        place=place,
        host=name("windows_version", query.host_os),
        image=name("windows_version", query.image_os)
        or (name("base_image", query.base_image) if query.workload else None),
        isolation=name("isolation", query.isolation),
        arch=name("arch", query.arch),
        edition=name("edition", query.edition),
        container_os=name("container_os", query.container_os),
        features=features,
        exclusions=[
            *names(read.excluded),
            *(f.name.get(language) for f in tables.features.features if f.id in query.ruled_out),
        ],
        hypothetical=", ".join(names(read.hypothetical)) or None,
        context=names(read.context),
        unplaced=list(query.unplaced),
        versions=list(query.versions),
        conflicts=list(query.conflicts),
        count=query.container_count,
        image_size_gb=query.image_size_gb,
    )
    return reading.model_copy(update={"text": _line(reading, tables.messages, language)})


def _place(query: CompatQuery, lexicon: Lexicon, language: Lang) -> str | None:
    if query.platform:
        kind: EntityType = "platform" if query.platform in lexicon.tables.platforms else "family"
        return lexicon.name(Ref(kind, query.platform), language)
    if query.unknown_platforms:
        return ", ".join(query.unknown_platforms)
    return None


def _line(reading: Reading, messages: dict, language: Lang) -> str:  # type: ignore[type-arg]
    def msg(key: MessageKey, **values: str) -> str:
        return str(messages[key].get(language).format(**values))

    sep = messages["list_sep"].get(language)
    parts: list[str] = []
    if reading.place:
        subject = reading.subject or msg("reading_anything")
        parts.append(msg("reading_on", subject=subject, place=reading.place))
    elif reading.subject:
        parts.append(reading.subject)
    if reading.host:
        # A generic host row is named as one already ("a Windows host"), not "a a … host host".
        named = "host" in reading.host.lower() or "호스트" in reading.host
        parts.append(reading.host if named else msg("reading_host", host=reading.host))
    if reading.image and reading.image != reading.subject:
        parts.append(msg("reading_image", image=reading.image))
    parts += [x for x in (reading.isolation, reading.arch, reading.edition) if x]
    if reading.count is not None:
        parts.append(msg("reading_count", count=str(reading.count)))
    if reading.image_size_gb is not None:
        parts.append(msg("reading_size", size=f"{reading.image_size_gb:g}"))
    optional: tuple[tuple[MessageKey, list[str]], ...] = (
        ("reading_features", reading.features),
        ("reading_excluded", reading.exclusions),
        ("reading_hypothetical", [reading.hypothetical] if reading.hypothetical else []),
        ("reading_context", reading.context),
        ("reading_versions", reading.versions),
        ("reading_conflicts", reading.conflicts),
        ("reading_unplaced", [f"“{w}”" for w in reading.unplaced]),
    )
    for key, items in optional:
        if items:
            parts.append(msg(key, items=sep.join(items)))
    if not parts:
        return ""
    end = "." if language == "en" else ""
    return msg("reading_lead") + sep.join(parts) + end
