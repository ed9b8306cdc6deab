"""versions: the Windows host x image x isolation matrix, node versions offered, retired or
unconfirmed, and the isolation modes a place offers."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from assistant.compat import CompatQuery
from assistant.compat.reason import Ctx, place


def test_an_older_image_on_a_newer_host_needs_hyperv(ctx: Ctx) -> None:
    found = place.check(ctx, CompatQuery(host_os="ws2022", image_os="ws2019"), "windows")
    assert found.status == "conditional"
    assert found.conditions[0].en.startswith("Use Hyper-V isolation (--isolation=hyperv)")
    assert any("Hyper-V role" in c.en for c in found.conditions)
    assert [a.en for a in found.alternatives] == [
        "Rebuild the image on a base tag the host runs: ltsc2022."
    ]
    assert "matrix.ws2022-ws2019" in found.facts


def test_a_newer_image_on_an_older_host_runs_nowhere_and_says_where_it_does(ctx: Ctx) -> None:
    found = place.check(ctx, CompatQuery(host_os="ws2019", image_os="ws2022"), "windows")
    assert found.status == "no"
    assert "cannot run ltsc2022 images in either isolation mode" in found.reasons[0].en
    assert any(a.en.startswith("Run it on a host that runs ltsc2022") for a in found.alternatives)


def test_a_retired_node_version_is_a_no_from_its_retirement_date(ctx: Ctx) -> None:
    query = CompatQuery(platform="aks-standard", host_os="ws2019")
    assert place.check(ctx, query, "windows").status == "no"
    before = replace(ctx, today=date(2025, 1, 1))
    assert place.check(before, query, "windows").status == "conditional"


def test_an_unconfirmed_node_version_is_unknown(ctx: Ctx) -> None:
    found = place.check(ctx, CompatQuery(platform="gke-standard", host_os="ws2025"), "windows")
    assert found.status == "unknown"
    assert "Windows Server 2025" in found.missing[0].en


def test_an_isolation_mode_not_offered_is_a_no_pointing_to_where_it_is(ctx: Ctx) -> None:
    found = place.check(ctx, CompatQuery(platform="aks-standard", isolation="hyperv"), "windows")
    assert found.status == "no"
    assert "only process isolation" in found.reasons[0].en
    assert found.alternatives[0].en.startswith("Run it where Hyper-V isolation is offered")


def test_a_strict_platform_needs_the_nodes_own_version(ctx: Ctx) -> None:
    # ACI keeps a strict match with no recorded conflict: another version is a "no".
    query = CompatQuery(platform="aci", host_os="ws2019", image_os="ws2016")
    found = place.check(ctx, query, "windows")
    assert found.status == "no"
    assert any("images of other Windows versions are not among them" in r.en for r in found.reasons)


def test_a_conflicted_strict_match_lets_the_matrix_decide(ctx: Ctx) -> None:
    # AKS's strict match is a recorded conflict (resolve.py keeps the looser claim; annotate.py
    # makes the verdict conditional and cites both sides, tested in test_knowledge_data.py).
    query = CompatQuery(platform="aks-standard", host_os="ws2025", image_os="ws2022")
    found = place.check(ctx, query, "windows")
    assert found.status == "conditional"
    assert "matrix.ws2025-ws2022" in found.facts


def test_a_process_only_platform_lists_which_image_fits_which_node(ctx: Ctx) -> None:
    found = place.check(ctx, CompatQuery(platform="gke-standard"), "windows")
    assert any(
        "ltsc2019 on Windows Server 2019, ltsc2022 on Windows Server 2022" in c.en
        for c in found.conditions
    )


def test_conflicting_sources_are_unknown_with_the_reason(ctx: Ctx) -> None:
    query = CompatQuery(host_os="win10", image_os="ws2019", isolation="process")
    found = place.check(ctx, query, "windows")
    assert found.status == "unknown"
    assert found.missing[0].en.startswith("Sources disagree:")


def test_a_linux_host_blocks_windows_containers_with_its_rows_reason(ctx: Ctx) -> None:
    found = place.check(ctx, CompatQuery(platform="gke-standard", host_os="linux"), "windows")
    assert found.status == "no"
    assert "cannot run on a Linux host" in found.reasons[0].en
    assert "host.linux" in found.facts
