"""Perturbation suite (issue 9): every table fact asked in many surface forms, one verdict.

Each matrix cell (host x image x isolation mode), each platform row (per container OS) and each
feature fact of `corpus/compat/features.yaml` becomes a group of questions that all mean
the same thing: English and Korean, polite and casual, host-first and image-first, FROM lines,
"built on", build numbers, meaning-preserving negations ("without Hyper-V isolation" = process
isolation), a contrast clause naming another entity, a context sentence, a typo. The expected
verdict is the row's own, derived by `eval.tables.row_checks` (imported, not copied), so the metric
is simply: does the verdict stay with the table, whatever the surface?

Forms are phrased to keep the meaning: no "nodes" / "node pool" (they imply Kubernetes, which
offers process isolation only), and typos touch filler words, never the names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.models import Language, VerdictStatus
from eval.gold import GoldItem
from eval.tables import RowCheck, row_checks

if TYPE_CHECKING:
    from assistant.compat.feature_schema import AppliesTo
    from assistant.compat.tables import Tables

_MODE: dict[str, dict[Language, list[str]]] = {
    "process": {
        "en": ["process isolation", "--isolation=process", "process-isolated mode"],
        "ko": ["프로세스 격리", "프로세스 격리 모드"],
    },
    "hyperv": {
        "en": ["Hyper-V isolation", "--isolation=hyperv", "Hyper-V isolated mode"],
        "ko": ["Hyper-V 격리", "하이퍼V 격리"],
    },
}
_OS: dict[str, dict[Language, list[str]]] = {
    "windows": {"en": ["Windows", "Windows Server"], "ko": ["윈도우", "Windows"]},
    "linux": {"en": ["Linux"], "ko": ["리눅스", "Linux"]},
}
_OTHER_OS = {"windows": "linux", "linux": "windows"}
_IMAGE_PHRASE: dict[str, dict[Language, str]] = {
    "windows": {"en": "built on Windows Server Core", "ko": "Windows Server Core 기반"},
    "linux": {"en": "Debian-based (a Linux image)", "ko": "데비안 기반 리눅스"},
}

Slots = dict[str, str]
Form = tuple[str, Language, Callable[[Slots], str | None]]
"""(form name, language, template); a template returns None when its slots are missing."""


def _need(*keys: str) -> Callable[[Callable[[Slots], str]], Callable[[Slots], str | None]]:
    def wrap(fn: Callable[[Slots], str]) -> Callable[[Slots], str | None]:
        def run(s: Slots) -> str | None:
            return fn(s) if all(s.get(k) for k in keys) else None

        return run

    return wrap


_PLATFORM_FORMS: list[Form] = [
    ("en-polite", "en", lambda s: f"Can I run {s['os']} containers on {s['place']}?"),
    ("en-casual", "en", lambda s: f"does {s['place']} do {s['os']} containers?"),
    (
        "en-image",
        "en",
        lambda s: f"Our app image is {s['image_phrase']}. Can we deploy it to {s['place']}?",
    ),
    (
        "en-context",
        "en",
        lambda s: (
            "We're moving a few services off VMs this quarter. "
            f"Is {s['place']} able to run {s['os']} containers?"
        ),
    ),
    (
        "en-contrast",
        "en",
        _need("other")(
            lambda s: f"Unlike {s['other']}, can {s['place']} run {s['os']} containers?"
        ),
    ),
    (
        "en-negation",
        "en",
        lambda s: f"Not {s['not_os']} — we need {s['os']} containers. Does {s['place']} run them?",
    ),
    ("en-typo", "en", lambda s: f"can i deploy {s['os']} contianers to {s['place']}? thx"),
    ("ko-polite", "ko", lambda s: f"{s['place']}에서 {s['os']} 컨테이너를 실행할 수 있나요?"),
    ("ko-casual", "ko", lambda s: f"{s['place']}에서 {s['os']} 컨테이너 돼?"),
    ("ko-image", "ko", lambda s: f"{s['image_phrase']} 이미지를 {s['place']}에 배포할 수 있나요?"),
    (
        "ko-context",
        "ko",
        lambda s: (
            "이번 분기에 VM에서 서비스 몇 개를 옮기려고 하는데요, "
            f"{s['place']}에 {s['os']} 컨테이너를 올릴 수 있을까요?"
        ),
    ),
    (
        "ko-contrast",
        "ko",
        _need("other")(
            lambda s: f"{s['other']}와 달리 {s['place']}에서는 {s['os']} 컨테이너를 지원하나요?"
        ),
    ),
    (
        "ko-negation",
        "ko",
        lambda s: f"{s['not_os']} 말고 {s['os']} 컨테이너를 {s['place']}에서 돌릴 수 있나요?",
    ),
    ("ko-typo", "ko", lambda s: f"{s['place']}에서 {s['os']} 컨테이너 실행되나여?"),
]

_MATRIX_FORMS: list[Form] = [
    (
        "en-host-first",
        "en",
        lambda s: f"Can I run an {s['tag']} image on a {s['host']} host with {s['mode']}?",
    ),
    (
        "en-from",
        "en",
        lambda s: (
            "Our Dockerfile starts with FROM "
            f"mcr.microsoft.com/windows/servercore:{s['tag']}. "
            f"Will it run on {s['host']} with {s['mode']}?"
        ),
    ),
    (
        "en-built-on",
        "en",
        lambda s: (
            f"The image is built on {s['image']} and the host is {s['host']}. "
            f"Does it start under {s['mode']}?"
        ),
    ),
    (
        "en-builds",
        "en",
        _need("host_build")(
            lambda s: (
                f"Host build {s['host_build']}, image build {s['image_build']}, "
                f"{s['mode']}: will the container start?"
            )
        ),
    ),
    (
        "en-casual-image-first",
        "en",
        lambda s: f"{s['tag']}-based image on a {s['host']} box with {s['mode']}, works?",
    ),
    (
        "en-context",
        "en",
        lambda s: (
            "We're planning next month's Windows patch cycle. "
            f"Can a {s['host']} host run {s['image']} containers using {s['mode']}?"
        ),
    ),
    (
        "en-contrast",
        "en",
        lambda s: (
            f"Our {s['other_tag']} images work fine. "
            f"Can a {s['host']} host run an {s['tag']} image with {s['mode']}?"
        ),
    ),
    ("en-negation", "en", lambda s: s["neg_en"]),
    (
        "en-host-moved",
        "en",
        lambda s: (
            f"We moved our hosts from {s['other_host']} to {s['host']} last month. "
            f"Will an {s['tag']} image still start with {s['mode']}?"
        ),
    ),
    (
        "en-hosts-upgraded",
        "en",
        lambda s: (
            f"Our {s['other_host']} hosts were upgraded to {s['host']}. "
            f"Do {s['tag']} images run on them with {s['mode']}?"
        ),
    ),
    (
        "en-image-rebuilt",
        "en",
        lambda s: (
            f"The {s['other_tag']} image was rebuilt on {s['tag']}. "
            f"Can a {s['host']} host run it with {s['mode']}?"
        ),
    ),
    (
        "en-hosts-fine",
        "en",
        lambda s: (
            f"Our hosts run {s['host']} fine. Will an {s['tag']} image start there "
            f"with {s['mode']}?"
        ),
    ),
    (
        "en-other-mode-tried",
        "en",
        lambda s: (
            f"Host is {s['host']}, image is {s['tag']}. We tried {s['other_mode']} first. "
            f"Will it start with {s['mode']}?"
        ),
    ),
    (
        "en-host-bracket-build",
        "en",
        _need("host_build")(
            lambda s: (
                f"Our hosts are {s['host']} ({s['host_build']}). "
                f"Will an {s['tag']} image run there with {s['mode']}?"
            )
        ),
    ),
    (
        "en-image-bracket-build",
        "en",
        _need("image_build")(
            lambda s: (
                f"{s['tag']} ({s['image_build']}) image on a {s['host']} host, {s['mode']}: ok?"
            )
        ),
    ),
    (
        "en-typo",
        "en",
        lambda s: f"can a {s['host']} hsot run an {s['tag']} imgae with {s['mode']}?",
    ),
    (
        "ko-host-first",
        "ko",
        lambda s: f"{s['host']} 호스트에서 {s['tag']} 이미지를 {s['mode']}로 실행할 수 있나요?",
    ),
    (
        "ko-based",
        "ko",
        lambda s: f"{s['tag']} 기반 이미지인데 호스트가 {s['host']}예요. {s['mode']}로 돌아가나요?",
    ),
    (
        "ko-built-with",
        "ko",
        lambda s: (
            f"{s['image']}로 빌드한 이미지를 {s['host']} 머신에서 {s['mode']}로 띄울 수 있을까?"
        ),
    ),
    (
        "ko-builds",
        "ko",
        _need("host_build")(
            lambda s: (
                f"호스트 빌드는 {s['host_build']}, 이미지 빌드는 {s['image_build']}입니다. "
                f"{s['mode']}로 컨테이너가 뜨나요?"
            )
        ),
    ),
    ("ko-negation", "ko", lambda s: s["neg_ko"]),
    (
        "ko-host-moved",
        "ko",
        lambda s: (
            f"지난달에 호스트를 {s['other_host']}에서 {s['host']}로 바꿨어요. "
            f"{s['tag']} 이미지가 {s['mode']}로 계속 뜨나요?"
        ),
    ),
    (
        "ko-hosts-upgraded",
        "ko",
        lambda s: (
            f"{s['other_host']} 호스트를 지난주에 {s['host']}로 업그레이드했어요. "
            f"{s['tag']} 이미지가 {s['mode']}로 뜨나요?"
        ),
    ),
    (
        "ko-hosts-fine",
        "ko",
        lambda s: f"호스트는 {s['host']}로 잘 돌아가요. {s['tag']} 이미지도 {s['mode']}로 되나요?",
    ),
    (
        "ko-other-mode-tried",
        "ko",
        lambda s: (
            f"호스트는 {s['host']}, 이미지는 {s['tag']}예요. {s['other_mode']}로 먼저 해 봤는데요, "
            f"{s['mode']}로는 뜨나요?"
        ),
    ),
    (
        "ko-host-bracket-build",
        "ko",
        _need("host_build")(
            lambda s: (
                f"{s['host']} ({s['host_build']}) 호스트에서 {s['tag']} 이미지 {s['mode']}로 "
                "돌아가요?"
            )
        ),
    ),
    (
        "ko-contrast",
        "ko",
        lambda s: (
            f"{s['other_tag']} 이미지는 잘 돌아가는데요, "
            f"{s['host']} 호스트에서 {s['tag']} 이미지도 {s['mode']}로 실행되나요?"
        ),
    ),
    (
        "ko-typo",
        "ko",
        lambda s: f"{s['host']} 호스트에서 {s['tag']} 이미지 {s['mode']}로 실행할수 있나여?",
    ),
]

_FEATURE_FORMS: list[Form] = [
    ("en-polite", "en", lambda s: f"Does {s['place']} support {s['feature']}?"),
    ("en-casual", "en", lambda s: f"can i use {s['feature']} on {s['place']}?"),
    (
        "en-context",
        "en",
        lambda s: (
            # No OS in the context: it would change the question of a Linux-only row.
            f"We're moving some of our services next quarter. "
            f"Is {s['feature']} available on {s['place']}?"
        ),
    ),
    (
        "en-contrast",
        "en",
        _need("other")(lambda s: f"Unlike {s['other']}, does {s['place']} support {s['feature']}?"),
    ),
    ("en-typo", "en", lambda s: f"is {s['feature']} suported on {s['place']}?"),
    ("ko-polite", "ko", lambda s: f"{s['place']}에서 {s['feature']} 지원되나요?"),
    ("ko-casual", "ko", lambda s: f"{s['place']}에서 {s['feature']} 쓸 수 있어?"),
    (
        "ko-context",
        "ko",
        lambda s: (
            f"이번에 서비스 몇 개를 옮기려는데요, {s['place']}에서 {s['feature']} 사용 가능한가요?"
        ),
    ),
    (
        "ko-contrast",
        "ko",
        _need("other")(lambda s: f"{s['other']}와 달리 {s['place']}에서는 {s['feature']} 되나요?"),
    ),
    ("ko-typo", "ko", lambda s: f"{s['place']}에서 {s['feature']} 지원되나여?"),
]


@dataclass(frozen=True)
class Fact:
    """One table fact and the slot values its forms are phrased with (per language)."""

    fact_id: str
    kind: str
    accepted: list[VerdictStatus]
    slots: dict[Language, list[Slots]]
    """Per language, one slot set per alias rotation; form i uses rotation i mod len."""
    forms: list[Form]


def facts(tables: Tables, compat_dir: Path, notes_dir: Path) -> list[Fact]:
    """Matrix cells, platform rows and feature facts, in table order."""
    checks = row_checks(tables, notes_dir)
    out = [_platform_fact(c, checks) for c in checks if c.kind == "platform"]
    out += [_matrix_fact(c, tables) for c in checks if c.kind == "matrix"]
    out += feature_facts(tables)
    return out


def generate(all_facts: Iterable[Fact], full: bool) -> list[GoldItem]:
    """Every form of every fact (full), or one form per fact rotating through the forms (CI),
    so the CI subset still meets every form and every fact once."""
    items: list[GoldItem] = []
    for k, fact in enumerate(all_facts):
        phrased = _phrase(fact)
        if not full and phrased:
            phrased = [phrased[k % len(phrased)]]
        for form, language, question in phrased:
            items.append(
                GoldItem(
                    id=_slug(f"p-{fact.fact_id}-{form}"),
                    category="table",
                    language=language,
                    question=question,
                    verdict=list(fact.accepted),
                    row=fact.fact_id,
                    ci=not full,
                )
            )
    return items


def perturb_items(full: bool, compat_dir: Path, notes_dir: Path) -> list[GoldItem]:
    from assistant.compat.tables import load_tables

    return generate(facts(load_tables(compat_dir), compat_dir, notes_dir), full)


def form_of(item: GoldItem) -> str:
    """The surface form an item was phrased in ("en-from", "ko-negation", ...)."""
    assert item.row is not None
    return item.id[len(_slug(f"p-{item.row}-")) :]


# ------------------------------------------------------------------ facts of each kind


def _platform_fact(check: RowCheck, checks: list[RowCheck]) -> Fact:
    os_name = check.fact_id.rsplit(".", 1)[1]
    # The contrast names a platform whose verdict for this OS differs, so a reader that lets the
    # contrast become the subject gives a visibly different verdict.
    others = [c for c in checks if c.kind == "platform" and c.fact_id.endswith("." + os_name)]
    other = next((c for c in others if c.status != check.status), None)
    slots: dict[Language, list[Slots]] = {}
    for language in ("en", "ko"):
        places = check.names["subject"][language]
        oss = _OS[os_name][language]
        rotation = max(len(places), len(oss))
        slots[language] = [
            {
                "place": places[i % len(places)],
                "os": oss[i % len(oss)],
                "not_os": _OS[_OTHER_OS[os_name]][language][0],
                "image_phrase": _IMAGE_PHRASE[os_name][language],
                "other": other.names["subject"][language][0] if other else "",
            }
            for i in range(rotation)
        ]
    return Fact(check.fact_id, "platform", [check.status], slots, _PLATFORM_FORMS)


def _matrix_fact(check: RowCheck, tables: Tables) -> Fact:
    cell, mode = check.fact_id.removeprefix("matrix.").rsplit(".", 1)
    host_id, image_id = _split_cell(cell, tables)
    host, image = tables.hosts[host_id], tables.hosts[image_id]
    other_id = next(i for i in ("ws2022", "ws2019", "ws2025") if i != image_id)
    slots: dict[Language, list[Slots]] = {}
    for language in ("en", "ko"):
        modes = _MODE[mode][language]
        rows: list[Slots] = []
        for i in range(len(modes)):
            s: Slots = {
                "host": host.name.get(language),
                "tag": image.tags[0],
                "image": image.name.get(language),
                "mode": modes[i],
                "other_tag": tables.hosts[other_id].tags[0],
                "host_build": _short_build(host.build),
                "image_build": _short_build(image.build),
                "other_mode": _MODE["hyperv" if mode == "process" else "process"][language][0],
                "other_host": tables.hosts[_other_host(host_id)].name.get(language),
            }
            s["neg_en"], s["neg_ko"] = _matrix_negations(mode, s)
            rows.append(s)
        slots[language] = rows
    return Fact(check.fact_id, "matrix", [check.status], slots, _MATRIX_FORMS)


def _other_host(host_id: str) -> str:
    """A Windows Server version the host moved from: never the host's own."""
    return next(i for i in ("ws2019", "ws2022", "ws2016") if i != host_id)


def _matrix_negations(mode: str, s: Slots) -> tuple[str, str]:
    # On a Windows host the two modes are the only ones, so "without Hyper-V" means process.
    if mode == "process":
        return (
            f"Without Hyper-V isolation, can a {s['host']} host run an {s['tag']} image?",
            f"하이퍼V 안 쓰고 {s['host']} 호스트에서 {s['tag']} 이미지 돌릴 수 있나요?",
        )
    return (
        f"Not with process isolation but with Hyper-V isolation: can a {s['host']} host run "
        f"an {s['tag']} image?",
        f"프로세스 격리 말고 Hyper-V 격리로 {s['host']} 호스트에서 "
        f"{s['tag']} 이미지 돌릴 수 있나요?",
    )


def _split_cell(cell: str, tables: Tables) -> tuple[str, str]:
    # Host ids may contain '-' in principle; split at the first boundary that names two hosts.
    for k in range(1, len(cell)):
        if cell[k] == "-" and cell[:k] in tables.hosts and cell[k + 1 :] in tables.hosts:
            return cell[:k], cell[k + 1 :]
    raise ValueError(f"matrix fact {cell!r} does not name two hosts")


def _short_build(build: str | None) -> str:
    return build.rsplit(".", 1)[-1] if build else ""


# ------------------------------------------------------------------ feature rows

# The OS a feature row is about goes with the feature ("ext4 for Windows pods"): without it
# "Does GKE support ext4?" is about GKE's Linux nodes too, and has another answer.
_FEATURE_OS: dict[str, dict[Language, str]] = {
    "windows": {"en": "{feature} for Windows containers", "ko": "윈도우 컨테이너의 {feature}"},
    "linux": {"en": "{feature} for Linux containers", "ko": "리눅스 컨테이너의 {feature}"},
}
_PLACES_PER_ROW = 3
"""A row on every Kubernetes platform rotates its forms through the first few of them."""


def feature_facts(tables: Tables) -> list[Fact]:
    """Each row of `features.yaml` (the validated FeatureTable): its feature's names and aliases
    on the places the row applies to, phrased in every feature form. Forms rotate through
    (place, alias) pairs, so the suite meets several names of one feature."""
    names = {f.id: f for f in tables.features.features}
    others = list(tables.platforms)
    out: list[Fact] = []
    for row in tables.features.facts:
        places = _feature_places(row.applies_to, tables)
        if not places:
            continue
        feature = names[row.feature]
        accepted: list[VerdictStatus] = (
            ["yes", "conditional"] if row.status == "yes" else [_STATUS[row.status]]
        )
        slots: dict[Language, list[Slots]] = {}
        for lang in _LANGS:
            # A gapped alias ("upgrade … in place") is a pattern, not a way to say it.
            written = [a for a in getattr(feature.aliases, lang) if "…" not in a]
            aliases = list(dict.fromkeys([feature.name.get(lang), *written]))
            template = _FEATURE_OS.get(row.applies_to.container_os or "", {}).get(lang, "{feature}")
            rotation: list[Slots] = []
            for n, alias in enumerate(aliases[: 2 * len(_FEATURE_FORMS)]):
                place_id = places[n % len(places)]
                other = next((o for o in others if o not in places), "")
                # A row about one host version on a platform ("AKS Windows Server 2025 node
                # pools") names both.
                host = (
                    row.applies_to.hosts[0]
                    if row.applies_to.platforms and row.applies_to.hosts
                    else None
                )
                rotation.append(
                    {
                        "place": _display(place_id, tables, lang)
                        + (f" {tables.hosts[host].name.get(lang)}" if host else ""),
                        "feature": template.format(feature=alias),
                        "other": _display(other, tables, lang) if other else "",
                    }
                )
            slots[lang] = rotation
        out.append(Fact(f"features.{row.id}", "feature", accepted, slots, _FEATURE_FORMS))
    return out


def _feature_places(scope: AppliesTo, tables: Tables) -> list[str]:
    """Ids to phrase the row's place with: its platforms (families count), else its hosts, else
    its base images; only names the tables can display."""
    families = {f.id for f in tables.lexicon.families}
    platforms = [p for p in scope.platforms if p in tables.platforms or p in families]
    hosts = [h for h in scope.hosts if h in tables.hosts]
    images = [b for b in scope.base_images if b in tables.base_images]
    return (platforms or hosts or images)[:_PLACES_PER_ROW]


_LANGS: tuple[Language, Language] = ("en", "ko")
_STATUS: dict[str, VerdictStatus] = {"no": "no", "conditional": "conditional", "unknown": "unknown"}


def _texts(value: object, language: Language) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        got = value.get(language)
        if isinstance(got, str):
            return [got]
        if isinstance(got, list):
            return [g for g in got if isinstance(g, str)]
    return []


def _display(ref: str, tables: Tables, language: Language) -> str:
    for table in (tables.platforms, tables.hosts, tables.workloads, tables.base_images):
        row = table.get(ref)
        if row is not None:
            return row.name.get(language)
    family = next((f for f in tables.lexicon.families if f.id == ref), None)
    return family.name.get(language) if family is not None else ref


# ------------------------------------------------------------------ phrasing


def _phrase(fact: Fact) -> list[tuple[str, Language, str]]:
    out: list[tuple[str, Language, str]] = []
    for i, (form, language, template) in enumerate(fact.forms):
        rotation = fact.slots[language]
        question = template(rotation[i % len(rotation)]) if rotation else None
        if question:
            out.append((form, language, question))
    return out


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() or c == "-" else "-" for c in text.lower())
