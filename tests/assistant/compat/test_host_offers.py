"""A platform's own version against the host versions it offers (platforms.yaml `min_version`,
`ends_before`) and the feature updates a platform installs on (`runs_on_from`), generated from
every bounded row: before the first version or from the last one is "no", in between holds."""

from __future__ import annotations

from assistant.compat import CompatEngine
from assistant.compat.schema import HostOffer, Platform


def _bounded_offers(engine: CompatEngine) -> list[tuple[Platform, HostOffer]]:
    out = []
    for platform in engine.tables.platforms.values():
        windows = platform.os.get("windows")
        if platform.version_kind != "kubernetes" or windows is None:
            continue
        out += [(platform, o) for o in windows.hosts or [] if o.min_version or o.ends_before]
    return out


def _minor(version: str, step: int) -> str:
    major, minor = version.split(".")
    return f"{major}.{int(minor) + step}"


def test_every_offer_bound_in_every_wording(engine: CompatEngine) -> None:
    offers = _bounded_offers(engine)
    assert any(o.ends_before for _, o in offers), "AKS ends Windows Server 2022 at 1.37"
    wrong = []
    for platform, offer in offers:
        host = engine.tables.hosts[offer.version]
        cases: list[tuple[str, set[str]]] = []
        if offer.min_version:
            cases += [(_minor(offer.min_version, -1), {"no"})]
            cases += [(offer.min_version, {"yes", "conditional"})]
        if offer.ends_before:
            cases += [(offer.ends_before, {"no"}), (_minor(offer.ends_before, 1), {"no"})]
            if not offer.retired:
                cases += [(_minor(offer.ends_before, -1), {"yes", "conditional"})]
        for version, expected in cases:
            for question, language in (
                (f"Can {platform.name.en} {version} run {host.name.en} node pools?", "en"),
                (
                    f"After we move {platform.name.en} to Kubernetes {version}, can we keep our "
                    f"{host.name.en} node pools?",
                    "en",
                ),
                (f"{platform.name.ko} {version}에서 {host.name.ko} 노드풀 쓸 수 있나요?", "ko"),
            ):
                decision = engine.decide(engine.understand(question), language)  # type: ignore[arg-type]
                got = decision.verdict.status if decision else None
                if got not in expected:
                    wrong.append(f"{question!r}: {got}, expected {sorted(expected)}")
    assert not wrong, "\n".join(wrong)


def test_with_no_version_stated_the_offer_s_bound_is_a_condition(engine: CompatEngine) -> None:
    # "Can AKS run Windows Server 2022 node pools?" is a yes only below 1.37: the row's note
    # says so, in both languages, whether or not an image is named.
    offers = [(p, o) for p, o in _bounded_offers(engine) if o.note and not o.retired]
    assert offers
    missing = []
    for platform, offer in offers:
        host = engine.tables.hosts[offer.version]
        for question, language in (
            (f"Can {platform.name.en} run {host.name.en} node pools?", "en"),
            (f"{platform.name.ko}에서 {host.name.ko} 노드풀 쓸 수 있나요?", "ko"),
        ):
            decision = engine.decide(engine.understand(question), language)  # type: ignore[arg-type]
            note = offer.note.get(language)  # type: ignore[union-attr]
            if decision is None or note not in decision.verdict.conditions:
                missing.append(question)
    assert not missing, missing


def test_the_no_names_the_last_version_and_what_to_do(engine: CompatEngine) -> None:
    question = (
        "Planning the AKS 1.37 upgrade. Will our Windows Server 2022 node pools work on 1.37?"
    )
    decision = engine.decide(engine.understand(question), "en")
    assert decision is not None and decision.verdict.status == "no"
    assert "1.37" in decision.verdict.reasons[0] and decision.verdict.alternatives


def test_every_install_bound_in_both_languages(engine: CompatEngine) -> None:
    bounded = [
        (p, h, u) for p in engine.tables.platforms.values() for h, u in p.runs_on_from.items()
    ]
    assert bounded, "Docker Desktop installs on Windows 10 22H2 and Windows 11 23H2 or later"
    wrong = []
    for platform, host_id, first in bounded:
        host = engine.tables.hosts[host_id]
        year = int(first[:2])
        for update, expected in (
            (f"{year - 1}H2", {"no"}),
            (first, {"yes", "conditional"}),
            (f"{year + 1}H2", {"yes", "conditional"}),
        ):
            for question, language in (
                (f"Can I install current {platform.name.en} on {host.name.en} {update}?", "en"),
                (
                    f"Our laptops are {host.name.en} {update}. Is {platform.name.en} supported?",
                    "en",
                ),
                (f"{host.name.ko} {update} PC에 최신 {platform.name.ko} 설치 가능한가요?", "ko"),
            ):
                decision = engine.decide(engine.understand(question), language)  # type: ignore[arg-type]
                got = decision.verdict.status if decision else None
                if got not in expected:
                    wrong.append(f"{question!r}: {got}, expected {sorted(expected)}")
    assert not wrong, "\n".join(wrong)
