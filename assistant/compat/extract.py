"""Turn a question (English or Korean) into a CompatQuery, and resolve follow-ups.

A Windows version is a host or an image depending on the words around it ("2022 host",
"ltsc2019 image", "on Windows Server 2022", "호스트에서"); a tag such as `ltsc2019` is an image.
Names that look like platforms but are not in the lexicon are reported, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.compat.lexicon import Lexicon, Mention, Ref, has_phrase, normalize
from assistant.compat.query import CompatQuery
from assistant.compat.schema import Aliases, Markers
from assistant.compat.tables import Tables

_ARTICLES = r"(?:(?:a|an|the|my|our|their|your|this|that|some)\s+)?"
_LEADING_FILLERS = re.compile(
    r"^(?:(?:so|and|ok|okay|hey|hi|also|then|well|but|now|quick question)[,:]?\s+)+"
)
_PRODUCT = r"[A-Z][\w.+-]*[\w+]|[A-Z]"
_EN_UNKNOWN = re.compile(
    r"\b(?:on|onto|to|into|in|inside|via|using)\s+"
    + _ARTICLES
    + r"((?:"
    + _PRODUCT
    + r")(?:\s+(?:"
    + _PRODUCT
    + r")){0,2}|[a-z][\w-]*\.(?:io|com|app|dev|sh|cloud|net))",
)
_KO_UNKNOWN = re.compile(
    r"([A-Za-z][\w.+-]*(?:\s[A-Za-z][\w.+-]*){0,2})\s?(?=에서|위에서|상에서|에다|에\b|에\s|에$|으로|로\s|로$|는요|은요)"
)
_CONJUNCTION = re.compile(r"^(?:and|or|&|/|및|과|와)\s*")
_DETERMINERS = {"a", "an", "the", "my", "our", "their", "your", "this", "that", "some"}
_SUBJECT_SLOTS = ("workload", "base_image", "image_os", "container_os")
_MODIFIER_SLOTS = ("isolation", "arch", "edition")


@dataclass
class _Roles:
    hosts: list[
        tuple[int, str, int]
    ]  # (start, host id, rank: 0 specific version, 1 host, 2 generic)
    images: list[tuple[int, str]]
    containers: list[tuple[int, str]]


class Extractor:
    def __init__(self, tables: Tables, lexicon: Lexicon) -> None:
        self.tables = tables
        self.lexicon = lexicon
        self.markers: Markers = tables.lexicon.markers
        self._stopwords = {word.lower() for word in self.markers.unknown_stopwords}

    # --- public ---------------------------------------------------------------------------

    def understand(self, question: str, previous: CompatQuery | None = None) -> CompatQuery:
        text = normalize(question)
        in_conversation = previous is not None and previous.is_compat_question
        mentions = self._in_context(text, self.lexicon.find(text), in_conversation)
        mentions, unknown = self._unknown_platforms(question, text, mentions)
        query = self._query(text, mentions, unknown)
        query.is_compat_question = self._is_compat(text, query)
        if previous is not None:
            query = self._follow_up(text, query, previous)
        return query

    def refers_back(self, question: str) -> bool:
        """Whether the question leans on the previous turn ("what about EKS?", "for that")."""
        text = normalize(question)
        return has_phrase(text, self.markers.followup) or has_phrase(text, self.markers.anaphora)

    def english_terms(self, question: str) -> list[str]:
        text = normalize(question)
        terms: list[str] = []
        mentions = self._in_context(text, self.lexicon.find(text))
        for mention in mentions:
            if mention.ref.type == "generic":
                continue
            if mention.form == "year" and self._context_role(text, mention, mentions) is None:
                continue  # "the 2022 World Cup" names no Windows version
            for ref in (mention.ref, *mention.also):
                name = self.lexicon.name(self._display_ref(ref), "en")
                if name not in terms:
                    terms.append(name)
        return terms

    def _in_context(
        self, text: str, mentions: list[Mention], in_conversation: bool = False
    ) -> list[Mention]:
        """General names (Python, Nginx, GPU, ARM) count only in a container question: with
        another entity, a container word, or a compatibility conversation going on.
        "How do I reverse a list in Python?" names nothing."""
        specific = [
            m for m in mentions if m.ref.type != "generic" and not self.lexicon.is_general(m.ref)
        ]
        if specific or in_conversation or has_phrase(text, self.markers.container_context):
            return mentions
        return [m for m in mentions if not self.lexicon.is_general(m.ref)]

    # --- slots -----------------------------------------------------------------------------

    def _query(self, text: str, mentions: list[Mention], unknown: list[str]) -> CompatQuery:
        by_type: dict[str, list[Mention]] = {}
        for mention in mentions:
            by_type.setdefault(mention.ref.type, []).append(mention)
            for implied in mention.also:
                by_type.setdefault(implied.type, []).append(
                    Mention(ref=implied, start=mention.start, end=mention.end)
                )
        platform = self._platform(by_type.get("platform", []) + by_type.get("family", []))
        roles = self._roles(
            text,
            mentions,
            by_type,
            has_platform=platform is not None,
            node_versions=platform is not None and self._offers_node_versions(platform),
        )
        host = min(roles.hosts, key=lambda h: (h[2], h[0]))[1] if roles.hosts else None
        image_os = min(roles.images)[1] if roles.images else None
        container_os = min(roles.containers)[1] if roles.containers else None
        return CompatQuery(
            workload=self._workload(by_type.get("workload", [])),
            platform=platform,
            host_os=host,
            image_os=image_os,
            base_image=self._base_image(by_type.get("base_image", [])),
            isolation=_first(by_type.get("isolation", [])),  # type: ignore[arg-type]
            arch=_first(by_type.get("arch", [])),
            edition=_first(by_type.get("edition", [])),
            container_os=container_os,  # type: ignore[arg-type]
            unknown_platforms=unknown,
        )

    def _platform(self, mentions: list[Mention]) -> str | None:
        """'EKS … Fargate' names one platform: the one both names cover."""
        if not mentions:
            return None
        ordered = sorted(mentions, key=lambda m: m.start)
        sets = [self._members(m.ref) for m in ordered]
        common = set.intersection(*sets)
        if len(common) == 1:
            return common.pop()
        for mention, members in zip(ordered, sets, strict=True):
            if common and members == common:
                return mention.ref.id
        return ordered[0].ref.id

    def _offers_node_versions(self, platform: str) -> bool:
        """Managed platforms whose Windows support is a list of node versions (GKE, AKS, EKS)."""
        if platform in self.tables.platforms:
            members = [self.tables.platforms[platform]]
        else:
            members = [self.tables.platforms[p] for p in self._members(Ref("family", platform))]
        windows = [
            p.os["windows"] for p in members if "windows" in p.os and p.os["windows"].status != "no"
        ]
        return (
            bool(windows)
            and all(p.runs_on is None for p in members)
            and all(w.hosts is not None for w in windows)
        )

    def _members_of(self, platform_or_family: str) -> set[str]:
        if platform_or_family in self.tables.platforms:
            return {platform_or_family}
        return self._members(Ref("family", platform_or_family))

    def _members(self, ref: Ref) -> set[str]:
        if ref.type == "platform":
            return {ref.id}
        return {pid for pid, p in self.tables.platforms.items() if ref.id in p.families}

    def _workload(self, mentions: list[Mention]) -> str | None:
        """Of several workloads, the most specific: the one that needs the most from its image
        (ASP.NET needs IIS and the .NET Framework, so it wins over the .NET Framework)."""
        if not mentions:
            return None

        def needs(m: Mention) -> int:
            workload = self.tables.workloads[m.ref.id]
            return max((len(os.needs) for os in workload.os.values()), default=0)

        return max(sorted(mentions, key=lambda m: m.start), key=needs).ref.id

    def _base_image(self, mentions: list[Mention]) -> str | None:
        """Of several images, the derived one (dotnet/framework/aspnet over Server Core)."""
        ids = [m.ref.id for m in sorted(mentions, key=lambda m: m.start)]
        for image_id in ids:
            parent = self.tables.base_images[image_id].based_on
            if parent in ids:
                return image_id
        return ids[0] if ids else None

    def _roles(
        self,
        text: str,
        mentions: list[Mention],
        by_type: dict[str, list[Mention]],
        has_platform: bool,
        node_versions: bool = False,
    ) -> _Roles:
        roles = _Roles(hosts=[], images=[], containers=[])
        for mention in by_type.get("host", []):
            roles.hosts.append((mention.start, mention.ref.id, 1))
        for mention in by_type.get("container_os", []):
            roles.containers.append((mention.start, mention.ref.id))
        undecided: list[Mention] = []
        for mention in by_type.get("windows_version", []):
            role = self._context_role(text, mention, mentions)
            if role is None and mention.form == "year":
                continue  # a bare year only counts next to "host"/"image" or after "on"
            if role is None and mention.form in {"tag", "build"}:
                role = "image"
            if role == "host":
                roles.hosts.append((mention.start, mention.ref.id, 0))
            elif role == "image":
                roles.images.append((mention.start, mention.ref.id))
            else:
                undecided.append(mention)
        for index, mention in enumerate(undecided):
            if has_platform and node_versions:
                # "Windows Server 2019 on AKS": managed platforms offer versions as node OS.
                roles.hosts.append((mention.start, mention.ref.id, 0))
            elif has_platform or roles.hosts:
                roles.images.append((mention.start, mention.ref.id))
            elif roles.images or (len(undecided) > 1 and index > 0):
                roles.hosts.append((mention.start, mention.ref.id, 0))
            elif len(undecided) > 1:
                roles.images.append((mention.start, mention.ref.id))
            else:
                roles.hosts.append((mention.start, mention.ref.id, 0))
        for mention in by_type.get("os_word", []):
            role = self._context_role(text, mention, mentions)
            host = self.tables.hosts[mention.ref.id]
            container = "linux" if host.kind == "linux" else "windows"
            default_host = host.kind == "windows-server" and not has_platform
            if role == "host" or (role is None and default_host):
                roles.hosts.append((mention.start, mention.ref.id, 2))
            else:
                roles.containers.append((mention.start, container))
        return roles

    def _context_role(
        self, text: str, mention: Mention, mentions: list[Mention] | None = None
    ) -> str | None:
        after = text[mention.end : mention.end + 40]
        after = re.sub(r"^[\s\-:,()'\"]+", "", after)
        after = re.sub(r"^의\s*", "", after)
        # "Linux and Windows Server node pools": the word after the pair decides for both.
        partner = _CONJUNCTION.match(after)
        if partner and mentions:
            start = (
                mention.end
                + (len(text[mention.end :]) - len(text[mention.end :].lstrip()))
                + partner.end()
            )
            following = next(
                (m for m in mentions if m.start >= mention.end and m.start <= start + 1), None
            )
            if following is not None and following.ref.type in {
                "os_word",
                "windows_version",
                "host",
            }:
                return self._context_role(text, following)
        if has_phrase(after, self.markers.host_after, where="start"):
            return "host"
        if has_phrase(after, self.markers.image_after, where="start"):
            return "image"
        if has_phrase(after, self.markers.place_after, where="start"):
            return "host"
        before = text[max(0, mention.start - 40) : mention.start]
        if has_phrase(re.sub(r"\s+$", "", before), self.markers.host_before, where="end"):
            return "host"
        words = "|".join(re.escape(normalize(w)) for w in self.markers.place_before.en)
        if words and re.search(rf"(?:^|\s)(?:{words})\s+{_ARTICLES}$", before):
            return "host"
        return None

    # --- unknown platforms -----------------------------------------------------------------

    def _unknown_platforms(
        self, question: str, text: str, mentions: list[Mention]
    ) -> tuple[list[Mention], list[str]]:
        names: list[str] = []
        drop: set[Mention] = set()
        candidates = [m.group(1) for m in _EN_UNKNOWN.finditer(question)]
        candidates += [m.group(1) for m in _KO_UNKNOWN.finditer(question) if _has_hangul(question)]
        for raw in candidates:
            name = self._trim(raw)
            if not name:
                continue
            norm = normalize(raw)
            inside = self.lexicon.find(norm)
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
                and all(w.strip(".,!?") not in self._stopwords for w in rest)
            ):
                names.append(name)
                drop.update(
                    m
                    for m in mentions
                    if m.ref.type == "family" and norm.find(text[m.start : m.end]) >= 0
                )
        unique = list(dict.fromkeys(names))
        return [m for m in mentions if m not in drop], unique

    def _trim(self, raw: str) -> str:
        """The candidate without leading determiners; empty when it is a plain word."""
        words = raw.strip(" .,!?;:'\"()").split()
        while words and words[0].lower() in _DETERMINERS:
            words.pop(0)
        name = " ".join(words).strip(" .,!?;:'\"()")
        if len(name) < 2 or name.replace(".", "").isdigit():
            return ""
        if all(word.lower().strip(".,!?") in self._stopwords for word in name.split()):
            return ""
        return name

    # --- intent ----------------------------------------------------------------------------

    def _is_compat(self, text: str, query: CompatQuery) -> bool:
        if query.is_empty() or self._is_wh(text):
            return False
        m = self.markers
        if has_phrase(text, m.intent_strong) or has_phrase(text, m.intent_weak):
            return True
        if has_phrase(text, m.not_compat):
            return False  # "Are process-isolated containers a security boundary?"
        start = _LEADING_FILLERS.sub("", _asking_clause(text))
        if has_phrase(start, m.yes_no_start, where="start"):
            return True
        # "Windows containers on Cloud Run?": something and somewhere, asked in a few words.
        short = len(text.split()) <= 10
        return text.endswith("?") and short and query.has_subject() and query.has_place()

    def _is_wh(self, text: str) -> bool:
        """A what/which/how question asks for a list, a definition, a number or steps, not a
        verdict. English puts the question word first (in the asking sentence or clause);
        Korean can put it anywhere."""
        m = self.markers
        start = _LEADING_FILLERS.sub("", _asking_clause(text))
        if has_phrase(start, Aliases(en=m.wh_question.en), where="start"):
            return not has_phrase(start, Aliases(en=m.wh_exceptions.en), where="start")
        if has_phrase(text, Aliases(ko=m.wh_question.ko)):
            return not has_phrase(text, Aliases(ko=m.wh_exceptions.ko))
        return False

    # --- follow-ups ------------------------------------------------------------------------

    def _follow_up(self, text: str, new: CompatQuery, previous: CompatQuery) -> CompatQuery:
        if new.is_empty() or self._is_wh(text):
            return new  # "thanks", or a new what-is question: nothing to carry over
        marker = has_phrase(text, self.markers.followup)
        if new.has_subject() and new.has_place() and not marker:
            return new  # a complete new question stands alone
        merged = new.model_copy(deep=True)
        if not new.has_place():
            merged.platform = previous.platform
            merged.host_os = previous.host_os
            merged.unknown_platforms = list(previous.unknown_platforms)
        elif new.platform and previous.platform:
            # "and on Fargate?" after EKS means EKS on Fargate: the platform both names cover.
            common = self._members_of(new.platform) & self._members_of(previous.platform)
            if len(common) == 1 and common != self._members_of(new.platform):
                merged.platform = common.pop()
            if not new.host_os and previous.host_os:
                merged.host_os = previous.host_os  # the node version still applies
        elif new.host_os and not new.platform and not new.unknown_platforms and previous.platform:
            merged.platform = (
                previous.platform
            )  # "and Windows Server 2025?": nodes of the same platform
        for slot in _SUBJECT_SLOTS + _MODIFIER_SLOTS:
            if getattr(merged, slot) is None and getattr(previous, slot) is not None:
                setattr(merged, slot, getattr(previous, slot))
        merged = self._drop_conflicts(merged, new, previous)
        merged.is_compat_question = previous.is_compat_question or new.is_compat_question
        return merged

    def _drop_conflicts(
        self, merged: CompatQuery, new: CompatQuery, previous: CompatQuery
    ) -> CompatQuery:
        """An inherited slot that contradicts a new one goes: "what about Linux containers?"
        after a .NET Framework question asks about Linux containers, not about .NET Framework."""
        new_os = self._os_of(new)
        if new_os is None:
            return merged
        for slot in _SUBJECT_SLOTS:
            if getattr(new, slot) is not None:
                continue
            inherited = CompatQuery(**{slot: getattr(merged, slot)})
            os_set = self._os_of(inherited)
            if os_set is not None and not (os_set & new_os):
                setattr(merged, slot, None)
        # An inherited host or platform goes when the platform does not install on that host.
        if new.host_os is None and not self._installs_on(merged.platform, merged.host_os):
            merged.host_os = None
        if new.platform is None and not self._installs_on(merged.platform, new.host_os):
            merged.platform = None
        return merged

    def _installs_on(self, platform_id: str | None, host_os: str | None) -> bool:
        """False only when the platform installs on certain hosts (Docker Desktop) and this
        host is not one of them; anything unknown counts as fitting."""
        platform = self.tables.platforms.get(platform_id or "")
        if platform is None or platform.runs_on is None or host_os is None:
            return True
        return host_os in platform.runs_on

    def _os_of(self, query: CompatQuery) -> set[str] | None:
        """Which container OSes the subject slots of a query allow; None when they say nothing."""
        allowed: set[str] | None = None

        def narrow(values: set[str]) -> None:
            nonlocal allowed
            allowed = set(values) if allowed is None else allowed & values

        if query.container_os:
            narrow({str(query.container_os)})
        if query.image_os:
            narrow({"windows"})
        if query.base_image and query.base_image in self.tables.base_images:
            narrow({str(os) for os in self.tables.base_images[query.base_image].os})
        if query.workload and query.workload in self.tables.workloads:
            workload = self.tables.workloads[query.workload]
            runs = {str(os) for os, s in workload.os.items() if s.status != "no"}
            if runs:
                narrow(runs)
        return allowed

    def _display_ref(self, ref: Ref) -> Ref:
        if ref.type == "os_word":
            return Ref("host", ref.id)
        return ref


def _first(mentions: list[Mention]) -> str | None:
    return min(mentions, key=lambda m: m.start).ref.id if mentions else None


def _has_hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def _asking_clause(text: str) -> str:
    """The part of a message that asks: its last question sentence, and of that the last clause
    after ", so" / ", but" / ";" ("…, so how do they authenticate?")."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]
    if not sentences:
        return ""
    asking = next((s for s in reversed(sentences) if "?" in s), sentences[-1])
    clauses = re.split(r",\s*(?:so|but|and then|then)\s+|;\s*|\s+[\u2013\u2014-]+\s+", asking)
    return clauses[-1].strip()
