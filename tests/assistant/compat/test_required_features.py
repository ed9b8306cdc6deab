"""A feature a place requires (features.yaml `required`), ruled out by the asker, is a "no";
asked for, it keeps the row. Generated from every required row, in both languages."""

from __future__ import annotations

from assistant.compat import CompatEngine


def test_every_required_feature_ruled_out_is_no_and_asked_for_keeps_the_row(
    engine: CompatEngine,
) -> None:
    tables = engine.tables
    rows = [f for f in tables.features.facts if f.required]
    assert rows, "AKS Windows Server 2025 node pools require a FIPS-enabled image"
    wrong = []
    for row in rows:
        feature = next(f for f in tables.features.features if f.id == row.feature)
        platform = row.applies_to.platforms[0]
        place = (
            tables.platforms[platform].name
            if platform in tables.platforms
            else next(f for f in tables.lexicon.families if f.id == platform).name
        )
        host = tables.hosts[row.applies_to.hosts[0]].name if row.applies_to.hosts else None
        pool_en = f"a {host.en} node pool" if host else "a Windows node pool"
        pool_ko = f"{host.ko} 노드풀" if host else "윈도우 노드풀"
        for alias_en, alias_ko in zip(feature.aliases.en[:3], feature.aliases.ko[:3], strict=False):
            for question, language, expected in (
                (f"Can I add {pool_en} on {place.en} without {alias_en}?", "en", {"no"}),
                (f"{place.ko}에서 {alias_ko} 없이 {pool_ko} 만들 수 있나요?", "ko", {"no"}),
                (
                    f"Can I add {pool_en} on {place.en} with {alias_en}?",
                    "en",
                    {"yes", "conditional"},
                ),
                (
                    f"{place.ko}에서 {alias_ko} 켜고 {pool_ko} 만들 수 있나요?",
                    "ko",
                    {"yes", "conditional"},
                ),
            ):
                query = engine.understand(question)
                decision = engine.decide(query, language)  # type: ignore[arg-type]
                got = decision.verdict.status if decision else None
                if got not in expected:
                    wrong.append(f"{question!r}: {got}, expected {sorted(expected)}")
    assert not wrong, "\n".join(wrong)


def test_a_feature_ruled_out_that_is_not_required_changes_nothing(engine: CompatEngine) -> None:
    decision = engine.decide(
        engine.understand("We don't use gMSA yet. Can we use gMSA on AKS?"), "en"
    )
    assert decision is not None and decision.verdict.status in ("yes", "conditional")


def test_a_requirement_ruled_out_in_a_statement_before_the_question(engine: CompatEngine) -> None:
    for question, language in (
        (
            "Kubernetes 1.27, and we have NOT enabled the WindowsHostNetwork feature gate on the "
            "kubelets. Can an ordinary (non-HostProcess) Windows pod set hostNetwork: true?",
            "en",
        ),
        (
            "WindowsHostNetwork 기능 게이트를 안 켠 쿠버 1.28 클러스터에서 윈도우 파드가 hostNetwork 쓸 수 있나요?",
            "ko",
        ),
    ):
        query = engine.understand(question)
        assert "windows-host-network-gate" in query.ruled_out
        decision = engine.decide(query, language)  # type: ignore[arg-type]
        assert decision is not None and decision.verdict.status == "no", question
