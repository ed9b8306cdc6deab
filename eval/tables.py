"""Table-driven checks: questions generated from every compatibility-table row.

Each row fact (a platform x container OS, a host x image x isolation mode cell, a workload x
container OS) becomes a `RowCheck`: its status, the words a user must read (the row's
conditions in the asked language; for a matrix cell also what its host row says the mode
needs) and the names to phrase it with (the row's name and its lexicon aliases). Templates
turn each check into several English and Korean questions; the expected verdict and words come
from the rows themselves, so the check is that Berth's final answer agrees with its own
tables, wherever the wording of the question goes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from assistant.models import Language, VerdictStatus
from eval.gold import GoldItem

if TYPE_CHECKING:
    from assistant.compat.schema import Support, Text
    from assistant.compat.tables import Tables

Kind = Literal["platform", "matrix", "workload"]
Names = dict[Language, list[str]]

PHRASINGS_PER_LANGUAGE = 2
"""Full run: questions per row fact and language (4 per fact in all; a third doubled the run
time on this 2-core machine without finding anything the first two missed)."""

# {subject}: the platform / workload / image; {os}: container OS; {host}; {mode}.
_TEMPLATES: dict[Kind, dict[Language, list[str]]] = {
    "platform": {
        "en": [
            "Can I run {os} containers on {subject}?",
            "Does {subject} support {os} containers?",
            "Is it possible to deploy a {os} container image to {subject}?",
        ],
        "ko": [
            "{subject}에서 {os} 컨테이너를 실행할 수 있나요?",
            "{subject}에서 {os} 컨테이너 지원하나요?",
            "{os} 컨테이너 이미지를 {subject}에 배포할 수 있어요?",
        ],
    },
    "matrix": {
        "en": [
            "Can I run a {subject} image on a {host} host with {mode}?",
            "Will a {subject} container start on {host} using {mode}?",
            "{subject} image on a {host} host under {mode}: supported?",
        ],
        "ko": [
            "{host} 호스트에서 {subject} 이미지를 {mode}로 실행할 수 있나요?",
            "{subject} 컨테이너를 {host}에서 {mode}로 돌릴 수 있어요?",
            "{host}에서 {subject} 이미지를 {mode}로 띄우면 동작하나요?",
        ],
    },
    "workload": {
        "en": [
            "Can {subject} run in a {os} container?",
            "Is {subject} supported in {os} containers?",
            "We want to containerize {subject} on {os}. Will that work?",
        ],
        "ko": [
            "{os} 컨테이너에서 {subject} 실행할 수 있나요?",
            "{subject}를 {os} 컨테이너로 돌릴 수 있어요?",
            "{subject} 앱을 {os} 컨테이너로 옮길 수 있을까요?",
        ],
    },
}


@dataclass(frozen=True)
class RowCheck:
    """One fact of one table row, with what a right answer shows the user."""

    fact_id: str
    kind: Kind
    status: VerdictStatus
    words: dict[Language, list[str]]
    names: dict[str, Names]
    """Slot -> names per language; the first name is the row's own, the rest are aliases."""
    sources: list[list[str]]


def row_checks(tables: Tables, notes_dir: Path) -> list[RowCheck]:
    from assistant.compat.schema import ISOLATION_MODES

    notes = sorted(p.stem for p in notes_dir.glob("*.md")) if notes_dir.is_dir() else []
    aliases = _aliases(tables)
    os_names = _os_names(tables)
    mode_names = _mode_names(tables)
    checks: list[RowCheck] = []
    for platform in tables.platforms.values():
        names = _names(platform.name, aliases.get(("platform", platform.id)))
        sources = _notes_for([platform.id, *platform.families], notes)
        for os_name, support in platform.os.items():
            checks.append(
                RowCheck(
                    fact_id=f"platforms.{platform.id}.{os_name}",
                    kind="platform",
                    status=support.status,
                    words=_words(support),
                    names={"subject": names, "os": os_names[os_name]},
                    sources=sources,
                )
            )
    compat_note = _notes_for(["windows-version-compatibility"], notes)
    for (host_id, image_id), row in tables.matrix.items():
        host, image = tables.hosts[host_id], tables.hosts[image_id]
        image_names: Names = {
            "en": [*image.tags[:1], image.name.en],
            "ko": [*image.tags[:1], image.name.ko],
        }
        host_windows = host.os.get("windows")
        for mode in ISOLATION_MODES:
            cell = row.cell(mode)
            texts = [cell.condition] if cell.condition is not None else []
            status: VerdictStatus = cell.status
            # The host row states what a mode itself needs (e.g. Hyper-V isolation needs the
            # Hyper-V role); a cell that runs under that mode holds only if that holds too.
            mode_needs = host_windows.mode_conditions.get(mode, []) if host_windows else []
            if status in ("yes", "conditional") and mode_needs:
                status = "conditional"
                texts += mode_needs
            checks.append(
                RowCheck(
                    fact_id=f"matrix.{host_id}-{image_id}.{mode}",
                    kind="matrix",
                    status=status,
                    words={"en": [t.en for t in texts], "ko": [t.ko for t in texts]},
                    names={
                        "subject": image_names,
                        "host": _names(host.name, None),
                        "mode": mode_names[mode],
                    },
                    sources=compat_note,
                )
            )
    for workload in tables.workloads.values():
        names = _names(workload.name, aliases.get(("workload", workload.id)))
        sources = _notes_for([workload.id], notes)
        for os_name, wsupport in workload.os.items():
            checks.append(
                RowCheck(
                    fact_id=f"workloads.{workload.id}.{os_name}",
                    kind="workload",
                    status=wsupport.status,
                    words=_words(wsupport),
                    names={"subject": names, "os": os_names[os_name]},
                    sources=sources,
                )
            )
    return checks


def generate(checks: list[RowCheck], full: bool) -> list[GoldItem]:
    """Questions for every check. The CI subset asks each row fact once, in its first phrasing,
    alternating English and Korean from one fact to the next, so `make test` stays fast."""
    items: list[GoldItem] = []
    for k, check in enumerate(checks):
        ci_language: Language = "en" if k % 2 == 0 else "ko"
        for language in ("en", "ko"):
            for i, question in enumerate(_phrasings(check, language)):
                ci = i == 0 and language == ci_language
                if i >= PHRASINGS_PER_LANGUAGE or not (full or ci):
                    break
                items.append(
                    GoldItem(
                        id=_slug(f"t-{check.fact_id}-{language}{i}"),
                        category="table",
                        language=language,
                        question=question,
                        verdict=[check.status],
                        required=[[w] for w in check.words[language]],
                        sources=check.sources,
                        ci=ci,
                    )
                )
    return items


def table_items(full: bool, compat_dir: Path, notes_dir: Path) -> list[GoldItem]:
    from assistant.compat.tables import load_tables

    return generate(row_checks(load_tables(compat_dir), notes_dir), full)


def _phrasings(check: RowCheck, language: Language) -> Iterator[str]:
    for i, template in enumerate(_TEMPLATES[check.kind][language]):
        # Rotate through the names so each phrasing also tries another alias.
        slots = {
            slot: names[language][i % len(names[language])] for slot, names in check.names.items()
        }
        yield template.format(**slots)


def _words(support: Support) -> dict[Language, list[str]]:
    """The row's conditions, verbatim: what must hold is what the user must be told.

    A reason is not required word for word: several rows can state the same reason (a platform
    and a host both say Windows Server cannot run Linux containers) and either is right.
    """
    texts: list[Text] = list(support.conditions)
    return {"en": [t.en for t in texts], "ko": [t.ko for t in texts]}


def _names(name: Text, extra: Names | None) -> Names:
    out: Names = {"en": [name.en], "ko": [name.ko]}
    for language in ("en", "ko"):
        for alias in (extra or {}).get(language, []):
            if alias.casefold() not in {n.casefold() for n in out[language]}:
                out[language].append(alias)
    return out


def _os_names(tables: Tables) -> dict[str, Names]:
    """Per container OS, the words the lexicon calls it by (its OS words, the most general
    first: "Windows", then "Windows Server"). Korean questions often write the English name,
    so in Korean it follows the Korean one."""
    words: dict[str, list[str]] = {}
    for entry in tables.lexicon.entities:
        if entry.type == "os_word" and entry.en and entry.ko:
            words.setdefault(entry.id, [entry.en[0], entry.ko[0]])
    out: dict[str, Names] = {}
    for host in sorted(tables.hosts.values(), key=lambda h: -len(h.group)):
        if host.native_os is None or host.id not in words:
            continue
        en, ko = words[host.id]
        names = out.setdefault(host.native_os, {"en": [], "ko": [ko, en]})
        names["en"].append(en)
    return out


def _mode_names(tables: Tables) -> dict[str, Names]:
    """Per isolation mode, its display name in the lexicon."""
    return {
        entry.id: {"en": [entry.name.en], "ko": [entry.name.ko]}
        for entry in tables.lexicon.entities
        if entry.type == "isolation" and entry.name is not None
    }


def _aliases(tables: Tables) -> dict[tuple[str, str], Names]:
    out: dict[tuple[str, str], Names] = {}
    for entry in tables.lexicon.entities:
        if entry.type in ("platform", "workload"):
            out[(entry.type, entry.id)] = {"en": list(entry.en), "ko": list(entry.ko)}
    return out


def _notes_for(candidates: list[str], notes: list[str]) -> list[list[str]]:
    """The notes named like the row (gke-standard -> gke.md via its family; container-apps ->
    azure-container-apps.md), as one any-of group; none when no note is named like it."""
    found: list[str] = []
    for cand in candidates:
        for stem in notes:
            if stem == cand or stem.startswith(cand + "-") or stem.endswith("-" + cand):
                path = f"corpus/notes/{stem}.md"
                if path not in found:
                    found.append(path)
        if found:
            break
    return [found] if found else []


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() or c == "-" else "-" for c in text.lower())
