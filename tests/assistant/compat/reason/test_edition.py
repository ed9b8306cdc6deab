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
