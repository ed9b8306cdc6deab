"""evidence: the Decision in the answer language and one cited row per fact."""

from __future__ import annotations

from assistant.compat import CompatQuery
from assistant.compat.reason import Ctx, decide


def test_each_fact_is_cited_with_its_table_file_and_first_https_source(ctx: Ctx) -> None:
    decision = decide(ctx, CompatQuery(is_compat_question=True, platform="cloud-run"), "en")
    assert decision is not None
    cited = {e.fact: e for e in decision.evidence}
    assert set(cited) == set(decision.verdict.facts)
    row = cited["platform.cloud-run"]
    assert (row.source, row.section) == ("corpus/compat/platforms.yaml", "cloud-run")
    assert row.url is not None and row.url.startswith("https://")


def test_a_matrix_cell_is_summarised_in_the_answer_language(ctx: Ctx) -> None:
    query = CompatQuery(is_compat_question=True, host_os="ws2022", image_os="ws2019")
    decision = decide(ctx, query, "ko")
    assert decision is not None
    cell = next(e for e in decision.evidence if e.fact == "matrix.ws2022-ws2019")
    assert cell.source == "corpus/compat/matrix.yaml"
    assert "프로세스 격리 미지원" in cell.text and "Hyper-V 격리 지원" in cell.text
    assert decision.verdict.conditions[0].startswith("Hyper-V 격리")


def test_only_a_conditional_lists_conditions_and_only_an_unknown_lists_missing(
    ctx: Ctx,
) -> None:
    no = decide(
        ctx,
        CompatQuery(is_compat_question=True, platform="cloud-run", container_os="windows"),
        "en",
    )
    assert no is not None and no.verdict.status == "no"
    assert no.verdict.conditions == [] and no.verdict.missing == []


def test_not_a_compat_question_gets_no_decision(ctx: Ctx) -> None:
    assert decide(ctx, CompatQuery(platform="gke"), "en") is None
    assert decide(ctx, CompatQuery(is_compat_question=True), "en") is None
