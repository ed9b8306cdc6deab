"""arch: the architecture asked about, offered, offered under a condition, or not said."""

from __future__ import annotations

from assistant.compat import CompatQuery
from assistant.compat.reason import Ctx, arch, place


def test_an_architecture_not_offered_is_a_no_listing_what_is(ctx: Ctx) -> None:
    found = place.check(ctx, CompatQuery(platform="cloud-run", arch="arm64"), "linux")
    assert found.status == "no"
    assert "offers amd64" in found.reasons[0].en


def test_an_offered_architecture_is_yes(ctx: Ctx) -> None:
    assert place.check(ctx, CompatQuery(platform="ecs-ec2", arch="arm64"), "linux").status == "yes"


def test_an_architecture_the_row_does_not_list_is_unknown(ctx: Ctx) -> None:
    found = place.check(ctx, CompatQuery(platform="gke-standard", arch="arm64"), "linux")
    assert found.status == "unknown"
    assert "do not say whether GKE Standard offers arm64" in found.missing[0].en


def test_windows_on_arm_anywhere_is_the_best_host_with_its_condition(ctx: Ctx) -> None:
    found = arch.anywhere(ctx, "arm64")
    assert found.status == "conditional"
    assert "ltsc2025-arm64" in found.conditions[0].en
    assert found.facts == ["host.win11"]
