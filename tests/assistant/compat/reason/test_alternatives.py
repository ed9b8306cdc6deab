"""alternatives: what else to do when the answer is not yes."""

from __future__ import annotations

from assistant.compat import CompatQuery
from assistant.compat.reason import Ctx, alternatives, evaluate
from assistant.compat.reason.finding import Finding


def _add(ctx: Ctx, query: CompatQuery) -> Finding:
    return alternatives.add(ctx, query, evaluate(ctx, query), lambda q: evaluate(ctx, q))


def test_a_no_on_a_platform_suggests_a_platform_of_the_same_vendor_that_runs_it(
    ctx: Ctx,
) -> None:
    found = _add(ctx, CompatQuery(platform="cloud-run", container_os="windows"))
    assert found.status == "no"
    assert found.alternatives[0].en.startswith("Use GKE Standard instead")


def test_a_windows_only_workload_suggests_its_rows_way_out(ctx: Ctx) -> None:
    found = _add(ctx, CompatQuery(workload="dotnet-framework", container_os="linux"))
    assert found.alternatives[0].en.startswith("Port the app to a supported .NET version")


def test_a_yes_gets_no_alternatives(ctx: Ctx) -> None:
    found = _add(ctx, CompatQuery(platform="gke-standard", container_os="linux"))
    assert (found.status, found.alternatives) == ("yes", [])


def test_alternatives_are_capped(ctx: Ctx) -> None:
    found = _add(ctx, CompatQuery(platform="container-apps", container_os="windows"))
    assert 0 < len(found.alternatives) <= alternatives.MAX_ALTERNATIVES + 2
