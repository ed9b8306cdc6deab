"""A host's feature update against matrix rows that start at one (matrix.yaml `host_from`),
generated from every such row: an older update is "no", the first one and later meet the row."""

from __future__ import annotations

from assistant.compat import CompatEngine


def _neighbours(first: str) -> tuple[str, str]:
    """The update before `first` and the one after it ("24H2" -> "23H2", "25H2")."""
    year = int(first[:2])
    return f"{year - 1}H2", f"{year + 1}H2"


def test_every_bounded_row_in_every_wording(engine: CompatEngine) -> None:
    rows = [row for row in engine.tables.matrix.values() if row.host_from]
    assert rows, "matrix.yaml bounds at least Windows 11 for ltsc2025"
    wrong = []
    for row in rows:
        host, image = engine.tables.hosts[row.host], engine.tables.hosts[row.image]
        older, newer = _neighbours(row.host_from or "")
        tag = image.tags[0]
        for update, expected in (
            (older, {"no"}),
            (row.host_from, {"yes", "conditional"}),
            (newer, {"yes", "conditional"}),
        ):
            for question, language in (
                (f"Our laptops run {host.name.en} {update}. Can they run {tag} images?", "en"),
                (f"Can a {tag} image run on {host.name.en} {update}?", "en"),
                (f"회사 노트북이 {host.name.ko} {update}인데 {tag} 이미지 돌아가나요?", "ko"),
            ):
                query = engine.understand(question)
                decision = engine.decide(query, language)  # type: ignore[arg-type]
                got = decision.verdict.status if decision else None
                if got not in expected:
                    wrong.append(f"{question!r}: {got}, expected {sorted(expected)}")
    assert not wrong, "\n".join(wrong)


def test_the_no_names_the_first_update_and_what_the_host_runs(engine: CompatEngine) -> None:
    decision = engine.decide(
        engine.understand("Our devs are on Windows 11 23H2. Can they run ltsc2025 images?"), "en"
    )
    assert decision is not None and decision.verdict.status == "no"
    assert "24H2" in decision.verdict.reasons[0]
    assert "ltsc2022" in decision.verdict.alternatives[0]
