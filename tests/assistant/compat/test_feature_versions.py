"""Version bounds of feature facts (`since:`): a stated version older than the row's first one
is "no", a newer one keeps the row's verdict, and a version of a kind no row bounds stays
`unknown`. Cases are generated from every bounded row of the tables."""

from __future__ import annotations

import pytest
from berth_testing import REPO_CORPUS

from assistant.compat import CompatEngine
from assistant.compat.reading.versions import parse_version
from assistant.compat.tables import load_tables

_TABLES = load_tables(REPO_CORPUS / "compat")
_STATED = {
    "kubernetes": ["Kubernetes {v}", "쿠버네티스 {v}"],
    "kernel": ["kernel {v}", "커널 {v}"],
    "containerd": ["containerd {v}", "containerd {v}"],
}


def _bounded() -> list[tuple[str, str, str]]:
    return [
        (fact.id, kind, since)
        for fact in _TABLES.features.facts
        for kind, since in fact.since.items()
    ]


def _question(engine: CompatEngine, fact_id: str, stated: str, korean: bool) -> str:
    fact = next(f for f in engine.tables.features.facts if f.id == fact_id)
    feature = next(f for f in engine.tables.features.features if f.id == fact.feature)
    platform = fact.applies_to.platforms[0]
    place = (
        engine.tables.platforms[platform].name
        if platform in engine.tables.platforms
        else next(f for f in engine.tables.lexicon.families if f.id == platform).name
    )
    os_word = {"windows": ("Windows", "윈도우"), "linux": ("Linux", "리눅스")}[
        fact.applies_to.container_os or "linux"
    ]
    if korean:
        return f"{stated}인데 {place.ko}에서 {os_word[1]} 노드에 {feature.name.ko} 쓸 수 있나요?"
    return f"We're on {stated}. Can {os_word[0]} nodes on {place.en} use {feature.name.en}?"


def _older(since: str) -> str:
    parts = list(parse_version(since))
    parts[-1] -= 1
    return ".".join(map(str, parts))


def _newer(since: str) -> str:
    parts = list(parse_version(since))
    parts[-1] += 4
    return ".".join(map(str, parts))


@pytest.mark.parametrize(("fact_id", "kind", "since"), _bounded())
@pytest.mark.parametrize("korean", [False, True])
def test_an_older_stated_version_is_no_and_a_newer_one_keeps_the_row(
    engine: CompatEngine, fact_id: str, kind: str, since: str, korean: bool
) -> None:
    fact = next(f for f in engine.tables.features.facts if f.id == fact_id)
    template = _STATED[kind][korean]
    language = "ko" if korean else "en"
    old = _question(engine, fact_id, template.format(v=_older(since)), korean)
    decision = engine.decide(engine.understand(old), language)  # type: ignore[arg-type]
    assert decision is not None and decision.verdict.status == "no", old
    assert since in decision.verdict.reasons[0]
    new = _question(engine, fact_id, template.format(v=_newer(since)), korean)
    decision = engine.decide(engine.understand(new), language)  # type: ignore[arg-type]
    assert decision is not None, new
    expected = {"yes": {"yes", "conditional"}}.get(fact.status, {fact.status})
    assert decision.verdict.status in expected, new


def test_a_version_of_a_kind_the_row_does_not_bound_stays_unknown(engine: CompatEngine) -> None:
    query = engine.understand("We're on kernel 5.4. Can Windows pods on AKS use hostNetwork?")
    decision = engine.decide(query, "en")
    assert decision is not None and decision.verdict.status == "unknown"


def test_every_bound_is_a_known_kind_and_a_version() -> None:
    kinds = set(_TABLES.reading.versions.kinds)
    for fact_id, kind, since in _bounded():
        assert kind in kinds, fact_id
        assert parse_version(since), fact_id


def _host_bounds() -> list[tuple[str, str, str, str]]:
    """(platform, its version kind, host, first version) of every bounded host offer."""
    out = []
    for platform in _TABLES.platforms.values():
        windows = platform.os.get("windows")
        for offer in (windows.hosts or []) if windows is not None else []:
            if offer.min_version and platform.version_kind:
                out.append((platform.id, platform.version_kind, offer.version, offer.min_version))
    return out


_KIND_WORD = {"kubernetes": "Kubernetes", "openshift": "OpenShift"}


@pytest.mark.parametrize(("platform", "kind", "host", "since"), _host_bounds())
def test_a_host_offered_from_a_platform_version(
    engine: CompatEngine, platform: str, kind: str, host: str, since: str
) -> None:
    place = engine.tables.platforms[platform].name.en
    host_name = engine.tables.hosts[host].name.en
    for stated, expected in ((_older(since), {"no"}), (_newer(since), {"yes", "conditional"})):
        question = f"We're on {_KIND_WORD[kind]} {stated}. Can {place} run {host_name} nodes?"
        decision = engine.decide(engine.understand(question), "en")
        assert decision is not None and decision.verdict.status in expected, question


def test_every_platform_with_bounded_hosts_names_its_version_kind() -> None:
    kinds = set(_TABLES.reading.versions.kinds)
    for platform in _TABLES.platforms.values():
        windows = platform.os.get("windows")
        if windows is not None and any(o.min_version for o in windows.hosts or []):
            assert platform.version_kind in kinds, platform.id
