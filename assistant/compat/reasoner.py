"""Compose table facts into a verdict: yes, no, conditional (every condition listed) or unknown
(what is missing), with alternatives and the ids of the facts used. No language model involved.

A question is checked per container OS (Linux, Windows) it could mean: the subject (workload,
base image, image version) must run in that OS, and the place (platform or family, host, or
anywhere) must run that OS, offer the host versions and isolation modes the version matrix
needs, and the architecture and edition asked about. The best OS wins; for a family the best
member wins and the others are named as excluded or as alternatives.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

from assistant.compat.lexicon import Lexicon, Ref
from assistant.compat.query import CompatQuery, Decision, Evidence
from assistant.compat.schema import (
    ArchEntry,
    BaseImage,
    Cell,
    Host,
    HostOffer,
    IsolationMode,
    Platform,
    Status,
    Support,
    Text,
)
from assistant.compat.tables import Tables
from assistant.models import Verdict

Language = Literal["en", "ko"]
OsName = Literal["linux", "windows"]
_OS_ORDER: tuple[OsName, ...] = ("linux", "windows")
_MODES: tuple[IsolationMode, ...] = ("process", "hyperv")
_SEVERITY = {"yes": 0, "conditional": 1, "unknown": 2, "no": 3}
_MAX_ALTERNATIVES = 4

REQUIRED_MESSAGES = (
    "list_or",
    "list_sep",
    "group_sep",
    "os_linux",
    "os_windows",
    "status_yes",
    "status_no",
    "status_conditional",
    "status_unknown",
    "cap_dotnet-framework",
    "cap_iis",
    "cap_powershell",
    "cap_wow64",
    "cap_gpu",
    "cap_dotnet",
    "pair",
    "host_group",
    "matrix_summary",
    "workload_os_unknown",
    "workload_os_no",
    "workload_no_facts",
    "image_os_mismatch",
    "image_version_missing",
    "image_version_ok",
    "image_lacks_capability",
    "image_capability_unknown",
    "alt_base_images",
    "image_version_is_windows",
    "isolation_windows_only",
    "arch_not_offered",
    "arch_unknown",
    "platform_os_unknown",
    "platform_os_no",
    "platform_runs_on",
    "use_member",
    "alt_member",
    "alt_platform",
    "alt_platform_detail",
    "linux_needs_linux_nodes",
    "platform_lacks_host",
    "host_unconfirmed",
    "host_retired",
    "isolation_unknown",
    "isolation_not_offered",
    "platform_not_in_tables",
    "nothing_to_check",
    "version_match",
    "version_match_strict",
    "version_rule",
    "use_hosts",
    "hyperv_only",
    "process_only",
    "matrix_ok",
    "matrix_no_any",
    "matrix_mode_no",
    "matrix_hyperv_not_offered",
    "matrix_missing",
    "strict_mismatch",
    "hosts_for_image",
    "alt_rebuild",
    "alt_hosts",
    "alt_hyperv",
    "needs_windows_host",
    "edition_no_default",
)


@dataclass
class Finding:
    """What one check found; findings combine with all_of (every check) or the best of options."""

    status: Status
    conditions: list[Text] = field(default_factory=list)
    reasons: list[Text] = field(default_factory=list)
    missing: list[Text] = field(default_factory=list)
    alternatives: list[Text] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)


def all_of(findings: Sequence[Finding]) -> Finding:
    """Every check must pass: the worst status wins; the lists keep the input order."""
    if not findings:
        return Finding("yes")
    status = max((f.status for f in findings), key=_SEVERITY.__getitem__)
    out = Finding(status)
    for finding in findings:
        _extend(out, finding)
    # The reasons that decide the verdict come first; a "no" gives only the reasons for it.
    deciding = [r for f in findings if f.status == status for r in f.reasons]
    others = [r for f in findings for r in f.reasons] if status != "no" else []
    out.reasons = _unique(deciding + others)
    return out


def best_of(findings: Sequence[Finding]) -> Finding:
    """One of the options is enough: the best status wins; if none works, all reasons count."""
    if not findings:
        return Finding("unknown")
    best = min(findings, key=lambda f: _SEVERITY[f.status])
    if best.status == "no":
        return all_of(findings)
    if best.status == "unknown":
        out = Finding("unknown")
        for finding in findings:
            _extend(out, finding)
        out.conditions = []
        return out
    return best


def _extend(out: Finding, other: Finding) -> None:
    out.conditions = _unique(out.conditions + other.conditions)
    out.reasons = _unique(out.reasons + other.reasons)
    out.missing = _unique(out.missing + other.missing)
    out.alternatives = _unique(out.alternatives + other.alternatives)
    out.facts = list(dict.fromkeys(out.facts + other.facts))


def _unique(texts: Iterable[Text]) -> list[Text]:
    seen: set[str] = set()
    out: list[Text] = []
    for text in texts:
        if text.en not in seen:
            seen.add(text.en)
            out.append(text)
    return out


@dataclass(frozen=True)
class _Place:
    """Where Windows containers would run: a platform's node versions, or a host's."""

    name: Text
    offers: list[HostOffer]
    modes: list[IsolationMode] | None
    isolation_note: Text | None = None
    strict: bool = False
    strict_note: Text | None = None
    mode_conditions: dict[IsolationMode, list[Text]] = field(default_factory=dict)
    is_platform: bool = False


class Reasoner:
    def __init__(self, tables: Tables, lexicon: Lexicon, today: date | None = None) -> None:
        self.t = tables
        self.lexicon = lexicon
        self._today = today

    @property
    def today(self) -> date:
        return self._today or date.today()

    # --- entry point ----------------------------------------------------------------------

    def decide(self, query: CompatQuery, language: Language) -> Decision | None:
        if not query.is_compat_question or query.is_empty():
            return None
        finding = self.evaluate(query)
        finding = self._with_alternatives(query, finding)
        return self._decision(finding, language)

    def evaluate(self, q: CompatQuery) -> Finding:
        options = self._os_options(q)
        native = self._native_os(q)
        if native is not None and len(options) > 1:
            # "X on Windows" asks about Windows containers first: if X itself cannot run there,
            # that is the answer, not a Linux VM on the same machine.
            subject = self._subject(q, native)
            if subject.status == "no":
                return subject
        return best_of([self._for_os(q, os) for os in options])

    def _native_os(self, q: CompatQuery) -> OsName | None:
        host = self.t.hosts.get(q.host_os or "")
        if host is None or q.platform:
            return None
        if host.kind.startswith("windows"):
            return "windows"
        return "linux" if host.kind == "linux" else None

    def _for_os(self, q: CompatQuery, os: OsName) -> Finding:
        subject = self._subject(q, os)
        if subject.status == "no":
            return subject
        return all_of([self._place(q, os), subject])

    def _os_options(self, q: CompatQuery) -> list[OsName]:
        if q.container_os:
            return [q.container_os]
        allowed: set[str] = set(_OS_ORDER)
        constraints: list[set[str]] = []
        if q.image_os or q.isolation:
            constraints.append({"windows"})
        image = self.t.base_images.get(q.base_image or "")
        if image is not None:
            constraints.append(set(image.os))
        host = self.t.hosts.get(q.host_os or "")
        if q.platform and host is not None:
            constraints.append({"linux"} if host.kind == "linux" else {"windows"})
        for constraint in constraints:
            narrowed = allowed & constraint
            if not narrowed:
                # Contradictory slots: check both, so the subject check says why it is a no.
                return list(_OS_ORDER)
            allowed = narrowed
        return [os for os in _OS_ORDER if os in allowed]

    # --- the subject: workload, base image, image version ------------------------------------

    def _subject(self, q: CompatQuery, os: OsName) -> Finding:
        parts: list[Finding] = []
        if q.image_os and os == "linux":
            version = self._host_name(q.image_os)
            return Finding("no", reasons=[self._msg("image_version_is_windows", version=version)])
        if q.isolation and os == "linux":
            parts.append(Finding("unknown", missing=[self._msg("isolation_windows_only")]))
        image = self.t.base_images.get(q.base_image or "")
        if image is not None:
            parts.append(self._image(image, q, os))
        if q.workload:
            parts.append(self._workload(q, os, image))
        return all_of(parts)

    def _image(self, image: BaseImage, q: CompatQuery, os: OsName) -> Finding:
        fact = f"image.{image.id}"
        if os not in image.os:
            image_os = self._join([self._os_name(o) for o in image.os])
            reason = self._msg(
                "image_os_mismatch", image=image.name, image_os=image_os, os=self._os_name(os)
            )
            return Finding("no", reasons=[reason], facts=[fact])
        parts = [Finding("yes", facts=[fact])]
        if os == "windows" and q.image_os:
            version = image.versions.get(q.image_os)
            name = self._host_name(q.image_os)
            if version is None:
                missing = self._msg("image_version_missing", image=image.name, version=name)
                parts.append(Finding("unknown", missing=[missing], facts=[fact]))
            elif version.status == "no":
                reason = version.note or self._msg(
                    "image_version_missing", image=image.name, version=name
                )
                parts.append(Finding("no", reasons=[reason], facts=[fact]))
            elif version.status == "unknown":
                note = version.note or self._msg(
                    "image_version_missing", image=image.name, version=name
                )
                parts.append(Finding("unknown", missing=[note], facts=[fact]))
            else:
                tags = ", ".join(version.tags) or self._tag(q.image_os)
                ok = self._msg("image_version_ok", image=image.name, version=name, tags=tags)
                parts.append(Finding("yes", reasons=[ok], facts=[fact]))
        elif os == "windows" and image.host_note is not None:
            parts.append(Finding("conditional", conditions=[image.host_note], facts=[fact]))
        if q.arch:
            parts.append(self._arch(image.name, image.arch.get(os), q.arch, os, fact))
        return all_of(parts)

    def _workload(self, q: CompatQuery, os: OsName, image: BaseImage | None) -> Finding:
        workload = self.t.workloads.get(q.workload or "")
        if workload is None:
            return Finding("unknown", missing=[self._msg("nothing_to_check")])
        fact = f"workload.{workload.id}"
        host = self.t.hosts.get(q.host_os or "")
        if (
            workload.host_only is not None
            and host is not None
            and not self._kind_in(host, workload.host_only)
        ):
            reason = workload.host_only_reason or self._msg(
                "platform_os_no", platform=host.name, os=workload.name
            )
            return Finding("no", reasons=[reason], facts=[fact, f"host.{host.id}"])
        if not workload.os:
            return Finding(
                "unknown",
                missing=[self._msg("workload_no_facts", workload=workload.name)],
                facts=[fact],
            )
        support = workload.os.get(os)
        settled = self._settled(
            support,
            fact,
            "workload",
            workload.alternatives,
            workload=workload.name,
            os=self._os_name(os),
        )
        if settled is not None:
            return settled
        assert support is not None
        reasons = [support.reason] if support.reason else []
        parts: list[Finding] = []
        if image is None:
            parts.append(
                Finding(
                    support.status,
                    conditions=list(support.conditions),
                    reasons=reasons,
                    facts=[fact],
                )
            )
        else:
            # The question names the image: check what the workload needs instead of advising one.
            parts.append(Finding("yes", reasons=reasons, facts=[fact]))
            for capability in support.needs:
                parts.append(
                    self._capability(image, capability, q.image_os, support.base_images or [])
                )
        if q.arch and support.arch is not None:
            parts.append(self._arch(workload.name, support.arch, q.arch, os, fact))
        return all_of(parts)

    def _capability(
        self, image: BaseImage, capability: str, version: str | None, better: list[str]
    ) -> Finding:
        name = self._msg(f"cap_{capability}")
        current: BaseImage | None = image
        facts: list[str] = []
        while current is not None:
            facts.append(f"image.{current.id}")
            fact = current.capabilities.get(capability)  # type: ignore[call-overload]
            if fact is not None:
                status = fact.by_version.get(version, fact.status) if version else fact.status
                alternatives = self._better_images(image, better)
                if status == "yes":
                    return Finding("yes", facts=facts)
                if status == "no":
                    reason = fact.reason or self._msg(
                        "image_lacks_capability", image=image.name, capability=name
                    )
                    return Finding("no", reasons=[reason], alternatives=alternatives, facts=facts)
                missing = self._msg("image_capability_unknown", image=image.name, capability=name)
                return Finding("unknown", missing=[missing], alternatives=alternatives, facts=facts)
            current = self.t.base_images.get(current.based_on or "")
        missing = self._msg("image_capability_unknown", image=image.name, capability=name)
        return Finding(
            "unknown",
            missing=[missing],
            alternatives=self._better_images(image, better),
            facts=facts,
        )

    def _better_images(self, image: BaseImage, better: list[str]) -> list[Text]:
        names = [self.t.base_images[b].name for b in better if b != image.id]
        return [self._msg("alt_base_images", images=self._join(names))] if names else []

    # --- the place: platform or family, host, or anywhere ---------------------------------

    def _place(self, q: CompatQuery, os: OsName) -> Finding:
        if q.platform:
            return self._platforms(q, os)
        if q.host_os and q.host_os in self.t.hosts:
            return self._host(q, os)
        if q.unknown_platforms:
            return self._not_in_tables(q.unknown_platforms)
        return self._anywhere(q, os)

    def _not_in_tables(self, names: list[str]) -> Finding:
        text = self._msg("platform_not_in_tables", names=", ".join(names))
        return Finding("unknown", missing=[text], reasons=[text])

    def members(self, platform_or_family: str) -> list[Platform]:
        if platform_or_family in self.t.platforms:
            return [self.t.platforms[platform_or_family]]
        return [p for p in self.t.platforms.values() if platform_or_family in p.families]

    def _platforms(self, q: CompatQuery, os: OsName) -> Finding:
        members = self.members(q.platform or "")
        if not members:
            return self._not_in_tables([q.platform or ""])
        if q.host_os and len(members) > 1:
            fitting = [
                p for p in members if p.runs_on is None or self._host_fits(q.host_os, p.runs_on)
            ]
            # None fits (Docker Desktop on Windows Server): keep the member for that kind of OS.
            same_kind = [
                p for p in members if p.runs_on and self._same_os_family(q.host_os, p.runs_on)
            ]
            members = fitting or same_kind or members
        results = [(p, self._platform(p, q, os)) for p in members]
        if len(results) == 1:
            return results[0][1]
        return self._family(results)

    def _family(self, results: list[tuple[Platform, Finding]]) -> Finding:
        works = [(p, f) for p, f in results if f.status in ("yes", "conditional")]
        if not works:
            return best_of([f for _, f in results])
        best_platform, best = min(works, key=lambda pf: _SEVERITY[pf[1].status])
        excluded = [(p, f) for p, f in results if f.status == "no"]
        out = replace(
            best,
            conditions=list(best.conditions),
            reasons=list(best.reasons),
            alternatives=list(best.alternatives),
            facts=list(best.facts),
        )
        if excluded:
            names = self._join([p.name for p, _ in excluded])
            out.conditions.insert(
                0, self._msg("use_member", member=best_platform.name, excluded=names)
            )
            out.status = "conditional"
            for _, finding in excluded:
                out.reasons = _unique(out.reasons + finding.reasons)
        for platform, finding in works:
            if platform.id != best_platform.id:
                out.alternatives.append(self._alternative(platform, finding, "alt_member"))
        for _, finding in results:
            out.facts = list(dict.fromkeys(out.facts + finding.facts))
        return out

    def _settled(
        self,
        support: Support | None,
        fact: str,
        kind: str,
        alternatives: Sequence[Text],
        **names: Text | str,
    ) -> Finding | None:
        """The finding an OS row settles by itself (not in the tables, "no" or "unknown"), with
        the `{kind}_os_no` / `{kind}_os_unknown` message when the row gives no reason; None when
        the row says yes or conditional and the checks go on."""
        if support is None or support.status == "unknown":
            missing = (support.reason if support else None) or self._msg(
                f"{kind}_os_unknown", **names
            )
            return Finding("unknown", missing=[missing], facts=[fact])
        if support.status == "no":
            reason = support.reason or self._msg(f"{kind}_os_no", **names)
            return Finding("no", reasons=[reason], alternatives=list(alternatives), facts=[fact])
        return None

    def _platform(self, p: Platform, q: CompatQuery, os: OsName) -> Finding:
        fact = f"platform.{p.id}"
        if q.host_os and p.runs_on is not None and not self._host_fits(q.host_os, p.runs_on):
            reason = p.runs_on_note or self._msg(
                "platform_runs_on", platform=p.name, host=self._host_name(q.host_os)
            )
            return Finding("no", reasons=[reason], facts=[fact])
        support = p.os.get(os)
        alternatives = support.alternatives if support else []
        settled = self._settled(
            support, fact, "platform", alternatives, platform=p.name, os=self._os_name(os)
        )
        if settled is not None:
            return settled
        assert support is not None
        parts = [
            Finding(
                support.status,
                conditions=list(support.conditions),
                reasons=[support.reason] if support.reason else [],
                facts=[fact],
            )
        ]
        host = self.t.hosts.get(q.host_os or "")
        if os == "linux":
            if host is not None and p.runs_on is None and host.kind != "linux":
                reason = self._msg("linux_needs_linux_nodes", platform=p.name)
                return Finding("no", reasons=[reason], facts=[fact])
            if q.arch:
                parts.append(self._arch(p.name, support.arch, q.arch, os, fact))
        else:
            offers = support.hosts if support.hosts is not None else self._all_windows_offers()
            place = _Place(
                name=p.name,
                offers=offers,
                modes=support.isolation,
                isolation_note=support.isolation_note,
                strict=support.strict_version_match,
                strict_note=support.strict_note,
                mode_conditions=support.mode_conditions,
                is_platform=True,
            )
            parts.append(self._versions(place, q))
            if q.arch:
                parts.append(self._arch(p.name, support.arch, q.arch, os, fact))
        parts.append(self._edition(q, os))
        return all_of(parts)

    def _host(self, q: CompatQuery, os: OsName) -> Finding:
        host = self.t.hosts[q.host_os or ""]
        fact = f"host.{host.id}"
        support = host.os.get(os)
        if support is None:
            missing = self._msg("platform_os_unknown", platform=host.name, os=self._os_name(os))
            return Finding("unknown", missing=[missing], facts=[fact])
        base = Finding(
            support.status,
            conditions=list(support.conditions),
            reasons=[support.reason] if support.reason else [],
            alternatives=list(support.alternatives),
            facts=[fact],
        )
        if support.status in ("no", "unknown"):
            if support.status == "unknown" and support.reason:
                base.missing.append(support.reason)
            return base
        parts = [base]
        if os == "windows":
            members = host.group or [host.id]
            place = _Place(
                name=host.name,
                offers=[HostOffer(version=m) for m in members],
                modes=support.isolation,
                mode_conditions=support.mode_conditions,
            )
            parts.append(self._versions(place, q))
            if q.arch and support.arch is not None:
                parts.append(self._arch(host.name, support.arch, q.arch, os, fact))
        parts.append(self._edition(q, os))
        return all_of(parts)

    def _anywhere(self, q: CompatQuery, os: OsName) -> Finding:
        if os == "linux":
            return all_of([Finding("yes"), self._edition(q, os)])
        arch = self._arch_anywhere(q.arch) if q.arch else Finding("yes")
        generic = self.t.hosts.get("windows")
        # Needing a Windows host is what "Windows container" means, not a condition to list.
        parts = [
            Finding(
                "yes",
                reasons=[self._msg("needs_windows_host")],
                facts=["host.windows"] if generic is not None else [],
            )
        ]
        # Which hosts run an image version is the answer only when the question is about the
        # version or the isolation, not about what an image or a workload provides.
        if q.isolation or (q.image_os and not q.workload and not q.base_image):
            place = _Place(
                name=generic.name if generic else self._msg("os_windows"),
                offers=self._all_windows_offers(),
                modes=list(_MODES),
                mode_conditions=generic.os["windows"].mode_conditions
                if generic and "windows" in generic.os
                else {},
            )
            parts.append(self._versions(place, q))
        parts.append(arch)
        parts.append(self._edition(q, os))
        return all_of(parts)

    def _arch_anywhere(self, arch: str) -> Finding:
        """Windows containers on some architecture, no host named: the best any host offers,
        or one "no" that lists what the Windows hosts offer."""
        options: list[Finding] = []
        offered: list[ArchEntry] = []
        for offer in self._all_windows_offers():
            host = self.t.hosts[offer.version]
            support = host.os.get("windows")
            if support is not None and support.arch is not None:
                offered += [e for e in support.arch if e.arch not in {o.arch for o in offered}]
                finding = self._arch(host.name, support.arch, arch, "windows", f"host.{host.id}")
                if finding.status != "no":
                    options.append(finding)
        if options:
            return best_of(options)
        if not offered:
            return Finding("unknown")
        generic = self.t.hosts.get("windows")
        place = generic.name if generic is not None else self._msg("os_windows")
        return self._arch(place, offered, arch, "windows", "host.windows" if generic else "")

    def _all_windows_offers(self) -> list[HostOffer]:
        return [
            HostOffer(version=hid)
            for hid, host in self.t.hosts.items()
            if host.kind in ("windows-server", "windows-client") and not host.group
        ]

    def _kind_in(self, host: Host, kinds: Sequence[str]) -> bool:
        """Whether a host (or every host a generic one stands for) is of one of these kinds."""
        members = [self.t.hosts[m] for m in host.group] or [host]
        return all(member.kind in kinds for member in members)

    def _same_os_family(self, host_id: str, allowed: list[str]) -> bool:
        def family(hid: str) -> str:
            host = self.t.hosts.get(hid)
            return "windows" if host is None or host.kind.startswith("windows") else host.kind

        return any(family(h) == family(host_id) for h in allowed)

    def _host_fits(self, host_id: str, allowed: list[str]) -> bool:
        host = self.t.hosts.get(host_id)
        if host is None:
            return False
        return host_id in allowed or any(member in allowed for member in host.group)

    # --- Windows versions and isolation ----------------------------------------------------

    def _versions(self, place: _Place, q: CompatQuery) -> Finding:
        active: list[HostOffer] = []
        inactive: list[tuple[HostOffer, Text]] = []
        unconfirmed: list[HostOffer] = []
        for offer in place.offers:
            host_name = self._host_name(offer.version)
            if offer.status == "unconfirmed":
                unconfirmed.append(offer)
            elif offer.status == "no":
                note = offer.note or self._msg(
                    "platform_lacks_host",
                    platform=place.name,
                    host=host_name,
                    offered=self._offered(place.offers),
                )
                inactive.append((offer, note))
            elif offer.retired is not None and offer.retired <= self.today:
                note = offer.note or self._msg(
                    "host_retired",
                    platform=place.name,
                    host=host_name,
                    date=offer.retired.isoformat(),
                )
                inactive.append((offer, note))
            else:
                active.append(offer)

        host = self.t.hosts.get(q.host_os or "")
        if host is not None:
            if host.kind in ("linux", "macos"):
                return self._host_os_blocks(host)
            wanted = set(host.group or [host.id])
            active = [o for o in active if o.version in wanted]
            inactive = [(o, n) for o, n in inactive if o.version in wanted]
            unconfirmed = [o for o in unconfirmed if o.version in wanted]
            if not active:
                if inactive:
                    return Finding("no", reasons=[n for _, n in inactive])
                if unconfirmed:
                    return Finding(
                        "unknown", missing=[self._unconfirmed_note(place, o) for o in unconfirmed]
                    )
                offered = self._offered([o for o in place.offers if o.status == "yes"])
                reason = self._msg(
                    "platform_lacks_host", platform=place.name, host=host.name, offered=offered
                )
                return Finding("no", reasons=[reason])

        modes_or_block = self._modes(place, q)
        if isinstance(modes_or_block, Finding):
            return modes_or_block
        modes, modes_known = modes_or_block
        if q.image_os:
            return self._image_on_hosts(
                place, q, q.image_os, active, inactive, unconfirmed, modes, modes_known
            )
        return self._version_rule(place, q, active, modes, modes_known)

    def _modes(self, place: _Place, q: CompatQuery) -> tuple[list[IsolationMode], bool] | Finding:
        if q.isolation:
            mode_name = self._isolation_name(q.isolation)
            if place.modes is None:
                return Finding(
                    "unknown",
                    missing=[self._msg("isolation_unknown", platform=place.name, mode=mode_name)],
                )
            if q.isolation not in place.modes:
                reason = place.isolation_note or self._msg(
                    "isolation_not_offered", platform=place.name, mode=mode_name
                )
                alternatives = self._hyperv_alternative() if q.isolation == "hyperv" else []
                return Finding("no", reasons=[reason], alternatives=alternatives)
            return [q.isolation], True
        if place.modes is None:
            return list(_MODES), False
        return list(place.modes), True

    def _version_rule(
        self,
        place: _Place,
        q: CompatQuery,
        active: list[HostOffer],
        modes: list[IsolationMode],
        modes_known: bool,
    ) -> Finding:
        """No image version asked: say which image versions fit which hosts, where that binds."""
        facts: list[str] = []
        process_only = modes_known and modes == ["process"]
        if place.is_platform and (place.strict or process_only) and active:
            pairs: list[Text] = []
            for offer in active:
                images = [
                    image
                    for image in self._image_versions()
                    if (not place.strict or image == offer.version)
                    and any(self._cell_ok(offer.version, image, m) for m in modes)
                ]
                facts += [f"matrix.{offer.version}-{image}" for image in images]
                if images:
                    tags = self._join_text([self._tag_text(i) for i in images])
                    pairs.append(
                        self._msg("pair", images=tags, host=self._host_name(offer.version))
                    )
            key = "version_match_strict" if place.strict else "version_match"
            condition = self._msg(key, platform=place.name, pairs=self._joined(pairs, "list_sep"))
            conditions = [condition]
            if place.isolation_note is not None and not place.strict:
                reasons = [place.isolation_note]
            else:
                reasons = []
            return Finding("conditional", conditions=conditions, reasons=reasons, facts=facts)
        conditions = []
        if q.isolation:
            conditions += place.mode_conditions.get(q.isolation, [])
        return Finding(
            "conditional" if conditions else "yes",
            conditions=conditions,
            reasons=[self._msg("version_rule")],
        )

    def _image_on_hosts(
        self,
        place: _Place,
        q: CompatQuery,
        image: str,
        active: list[HostOffer],
        inactive: list[tuple[HostOffer, Text]],
        unconfirmed: list[HostOffer],
        modes: list[IsolationMode],
        modes_known: bool,
    ) -> Finding:
        image_tag = self._tag_text(image)
        ok: list[tuple[HostOffer, IsolationMode, Cell]] = []
        unknown: list[Text] = []
        facts: list[str] = []
        for offer in active:
            for mode in modes:
                if place.strict and offer.version != image:
                    continue
                row = self.t.matrix.get((offer.version, image))
                if row is None:
                    unknown.append(
                        self._msg(
                            "matrix_missing", image=image_tag, host=self._host_name(offer.version)
                        )
                    )
                    continue
                facts.append(f"matrix.{row.id}")
                cell = row.cell(mode)
                if cell.status in ("yes", "conditional"):
                    if not modes_known and mode == "hyperv":
                        # The platform may not offer Hyper-V: say so only if nothing else works.
                        continue
                    ok.append((offer, mode, cell))
                elif cell.status == "unknown":
                    unknown.append(cell.reason or self._msg("status_unknown"))
        facts = list(dict.fromkeys(facts))
        if ok:
            return self._image_runs(place, q, image_tag, active, ok, modes, facts)

        # Nothing runs on the active hosts. Would an unconfirmed host, or Hyper-V, settle it?
        for offer in unconfirmed:
            if any(self._cell_ok(offer.version, image, m) for m in modes) and (
                not place.strict or offer.version == image
            ):
                unknown.append(self._unconfirmed_note(place, offer))
        if not modes_known:
            for offer in active:
                if (not place.strict or offer.version == image) and self._cell_ok(
                    offer.version, image, "hyperv"
                ):
                    mode_name = self._isolation_name("hyperv")
                    unknown.append(
                        self._msg("isolation_unknown", platform=place.name, mode=mode_name)
                    )
                    break
        reasons = [
            note
            for offer, note in inactive
            if any(self._cell_ok(offer.version, image, m) for m in _MODES)
        ]
        reasons += self._why_not(place, q, image, active, modes, modes_known)
        if unknown:
            return Finding("unknown", missing=_unique(unknown), reasons=reasons, facts=facts)
        return Finding(
            "no",
            reasons=_unique(reasons),
            alternatives=self._version_alternatives(place, q, image, active, modes),
            facts=facts,
        )

    def _image_runs(
        self,
        place: _Place,
        q: CompatQuery,
        image_tag: Text,
        active: list[HostOffer],
        ok: list[tuple[HostOffer, IsolationMode, Cell]],
        modes: list[IsolationMode],
        facts: list[str],
    ) -> Finding:
        hosts_ok = list(dict.fromkeys(offer.version for offer, _, _ in ok))
        offers_ok = [o for o in active if o.version in hosts_ok]
        modes_ok = {mode for _, mode, _ in ok}
        conditions: list[Text] = []
        reasons: list[Text] = []
        for host_id in hosts_ok:
            host_modes = [
                m for m in _MODES if any(o.version == host_id and mm == m for o, mm, _ in ok)
            ]
            reasons.append(
                self._msg(
                    "matrix_ok",
                    host=self._host_name(host_id),
                    image=image_tag,
                    modes=self._join_text([self._isolation_name(m) for m in host_modes]),
                )
            )
        both_considered = "process" in modes and "hyperv" in modes
        if not place.is_platform and len(active) > 1:
            conditions.append(
                self._msg("hosts_for_image", image=image_tag, groups=self._host_groups(ok))
            )
        else:
            if len(hosts_ok) < len(active):
                hosts = self._join_text([self._host_name(h) for h in hosts_ok])
                conditions.append(self._msg("use_hosts", hosts=hosts))
            hosts_text = self._join_text([self._host_name(h) for h in hosts_ok])
            if both_considered and modes_ok == {"hyperv"}:
                conditions.append(self._msg("hyperv_only", hosts=hosts_text, image=image_tag))
            elif both_considered and modes_ok == {"process"} and place.modes is not None:
                conditions.append(self._msg("process_only", hosts=hosts_text, image=image_tag))
        alternatives: list[Text] = []
        if both_considered and modes_ok == {"hyperv"}:
            # Process isolation would need an image of the host's own build.
            rebuild = [
                image
                for image in self._image_versions()
                if any(self._cell_ok(h, image, "process") for h in hosts_ok)
                and (not place.strict or image in hosts_ok)
            ]
            if rebuild:
                tags = self._join_text([self._tag_text(i) for i in rebuild])
                alternatives.append(self._msg("alt_rebuild", tags=tags))
        if modes_ok == {"hyperv"} or q.isolation == "hyperv":
            conditions += place.mode_conditions.get("hyperv", [])
        elif q.isolation == "process":
            conditions += place.mode_conditions.get("process", [])
        for _, _, cell in ok:
            if cell.condition is not None:
                conditions.append(cell.condition)
        if len(offers_ok) == 1 and place.is_platform:
            offer = offers_ok[0]
            if offer.note is not None:
                conditions.append(offer.note)
        conditions = _unique(conditions)
        status: Status = "conditional" if conditions else "yes"
        return Finding(
            status, conditions=conditions, reasons=reasons, alternatives=alternatives, facts=facts
        )

    def _why_not(
        self,
        place: _Place,
        q: CompatQuery,
        image: str,
        active: list[HostOffer],
        modes: list[IsolationMode],
        modes_known: bool,
    ) -> list[Text]:
        reasons: list[Text] = []
        image_tag = self._tag_text(image)
        for offer in active:
            host_name = self._host_name(offer.version)
            if place.strict and offer.version != image:
                reasons.append(
                    place.strict_note or self._msg("strict_mismatch", platform=place.name)
                )
                continue
            row = self.t.matrix.get((offer.version, image))
            if row is None:
                continue
            runs = [m for m in _MODES if row.cell(m).status in ("yes", "conditional")]
            if not runs:
                reasons.append(self._msg("matrix_no_any", host=host_name, image=image_tag))
            elif modes_known and not set(runs) & set(modes):
                if q.isolation and q.isolation not in runs:
                    mode_name = self._isolation_name(q.isolation)
                    reasons.append(
                        self._msg("matrix_mode_no", host=host_name, image=image_tag, mode=mode_name)
                    )
                elif runs == ["hyperv"]:
                    reasons.append(
                        self._msg(
                            "matrix_hyperv_not_offered",
                            host=host_name,
                            image=image_tag,
                            platform=place.name,
                        )
                    )
        if place.isolation_note is not None and "hyperv" not in (place.modes or []):
            reasons.append(place.isolation_note)
        return _unique(reasons)

    def _version_alternatives(
        self,
        place: _Place,
        q: CompatQuery,
        image: str,
        active: list[HostOffer],
        modes: list[IsolationMode],
    ) -> list[Text]:
        alternatives: list[Text] = []
        # Where the tables do not say which isolation a platform offers, count only on process
        # isolation, the Windows Server default.
        sure_modes: list[IsolationMode] = modes if place.modes is not None else ["process"]
        rebuild = [
            candidate
            for candidate in self._image_versions()
            if candidate != image
            and any(
                (not place.strict or candidate == o.version)
                and self._cell_ok(o.version, candidate, m)
                for o in active
                for m in sure_modes
            )
        ]
        if rebuild:
            alternatives.append(
                self._msg("alt_rebuild", tags=self._join_text([self._tag_text(i) for i in rebuild]))
            )
        other_modes = [m for m in _MODES if m not in modes]
        for mode in other_modes:
            if (
                place.modes is not None
                and mode in place.modes
                and any(self._cell_ok(o.version, image, mode) for o in active)
            ):
                hosts = self._join_text(
                    [
                        self._host_name(o.version)
                        for o in active
                        if self._cell_ok(o.version, image, mode)
                    ]
                )
                key = "hyperv_only" if mode == "hyperv" else "process_only"
                alternatives.append(self._msg(key, hosts=hosts, image=self._tag_text(image)))
        no_hyperv = "hyperv" not in modes and (place.modes is None or "hyperv" not in place.modes)
        if no_hyperv and any(self._cell_ok(o.version, image, "hyperv") for o in active):
            alternatives += self._hyperv_alternative()
        if not place.is_platform:
            ok = [
                (HostOffer(version=h.version), m, Cell(status="yes"))
                for h in self._all_windows_offers()
                for m in _MODES
                if self._cell_ok(h.version, image, m)
            ]
            if ok:
                alternatives.append(
                    self._msg(
                        "alt_hosts", image=self._tag_text(image), groups=self._host_groups(ok)
                    )
                )
        return alternatives

    def _hyperv_alternative(self) -> list[Text]:
        names = [
            p.name
            for p in self.t.platforms.values()
            if "windows" in p.os and "hyperv" in (p.os["windows"].isolation or [])
        ]
        return [self._msg("alt_hyperv", platforms=self._join(names))] if names else []

    def _host_groups(self, ok: list[tuple[HostOffer, IsolationMode, Cell]]) -> Text:
        """E.g. 'Windows Server 2019 (process or Hyper-V isolation); Windows 11 (Hyper-V)'."""
        by_host: dict[str, list[IsolationMode]] = {}
        for offer, mode, _ in ok:
            by_host.setdefault(offer.version, [])
            if mode not in by_host[offer.version]:
                by_host[offer.version].append(mode)
        groups: dict[tuple[IsolationMode, ...], list[str]] = {}
        for host_id, host_modes in by_host.items():
            key = tuple(m for m in _MODES if m in host_modes)
            groups.setdefault(key, []).append(host_id)
        parts = [
            self._msg(
                "host_group",
                hosts=self._join_text([self._host_name(h) for h in hosts], "list_sep"),
                modes=self._join_text([self._isolation_name(m) for m in key]),
            )
            for key, hosts in sorted(groups.items(), key=lambda kv: -len(kv[0]))
        ]
        return self._joined(parts, "group_sep")

    def _cell_ok(self, host: str, image: str, mode: IsolationMode) -> bool:
        row = self.t.matrix.get((host, image))
        return row is not None and row.cell(mode).status in ("yes", "conditional")

    def _image_versions(self) -> list[str]:
        """Windows Server versions that exist as images, newest first."""
        versions = {image for (_, image) in self.t.matrix}
        return sorted(versions, reverse=True)

    def _unconfirmed_note(self, place: _Place, offer: HostOffer) -> Text:
        return offer.note or self._msg(
            "host_unconfirmed", platform=place.name, host=self._host_name(offer.version)
        )

    def _host_os_blocks(self, host: Host) -> Finding:
        support = host.os.get("windows")
        if support is None:
            return Finding(
                "unknown",
                missing=[
                    self._msg(
                        "platform_os_unknown", platform=host.name, os=self._os_name("windows")
                    )
                ],
            )
        return Finding(
            support.status if support.status == "no" else "unknown",
            reasons=[support.reason] if support.reason else [],
            alternatives=list(support.alternatives),
            facts=[f"host.{host.id}"],
        )

    # --- architecture and edition ----------------------------------------------------------

    def _arch(
        self, place: Text, entries: list[ArchEntry] | None, arch: str, os: OsName, fact: str
    ) -> Finding:
        arch_name = self._arch_name(arch)
        if entries is None:
            missing = self._msg("arch_unknown", place=place, arch=arch_name, os=self._os_name(os))
            return Finding("unknown", missing=[missing], facts=[fact])
        for entry in entries:
            if entry.arch == arch:
                if entry.condition is not None:
                    return Finding("conditional", conditions=[entry.condition], facts=[fact])
                return Finding("yes", facts=[fact])
        offered = self._join_text([self._arch_name(e.arch) for e in entries])
        reason = self._msg(
            "arch_not_offered", place=place, arch=arch_name, os=self._os_name(os), offered=offered
        )
        return Finding("no", reasons=[reason], facts=[fact])

    def _edition(self, q: CompatQuery, os: OsName) -> Finding:
        edition = self.t.editions.get(q.edition or "")
        if edition is None:
            return Finding("yes")
        support = edition.os.get(os)
        if support is None:
            return Finding("yes")
        fact = f"edition.{edition.id}"
        conditions = list(support.conditions)
        if os == "windows" and q.isolation and q.isolation in edition.isolation:
            conditions += edition.isolation[q.isolation].conditions
        if support.status == "no":
            reason = support.reason or self._msg(
                "edition_no_default", edition=edition.name, os=self._os_name(os)
            )
            return Finding(
                "no", reasons=[reason], alternatives=list(support.alternatives), facts=[fact]
            )
        status: Status = "conditional" if conditions else support.status
        return Finding(status, conditions=conditions, facts=[fact])

    # --- alternatives and the verdict ------------------------------------------------------

    def _with_alternatives(self, q: CompatQuery, finding: Finding) -> Finding:
        if finding.status == "yes":
            return finding
        alternatives = list(finding.alternatives)
        workload = self.t.workloads.get(q.workload or "")
        if (
            workload is not None
            and workload.alternatives
            and "linux" in workload.os
            and workload.os["linux"].status == "no"
        ):
            alternatives += workload.alternatives
        if finding.status == "no" and q.platform:
            alternatives += self._other_platforms(q)
        return replace(finding, alternatives=_unique(alternatives)[: _MAX_ALTERNATIVES + 2])

    def _other_platforms(self, q: CompatQuery) -> list[Text]:
        """Another platform of the same vendor (or one the row points to) that runs it."""
        members = self.members(q.platform or "")
        if q.host_os and len(members) > 1:
            # Members the host ruled out (Docker Desktop for Windows, asked on a Mac) are
            # still worth suggesting.
            members = [
                p for p in members if p.runs_on is None or self._host_fits(q.host_os, p.runs_on)
            ] or members
        member_ids = {p.id for p in members}
        vendors = {p.vendor for p in members}
        candidates: list[str] = []
        for p in members:
            candidates += [other for other in p.see_also if other not in member_ids]
        candidates += [
            pid
            for pid, p in self.t.platforms.items()
            if p.vendor in vendors and pid not in member_ids
        ]
        out: list[Text] = []
        for pid in dict.fromkeys(candidates):
            platform = self.t.platforms[pid]
            if (
                q.host_os
                and platform.runs_on is not None
                and not self._host_fits(q.host_os, platform.runs_on)
            ):
                candidate_query = q.model_copy(update={"platform": pid, "host_os": None})
            else:
                candidate_query = q.model_copy(update={"platform": pid})
            finding = self.evaluate(candidate_query)
            if finding.status in ("yes", "conditional"):
                out.append(self._alternative(platform, finding, "alt_platform"))
            if len(out) >= _MAX_ALTERNATIVES:
                break
        return out

    def _alternative(self, platform: Platform, finding: Finding, key: str) -> Text:
        detail = next((c for c in finding.conditions), None)
        if detail is not None and key == "alt_platform":
            return self._msg("alt_platform_detail", platform=platform.name, detail=detail)
        return self._msg(key, platform=platform.name)

    def _decision(self, finding: Finding, language: Language) -> Decision:
        status = finding.status
        reasons = finding.reasons
        facts = list(dict.fromkeys(f for f in finding.facts if self._row(f) is not None))
        evidence = [self._evidence(fact, language) for fact in facts]
        if not reasons:
            reasons = [self._summary(fact) for fact in facts[:2]]
        verdict = Verdict(
            status=status,
            conditions=[c.get(language) for c in finding.conditions]
            if status == "conditional"
            else [],
            alternatives=[a.get(language) for a in finding.alternatives],
            facts=facts,
            reasons=[r.get(language) for r in reasons],
            missing=[m.get(language) for m in finding.missing] if status == "unknown" else [],
        )
        return Decision(verdict=verdict, evidence=evidence)

    # --- facts and evidence ----------------------------------------------------------------

    def _row(self, fact: str) -> tuple[str, object] | None:
        kind, _, row_id = fact.partition(".")
        table = {
            "platform": ("platforms", self.t.platforms),
            "workload": ("workloads", self.t.workloads),
            "image": ("base_images", self.t.base_images),
            "host": ("hosts", self.t.hosts),
            "edition": ("editions", self.t.editions),
        }.get(kind)
        if kind == "matrix":
            host, _, image = row_id.rpartition("-")
            row = self.t.matrix.get((host, image))
            return ("matrix", row) if row is not None else None
        if table is None:
            return None
        name, rows = table
        found = rows.get(row_id)  # type: ignore[attr-defined]
        return (name, found) if found is not None else None

    def _summary(self, fact: str) -> Text:
        located = self._row(fact)
        assert located is not None
        table, row = located
        if table == "matrix":
            host, _, image = fact.partition(".")[2].rpartition("-")
            matrix_row = self.t.matrix[(host, image)]
            summary = self._msg(
                "matrix_summary",
                host=self._host_name(host),
                image=self._tag_text(image),
                process=self._msg(f"status_{matrix_row.process.status}"),
                hyperv=self._msg(f"status_{matrix_row.hyperv.status}"),
            )
            if matrix_row.note is not None:
                summary = Text(
                    en=f"{summary.en} {matrix_row.note.en}", ko=f"{summary.ko} {matrix_row.note.ko}"
                )
            return summary
        return row.summary  # type: ignore[attr-defined,no-any-return]

    def _evidence(self, fact: str, language: Language) -> Evidence:
        located = self._row(fact)
        assert located is not None
        table, row = located
        sources: list[str] = list(row.sources)  # type: ignore[attr-defined]
        url = next((s for s in sources if s.startswith("https://")), None)
        return Evidence(
            fact=fact,
            source=self.t.source(table),
            section=fact.partition(".")[2],
            url=url,
            text=self._summary(fact).get(language),
        )

    # --- names and texts -------------------------------------------------------------------

    def _msg(self, key: str, **params: Text | str) -> Text:
        template = self.t.messages[key]

        def fill(language: Language) -> str:
            values = {k: (v.get(language) if isinstance(v, Text) else v) for k, v in params.items()}
            text = template.get(language).format(**values)
            # A name like "a Windows host" may open the sentence.
            first, _, rest = text.partition(" ")
            return f"{first.capitalize()} {rest}" if first in ("a", "an", "the") else text

        return Text(en=fill("en"), ko=fill("ko"))

    def _join(self, names: Sequence[Text]) -> Text:
        return self._join_text(list(names))

    def _join_text(self, items: list[Text], last: str = "list_or") -> Text:
        if not items:
            return Text(en="-", ko="-")

        def join(language: Language) -> str:
            words = [item.get(language) for item in items]
            if len(words) == 1:
                return words[0]
            sep = self.t.messages["list_sep"].get(language)
            final = self.t.messages[last].get(language)
            return sep.join(words[:-1]) + final + words[-1]

        return Text(en=join("en"), ko=join("ko"))

    def _joined(self, items: list[Text], sep_key: str) -> Text:
        if not items:
            return Text(en="-", ko="-")
        sep = self.t.messages[sep_key]
        return Text(en=sep.en.join(i.en for i in items), ko=sep.ko.join(i.ko for i in items))

    def _offered(self, offers: list[HostOffer]) -> Text:
        return self._join_text([self._host_name(o.version) for o in offers if o.status == "yes"])

    def _os_name(self, os: str) -> Text:
        return self.t.messages[f"os_{os}"]

    def _host_name(self, host_id: str) -> Text:
        host = self.t.hosts.get(host_id)
        return host.name if host is not None else Text(en=host_id, ko=host_id)

    def _tag(self, version: str) -> str:
        host = self.t.hosts.get(version)
        return host.tags[0] if host is not None and host.tags else version

    def _tag_text(self, version: str) -> Text:
        tag = self._tag(version)
        return Text(en=tag, ko=tag)

    def _isolation_name(self, mode: str) -> Text:
        en = self.lexicon.name(Ref("isolation", mode), "en")
        ko = self.lexicon.name(Ref("isolation", mode), "ko")
        return Text(en=en, ko=ko)

    def _arch_name(self, arch: str) -> Text:
        return Text(
            en=self.lexicon.name(Ref("arch", arch), "en"),
            ko=self.lexicon.name(Ref("arch", arch), "ko"),
        )
