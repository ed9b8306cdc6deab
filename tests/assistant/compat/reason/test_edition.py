"""edition: what a host edition runs and what an isolation mode needs on it."""

from __future__ import annotations

from assistant.compat import CompatQuery
from assistant.compat.reason import Ctx, edition


def test_windows_home_runs_no_windows_containers(ctx: Ctx) -> None:
    found = edition.check(ctx, CompatQuery(edition="windows-home"), "windows")
    assert found.status == "no"
    assert "Home edition only allows Linux containers" in found.reasons[0].en
    assert found.alternatives


def test_an_isolation_mode_adds_the_editions_condition(ctx: Ctx) -> None:
    query = CompatQuery(edition="ws-standard", isolation="hyperv")
    found = edition.check(ctx, query, "windows")
    assert found.status == "conditional"
    assert "at most 2 Hyper-V-isolated containers" in found.conditions[0].en


def test_no_edition_asked_is_no_constraint(ctx: Ctx) -> None:
    assert edition.check(ctx, CompatQuery(), "windows").status == "yes"


def test_more_containers_than_the_licence_allows_is_no(ctx: Ctx) -> None:
    query = CompatQuery(edition="ws-standard", isolation="hyperv", container_count=3)
    found = edition.check(ctx, query, "windows")
    assert found.status == "no"
    assert "at most 2" in found.reasons[0].en and "asks for 3" in found.reasons[0].en
    assert any("Datacenter" in a.en for a in found.alternatives)


def test_a_count_within_the_cap_or_of_an_uncapped_mode_keeps_the_condition(ctx: Ctx) -> None:
    within = CompatQuery(edition="ws-standard", isolation="hyperv", container_count=2)
    assert edition.check(ctx, within, "windows").status == "conditional"
    process = CompatQuery(edition="ws-standard", isolation="process", container_count=40)
    assert edition.check(ctx, process, "windows").status == "yes"
